"""The run's links in memory (service/domain/analysis/run_links.py): the join of shared audience
with mentions and its weights, stated by hand; the hub degrees and the projected clustering graph
against what Neo4j holds after a real run on the two groups of test_analysis.py."""

from __future__ import annotations

from typing import Any

import pytest

from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.analysis.run_links import (
    AUDIENCE_COLUMNS,
    AudienceLinks,
    RunLinks,
    diff_shares,
    mention_reach,
)
from service.graph.db import Graph
from tests.test_analysis import ALL_PAIRS, creators, seed_two_groups, shares


def audience_links(links: list[tuple[str, str, float, float | None]]) -> AudienceLinks:
    """Links (a, b, jaccard, affinity) with placeholder counts."""
    columns: dict[str, list[Any]] = {name: [] for name in AUDIENCE_COLUMNS}
    for a, b, jaccard, affinity in links:
        row = dict.fromkeys(AUDIENCE_COLUMNS)
        row.update(a=a, b=b, shared=1, jaccard=jaccard, affinity=affinity)
        for name in AUDIENCE_COLUMNS:
            columns[name].append(row[name])
    return AudienceLinks(columns)


MENTIONS = {"one": ["c", "a", "b", "d"], "two": ["a", "c", "b", "a"], "mentions": [2, 1, 5, 4]}


def test_mentions_join_the_audience_links_both_directions_summed_and_weighed() -> None:
    audience = audience_links([("a", "b", 0.5, 0.4), ("b", "c", 0.2, None)])
    links = RunLinks.combine(audience, MENTIONS, "affinity", 0.5)
    columns = (links.a, links.b, links.weight, links.audience, links.jaccard)
    found = {(a, b): (w, shared, j) for a, b, w, shared, j in zip(*columns, strict=True)}
    assert found == {
        ("a", "b"): (0.4, True, 0.5),  # affinity is the score
        ("a", "c"): (0.5 * 3, False, None),  # mentions alone: c->a twice, a->c once
        ("a", "d"): (0.5 * 4, False, None),
        ("b", "c"): (0.2, True, 0.2),  # no affinity: the Jaccard
    }  # b's mentions of itself do not count
    assert links.a == sorted(links.a)


def test_without_mention_weight_only_audience_links_remain_scored_by_jaccard() -> None:
    audience = audience_links([("a", "b", 0.5, 0.4)])
    links = RunLinks.combine(audience, MENTIONS, "jaccard", 0.0)
    assert (links.a, links.b, links.weight, links.audience) == (["a"], ["b"], [0.5], [True])


def test_a_pair_with_audience_and_mentions_adds_both() -> None:
    links = RunLinks.combine(audience_links([("a", "c", 0.25, 0.1)]), MENTIONS, "jaccard", 0.1)
    assert links.weight[links.b.index("c")] == 0.25 + 0.1 * 3


def test_projection_rows_list_each_creators_larger_partners_in_order() -> None:
    links = RunLinks.combine(
        audience_links([("a", "c", 0.3, None), ("a", "b", 0.5, None)]), {}, "jaccard", 0.0
    )
    assert links.projection_rows() == {"a": {"b": ["b", "c"], "w": [0.5, 0.3]}}


def test_mention_reach_counts_the_other_clusters_on_either_end_of_a_mention() -> None:
    clusters = {"a": 1, "b": 1, "c": 2, "d": 3}
    # c -> a and a -> c: cluster 2 once for a; d -> a: cluster 3; a -> b: its own cluster
    reach = mention_reach(MENTIONS, clusters)
    assert reach == {"a": 2, "c": 1, "d": 1}
    assert mention_reach({}, clusters) == {}


@pytest.fixture
def analysed(db: Graph) -> Graph:
    db.wipe()
    seed_two_groups(db)
    run_analysis(db, ALL_PAIRS)
    return db


def test_hub_degrees_are_the_jaccard_sums_inside_the_cluster(analysed: Graph) -> None:
    found = creators(analysed)
    expected = {creator: 0.0 for creator in found}
    for (a, b), link in shares(analysed).items():
        if found[a]["cluster"] == found[b]["cluster"]:
            expected[a] += link["jaccard"]
            expected[b] += link["jaccard"]
    assert any(value > 0 for value in expected.values())
    assert {c: p["hub_degree"] for c, p in found.items()} == pytest.approx(expected)


def test_the_clustering_graph_holds_every_creator_and_every_link(analysed: Graph) -> None:
    """Projected from memory: as many nodes as creators, each shared-audience or mention pair
    once (twice in the undirected count)."""
    params = AnalysisParams(top_k=100, min_jaccard=0.0, min_shared=1, mention_weight=1.0)
    summary = run_analysis(analysed, params)
    pairs = set(shares(analysed))
    mentioned = analysed.driver.execute_query(
        "MATCH (a:Creator)-[:MENTIONED]-(b:Creator) WHERE a.id < b.id RETURN DISTINCT a.id AS a, b.id AS b"
    ).records
    pairs |= {(row["a"], row["b"]) for row in mentioned}
    assert summary.counts["links"] == len(pairs)
    assert summary.counts["shared_audience_pairs"] == len(shares(analysed))
    assert all(props.get("cluster") is not None for props in creators(analysed).values())


def test_staged_links_read_back_keep_their_nulls_and_order() -> None:
    """stream_run_links answers one list per link; missing values stay None in their column."""
    row = ["b", "c", 3, 0.5, 0.6, 0.7, 0.8, 1.5, None, True, 0.1, 0.01, 0.2]
    links = AudienceLinks.of_lists([row, ["a", "b", *row[2:9], None, None, None, None]])
    assert links.columns["a"] == ["a", "b"]
    assert links.columns["affinity"] == [None, None]
    assert links.columns["estimate"] == [None, True]
    assert [links.columns[name][1] for name in AUDIENCE_COLUMNS] == row


def served_row(element_id: str, a: str, b: str, jaccard: float, estimate: bool | None = False) -> list[Any]:
    return [element_id, a, b, 1, jaccard, None, None, None, None, None, estimate, None, None, None]


def test_publish_changes_only_the_pairs_that_differ() -> None:
    links = audience_links([("a", "b", 0.5, None), ("a", "c", 0.25, None), ("b", "c", 0.75, None)])
    served = [
        served_row("r1", "a", "b", 0.5),  # the same values: left alone
        served_row("r2", "a", "c", 0.2),  # another Jaccard: updated in place
        served_row("r3", "a", "d", 0.1),  # no longer linked: deleted
        served_row("r4", "a", "b", 0.5),  # a second copy of a pair: deleted
    ]
    change = diff_shares(links, served)
    assert sorted(change.gone) == ["r3", "r4"]
    assert change.changed["ids"] == ["r2"] and change.changed["jaccard"] == [0.25]
    assert (change.new["a"], change.new["b"], change.new["jaccard"]) == (["b"], ["c"], [0.75])


def test_an_exact_link_equals_its_served_copy_whose_estimate_is_false() -> None:
    links = audience_links([("a", "b", 0.5, None)])
    assert not diff_shares(links, [served_row("r1", "a", "b", 0.5, estimate=False)]).changed["ids"]
    assert diff_shares(links, [served_row("r1", "a", "b", 0.5, estimate=True)]).changed["ids"] == ["r1"]


def test_a_rerun_on_the_same_data_keeps_every_served_relationship(analysed: Graph) -> None:
    def served_ids() -> dict[tuple[str, str], str]:
        rows = analysed.driver.execute_query(
            "MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator)"
            " RETURN a.id AS a, b.id AS b, elementId(s) AS id"
        ).records
        return {(row["a"], row["b"]): row["id"] for row in rows}

    before, values = served_ids(), shares(analysed)
    run_analysis(analysed, ALL_PAIRS)
    assert served_ids() == before and shares(analysed) == values
    # A stricter filter: fewer pairs, the rest unchanged, and nothing else served.
    run_analysis(analysed, AnalysisParams(top_k=100, min_jaccard=0.5, min_shared=1))
    kept = shares(analysed)
    assert kept and set(kept) < set(values)
    assert all(kept[pair] == values[pair] and served_ids()[pair] == before[pair] for pair in kept)
