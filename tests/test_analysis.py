"""The analysis on hand-checkable graphs whose right answers are stated here.

Graph "two groups and a bridge":
- creators a1..a4 ("group A") are all followed by the 10 members fa0..fa9; creators b1..b4 by
  fb0..fb9; creator x by fa0..fa4 and fb0..fb4 (its audience spans both groups);
- `solo` follows a1 only (a one-creator member: pruned, but a1's audience is 11);
- fa0 also ENGAGED_WITH a2 (follows and engages: still one member of a2's audience);
- a2, a3 and a4 mention a1 (a1 is group A's "influencer's influencer"); b1 mentions x.
Hand counts (N = 21 members): shared(a1, a2) = 10, |a1| = 11, |a2| = 10 -> jaccard 10/11,
overlap 1.0, share_a 10/11, share_b 1.0, lift 10 * 21 / 110; shared(a2, a3) = 10 -> jaccard 1,
lift 2.1; shared(a1, x) = 5 -> jaccard 5/16, overlap 0.5, lift 5 * 21 / 110; no a-b pair.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from service.cli.main import main
from service.domain.analysis import AnalysisParams, bridge_scores, cluster_summaries, run_analysis
from service.domain.analysis.partition import match_cluster_ids, merge_communities, partition_modularity
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from tests.seed import seed

A = ["a1", "a2", "a3", "a4"]
B = ["b1", "b2", "b3", "b4"]
FANS_A = [f"fa{i}" for i in range(10)]
FANS_B = [f"fb{i}" for i in range(10)]


def seed_two_groups(db: Graph) -> None:
    follows = [(m, c) for m in FANS_A for c in A] + [(m, c) for m in FANS_B for c in B]
    follows += [(m, "x") for m in FANS_A[:5] + FANS_B[:5]] + [("solo", "a1")]
    seed(
        db,
        [*A, *B, "x"],
        follows=follows,
        engaged=[("fa0", "a2")],
        mentions=[("a2", "a1", 3), ("a3", "a1", 1), ("a4", "a1", 2), ("b1", "x", 1)],
        topics=[(c, "music") for c in A] + [(c, "sport") for c in B] + [("x", "music"), ("x", "sport")],
    )


def creators(db: Graph) -> dict[str, dict[str, Any]]:
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, properties(c) AS p").records
    return {row["id"]: row["p"] for row in rows}


def shares(db: Graph) -> dict[tuple[str, str], dict[str, Any]]:
    rows = db.driver.execute_query(
        "MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator) RETURN a.id AS a, b.id AS b, properties(s) AS p"
    ).records
    return {(row["a"], row["b"]): row["p"] for row in rows}


def runs(db: Graph) -> list[dict[str, Any]]:
    rows = db.driver.execute_query(
        "MATCH (r:AnalysisRun) RETURN properties(r) AS p ORDER BY r.started_at"
    ).records
    return [row["p"] for row in rows]


ALL_PAIRS = AnalysisParams(top_k=100, min_jaccard=0.0, min_shared=1)


@pytest.fixture
def two_groups(db: Graph) -> Graph:
    """A fresh database holding the two groups (each test may change it)."""
    db.wipe()
    seed_two_groups(db)
    return db


@pytest.fixture
def first_run(two_groups: Graph) -> Any:
    """The two groups analysed with every pair kept: the served run."""
    return run_analysis(two_groups, ALL_PAIRS)


def test_overlap_numbers_equal_hand_counts(db: Graph, first_run: Any) -> None:
    pairs = shares(db)
    a1a2 = pairs[("a1", "a2")]
    assert a1a2["shared"] == 10
    assert a1a2["jaccard"] == pytest.approx(10 / 11)
    assert a1a2["overlap"] == pytest.approx(1.0)
    assert a1a2["share_a"] == pytest.approx(10 / 11)
    assert a1a2["share_b"] == pytest.approx(1.0)
    assert a1a2["lift"] == pytest.approx(10 * 21 / 110)
    assert pairs[("a2", "a3")]["jaccard"] == pytest.approx(1.0)
    assert pairs[("a2", "a3")]["lift"] == pytest.approx(2.1)
    a1x = pairs[("a1", "x")]
    assert (a1x["shared"], a1x["jaccard"], a1x["overlap"]) == (5, pytest.approx(5 / 16), pytest.approx(0.5))
    assert a1x["lift"] == pytest.approx(5 * 21 / 110)
    assert not any(a[0] == "a" and b[0] == "b" for a, b in pairs)
    # 6 pairs inside A, 6 inside B, x with each of the 8: stored once per pair.
    assert len(pairs) == 6 + 6 + 8
    assert creators(db)["a1"]["audience_size"] == 11


def test_gds_and_pure_cypher_shared_audience_agree(db: Graph, first_run: Any) -> None:
    reference = {
        (r["a"], r["b"]): r
        for r in db.read("analysis.stream_shared_audience_cypher", min_shared=1, cleaned=False)
    }
    stored = shares(db)
    assert set(reference) == set(stored)
    for pair, row in reference.items():
        for key in ("shared", "jaccard", "overlap", "share_a", "share_b", "lift"):
            assert stored[pair][key] == pytest.approx(row[key]), (pair, key)


def test_the_creator_spanning_both_groups_is_the_top_bridge(db: Graph, first_run: Any) -> None:
    found = creators(db)
    assert max(found, key=lambda c: found[c]["bridge_score"]) == "x"
    assert found["x"]["bridge_rank"] == 0
    assert found["x"]["participation"] > max(found[c]["participation"] for c in A + B)
    assert found["x"]["betweenness"] > max(found[c]["betweenness"] for c in A + B)
    assert found["x"]["constraint"] < min(found[c]["constraint"] for c in A + B)
    assert found["x"]["bridge_clusters_audience"] == 1


def test_the_two_groups_are_two_clusters(db: Graph, first_run: Any) -> None:
    found = creators(db)
    assert len({found[c]["cluster"] for c in A}) == 1
    assert len({found[c]["cluster"] for c in B}) == 1
    assert found["a1"]["cluster"] != found["b1"]["cluster"]
    assert found["x"]["cluster"] in {found["a1"]["cluster"], found["b1"]["cluster"]}


def test_the_most_mentioned_creator_of_a_cluster_is_its_hub(db: Graph, two_groups: Graph) -> None:
    run_analysis(db, AnalysisParams(top_k=100, min_jaccard=0.0, hub_pagerank_weight=1.0))
    found = creators(db)
    assert [c for c in A if found[c]["is_hub"]] == ["a1"]
    assert found["a1"]["hub_score"] == pytest.approx(1.0)
    assert not any(found[c]["is_hub"] for c in B)  # no mentions inside B: no hub by PageRank


def test_the_run_is_recorded_and_current(db: Graph, first_run: Any) -> None:
    current = [r for r in runs(db) if r["current"]]
    assert len(current) == 1
    run = current[0]
    assert run["status"] == "succeeded" and run["finished_at"] >= run["started_at"]
    counts = json.loads(run["counts"])
    assert counts["creators"] == 9 and counts["members"] == 21 and counts["betweenness_mode"] == "exact"
    assert json.loads(run["params"])["seed"] == run["seed"] == 42
    assert 0.0 < run["modularity"] < 1.0
    staged = db.driver.execute_query("MATCH ()-[l:ANALYSIS_LINK]->() RETURN count(l) AS n").records[0]["n"]
    assert staged == 0


def test_same_data_and_params_give_identical_results(db: Graph, two_groups: Graph) -> None:
    run_analysis(db, ALL_PAIRS)
    before_creators, before_shares = creators(db), shares(db)
    run_analysis(db, ALL_PAIRS)
    after = creators(db)
    for creator, props in before_creators.items():
        props = {k: v for k, v in props.items() if k != "analysis_run"}
        assert props == {k: v for k, v in after[creator].items() if k != "analysis_run"}
    assert shares(db) == before_shares


def test_a_failed_run_leaves_the_previous_results_served(db: Graph, two_groups: Graph) -> None:
    run_analysis(db, ALL_PAIRS)
    served_creators, served_shares = creators(db), shares(db)
    served_run = [r["id"] for r in runs(db) if r["current"]]

    def interrupt(message: str) -> None:
        if message.startswith("shared audience"):
            raise RuntimeError("interrupted after the shared-audience step")

    with pytest.raises(RuntimeError, match="interrupted"):
        run_analysis(db, AnalysisParams(top_k=1, min_shared=1), say=interrupt)
    assert creators(db) == served_creators
    assert shares(db) == served_shares
    assert [r["id"] for r in runs(db) if r["current"]] == served_run
    assert runs(db)[-1]["status"] == "failed" and "interrupted" in runs(db)[-1]["error"]
    staged = db.driver.execute_query("MATCH ()-[l:ANALYSIS_LINK]->() RETURN count(l) AS n").records[0]["n"]
    assert staged == 0


def test_cluster_ids_persist_when_the_graph_changes(db: Graph, two_groups: Graph) -> None:
    run_analysis(db, ALL_PAIRS)
    before = {c: p["cluster"] for c, p in creators(db).items()}
    group_c = ["c1", "c2", "c3"]
    seed(db, group_c, follows=[(f"fc{i}", c) for i in range(6) for c in group_c])
    run_analysis(db, ALL_PAIRS)
    after = {c: p["cluster"] for c, p in creators(db).items()}
    assert all(after[c] == before[c] for c in A + B)
    assert len({after[c] for c in group_c}) == 1
    assert after["c1"] not in before.values()


def test_bad_parameters_fail_before_anything_is_written(db: Graph, two_groups: Graph) -> None:
    count = len(runs(db))
    with pytest.raises(ServiceError, match="min_shared=0: must be at least 1"):
        run_analysis(db, AnalysisParams(min_shared=0))
    with pytest.raises(ServiceError, match="algorithm"):
        run_analysis(db, AnalysisParams(algorithm="walktrap"))  # type: ignore[arg-type]
    assert len(runs(db)) == count


def test_cli_analyze_and_explain(db: Graph, two_groups: Graph, test_settings: Settings) -> None:
    group_c = ["c1", "c2", "c3"]
    seed(db, group_c, follows=[(f"fc{i}", c) for i in range(6) for c in group_c])
    result = CliRunner().invoke(main, ["analyze", "--min-jaccard", "0", "--json"], obj=test_settings)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert record["status"] == "succeeded" and record["counts"]["creators"] == 12
    current = [r for r in runs(db) if r["current"]]
    assert current[0]["id"] == record["run_id"]
    explained = CliRunner().invoke(main, ["explain", "x"], obj=test_settings)
    assert explained.exit_code == 0, explained.output
    assert "rank 1 of 12" in explained.output and "betweenness" in explained.output
    unknown = CliRunner().invoke(main, ["explain", "nobody"], obj=test_settings)
    assert unknown.exit_code == 1 and "nobody" in unknown.output
    bad = CliRunner().invoke(main, ["analyze", "--top-k", "0"], obj=test_settings)
    assert bad.exit_code == 1 and "top_k=0" in bad.output


def test_cluster_summary_names_size_hubs_and_neighbours(db: Graph, two_groups: Graph) -> None:
    run_analysis(db, AnalysisParams(top_k=100, min_jaccard=0.0, hub_pagerank_weight=1.0))
    found = creators(db)
    summaries = {
        row["cluster"]: row
        for row in db.read(
            "analysis.get_cluster_summaries", limit=10, cluster=None, cleaned=False, unique_audiences=None
        )
    }
    group_a = summaries[found["a2"]["cluster"]]
    assert group_a["hubs"][0] == "a1"
    assert "music" in group_a["top_topics"]
    b_cluster = found["b2"]["cluster"]
    group_b = summaries[b_cluster]
    b_members = [c for c in found if found[c]["cluster"] == b_cluster]
    assert group_b["size"] == len(b_members)
    # fb0..fb9 (+ fa0..fa4 if x is in B's cluster) -- counted once each
    assert group_b["unique_audience"] == (15 if "x" in b_members else 10)
    assert group_b["neighbours"][0]["cluster"] == found["a2"]["cluster"]


def test_served_summaries_are_those_of_the_run_until_the_next_run(db: Graph, two_groups: Graph) -> None:
    run_analysis(db, AnalysisParams(top_k=100, min_jaccard=0.0))
    live = db.read(
        "analysis.get_cluster_summaries", limit=100, cluster=None, cleaned=False, unique_audiences=None
    )
    assert len(live) >= 2
    assert cluster_summaries(db, limit=100) == live
    assert cluster_summaries(db, limit=1) == live[:1]
    assert cluster_summaries(db, limit=5, cluster=live[1]["cluster"]) == [live[1]]
    assert cluster_summaries(db, limit=5, cluster=10_000) == []
    a_cluster = creators(db)["a1"]["cluster"]
    before = next(row for row in live if row["cluster"] == a_cluster)["unique_audience"]
    seed(db, [], follows=[("late-fan", "a1")])
    try:
        # The graph changed, the served run did not: its summaries stay as they were...
        assert cluster_summaries(db, limit=100) == live
        # ...until the next run summarises the new fan.
        run_analysis(db, AnalysisParams(top_k=100, min_jaccard=0.0))
        a_cluster = creators(db)["a1"]["cluster"]
        after = cluster_summaries(db, limit=5, cluster=a_cluster)[0]["unique_audience"]
        assert after == before + 1
    finally:
        db.driver.execute_query("MATCH (m:AudienceMember {id: 'late-fan'}) DETACH DELETE m")


def test_stable_ids_keep_persisting_clusters_and_never_reuse_retired_ones() -> None:
    previous = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 2}
    # new raw ids are arbitrary; {a,b,c} persists, {d,e} grew by g, f's cluster vanished into h's new one
    current = {"a": 7, "b": 7, "c": 7, "d": 3, "e": 3, "g": 3, "h": 5, "f": 9, "i": 9, "j": 9, "k": 9}
    stable, next_free = match_cluster_ids(current, previous, next_free=3)
    assert stable["a"] == stable["b"] == stable["c"] == 0
    assert stable["d"] == stable["g"] == 1
    # {f, i, j, k} holds only 1 of 4 from old cluster 2 but it is ALL of old cluster 2: it keeps 2
    assert stable["f"] == 2
    assert stable["h"] == 3 and next_free == 4


def test_bridge_score_is_the_weighted_share_of_creators_beaten() -> None:
    rows = [
        {
            "id": "p",
            "bridge_clusters_audience": 2,
            "bridge_clusters_mentions": 0,
            "participation": 0.5,
            "betweenness": 10.0,
            "constraint": 0.2,
        },
        {
            "id": "q",
            "bridge_clusters_audience": 0,
            "bridge_clusters_mentions": 0,
            "participation": 0.0,
            "betweenness": 0.0,
            "constraint": 0.9,
        },
        {
            "id": "r",
            "bridge_clusters_audience": 0,
            "bridge_clusters_mentions": 0,
            "participation": 0.0,
            "betweenness": 0.0,
            "constraint": None,
        },
    ]
    weights = {
        "bridge_clusters_audience": 1.0,
        "bridge_clusters_mentions": 1.0,
        "participation": 1.0,
        "betweenness": 1.0,
        "constraint": 1.0,
    }
    scored = {row["id"]: row for row in bridge_scores(rows, weights)}
    # p beats both others on 4 components (1.0 each) and ties on mentions (0): 4/5
    assert scored["p"]["bridge_score"] == pytest.approx(0.8)
    # q beats r only on constraint (r has none): 0.5 / 5
    assert scored["q"]["bridge_score"] == pytest.approx(0.1)
    assert scored["r"]["bridge_score"] == 0.0
    assert [scored[c]["bridge_rank"] for c in "pqr"] == [0, 1, 2]


def test_the_merge_pass_joins_a_split_clique_but_not_two_cliques() -> None:
    clique = [(a, b, 1.0) for i, a in enumerate("abcd") for b in "abcd"[i + 1 :]]
    other = [(a, b, 1.0) for i, a in enumerate("wxyz") for b in "wxyz"[i + 1 :]]
    links = [*clique, *other, ("d", "w", 1.0)]
    split = {"a": 0, "b": 0, "c": 1, "d": 1, "w": 2, "x": 2, "y": 2, "z": 2}
    merged = merge_communities(split, links, resolution=1.0)
    assert merged["a"] == merged["c"] and merged["a"] != merged["w"]
    # m = 13, two cliques: 2 * (6/13 - (13/26)^2) = 12/13 - 1/2
    assert partition_modularity(merged, links) == pytest.approx(12 / 13 - 0.5)
    # at a tiny resolution everything linked merges into one
    assert len(set(merge_communities(split, links, resolution=0.01).values())) == 1


def test_influence_path_queries(db: Graph, two_groups: Graph) -> None:
    # mentions seeded: a2->a1, a3->a1, a4->a1, b1->x; add a1->b2 and x->a3 for a 3-hop path b1->x->a3->a1
    seed(db, [], mentions=[("a1", "b2", 1), ("x", "a3", 1)])
    path = db.read_one("paths.get_shortest_mention_path", source="b1", target="b2", max_hops=4)
    assert path == {"path": ["b1", "x", "a3", "a1", "b2"], "hops": 4}
    assert db.read_one("paths.get_shortest_mention_path", source="b1", target="b2", max_hops=3) is None
    seed(db, [], mentions=[("x", "a4", 1)])
    paths = db.read("paths.list_all_shortest_mention_paths", source="b1", target="a1", max_hops=3, limit=10)
    assert [p["path"] for p in paths] == [["b1", "x", "a3", "a1"], ["b1", "x", "a4", "a1"]]
    reach = db.read("paths.list_creators_reaching_audience", creator="x", limit=20)
    # x's audience: fa0..fa4 (all also follow a1..a4, and fa0 engages a2) and fb0..fb4 (b1..b4)
    assert {r["id"]: r["shared"] for r in reach} == {c: 5 for c in A + B}
    assert reach[0]["share"] == pytest.approx(0.5)
