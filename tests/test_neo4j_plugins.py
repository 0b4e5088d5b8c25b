"""The real server has the pinned Neo4j, and GDS and APOC procedures actually run."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ClientError

from service.graph.db import Graph
from service.graph.queries import plugin_procedures
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


def test_only_the_procedures_our_queries_call_run_unrestricted(db: Graph) -> None:
    # issue 17, case 12: `gds.*,apoc.*` let every sandboxed plugin procedure (APOC triggers, schema
    # assertions, ...) run with full access; now only the ones cypher/ calls may. Neo4j still lists
    # a refused one, saying in its description that it is unavailable.
    called = set(plugin_procedures())
    assert {"gds.graph.project", "gds.leiden.stream", "gds.util.asNode", "apoc.version"} <= called
    available, refused = set(), set()
    for listing in (
        "SHOW PROCEDURES YIELD name, description RETURN name, description",
        "SHOW FUNCTIONS YIELD name, description RETURN name, description",
    ):
        for record in db.driver.execute_query(listing).records:
            unavailable = "is unavailable because it is sandboxed" in (record["description"] or "")
            (refused if unavailable else available).add(record["name"])
    assert called <= available
    assert {"apoc.trigger.install", "apoc.trigger.add", "apoc.meta.data", "gds.list"} <= refused
    with pytest.raises(ClientError, match="sandboxed"):
        db.driver.execute_query("CALL apoc.trigger.list() YIELD name RETURN name")
