"""Two bridge components computed in memory on the run's weighted clustering graph: participation
and Burt's constraint.

Both need only what the clustering step already holds: the links (a, b, weight) it read back and
each creator's cluster. Three passes of Cypher over the staged links did the same (participation
with each creator's strength, each link's shares, then constraint): 3.8 s of a run at 2.1M
audience rows (33,387 links), against well under a second here. tests/test_analysis_congress.py
checks both against networkx.

With w_ij the weight of the link i-j (links are undirected here) and strength_i = sum_j w_ij:
- participation_i = 1 - sum over clusters c of (k_c / strength_i)^2, k_c the part of i's strength
  going to creators of cluster c (0 without links);
- constraint_i = sum over neighbours j of (p_ij + sum over q != i, j of p_iq * p_qj)^2 with
  p_ij = w_ij / strength_i (as networkx.constraint); None without links or strength.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    `weight[e]`; `ids` names the numbers (sorted ids), `strength` sums each creator's weights."""

    ids: list[str]
    me: IntArray
    other: IntArray
    weight: FloatArray
    strength: FloatArray

    @classmethod
    def of(cls, links: Sequence[Link], creators: Iterable[str]) -> LinkGraph:
        """The graph of `links` over `creators` (and every linked creator)."""
        ids = sorted(set(creators) | {a for a, _, _ in links} | {b for _, b, _ in links})
        number = {creator: n for n, creator in enumerate(ids)}
        a = np.fromiter((number[link[0]] for link in links), dtype=np.int64, count=len(links))
        b = np.fromiter((number[link[1]] for link in links), dtype=np.int64, count=len(links))
        weight = np.fromiter((link[2] for link in links), dtype=np.float64, count=len(links))
        me, other, both = np.r_[a, b], np.r_[b, a], np.r_[weight, weight]
        strength = np.bincount(me, weights=both, minlength=len(ids)).astype(np.float64)
        return cls(ids, me, other, both, strength)

    def participation(self, clusters: Mapping[str, Any]) -> FloatArray:
        """Each creator's participation (0 without links); `clusters` maps ids to clusters."""
        _, cluster_number = np.unique(
            np.array([str(clusters.get(creator)) for creator in self.ids]), return_inverse=True
        )
        count, groups = len(self.ids), int(cluster_number.max(initial=0)) + 1
        parts = np.bincount(
            self.me * groups + cluster_number[self.other], weights=self.weight, minlength=count * groups
        ).reshape(count, groups)
        safe = np.where(self.strength > 0, self.strength, 1.0)
        return np.where(self.strength > 0, 1.0 - ((parts / safe[:, None]) ** 2).sum(axis=1), 0.0)

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


def score_rows(graph: LinkGraph, participation: FloatArray, constraint: FloatArray) -> Row:
    """$scores of analysis.write_link_graph_scores: {id: {strength, participation, constraint}}."""
    return {
        creator: {
            "strength": float(graph.strength[n]),
            "participation": float(participation[n]),
            "constraint": None if np.isnan(constraint[n]) else float(constraint[n]),
        }
        for n, creator in enumerate(graph.ids)
    }
