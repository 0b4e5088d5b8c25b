"""The loaders against the real Neo4j: round trips, idempotency, updates, validation, atomicity.

Every test writes a small hand-made dataset to tmp_path and starts from an empty graph; the
expected counts and properties are worked out by hand in the comments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loaders import LoadRejected, LoadSummary, load_dataset, load_file, load_frame
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings

CREATORS = (
    ("id,handle,name,platform,followers,following,posts,engagement_rate,country,language,verified,topics\n")
    + """c1,@ana,Ana,instagram,1000,10,50,3.2%,PT,pt,true,music;art
c2,@bo,Bo,instagram,500,20,40,0.1,BR,pt,false,music
c3,@cy,Cy,tiktok,0,0,0,,,,,
"""
)
# m1 follows c1 twice (weights 1 + 2 = 3, earliest since kept), m2 follows c1 and engages with c2.
AUDIENCE = """member_id,creator_id,kind,weight,since
m1,c1,follows,1,2024-03-01
m1,c1,,2,2023-05-01
m2,c1,follows,,
m2,c2,engaged,1.5,2024-06-30
"""
# c1 -> c2 mentioned twice (counts 2 + 3 = 5); c2 -> c3 reposted once.
MENTIONS = """source_id,target_id,count,kind,first_at,last_at
c1,c2,2,mention,2024-01-01T10:00:00Z,2024-02-01T10:00:00Z
c1,c2,3,,2023-12-01T00:00:00Z,2024-01-15T00:00:00Z
c2,c3,,repost,,
"""


@pytest.fixture
def empty(db: Graph) -> Iterator[Graph]:
    """The test database, emptied before each test (the loaders' constraints stay)."""
    db.wipe()
    yield db


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def dataset(
    folder: Path, creators: str = CREATORS, audience: str = AUDIENCE, mentions: str = MENTIONS
) -> Path:
    write(folder, "creators.csv", creators)
    write(folder, "audience.csv", audience)
    write(folder, "mentions.csv", mentions)
    return folder


def cypher(graph: Graph, text: str, **params: Any) -> list[dict[str, Any]]:
    """A test's own look at the graph (literal Cypher, never built from input)."""
    with graph.driver.session(database=graph.database) as session:
        return session.run(text, params).data()  # type: ignore[arg-type]


# The graph's data, without its bookkeeping: schema migrations, load runs and the data version
# (which a journaled load bumps at its start and end, a one-transaction load once).
GRAPH_DATA = "NOT n:SchemaMigration AND NOT n:LoadRun AND NOT n:DataVersion"


def counts(graph: Graph) -> dict[str, int]:
    nodes = cypher(
        graph,
        f"MATCH (n) WHERE {GRAPH_DATA} RETURN labels(n)[0] AS label, count(*) AS n",
    )
    edges = cypher(graph, "MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS n")
    return {row["label"]: row["n"] for row in nodes + edges}


def snapshot(graph: Graph) -> list[Any]:
    """Every node and edge with all its properties (minus the load time), sorted; no LoadRuns."""
    nodes = cypher(
        graph,
        f"MATCH (n) WHERE {GRAPH_DATA} RETURN labels(n) AS labels, "
        "apoc.map.removeKey(properties(n), 'updated_at') AS props",
    )
    edges = cypher(
        graph,
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.name) AS a, type(r) AS type, properties(r) AS props, "
        "coalesce(b.id, b.name) AS b",
    )
    return sorted(repr(item) for item in nodes + edges)


def creator(graph: Graph, creator_id: str) -> dict[str, Any]:
    rows = cypher(graph, "MATCH (c:Creator {id: $id}) RETURN properties(c) AS props", id=creator_id)
    assert len(rows) == 1, f"expected one creator {creator_id}, found {len(rows)}"
    return rows[0]["props"]  # type: ignore[no-any-return]


def rejected_errors(excinfo: pytest.ExceptionInfo[LoadRejected]) -> list[tuple[int | None, str, str]]:
    return [(error.line, error.column, error.reason) for error in excinfo.value.errors]


# --- round trip, idempotency, updates -------------------------------------------------------------


def test_dataset_round_trip_counts_and_properties(empty: Graph, tmp_path: Path) -> None:
    summary = load_dataset(empty, dataset(tmp_path))

    assert counts(empty) == {
        "Creator": 3,
        "AudienceMember": 2,
        "Topic": 2,  # music, art
        "POSTS_ABOUT": 3,  # c1: music, art; c2: music
        "FOLLOWS": 2,  # (m1, c1) aggregated from two rows, (m2, c1)
        "ENGAGED_WITH": 1,
        "MENTIONED": 2,
    }
    ana = creator(empty, "c1")
    assert ana["handle"] == "@ana" and ana["platform"] == "instagram"
    assert ana["followers"] == 1000 and ana["following"] == 10 and ana["posts"] == 50
    assert ana["engagement_rate"] == pytest.approx(0.032)
    assert ana["verified"] is True and ana["topics"] == ["music", "art"]
    assert ana["updated_at"] is not None
    assert creator(empty, "c3") == {"id": "c3", "handle": "@cy", "name": "Cy", "platform": "tiktok",
                                    "followers": 0, "following": 0, "posts": 0,
                                    "updated_at": creator(empty, "c3")["updated_at"]}  # fmt: skip

    follows = cypher(
        empty,
        "MATCH (m:AudienceMember)-[r:FOLLOWS]->(c:Creator) RETURN m.id AS m, c.id AS c, r.weight AS weight, "
        "r.since AS since ORDER BY m",
    )
    assert [(row["m"], row["c"], row["weight"]) for row in follows] == [("m1", "c1", 3.0), ("m2", "c1", 1.0)]
    assert follows[0]["since"].to_native() == date(2023, 5, 1) and follows[1]["since"] is None
    engaged = cypher(
        empty,
        "MATCH (:AudienceMember {id: 'm2'})-[r:ENGAGED_WITH]->(:Creator {id: 'c2'}) "
        "RETURN properties(r) AS r",
    )
    assert engaged[0]["r"]["weight"] == 1.5
    mentions = cypher(
        empty,
        "MATCH (a)-[r:MENTIONED]->(b) RETURN a.id AS a, b.id AS b, r.kind AS kind, r.count AS count, "
        "r.first_at AS first_at, r.last_at AS last_at ORDER BY a",
    )
    assert [(row["a"], row["b"], row["kind"], row["count"]) for row in mentions] == [
        ("c1", "c2", "mention", 5),
        ("c2", "c3", "repost", 1),
    ]
    assert mentions[0]["first_at"].to_native() == datetime(2023, 12, 1, tzinfo=UTC)
    assert mentions[0]["last_at"].to_native() == datetime(2024, 2, 1, 10, tzinfo=UTC)

    assert [(f.kind, f.rows, f.written, f.created, f.updated, f.duplicates) for f in summary.files] == [
        ("creators", 3, 3, 3, 0, 0),
        ("audience", 4, 3, 3, 0, 1),
        ("mentions", 3, 2, 2, 0, 1),
    ]
    assert summary.rejected == 0 and summary.created == 8
    assert json.loads(json.dumps(summary.to_dict()))["files"][1]["status"] == "loaded"


def test_schema_is_applied_and_recorded(empty: Graph, tmp_path: Path) -> None:
    load_dataset(empty, dataset(tmp_path))
    recorded = {row["name"] for row in cypher(empty, "MATCH (m:SchemaMigration) RETURN m.name AS name")}
    assert "schema.create_creator_id_constraint" in recorded
    assert "schema.create_audience_member_id_constraint" in recorded
    constraints = {row["name"] for row in cypher(empty, "SHOW CONSTRAINTS YIELD name")}
    assert {"creator_id", "audience_member_id", "topic_name"} <= constraints


def test_loading_twice_leaves_the_same_graph(empty: Graph, tmp_path: Path) -> None:
    load_dataset(empty, dataset(tmp_path))
    first = snapshot(empty)
    again = load_dataset(empty, tmp_path)
    assert snapshot(empty) == first
    assert again.created == 0
    assert [f.updated for f in again.files] == [3, 3, 2]


def test_a_changed_row_updates_without_duplicating(empty: Graph, tmp_path: Path) -> None:
    load_dataset(empty, dataset(tmp_path))
    load_dataset(
        empty,
        write(
            tmp_path / "country", "audience.csv", "member_id,creator_id,weight,country\nm1,c1,3,PT\n"
        ).parent,
    )
    changed = tmp_path / "changed"
    write(changed, "creators.csv", "id,followers,topics,handle\nc1,2000,art;dance,\n")
    write(changed, "audience.csv", "member_id,creator_id,weight\nm1,c1,7\n")
    write(changed, "mentions.csv", "source_id,target_id,count\nc1,c2,9\n")
    summary = load_dataset(empty, changed)

    assert [(f.created, f.updated) for f in summary.files] == [(0, 1), (0, 1), (0, 1)]
    assert counts(empty)["Creator"] == 3 and counts(empty)["FOLLOWS"] == 2 and counts(empty)["MENTIONED"] == 2
    ana = creator(empty, "c1")
    assert ana["followers"] == 2000
    assert ana["handle"] == "@ana"  # an empty cell keeps the stored value
    assert ana["topics"] == ["art", "dance"]
    topics = cypher(empty, "MATCH (:Creator {id: 'c1'})-[:POSTS_ABOUT]->(t) RETURN t.name AS t ORDER BY t")
    assert [row["t"] for row in topics] == ["art", "dance"]
    edge = cypher(
        empty,
        "MATCH (:AudienceMember {id: 'm1'})-[r:FOLLOWS]->(:Creator {id: 'c1'}) RETURN properties(r) AS r",
    )
    assert edge[0]["r"]["weight"] == 7.0 and edge[0]["r"]["since"].to_native() == date(2023, 5, 1)
    member = cypher(empty, "MATCH (m:AudienceMember {id: 'm1'}) RETURN m.country AS country")
    assert member == [{"country": "PT"}]  # no country in the changed row: the stored one stays
    mention = cypher(
        empty,
        "MATCH (:Creator {id: 'c1'})-[r:MENTIONED {kind: 'mention'}]->() "
        "RETURN r.count AS n, toString(r.first_at) AS first_at",
    )
    assert mention == [{"n": 9, "first_at": "2023-12-01T00:00:00Z"}]


# --- validation -----------------------------------------------------------------------------------

BAD_INPUTS = [
    # (kind, file text, line, column, reason fragment)
    ("creators", "handle\n@x\n", 1, "id", "required column is missing"),
    ("creators", "id,name\nc9,Nine\n,Blank\n", 3, "id", "empty id"),
    ("creators", "id,followers\nc9,lots\n", 2, "followers", "not a number"),
    ("creators", "id,followers\nc9,-1\n", 2, "followers", "must be >= 0"),
    ("creators", "id,posts\nc9,1.5\n", 2, "posts", "not a whole number"),
    ("creators", "id,engagement_rate\nc9,150%\n", 2, "engagement_rate", "between 0 and 1"),
    ("creators", "id,verified\nc9,maybe\n", 2, "verified", "not true or false"),
    ("audience", "member_id\nm1\n", 1, "creator_id", "required column is missing"),
    ("audience", "member_id,creator_id,weight\nm1,c1,0\n", 2, "weight", "must be > 0"),
    ("audience", "member_id,creator_id,kind\nm1,c1,likes\n", 2, "kind", "must be one of follows, engaged"),
    ("audience", "member_id,creator_id,since\nm1,c1,yesterday\n", 2, "since", "not an ISO 8601 date"),
    ("audience", "member_id,creator_id\nm1,c1\nm2,nobody\n", 3, "creator_id", "not in the graph"),
    ("mentions", "source_id,target_id\nc1,c1\n", 2, "target_id", "cannot mention itself"),
    ("mentions", "source_id,target_id,count\nc1,c2,0\n", 2, "count", "must be >= 1"),
    ("mentions", "source_id,target_id,kind\nc1,c2,quote\n", 2, "kind", "must be one of mention"),
    (
        "mentions",
        "source_id,target_id,first_at,last_at\nc1,c2,2024-05-02,2024-05-01\n",
        2,
        "first_at",
        "after",
    ),
    ("mentions", "source_id,target_id,last_at\nc1,c2,soon\n", 2, "last_at", "not an ISO 8601 date-time"),
    ("mentions", "source_id,target_id\nghost,c1\n", 2, "source_id", "not in the graph"),
]


@pytest.mark.parametrize(("kind", "text", "line", "column", "reason"), BAD_INPUTS)
def test_each_validation_error_names_file_line_column_and_writes_nothing(
    empty: Graph, tmp_path: Path, kind: Any, text: str, line: int, column: str, reason: str
) -> None:
    load_frame(empty, "creators", pd.DataFrame({"id": ["c1", "c2"], "followers": [5, 6]}))
    before = snapshot(empty)
    path = write(tmp_path, f"{kind}.csv", text)
    with pytest.raises(LoadRejected) as excinfo:
        load_file(empty, kind, path)
    errors = excinfo.value.errors
    assert any(
        e.file == str(path) and e.line == line and e.column == column and reason in e.reason for e in errors
    ), [str(e) for e in errors]
    assert str(path) in excinfo.value.message and excinfo.value.status == 422
    assert snapshot(empty) == before
    assert not (tmp_path / f"{kind}.csv.rejects.csv").exists()


def test_one_bad_file_rejects_the_whole_dataset_by_default(empty: Graph, tmp_path: Path) -> None:
    bad_audience = AUDIENCE + "m3,c1,follows,-2,\n"  # line 6
    with pytest.raises(LoadRejected) as excinfo:
        load_dataset(empty, dataset(tmp_path, audience=bad_audience))
    assert rejected_errors(excinfo) == [(6, "weight", "must be > 0: '-2'")]
    assert counts(empty) == {}  # not even the (valid) creators were written
    statuses = [f.status for f in excinfo.value.summary.files]
    assert statuses == ["not loaded", "rejected", "not loaded"]


def test_audience_may_reference_creators_of_the_same_dataset(empty: Graph, tmp_path: Path) -> None:
    # c1..c3 are only in creators.csv, not in the graph yet: that is fine.
    summary = load_dataset(empty, dataset(tmp_path))
    assert summary.rejected == 0


def test_skip_invalid_writes_good_rows_and_a_rejects_file(empty: Graph, tmp_path: Path) -> None:
    load_frame(empty, "creators", pd.DataFrame({"id": ["c1", "c2"]}))
    path = write(
        tmp_path,
        "audience.csv",
        "member_id,creator_id,weight\nm1,c1,1\nm2,c1,zero\n,c2,1\nm3,nobody,1\nm4,c2,2\n",
    )
    summary = load_file(empty, "audience", path, skip_invalid=True)

    assert counts(empty)["FOLLOWS"] == 2  # m1 -> c1, m4 -> c2
    assert summary.rejected == 3 and summary.created == 2
    assert summary.files[0].status == "loaded_with_rejects"
    rejects = pd.read_csv(tmp_path / "audience.csv.rejects.csv", dtype=str, keep_default_na=False)
    assert rejects["line"].tolist() == ["3", "4", "5"]
    assert rejects["member_id"].tolist() == ["m2", "", "m3"]
    assert "weight: not a number: 'zero'" in rejects["errors"][0]
    assert "member_id: empty id" in rejects["errors"][1]
    assert "creator_id: creator is not in the graph" in rejects["errors"][2]

    write(tmp_path, "audience.csv", "member_id,creator_id\nm1,c1\n")
    load_file(empty, "audience", path, skip_invalid=True)
    assert not (tmp_path / "audience.csv.rejects.csv").exists(), "a clean load removes the stale rejects"


def test_create_missing_makes_stubs_that_a_creators_load_completes(empty: Graph, tmp_path: Path) -> None:
    path = write(tmp_path, "mentions.csv", "source_id,target_id\nx1,x2\nx2,x3\n")
    summary = load_file(empty, "mentions", path, create_missing=True)
    assert summary.files[0].stubs == 3 and summary.created == 2
    assert creator(empty, "x2") == {"id": "x2", "stub": True}
    load_frame(empty, "creators", pd.DataFrame({"id": ["x2"], "name": ["Two"]}))
    assert "stub" not in creator(empty, "x2") and creator(empty, "x2")["name"] == "Two"


# --- atomicity: failures part-way through a file --------------------------------------------------


def test_a_constraint_violation_in_a_later_batch_leaves_the_graph_as_it_was(
    empty: Graph, tmp_path: Path
) -> None:
    load_frame(empty, "creators", pd.DataFrame({"id": ["x0"], "name": ["Taken"], "followers": [1]}))
    before = snapshot(empty)
    cypher(empty, "CREATE CONSTRAINT test_unique_name IF NOT EXISTS FOR (c:Creator) REQUIRE c.name IS UNIQUE")
    try:
        # Batches of 2: x0 (an update) and x1..x4 go first, x5 in the third batch takes x0's name.
        rows = "x0,Taken,99\n" + "".join(f"x{i},N{i},99\n" for i in range(1, 5)) + "x5,Taken,5\nx6,N6,6\n"
        path = write(tmp_path, "creators.csv", "id,name,followers\n" + rows)
        seen: list[int] = []
        with pytest.raises(ServiceError, match="nothing was written"):
            load_file(empty, "creators", path, batch_size=2, progress=lambda _s, done, _t: seen.append(done))
        assert seen == [2, 4], "two batches ran before the failing one"
        assert snapshot(empty) == before  # x0 still has followers 1 and name Taken; no x1..x6
    finally:
        cypher(empty, "DROP CONSTRAINT test_unique_name IF EXISTS")


def test_a_connection_dropped_mid_load_loses_its_batches_and_the_retry_loads_the_file_once(
    empty: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    load_frame(empty, "creators", pd.DataFrame({"id": ["c1", "c2"]}))
    path = write(
        tmp_path, "audience.csv", "member_id,creator_id\n" + "".join(f"m{i},c{i % 2 + 1}\n" for i in range(9))
    )
    doomed = Graph.connect(test_settings)
    calls: list[int] = []

    def close_after_second_batch(_source: str, done: int, _total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            doomed.driver.close()  # the server sees the connection go and drops the transaction

    try:
        summary = load_file(doomed, "audience", path, batch_size=2, progress=close_after_second_batch)
    finally:
        doomed.close()
    # The driver re-ran the whole file in a new transaction. Had the first attempt's two batches
    # survived, the retry would have found their edges: some updated, not 9 created and 0 updated.
    first, second, again = calls[:3]
    assert first < second and again == first, "the file was started again from its first batch"
    assert (summary.created, summary.files[0].updated) == (9, 0)
    assert counts(empty)["FOLLOWS"] == 9 and counts(empty)["AudienceMember"] == 9


def test_an_error_in_the_caller_mid_load_rolls_the_file_back(empty: Graph, tmp_path: Path) -> None:
    path = write(tmp_path, "creators.csv", "id\n" + "".join(f"k{i}\n" for i in range(6)))

    def interrupt(_source: str, done: int, _total: int) -> None:
        if done == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_file(empty, "creators", path, batch_size=2, progress=interrupt)
    assert counts(empty) == {}


# --- formats, unicode, empty files, DataFrames ----------------------------------------------------


def test_unicode_handles_and_ids_round_trip(empty: Graph, tmp_path: Path) -> None:
    creators = "id,handle,name\nzoë,@Zoë_🎵,Zoë Ünïcødé\n名前,@名前,名前 さん\n"
    audience = "member_id,creator_id\nfän,zoë\nfän,名前\n"
    load_dataset(
        empty,
        dataset(tmp_path, creators=creators, audience=audience, mentions="source_id,target_id\nzoë,名前\n"),
    )
    assert creator(empty, "zoë")["handle"] == "@Zoë_🎵" and creator(empty, "zoë")["name"] == "Zoë Ünïcødé"
    assert creator(empty, "名前")["handle"] == "@名前"
    fans = cypher(empty, "MATCH (:AudienceMember {id: 'fän'})-[:FOLLOWS]->(c) RETURN c.id AS c ORDER BY c")
    assert [row["c"] for row in fans] == ["zoë", "名前"]


def test_empty_files_load_nothing_and_succeed(empty: Graph, tmp_path: Path) -> None:
    write(tmp_path, "creators.csv", "")  # no header at all
    write(tmp_path, "audience.csv", "member_id,creator_id,weight\n")  # header only
    write(tmp_path, "mentions.jsonl", "\n\n")
    summary = load_dataset(empty, tmp_path)
    assert [(f.kind, f.rows, f.written, f.status) for f in summary.files] == [
        ("creators", 0, 0, "loaded"),
        ("audience", 0, 0, "loaded"),
        ("mentions", 0, 0, "loaded"),
    ]
    assert counts(empty) == {}


def test_jsonl_with_native_types_and_a_bad_line(empty: Graph, tmp_path: Path) -> None:
    lines = [
        {
            "id": 101,
            "handle": "@n",
            "followers": 12,
            "verified": True,
            "topics": ["tech", "ai"],
            "engagement_rate": 0.5,
        },
        {"id": "c2", "followers": "7", "verified": "false"},
    ]
    text = "\n".join(json.dumps(line) for line in lines) + "\n\n{not json}\n"
    path = write(tmp_path, "creators.jsonl", text)
    with pytest.raises(LoadRejected) as excinfo:
        load_file(empty, "creators", path)
    assert excinfo.value.errors[0].line == 4 and "not valid JSON" in excinfo.value.errors[0].reason
    assert counts(empty) == {}

    summary = load_file(empty, "creators", path, skip_invalid=True)
    assert summary.created == 2 and summary.rejected == 1
    number = creator(empty, "101")
    assert number["followers"] == 12 and number["verified"] is True and number["topics"] == ["tech", "ai"]
    assert creator(empty, "c2")["verified"] is False
    rejects = pd.read_csv(tmp_path / "creators.jsonl.rejects.csv", dtype=str)
    assert rejects["line"].tolist() == ["4"] and rejects["raw"].tolist() == ["{not json}"]


def test_parquet_dataset(empty: Graph, tmp_path: Path) -> None:
    pd.DataFrame({"id": ["p1", "p2"], "followers": [10, None], "verified": [True, False]}).to_parquet(
        tmp_path / "creators.parquet"
    )
    pd.DataFrame(
        {"member_id": ["a", "a", "b"], "creator_id": ["p1", "p1", "p2"], "weight": [0.5, 0.25, 2.0]}
    ).to_parquet(tmp_path / "audience.parquet")
    summary = load_dataset(empty, tmp_path)
    assert [f.source.endswith(".parquet") for f in summary.files] == [True, True]
    assert creator(empty, "p1")["followers"] == 10 and "followers" not in creator(empty, "p2")
    weights = cypher(empty, "MATCH (m)-[r:FOLLOWS]->(c) RETURN m.id AS m, r.weight AS w ORDER BY m")
    assert weights == [{"m": "a", "w": 0.75}, {"m": "b", "w": 2.0}]


def test_dataframe_api_returns_the_summary_and_names_rows(empty: Graph) -> None:
    frame = pd.DataFrame({"id": ["d1", "d2", "d2"], "followers": [1, 2, 3], "name": ["One", None, "Two"]})
    summary = load_frame(empty, "creators", frame, source="crm export")
    assert isinstance(summary, LoadSummary)
    assert (summary.rows, summary.written, summary.created, summary.files[0].duplicates) == (3, 2, 2, 1)
    assert creator(empty, "d2")["followers"] == 3 and creator(empty, "d2")["name"] == "Two"  # later rows win
    with pytest.raises(LoadRejected) as excinfo:
        load_frame(
            empty, "audience", pd.DataFrame({"member_id": ["m"], "creator_id": ["d1"], "weight": [-1]})
        )
    assert str(excinfo.value.errors[0]) == "<dataframe>:1: weight: must be > 0: -1"


def test_column_map_renames_export_columns(empty: Graph, tmp_path: Path) -> None:
    frame = pd.DataFrame({"user": ["u1"], "screen_name": ["@u"], "fans": ["42"]})
    mapping = {"creators": {"user": "id", "fans": "followers"}, "screen_name": "handle"}
    load_frame(empty, "creators", frame, column_map=mapping)
    assert creator(empty, "u1") | {"updated_at": None} == {
        "id": "u1",
        "handle": "@u",
        "followers": 42,
        "updated_at": None,
    }


def test_a_dataset_with_two_formats_of_one_file_is_refused(empty: Graph, tmp_path: Path) -> None:
    write(tmp_path, "creators.csv", "id\nc1\n")
    write(tmp_path, "creators.jsonl", '{"id": "c1"}\n')
    with pytest.raises(ServiceError, match=r"more than one creators file \(creators.csv, creators.jsonl\)"):
        load_dataset(empty, tmp_path)
    nothing_here = tmp_path / "nothing-here"
    nothing_here.mkdir()
    with pytest.raises(ServiceError, match="no creators, audience or mentions file"):
        load_dataset(empty, nothing_here)
    assert counts(empty) == {}


def test_an_unreadable_file_names_itself(empty: Graph, tmp_path: Path) -> None:
    path = tmp_path / "creators.csv"
    path.write_bytes(b"id,name\nc1,\xff\xfe\n")
    with pytest.raises(ServiceError, match=r"creators.csv:2: name: is not UTF-8 text"):
        load_file(empty, "creators", path)
    with pytest.raises(ServiceError, match=r"unknown format '\.tsv'"):
        load_file(empty, "creators", write(tmp_path, "creators.tsv", "id\nc1\n"))
