"""The declared bridge components drive every step: each is written by a run, published onto
creators, cleared from creators a run did not score, streamed and explained."""

from __future__ import annotations

from typing import Any

from service.domain.analysis import AnalysisParams, explain_bridge, run_analysis
from service.domain.analysis.bridges import (
    BRIDGE_COMPONENTS,
    BRIDGE_WEIGHTS,
    COMPONENT_NAMES,
    COMPONENT_WRITERS,
    RESULT_PROPERTIES,
    stream_components,
)
from service.graph.db import Graph
from service.graph.queries import get_query
from tests.seed import seed

A = ["a1", "a2", "a3"]
B = ["b1", "b2", "b3"]
EVERY_PAIR = AnalysisParams(top_k=100, min_jaccard=0.0, min_shared=1)


def seed_two_groups_and_a_bridge(db: Graph) -> None:
    follows = [(f"fa{i}", c) for i in range(6) for c in A] + [(f"fb{i}", c) for i in range(6) for c in B]
    follows += [(m, "x") for m in ("fa0", "fa1", "fa2", "fb0", "fb1", "fb2")]
    seed(db, [*A, *B, "x"], follows=follows, mentions=[("a1", "b1", 2), ("x", "a2", 1)])


def scored(db: Graph, run_id: str) -> dict[str, dict[str, Any]]:
    rows = db.driver.execute_query(
        "MATCH (:AnalysisRun {id: $run})-[s:SCORED]->(c:Creator) RETURN c.id AS id, properties(s) AS p",
        run=run_id,
    ).records
    return {row["id"]: row["p"] for row in rows}


def published(db: Graph) -> dict[str, dict[str, Any]]:
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, properties(c) AS p").records
    return {row["id"]: row["p"] for row in rows}


def test_the_declared_lists_agree() -> None:
    assert set(BRIDGE_WEIGHTS) == set(COMPONENT_NAMES) == {c.name for c in BRIDGE_COMPONENTS}
    written = {name for _, names in COMPONENT_WRITERS for name in names} | {"betweenness"}
    assert written == set(COMPONENT_NAMES)
    assert set(COMPONENT_NAMES) <= set(RESULT_PROPERTIES)
    for query, names in COMPONENT_WRITERS:
        text = get_query(query).text
        assert all(f"score.{name}" in text for name in names), query


def test_every_component_is_written_published_streamed_and_explained(db: Graph) -> None:
    db.wipe()
    seed_two_groups_and_a_bridge(db)
    run_id = run_analysis(db, EVERY_PAIR).run_id
    staged = scored(db, run_id)
    served = published(db)
    for creator in [*A, *B, "x"]:
        for name in COMPONENT_NAMES:
            assert staged[creator].get(name) is not None, (creator, name)
        for name in RESULT_PROPERTIES:
            assert served[creator].get(name) == staged[creator].get(name), (creator, name)
        assert served[creator]["analysis_run"] == run_id
    streamed = {row["id"]: row for row in stream_components(db, run_id)}
    assert set(streamed["x"]) == {"id", "cluster", *COMPONENT_NAMES}
    explained = explain_bridge(db, "x")
    assert set(explained["percentiles"]) == set(explained["contributions"]) == set(COMPONENT_NAMES)
    assert sum(explained["contributions"].values()) == explained["bridge_score"]


def test_results_are_cleared_from_creators_a_run_did_not_score(db: Graph) -> None:
    db.wipe()
    seed_two_groups_and_a_bridge(db)
    run_id = run_analysis(db, EVERY_PAIR).run_id
    before = published(db)
    # "x" now looks like a creator scored by an older run only: publishing clears it.
    db.driver.execute_query("MATCH (c:Creator {id: 'x'}) SET c.analysis_run = 'older'")
    db.write("analysis.clear_unscored_creators", run_id=run_id, properties=list(RESULT_PROPERTIES))
    after = published(db)
    assert not set(after["x"]) & {*RESULT_PROPERTIES, "analysis_run"}, after["x"]
    assert {key: after[key] for key in [*A, *B]} == {key: before[key] for key in [*A, *B]}
