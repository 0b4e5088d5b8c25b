"""congress-twitter (475 members, mentions as the only edges): clusters against party and against
leidenalg on the same graph, betweenness against networkx's exact values, constraint against
networkx. The reference graph is built here from the CSV, independently of the database."""

from __future__ import annotations

import statistics
from typing import Any

import igraph as ig
import leidenalg
import networkx as nx
import pytest
from sklearn.metrics import normalized_mutual_info_score

from service.domain.analysis import AnalysisParams, run_analysis
from service.graph.db import Graph
from tests.datasets import congress_members, congress_mentions, seed_congress

SEED = 42


@pytest.fixture(scope="module")
def reference() -> nx.Graph:
    """Undirected graph of all members; weight = directed mention edges between the pair (1 or 2)."""
    graph = nx.Graph()
    graph.add_nodes_from(congress_members()["creator"])
    for source, target in congress_mentions().itertuples(index=False, name=None):
        weight = graph.get_edge_data(source, target, {"weight": 0})["weight"]
        graph.add_edge(source, target, weight=weight + 1)
    return graph


@pytest.fixture(scope="module")
def seeded(db: Graph) -> Graph:
    seed_congress(db)
    return db


def clusters(db: Graph) -> dict[str, Any]:
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, properties(c) AS p").records
    return {row["id"]: row["p"] for row in rows}


def leidenalg_partition(graph: nx.Graph, resolution: float, seed: int = SEED) -> dict[str, int]:
    order = list(graph.nodes)
    index = {node: i for i, node in enumerate(order)}
    igraph = ig.Graph(n=len(order), edges=[(index[a], index[b]) for a, b in graph.edges])
    igraph.es["weight"] = [w for _, _, w in graph.edges(data="weight")]
    partition = leidenalg.find_partition(
        igraph,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        resolution_parameter=resolution,
        seed=seed,
    )
    return {order[i]: community for i, community in enumerate(partition.membership)}


def nmi_against_party(assignment: dict[str, int]) -> float:
    members = congress_members()
    return float(
        normalized_mutual_info_score(members["party_ianw2560"], [assignment[c] for c in members["creator"]])
    )


def modularity(graph: nx.Graph, assignment: dict[str, int]) -> float:
    groups: dict[int, set[str]] = {}
    for node, community in assignment.items():
        groups.setdefault(community, set()).add(node)
    return float(nx.community.modularity(graph, groups.values(), weight="weight"))


@pytest.mark.parametrize("resolution", [1.0, 0.5])
def test_party_nmi_is_within_005_of_leidenalg(seeded: Graph, reference: nx.Graph, resolution: float) -> None:
    run_analysis(seeded, AnalysisParams(mention_weight=1.0, resolution=resolution, seed=SEED))
    ours = {creator: props["cluster"] for creator, props in clusters(seeded).items()}
    # leidenalg's NMI depends on its seed here (at 0.5: 0.84 with seed 0, 0.59-0.62 with most
    # others), so "what leidenalg gets" is its median over seeds 0..9.
    theirs_nmi = statistics.median(
        nmi_against_party(leidenalg_partition(reference, resolution, seed)) for seed in range(10)
    )
    ours_nmi = nmi_against_party(ours)
    print(f"resolution {resolution}: NMI ours {ours_nmi:.3f} leidenalg median {theirs_nmi:.3f}")
    assert ours_nmi >= theirs_nmi - 0.05
    if resolution == 1.0:
        theirs = leidenalg_partition(reference, resolution)
        ours_q, theirs_q = modularity(reference, ours), modularity(reference, theirs)
        print(f"modularity ours {ours_q:.4f} leidenalg {theirs_q:.4f}")
        assert ours_q >= 0.97 * theirs_q


def test_betweenness_equals_networkx_exact(seeded: Graph, reference: nx.Graph) -> None:
    summary = run_analysis(seeded, AnalysisParams(mention_weight=1.0, seed=SEED))
    assert summary.counts["betweenness_mode"] == "exact"
    expected = nx.betweenness_centrality(reference, normalized=False)
    found = clusters(seeded)
    for creator, value in expected.items():
        assert found[creator]["betweenness"] == pytest.approx(value, rel=1e-6, abs=1e-6), creator


def test_constraint_and_participation_equal_networkx(seeded: Graph, reference: nx.Graph) -> None:
    run_analysis(seeded, AnalysisParams(mention_weight=1.0, seed=SEED))
    found = clusters(seeded)
    expected = nx.constraint(reference, weight="weight")
    for creator, value in expected.items():
        if reference.degree(creator) == 0:
            assert found[creator].get("constraint") is None
        else:
            assert found[creator]["constraint"] == pytest.approx(value, rel=1e-9), creator
    for creator in reference.nodes:
        strength = reference.degree(creator, weight="weight")
        per_cluster: dict[int, float] = {}
        for neighbour in reference.neighbors(creator):
            cluster = found[neighbour]["cluster"]
            per_cluster[cluster] = per_cluster.get(cluster, 0.0) + reference[creator][neighbour]["weight"]
        participation = 1 - sum((k / strength) ** 2 for k in per_cluster.values()) if strength else 0.0
        assert found[creator]["participation"] == pytest.approx(participation, abs=1e-12), creator
