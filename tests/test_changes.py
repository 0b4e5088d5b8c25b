"""Change between analysis runs, on data altered in a stated way, plus the classification by hand.

Run 1: group A (a1..a4, followed by fa0..fa9) and group B (b1..b4, followed by fb0..fb9); no
member follows both, so A and B are two clusters. Altered: group C (c1..c3, followed by fc0..fc5)
is added, and b5, b6 are added with every fb member following them. Run 2 must show c1..c3, b5 and
b6 as emerging (`new`, `joined_cluster`), C's cluster as `new` (size 3), B's cluster as `grew`
(4 -> 6), A's cluster unchanged, nobody `gone`, nothing split or merged.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from service.cli.main import main
from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.changes import ChangeParams, changes_since, cluster_changes, creator_changes, new_bridges
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from tests.seed import seed

ALL_PAIRS = AnalysisParams(top_k=100, min_jaccard=0.0, min_shared=1)
A, B, C = ["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"], ["c1", "c2", "c3"]


@pytest.fixture
def two_runs(db: Graph) -> tuple[str, str]:
    """A fresh database analysed twice, C and b5, b6 added in between (tests change it further)."""
    db.wipe()
    seed(
        db,
        [*A, *B],
        follows=[(f"fa{i}", c) for i in range(10) for c in A] + [(f"fb{i}", c) for i in range(10) for c in B],
    )
    first = run_analysis(db, ALL_PAIRS).run_id
    seed(
        db,
        [*C, "b5", "b6"],
        follows=[(f"fc{i}", c) for i in range(6) for c in C]
        + [(f"fb{i}", c) for i in range(10) for c in ("b5", "b6")],
    )
    second = run_analysis(db, ALL_PAIRS).run_id
    return first, second


def clusters_now(db: Graph) -> dict[str, int]:
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    return {row["id"]: row["cluster"] for row in rows}


def test_changes_between_the_two_runs_are_the_stated_ones(db: Graph, two_runs: tuple[str, str]) -> None:
    first, second = two_runs
    result = changes_since(db, first)
    assert (result["since"]["id"], result["until"]["id"]) == (first, second)
    emerging = {item["id"]: item["reasons"] for item in result["emerging"]}
    for creator in [*C, "b5", "b6"]:
        assert emerging[creator][:1] == ["new"] and "joined_cluster" in emerging[creator], creator
    assert not any("gone" in item["reasons"] for item in result["waning"])
    assert not any("joined_cluster" in emerging.get(c, []) for c in A + B)  # nobody old moved
    cluster = clusters_now(db)
    by_id = {c["cluster"]: c for c in result["clusters"]}
    assert by_id[cluster["c1"]] == {
        "cluster": cluster["c1"],
        "size_before": 0,
        "size_after": 3,
        "changes": ["new"],
    }
    assert by_id[cluster["b1"]] == {
        "cluster": cluster["b1"],
        "size_before": 4,
        "size_after": 6,
        "changes": ["grew"],
    }
    assert cluster["a1"] not in by_id
    assert changes_since(db, "previous") == result  # "previous" is the run before the current one


def test_runs_keep_their_results_beyond_the_previous_one(db: Graph, two_runs: tuple[str, str]) -> None:
    first, _ = two_runs
    run_analysis(db, ALL_PAIRS)  # a third run: the first is now two runs back and still kept
    assert changes_since(db, first)["since"]["id"] == first
    rows = db.read("changes.list_runs", limit=10)
    assert all(row["scored"] > 0 for row in rows)


def row(
    cluster: int | None, hub: float = 0.0, bridge: float = 0.0, rank: int = 50, is_hub: bool = False
) -> dict[str, Any]:
    return {
        "cluster": cluster,
        "hub_score": hub,
        "is_hub": is_hub,
        "bridge_score": bridge,
        "bridge_rank": rank,
    }


def test_creator_changes_by_hand() -> None:
    before = {
        "up": row(1, hub=0.2, bridge=0.3),
        "down": row(1, hub=0.9, is_hub=True),
        "same": row(2, bridge=0.5),
        "old": row(2),
    }
    after = {
        "up": row(1, hub=0.2, bridge=0.45),
        "down": row(1, hub=0.7),
        "same": row(2, bridge=0.55),
        "fresh": row(3),
    }
    emerging, waning = creator_changes(before, after, ChangeParams(score_change=0.1))
    assert {e["id"]: e["reasons"] for e in emerging} == {
        "fresh": ["new", "joined_cluster"],
        "up": ["bridge_rising"],
    }
    assert {w["id"]: w["reasons"] for w in waning} == {"down": ["hub_falling", "lost_hub"], "old": ["gone"]}


def test_cluster_changes_by_hand() -> None:
    # Cluster 1 (6 creators) splits 3/3 into 1 and 5; clusters 2 (2) and 3 (2) merge into 2;
    # cluster 4 (5) loses 2 creators (shrank 40%); cluster 6 appears.
    before = {
        **{f"p{i}": 1 for i in range(6)},
        "q0": 2,
        "q1": 2,
        "r0": 3,
        "r1": 3,
        **{f"s{i}": 4 for i in range(5)},
    }
    after = {
        **{f"p{i}": 1 for i in range(3)},
        **{f"p{i}": 5 for i in range(3, 6)},
        "q0": 2,
        "q1": 2,
        "r0": 2,
        "r1": 2,
    }
    after |= {f"s{i}": 4 for i in range(3)} | {"t0": 6, "t1": 6}
    got = {c["cluster"]: c for c in cluster_changes(before, after, ChangeParams())}
    assert got[1] == {
        "cluster": 1,
        "size_before": 6,
        "size_after": 3,
        "changes": ["shrank", "split"],
        "into": [1, 5],
    }
    assert got[2] == {
        "cluster": 2,
        "size_before": 2,
        "size_after": 4,
        "changes": ["grew", "merged"],
        "from": [2, 3],
    }
    assert got[3]["changes"] == ["dissolved"] and got[4]["changes"] == ["shrank"]
    assert got[5]["changes"] == ["new"] and got[6]["changes"] == ["new"]


def test_new_bridges_by_hand() -> None:
    # Ranks start at 1; 10 is still among the top 10, 11 is not.
    before = {"rose": row(1, rank=11), "stayed": row(1, rank=1), "edge": row(1, rank=10)}
    after = {
        "rose": row(1, bridge=0.9, rank=3),
        "stayed": row(1, rank=2),
        "fresh": row(2, rank=1),
        "edge": row(1, rank=10),
    }
    found = new_bridges(before, after, ChangeParams(top_bridges=10))
    assert [(b["id"], b["bridge_rank_before"]) for b in found] == [("fresh", None), ("rose", 11)]


def test_http_and_cli(
    db: Graph, two_runs: tuple[str, str], client: FlaskClient, test_settings: Settings
) -> None:
    first, _ = two_runs
    ok = client.get(f"/changes?since={first}")
    assert ok.status_code == 200 and ok.get_json()["since"]["id"] == first
    missing = client.get("/changes")
    assert missing.status_code == 400 and missing.get_json()["error"]["details"][0]["field"] == "since"
    unknown = client.get("/changes?since=nope")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["details"] == {"field": "since"}
    bad_until = client.get(f"/changes?since={first}&until=nope")
    assert bad_until.status_code == 404 and bad_until.get_json()["error"]["details"] == {"field": "until"}
    result = CliRunner().invoke(main, ["changes", "--since", first, "--json"], obj=test_settings)
    assert result.exit_code == 0, result.output
    assert {"c1", "b5"} <= {e["id"] for e in json.loads(result.output)["emerging"]}
    text = CliRunner().invoke(main, ["changes", "--since", "previous"], obj=test_settings)
    assert text.exit_code == 0 and "emerging:" in text.output
    bad = CliRunner().invoke(main, ["changes", "--since", "nope"], obj=test_settings)
    assert bad.exit_code == 1 and "since" in bad.output


def test_a_pruned_run_is_a_409(db: Graph, two_runs: tuple[str, str]) -> None:
    first, _ = two_runs
    db.driver.execute_query("MATCH (:AnalysisRun {id: $id})-[s:SCORED]->() DELETE s", id=first)
    with pytest.raises(ServiceError) as pruned:
        changes_since(db, first)
    assert pruned.value.status == 409 and pruned.value.code == "run_pruned"
