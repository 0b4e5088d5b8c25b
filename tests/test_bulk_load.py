"""The bulk path (neo4j-admin import into a new local database) on the suite's real server.

These tests stop and start the suite's server (the bulk path does): the session's driver
reconnects by itself. They compare the bulk path with the online path on the same files, down to
every property's value and Cypher type, and check the refusals and what a killed importer leaves.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from loaders import LoadRejected, load_dataset
from loaders.bulk import BulkOptions, bulk_load_dataset, names_running_local_server
from loaders.demo_data import generate_demo_data
from loaders.demo_spec import DemoSpec
from service.cli.main import main
from service.domain.analysis import AnalysisParams, AnalysisSummary, run_analysis
from service.graph.db import Graph, create_driver
from service.graph.errors import ServiceError
from service.ops.admin_import import ImportSource, run_import
from service.ops.local_neo4j import LocalNeo4j
from service.ops.store_swap import MARKER, PREVIOUS, STAGING, store_folders
from tests.test_loaders import counts, cypher, write

ROOT = Path(__file__).resolve().parents[1]

# Every kind of value the loaders store: quoted commas and quotes, a newline in a name (the
# importer's multiline mode), a topic name with `;` (JSONL list), rates, booleans, empty cells.
CREATORS_JSONL = "\n".join(
    [
        '{"id": "c1", "handle": "@ana", "name": "Ana, \\"A\\"", "platform": "instagram", "followers": 1000,'
        ' "following": 10, "posts": 50, "engagement_rate": "3.2%", "country": "PT", "language": "pt",'
        ' "verified": true, "topics": ["music", "art; craft"]}',
        '{"id": "c2", "handle": "@bo", "name": "Bo\\nsecond line", "followers": 500, "verified": false,'
        ' "topics": "music"}',
        '{"id": "c3", "handle": "@cy", "followers": 0}',
        '{"id": "c2", "platform": "tiktok", "engagement_rate": 0.1}',
    ]
)
# Duplicates aggregated, demographics (last non-empty wins), engaged with and without last_at,
# a `since` with an offset that is another day in UTC, stub creator x9, and one bad row (line 10).
AUDIENCE = """member_id,creator_id,kind,weight,since,last_at,platform,country,age_band,gender
m1,c1,follows,1,2024-03-01,,instagram,PT,25-34,f
m1,c1,,2,2023-05-01,,,BR,,
m2,c1,follows,,2024-05-01T23:30:00-05:00,,,,,
m2,c2,engaged,1.5,2024-06-30,2024-07-01T08:00:00Z,,,,
m3,c2,engaged,2,2024-01-02,,tiktok,,18-24,
m3,c2,engaged,1,,2024-02-03T04:05:06.123456Z,,,,
m4,x9,follows,1,,,,,,
m2,c3,follows,1,,,,,,m
m5,c1,follows,-1,,,,,,
"""
MENTIONS = """source_id,target_id,count,kind,first_at,last_at
c1,c2,2,mention,2024-01-01T10:00:00Z,2024-02-01T10:00:00Z
c1,c2,3,,2023-12-01T00:00:00+02:00,2024-01-15T00:00:00Z
c2,c3,,repost,,
c2,x8,1,collab,2024-03-03,
c1,x9,1,,,
"""


@pytest.fixture
def local(test_settings: Any) -> LocalNeo4j:
    return LocalNeo4j(test_settings)


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    folder = tmp_path / "rich"
    write(folder, "creators.jsonl", CREATORS_JSONL + "\n")
    write(folder, "audience.csv", AUDIENCE)
    write(folder, "mentions.csv", MENTIONS)
    return folder


def typed_snapshot(graph: Graph) -> list[str]:
    """Every node and edge: labels or type, ends, and each property as (key, value, Cypher type).

    `updated_at` (the load's time) keeps its type but not its value; bookkeeping nodes (schema
    migrations, load records, the data version: it counts commits, which the paths make differently)
    are left out.
    """
    nodes = cypher(
        graph,
        "MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:LoadRun AND NOT n:DataVersion "
        "RETURN labels(n) AS labels, [k IN keys(n) | [k, CASE k WHEN 'updated_at' THEN null ELSE n[k] END,"
        " valueType(n[k])]] AS props",
    )
    edges = cypher(
        graph,
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS a, type(r) AS type, coalesce(b.id, b.name) AS b,"
        " [k IN keys(r) | [k, r[k], valueType(r[k])]] AS props",
    )
    for row in nodes + edges:
        row["props"] = sorted(row["props"], key=lambda item: item[0])
    return sorted(repr(row) for row in nodes + edges)


def summary_figures(files: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (f.kind, f.rows, f.written, f.duplicates, f.created, f.rejected, f.stubs, f.members_created, f.status)
        for f in files
    ]


def test_bulk_and_online_paths_build_the_same_graph(
    db: Graph, test_settings: Any, local: LocalNeo4j, rich: Path
) -> None:
    db.wipe()
    online = load_dataset(db, rich, create_missing=True, skip_invalid=True)
    online_graph, online_counts = typed_snapshot(db), counts(db)
    online_rejects = (rich / "audience.csv.rejects.csv").read_text()
    assert online_counts["Topic"] == 2 and online_counts["FOLLOWS"] == 4, online_counts

    options = BulkOptions(replace=True, create_missing=True, skip_invalid=True)
    bulk = bulk_load_dataset(test_settings, rich, options)

    assert counts(db) == online_counts
    assert typed_snapshot(db) == online_graph
    assert summary_figures(bulk.load.files) == summary_figures(online.files)
    assert (rich / "audience.csv.rejects.csv").read_text() == online_rejects
    assert bulk.replaced["Creator"] == 5  # what --replace dropped: the online load's graph
    assert bulk.importer is not None and bulk.importer.relationships == sum(
        n for name, n in online_counts.items() if name.isupper()
    )
    # Served with the schema and its indexes online, and the load recorded.
    constraints = {row["name"] for row in cypher(db, "SHOW CONSTRAINTS YIELD name")}
    assert {"creator_id", "audience_member_id", "topic_name"} <= constraints, constraints
    states = {row["state"] for row in cypher(db, "SHOW INDEXES YIELD state")}
    assert states == {"ONLINE"}
    runs = cypher(
        db, "MATCH (l:LoadRun {method: 'bulk'}) RETURN l.kind AS kind, l.rows AS rows ORDER BY kind"
    )
    assert runs == [
        {"kind": "audience", "rows": online.files[1].written},
        {"kind": "creators", "rows": 3},
        {"kind": "mentions", "rows": 4},
    ]
    # Nothing left behind: no staging store, no work folder, no old store.
    assert not any(folder.exists() for folder in store_folders(local.home, STAGING))
    assert not (local.home / PREVIOUS).exists() and not (local.home / MARKER).exists()
    assert list((local.home / "bulk-work").iterdir()) == []
    # An online load on top of the bulk-built database works as on any other.
    more = write(rich.parent / "more", "audience.csv", "member_id,creator_id\nm9,c1\n")
    load_dataset(db, more.parent)
    assert counts(db)["FOLLOWS"] == online_counts["FOLLOWS"] + 1


# What a run writes that says which run or when, not what it found.
RUN_BOOKKEEPING = {"analysis_run", "updated_at"}


def analysis_results(graph: Graph) -> tuple[AnalysisSummary, list[Any], list[Any]]:
    """A default run, then every creator's properties and every written link, in id order."""
    summary = run_analysis(graph, AnalysisParams())
    creators = cypher(graph, "MATCH (c:Creator) RETURN c.id AS id, properties(c) AS p ORDER BY id")
    links = cypher(
        graph,
        "MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator) RETURN a.id AS a, b.id AS b, properties(s) AS p"
        " ORDER BY a, b",
    )
    return summary, creators, links


def same_value(x: Any, y: Any) -> bool:
    """Equal, floats to 1e-9: the paths create nodes in another order, so sums over a creator's
    audience add the same terms in another order (the last bit of a double can differ)."""
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
    return bool(x == y)


def differences(first: list[Any], second: list[Any]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    assert len(first) == len(second)
    for a, b in zip(first, second, strict=True):
        key = (a.get("id"), a.get("a"), a.get("b"))
        assert key == (b.get("id"), b.get("a"), b.get("b"))
        for name in (set(a["p"]) | set(b["p"])) - RUN_BOOKKEEPING:
            if not same_value(a["p"].get(name), b["p"].get(name)):
                found.append((*key, name, a["p"].get(name), b["p"].get(name)))
    return found


def test_the_analysis_finds_the_same_market_on_both_paths(
    db: Graph, test_settings: Any, tmp_path: Path
) -> None:
    """A small demo market (planted communities, bridges, bots) loaded online and analysed, then
    bulk-loaded over it and analysed again: the same clusters, hubs, bridges and links."""
    market = tmp_path / "market"
    generate_demo_data(market, DemoSpec(creators=120, members=4000, bots=40, seed=7))
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    for name in ("creators.csv", "audience.csv", "mentions.csv"):
        (dataset / name).write_bytes((market / name).read_bytes())
    db.wipe()
    load_dataset(db, dataset)
    online, online_creators, online_links = analysis_results(db)
    bulk_load_dataset(test_settings, dataset, BulkOptions(replace=True))
    bulk, bulk_creators, bulk_links = analysis_results(db)

    assert online.counts["clusters"] >= 4 and online.counts["hubs"] > 0 and online.counts["links"] > 0
    assert {k: v for k, v in bulk.counts.items() if k != "resolution_quality"} == {
        k: v for k, v in online.counts.items() if k != "resolution_quality"
    }
    assert same_value(bulk.modularity, online.modularity)
    assert differences(online_creators, bulk_creators) == []
    assert differences(online_links, bulk_links) == []


def test_a_database_with_data_is_refused_and_left_as_it_was(
    db: Graph, test_settings: Any, local: LocalNeo4j, rich: Path
) -> None:
    db.wipe()
    load_dataset(db, rich, create_missing=True, skip_invalid=True)
    before, pid = typed_snapshot(db), local.pid()
    with pytest.raises(ServiceError) as refused:
        bulk_load_dataset(test_settings, rich, BulkOptions(create_missing=True, skip_invalid=True))
    assert refused.value.code == "database_not_empty"
    assert "5 Creator" in refused.value.message and "--replace" in refused.value.message
    assert local.pid() == pid and typed_snapshot(db) == before
    # Through the CLI: exit 1 and the same words.
    result = CliRunner().invoke(
        main,
        ["load", "dataset", str(rich), "--bulk", "--create-missing", "--skip-invalid"],
        obj=test_settings,
    )
    assert result.exit_code == 1 and "--replace" in result.output, result.output


def test_a_server_we_do_not_manage_is_refused(db: Graph, test_settings: Any, rich: Path) -> None:
    remote = test_settings.with_overrides(neo4j_uri="neo4j+s://example.databases.neo4j.io")
    with pytest.raises(ServiceError) as refused:
        bulk_load_dataset(remote, rich, BulkOptions(replace=True))
    assert refused.value.code == "unmanaged_server"
    assert "docker compose run" in refused.value.message


def test_the_local_server_named_as_db_env_prints_it_is_bulk_loaded(
    db: Graph, test_settings: Any, local: LocalNeo4j, rich: Path
) -> None:
    """`eval $(influence-map db env)` exports NEO4J_URI for the local server: that is still ours."""
    named = test_settings.with_overrides(neo4j_uri=f"bolt://127.0.0.1:{test_settings.bolt_port}")
    assert names_running_local_server(named)
    other_port = named.with_overrides(neo4j_uri=f"bolt://127.0.0.1:{test_settings.bolt_port + 1}")
    assert not names_running_local_server(other_port)
    assert not names_running_local_server(named.with_overrides(neo4j_uri="bolt://10.0.0.7:7687"))
    db.wipe()
    result = CliRunner().invoke(
        main,
        ["load", "dataset", str(rich), "--bulk", "--replace", "--create-missing", "--skip-invalid"],
        obj=named,
    )
    # Exit 3: loaded, with the one invalid row of `rich` skipped (the online path's code).
    assert result.exit_code == 3 and "total: 13 created, 1 rejected" in result.output, result.output
    assert counts(db)["Creator"] == 5 and local.pid() is not None


def test_invalid_rows_reject_the_load_with_the_online_messages_and_touch_nothing(
    db: Graph, test_settings: Any, local: LocalNeo4j, rich: Path
) -> None:
    db.wipe()
    load_dataset(db, rich, create_missing=True, skip_invalid=True)
    before, pid = typed_snapshot(db), local.pid()
    with pytest.raises(LoadRejected) as online:
        load_dataset(db, rich, create_missing=True)
    with pytest.raises(LoadRejected) as bulk:
        bulk_load_dataset(test_settings, rich, BulkOptions(replace=True, create_missing=True))
    assert bulk.value.message == online.value.message
    assert "audience.csv:10: weight: must be > 0" in bulk.value.message
    assert local.pid() == pid and typed_snapshot(db) == before
    # Without --create-missing the dataset's own creators file is the only reference (c2 is in
    # the graph, which a bulk load replaces).
    other = write(rich.parent / "other", "creators.csv", "id\nc1\n").parent
    write(other, "audience.csv", "member_id,creator_id\nm1,c1\nm1,c2\n")
    with pytest.raises(LoadRejected) as missing:
        bulk_load_dataset(test_settings, other, BulkOptions(replace=True))
    assert [(e.line, e.column) for e in missing.value.errors] == [(3, "creator_id")]
    assert local.pid() == pid and typed_snapshot(db) == before


def big_dataset(folder: Path, rows: int = 300_000) -> Path:
    """Enough rows for the importer to be caught mid-way."""
    creators = pd.DataFrame({"id": [f"c{i}" for i in range(1000)]})
    write(folder, "creators.csv", creators.to_csv(index=False))
    members = [f"m{i // 3}" for i in range(rows)]
    audience = pd.DataFrame({"member_id": members, "creator_id": [f"c{(i * 7) % 1000}" for i in range(rows)]})
    write(folder, "audience.csv", audience.to_csv(index=False))
    return folder


def test_a_killed_import_leaves_the_database_as_it_was(
    db: Graph, test_settings: Any, local: LocalNeo4j, rich: Path, tmp_path: Path
) -> None:
    db.wipe()
    load_dataset(db, rich, create_missing=True, skip_invalid=True)
    before = typed_snapshot(db)
    env = {
        **os.environ,
        "INFLUENCE_MAP_HOME": str(test_settings.local_home),
        "INFLUENCE_MAP_BOLT_PORT": str(test_settings.bolt_port),
        "INFLUENCE_MAP_HTTP_PORT": str(test_settings.http_port),
    }
    env.pop("NEO4J_URI", None)
    loader = Path(sys.executable).parent / "influence-map"
    command = [str(loader), "load", "dataset", str(big_dataset(tmp_path / "big"))]
    process = subprocess.Popen(
        [*command, "--bulk", "--replace"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    staging_store = store_folders(local.home, STAGING)[0]
    deadline = time.monotonic() + 300
    while not (staging_store / "neostore.nodestore.db").exists() and time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        time.sleep(0.05)
    # While the importer writes the staging store, the server goes on serving the live one.
    serving = local.pid()
    assert serving is not None, "the server is stopped only after the import"
    assert typed_snapshot(db) == before
    os.killpg(process.pid, signal.SIGKILL)  # the loader and its importer, mid-import
    process.wait()
    assert local.pid() == serving, "a killed import leaves the server serving"
    assert typed_snapshot(db) == before

    local.stop()
    local.start()  # what `influence-map db start` does
    assert typed_snapshot(db) == before

    # The next bulk load clears what the killed one left and builds the new database.
    bulk_load_dataset(test_settings, tmp_path / "big", BulkOptions(replace=True))
    assert counts(db)["FOLLOWS"] == 300_000
    assert not staging_store.exists()
    assert list((local.home / "bulk-work").iterdir()) == [], "the killed load's work folder is gone"


def test_a_swap_killed_half_way_is_completed_by_db_start(
    db: Graph, test_settings: Any, local: LocalNeo4j, rich: Path, tmp_path: Path
) -> None:
    """The importer finished; the loader died between moving the store files and the logs."""
    db.wipe()
    local.stop()
    folder = tmp_path / "work"
    folder.mkdir()
    header = write(folder, "creators.header.csv", "id:ID(Creator),name\n")
    data = write(folder, "creators.csv", "z1,Zed\nz2,Zoe\n")
    run_import(
        local,
        [ImportSource("nodes", "Creator", [header, data])],
        heap="512m",
        off_heap="256m",
        array_delimiter="U+001F",
        multiline=False,
        workdir=folder,
    )
    live_store, _ = store_folders(local.home, test_settings.neo4j_database)
    staged_store, _ = store_folders(local.home, STAGING)
    (local.home / MARKER).write_text(
        json.dumps({"state": "swapping", "database": test_settings.neo4j_database})
    )
    (local.home / PREVIOUS).mkdir(exist_ok=True)
    live_store.rename(local.home / PREVIOUS / "databases")
    staged_store.rename(live_store)  # ... and killed before the transaction logs moved

    local.start()
    assert cypher(db, "MATCH (c:Creator) RETURN c.id AS id ORDER BY id") == [{"id": "z1"}, {"id": "z2"}]
    assert not (local.home / MARKER).exists() and not (local.home / PREVIOUS).exists()


@pytest.fixture(autouse=True, scope="module")
def server_left_running(test_settings: Any, graph: Graph) -> Iterator[None]:
    """Whatever a test did, the server is left as the module found it (the suite's is running),
    and the suite's driver forgets the bookmarks of the stores these tests replaced: a replaced
    store starts at lower transaction ids, so `driver.execute_query` (which the other modules use
    with the driver's default bookmark manager) would wait for ids that never come."""
    local = LocalNeo4j(test_settings)
    was_running = local.pid() is not None
    yield
    if was_running:
        local.start()
    else:
        local.stop()
    graph.driver.close()
    graph.driver = create_driver(test_settings)
