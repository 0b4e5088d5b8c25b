"""The real server has the pinned Neo4j, and GDS and APOC procedures actually run."""

from __future__ import annotations

from service.graph.db import Graph
from service.ops.local_neo4j import pinned_versions


def test_versions_are_the_pinned_ones(db: Graph) -> None:
    row = db.read_one("health.get_versions")
    pins = pinned_versions()
    assert row == {
        "version": pins["NEO4J_VERSION"],
        "edition": "community",
        "gds": pins["GDS_VERSION"],
        "apoc": pins["APOC_VERSION"],
    }


def test_gds_leiden_finds_two_triangles(db: Graph) -> None:
    # Two triangles joined by one edge: any sane community detection splits them apart.
    db.driver.execute_query(
        "UNWIND [['a','b'],['b','c'],['c','a'],['d','e'],['e','f'],['f','d'],['c','d']] AS p "
        "MERGE (x:T {id: p[0]}) MERGE (y:T {id: p[1]}) MERGE (x)-[:L]->(y)"
    )
    db.driver.execute_query("CALL gds.graph.project('t', 'T', {L: {orientation: 'UNDIRECTED'}})")
    rows, _, _ = db.driver.execute_query(
        "CALL gds.leiden.stream('t', {randomSeed: 7, concurrency: 1}) YIELD nodeId, communityId "
        "RETURN gds.util.asNode(nodeId).id AS id, communityId"
    )
    community = {row["id"]: row["communityId"] for row in rows}
    assert community["a"] == community["b"] == community["c"]
    assert community["d"] == community["e"] == community["f"]
    assert community["a"] != community["d"]
    db.driver.execute_query("CALL gds.graph.drop('t')")


def test_apoc_procedures_run(db: Graph) -> None:
    rows, _, _ = db.driver.execute_query(
        "CALL apoc.create.node(['Probe'], {n: 41}) YIELD node RETURN apoc.coll.sum([node.n, 1]) AS s"
    )
    assert rows[0]["s"] == 42.0
    db.driver.execute_query("MATCH (p:Probe) DELETE p")
