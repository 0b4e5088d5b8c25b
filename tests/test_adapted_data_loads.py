"""What the adapters and the generator write loads through `loaders.load_dataset` without a reject.

Expected numbers come from the raw files (csv module), and each test reads the real graph back.
"""

from __future__ import annotations

import ast
import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, LiteralString

from click.testing import CliRunner

from loaders import load_dataset
from service.cli.main import main
from service.graph.db import Graph
from tests.conftest import DATA


def run(cli_args: list[str]) -> None:
    result = CliRunner().invoke(main, cli_args)
    assert result.exit_code == 0, result.output


def one(db: Graph, cypher: LiteralString, **params: Any) -> dict[str, Any]:
    records, _, _ = db.driver.execute_query(cypher, params, database_=db.database)
    return records[0].data()


def test_congress_members_and_their_mentions_load(db: Graph, tmp_path: Path) -> None:
    db.wipe()
    source = DATA / "congress-twitter"
    run(["adapt", "congress", str(tmp_path), "--source", str(source)])
    summary = load_dataset(db, tmp_path)
    assert summary.rejected == 0

    usernames = json.loads((source / "congress_network_data.json").read_text())[0]["usernameList"]
    edges = []
    for line in (source / "congress.edgelist").read_text().splitlines():
        i, j, attributes = line.split(" ", 2)
        edges.append((int(i), int(j), float(ast.literal_eval(attributes)["weight"])))
    graph = one(
        db,
        "MATCH (c:Creator) OPTIONAL MATCH (c)-[m:MENTIONED]->(:Creator) "
        "RETURN count(DISTINCT c) AS creators, count(m) AS mentions",
    )
    assert graph == {"creators": len(usernames), "mentions": len(edges)}

    # The heaviest influence edge A -> B is stored as B mentioning A, A's rarest edge counting 1.
    i, j, weight = max(edges, key=lambda edge: edge[2])
    rarest = min(w for source_index, _, w in edges if source_index == i)
    stored = one(
        db,
        "MATCH (:Creator {id: $b})-[m:MENTIONED]->(:Creator {id: $a}) "
        "RETURN m.count AS count, m.kind AS kind",
        a=f"congress-{usernames[i]}",
        b=f"congress-{usernames[j]}",
    )
    assert stored == {"count": round(weight / rarest), "kind": "mention"}


def test_lastfm_core_loads_with_listens_as_weighted_follows(db: Graph, tmp_path: Path) -> None:
    db.wipe()
    source = DATA / "lastfm-hetrec2011"
    run(["adapt", "lastfm", str(tmp_path), "--source", str(source), "--min-listeners", "100"])
    assert load_dataset(db, tmp_path).rejected == 0

    with (source / "user_artists.dat").open(newline="") as handle:
        plays = list(csv.DictReader(handle, delimiter="\t"))
    listeners: dict[str, set[str]] = defaultdict(set)
    for row in plays:
        listeners[row["artistID"]].add(row["userID"])
    kept = {artist for artist, users in listeners.items() if len(users) >= 100}
    kept_rows = [row for row in plays if row["artistID"] in kept]
    graph = one(
        db,
        "MATCH (m:AudienceMember)-[f:FOLLOWS]->(:Creator) "
        "RETURN count(f) AS follows, count(DISTINCT m) AS members, sum(f.weight) AS plays",
    )
    assert graph == {
        "follows": len(kept_rows),
        "members": len({row["userID"] for row in kept_rows}),
        "plays": sum(float(row["weight"]) for row in kept_rows),
    }
    assert one(db, "MATCH (c:Creator) RETURN count(c) AS n")["n"] == len(kept)


def test_the_demo_market_loads_with_its_bots_and_topics(db: Graph, tmp_path: Path) -> None:
    db.wipe()
    run(["demo-data", str(tmp_path), "--creators", "60", "--members", "2000", "--bots", "20", "--seed", "3"])
    assert load_dataset(db, tmp_path).rejected == 0

    with (tmp_path / "audience.csv").open(newline="") as handle:
        audience = list(csv.DictReader(handle))
    truth = json.loads((tmp_path / "truth.json").read_text())
    follows = one(db, "MATCH ()-[f:FOLLOWS]->() RETURN count(f) AS n")["n"]
    engaged = one(db, "MATCH ()-[e:ENGAGED_WITH]->() RETURN count(e) AS n")["n"]
    assert follows == sum(row["kind"] == "follows" for row in audience)
    assert engaged == sum(row["kind"] == "engaged" for row in audience)
    bot = one(
        db,
        "MATCH (:AudienceMember {id: $bot})-[f:FOLLOWS]->() "
        "RETURN count(f) AS follows, count(DISTINCT f.since) AS days",
        bot=truth["bots"][0],
    )
    assert bot["days"] == 1 and bot["follows"] >= 20
    communities = one(
        db, "MATCH (t:Topic) WHERE t.name IN $names RETURN count(t) AS n", names=truth["communities"]
    )
    assert communities["n"] == 6
