"""Analysis at the edges: an empty graph is a clear 409 with no run recorded; a market where no
two creators share audience or mentions clusters every creator alone (GDS Leiden itself fails
on a graph without relationships)."""

from __future__ import annotations

import pytest
from flask import Flask

from service.domain.analysis import AnalysisParams, cluster_summaries, run_analysis
from service.graph.db import Graph
from service.graph.errors import ServiceError
from tests.seed import seed


def count_runs(db: Graph) -> int:
    return int(db.driver.execute_query("MATCH (run:AnalysisRun) RETURN count(run) AS n").records[0]["n"])


def test_an_empty_graph_is_a_409_and_records_no_run(db: Graph, writer: Flask) -> None:
    db.wipe()
    with pytest.raises(ServiceError) as raised:
        run_analysis(db, AnalysisParams())
    assert (raised.value.status, raised.value.code) == (409, "nothing_to_analyse")
    answer = writer.test_client().post("/analysis/runs", json={}, headers={"Authorization": "Bearer s3cret"})
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "nothing_to_analyse"
    assert count_runs(db) == 0


def test_creators_sharing_nothing_are_each_a_cluster_of_their_own(db: Graph) -> None:
    # a, b and c have one fan each, nobody in common, and no mentions.
    seed(db, ["a", "b", "c"], follows=[("fan-a", "a"), ("fan-b", "b"), ("fan-c", "c")])
    summary = run_analysis(db, AnalysisParams())
    assert summary.status == "succeeded"
    assert (summary.counts["links"], summary.counts["clusters"], summary.counts["hubs"]) == (0, 3, 0)
    rows = cluster_summaries(db, limit=10)
    assert sorted(row["size"] for row in rows) == [1, 1, 1]
    assert sorted(row["unique_audience"] for row in rows) == [1, 1, 1]
    assert count_runs(db) == 1
