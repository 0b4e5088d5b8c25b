"""The fast writer rewrites a member the graph holds only when the file changes one of its
properties, and fails the file (writing nothing) when an edge row's member or creator is gone by
the time its edges are written. Real Neo4j; each test starts from an empty graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import loaders.ingest
from loaders import load_dataset, load_frame
from loaders.ingest import KnownMembers, known_members
from service.graph.db import Graph
from service.graph.errors import ServiceError
from tests.test_loaders import cypher, snapshot, write

# m1 stored with country PT and gender female; m2 with no demographics.
BASE = "member_id,creator_id,weight,country,gender\nm1,c1,1,PT,female\nm2,c1,1,,\n"


@pytest.fixture
def empty(db: Graph) -> Iterator[Graph]:
    db.wipe()
    yield db


def base_graph(graph: Graph, folder: Path) -> None:
    load_frame(graph, "creators", pd.DataFrame({"id": ["c1", "c2"]}))
    load_dataset(graph, write(folder, "audience.csv", BASE).parent)


def test_known_members_names_the_found_and_the_changed(empty: Graph, tmp_path: Path) -> None:
    base_graph(empty, tmp_path / "base")
    ids = ["m1", "m1b", "m2", "m3"]
    properties: dict[str, list[str | None]] = {
        "platform": [None, None, None, None],
        # m1: the same country; m2: a country where none was stored; m3 is not in the graph.
        "country": ["PT", None, "BR", "ES"],
        "age_band": [None, None, None, None],
        "gender": [None, None, None, None],
    }
    # m1b is m1 again, under another id: not found.
    assert known_members(empty, ids, properties) == KnownMembers({"m1", "m2"}, {"m2"})
    # A changed value and an empty cell (which keeps the stored value).
    properties["country"] = ["ES", None, None, None]
    properties["gender"] = [None, None, None, None]
    assert known_members(empty, ids, properties) == KnownMembers({"m1", "m2"}, {"m1"})
    properties["country"] = [None, None, None, None]
    properties["gender"] = ["female", None, "male", None]
    assert known_members(empty, ids, properties) == KnownMembers({"m1", "m2"}, {"m2"})


@pytest.mark.parametrize("transaction_rows", [1000, 0])  # one transaction, journaled
def test_a_reload_changes_what_changed_and_keeps_the_rest(
    empty: Graph, tmp_path: Path, transaction_rows: int
) -> None:
    base_graph(empty, tmp_path / "base")
    again = "member_id,creator_id,weight,country,gender\nm1,c1,5,PT,\nm2,c1,6,BR,male\n"
    load_dataset(empty, write(tmp_path / "again", "audience.csv", again).parent,
                 batch_size=1, transaction_rows=transaction_rows)  # fmt: skip
    members = cypher(
        empty,
        "MATCH (m:AudienceMember)-[r:FOLLOWS]->() "
        "RETURN m.id AS id, m.country AS country, m.gender AS gender, r.weight AS weight ORDER BY id",
    )
    assert members == [
        {"id": "m1", "country": "PT", "gender": "female", "weight": 5.0},
        {"id": "m2", "country": "BR", "gender": "male", "weight": 6.0},
    ]


@pytest.mark.parametrize("transaction_rows", [1000, 0])  # one transaction, journaled
def test_an_edge_row_whose_member_went_missing_fails_the_file(
    empty: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, transaction_rows: int
) -> None:
    """As if another session deleted m9 between the lookup and the writing: the lookup says the
    graph holds it (unchanged), so it is not rewritten, and its edge finds no member."""
    base_graph(empty, tmp_path / "base")
    before = snapshot(empty)
    real = loaders.ingest.known_members

    def m9_was_there(graph: Graph, ids: list[str], properties: dict[str, list[object]]) -> KnownMembers:
        known = real(graph, ids, properties)
        return KnownMembers(known.found | {"m9"}, known.changed)

    monkeypatch.setattr(loaders.ingest, "known_members", m9_was_there)
    rows = "member_id,creator_id,weight\nm1,c1,7\nm9,c2,1\nm2,c2,3\n"
    with pytest.raises(ServiceError, match="deleted during the load") as failure:
        load_dataset(empty, write(tmp_path / "next", "audience.csv", rows).parent,
                     batch_size=1, transaction_rows=transaction_rows)  # fmt: skip
    assert failure.value.code == "conflict"
    assert snapshot(empty) == before


def test_duplicate_edges_made_outside_the_loaders_do_not_fail_a_reload(empty: Graph, tmp_path: Path) -> None:
    """A second m1 -> c1 FOLLOWS (say, from the Browser): the edge statement finds two edges for
    one row, which is not a lost row; both get the file's weight, as before."""
    base_graph(empty, tmp_path / "base")
    cypher(
        empty,
        "MATCH (m:AudienceMember {id: 'm1'}), (c:Creator {id: 'c1'}) "
        "CREATE (m)-[:FOLLOWS {weight: 1.0}]->(c)",
    )
    load_dataset(
        empty, write(tmp_path / "again", "audience.csv", "member_id,creator_id,weight\nm1,c1,4\n").parent
    )
    weights = cypher(empty, "MATCH (:AudienceMember {id: 'm1'})-[r:FOLLOWS]->() RETURN r.weight AS w")
    assert weights == [{"w": 4.0}, {"w": 4.0}]
