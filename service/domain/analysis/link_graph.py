"""Per-creator results computed in memory on the run's weighted clustering graph: placement and
three bridge components (clusters reached by audience, participation, Burt's constraint).

All need only what the clustering step already holds: the links (a, b, weight) it read back, which
of them share audience, and each creator's cluster. Five passes of Cypher over the staged links
did the same (placement, bridge reach, participation with each creator's strength, each link's
shares, then constraint): 5.2 s of a run at 2.1M audience rows (33,387 links), against well under
a second here. tests/test_analysis_congress.py checks participation and constraint against
networkx; tests/test_analysis_placement.py and test_analysis.py the others.

With w_ij the weight of the link i-j (links are undirected here) and strength_i = sum_j w_ij:
- participation_i = 1 - sum over clusters c of (k_c / strength_i)^2, k_c the part of i's strength
  going to creators of cluster c (0 without links);
- placement_i = the share of strength_i going to i's own cluster, rounded to 4 decimals (None
  without strength);
- bridge_clusters_audience_i = the clusters other than i's among the creators it shares audience
  with (links from mentions alone do not count);
- constraint_i = sum over neighbours j of (p_ij + sum over q != i, j of p_iq * p_qj)^2 with
  p_ij = w_ij / strength_i (as networkx.constraint); None without links or strength.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from service.graph.db import Row

Link = tuple[str, str, float]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class LinkGraph:
    """The links seen from both ends: entry e is creator number `me[e]` linked to `other[e]` with
    `weight[e]`, `audience[e]` when the pair shares audience; `ids` names the numbers (sorted
    ids), `strength` sums each creator's weights, `cluster` numbers each creator's cluster."""

    ids: list[str]
    me: IntArray
    other: IntArray
    weight: FloatArray
    audience: npt.NDArray[np.bool_]
    strength: FloatArray
    cluster: IntArray

    @classmethod
    def of(cls, links: Sequence[Link], audience: Sequence[bool], clusters: Mapping[str, Any]) -> LinkGraph:
        """The graph of `links` over the creators of `clusters` (and every linked creator);
        `audience[n]` says whether links[n] shares audience."""
        ids = sorted(set(clusters) | {a for a, _, _ in links} | {b for _, b, _ in links})
        number = {creator: n for n, creator in enumerate(ids)}
        a = np.fromiter((number[link[0]] for link in links), dtype=np.int64, count=len(links))
        b = np.fromiter((number[link[1]] for link in links), dtype=np.int64, count=len(links))
        weight = np.fromiter((link[2] for link in links), dtype=np.float64, count=len(links))
        shares = np.asarray(audience, dtype=np.bool_)
        me, other, both = np.r_[a, b], np.r_[b, a], np.r_[weight, weight]
        strength = np.bincount(me, weights=both, minlength=len(ids)).astype(np.float64)
        _, cluster = np.unique(np.array([str(clusters.get(creator)) for creator in ids]), return_inverse=True)
        return cls(ids, me, other, both, np.r_[shares, shares], strength, cluster.astype(np.int64))

    @property
    def groups(self) -> int:
        """How many clusters `cluster` numbers."""
        return int(self.cluster.max(initial=0)) + 1

    def _cluster_parts(self) -> FloatArray:
        """creators x clusters: the weight of each creator's links going to each cluster."""
        count, groups = len(self.ids), self.groups
        parts = np.bincount(
            self.me * groups + self.cluster[self.other], weights=self.weight, minlength=count * groups
        )
        return parts.astype(np.float64).reshape(count, groups)

    def participation(self) -> FloatArray:
        """Each creator's participation (0 without links)."""
        safe = np.where(self.strength > 0, self.strength, 1.0)
        shares = self._cluster_parts() / safe[:, None]
        return np.where(self.strength > 0, 1.0 - (shares**2).sum(axis=1), 0.0)

    def placement(self) -> FloatArray:
        """Each creator's share of link weight inside its own cluster, rounded half up to 4
        decimals as Cypher's round() did; NaN without strength."""
        inside = self._cluster_parts()[np.arange(len(self.ids)), self.cluster]
        safe = np.where(self.strength > 0, self.strength, 1.0)
        return np.where(self.strength > 0, np.floor(inside / safe * 10_000 + 0.5) / 10_000, np.nan)

    def clusters_reached_by_audience(self) -> IntArray:
        """Each creator's count of other clusters among the creators it shares audience with."""
        theirs = self.cluster[self.other]
        reached = self.audience & (theirs != self.cluster[self.me])
        pairs = np.unique(self.me[reached] * self.groups + theirs[reached])
        return np.bincount(pairs // self.groups, minlength=len(self.ids)).astype(np.int64)

    def constraint(self) -> FloatArray:
        """Each creator's constraint; NaN without links or strength."""
        count = len(self.ids)
        safe = np.where(self.strength > 0, self.strength, 1.0)
        shares = self.weight / safe[self.me]  # p_ij for each (me = i, other = j)
        p = sparse.csr_matrix((shares, (self.me, self.other)), shape=(count, count))
        # (P @ P)[i, j] = sum over q of p_iq * p_qj; q = i or q = j add nothing (no self links).
        indirect = np.asarray((p @ p)[self.me, self.other]).ravel()
        total = np.bincount(self.me, weights=(shares + indirect) ** 2, minlength=count)
        linked = np.bincount(self.me, minlength=count) > 0
        return np.where(linked & (self.strength > 0), total, np.nan)


def by_creator(graph: LinkGraph, values: FloatArray | IntArray) -> dict[str, float | int | None]:
    """{creator id: value} (None for NaN): a query's $map parameter."""
    return {
        creator: None if np.isnan(value) else value
        for creator, value in zip(graph.ids, values.tolist(), strict=True)
    }


def component_rows(
    graph: LinkGraph, participation: FloatArray, constraint: FloatArray, mention_reach: Mapping[str, int]
) -> Row:
    """$scores of analysis.write_link_graph_scores: {id: {strength, bridge_clusters_audience,
    bridge_clusters_mentions, participation, constraint}} (`mention_reach`: the clusters reached
    by mentions, run_links.mention_reach)."""
    reached = graph.clusters_reached_by_audience()
    return {
        creator: {
            "strength": float(graph.strength[n]),
            "bridge_clusters_audience": int(reached[n]),
            "bridge_clusters_mentions": int(mention_reach.get(creator, 0)),
            "participation": float(participation[n]),
            "constraint": None if np.isnan(constraint[n]) else float(constraint[n]),
        }
        for n, creator in enumerate(graph.ids)
    }
