"""Engagement pods: reciprocal mention rings that are stronger than this market's reciprocity.

A ring is a triangle of creators who each mention the other two; its strength is the smallest
two-way count among its three pairs (`min(a->b, b->a)`). Real markets have rings of colleagues
(a congress, a blog scene); what a pod adds is strength no ordinary ring reaches. The baseline
shuffles the market's reciprocal counts over its reciprocal pairs (the pair graph stays as it
is) `permutations` times and counts how many creators end up in a ring at least that strong:
that share is the false-alarm rate of the strength. A ring is a pod when its strength's rate is
at most `alpha` (or, pinned, when its strength is at least `pod_mentions`) and every creator of it
sends at least `share` of its mentions to the two others. Triangles sharing a creator join.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from service.graph.db import Row

SEED = 18  # the shuffles are deterministic: the same market gives the same flags


@dataclass
class Pod:
    """Creators joined by flagged rings; `shares`: each one's share of mentions sent to the pod."""

    members: list[str]
    strength: int
    false_alarm_rate: float
    shares: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RingBaseline:
    """What the market's reciprocal mentions look like, for the evidence."""

    pairs: int
    reciprocal_pairs: int
    rings: int
    threshold: int | None

    def evidence(self) -> dict[str, float | int | None]:
        return {
            "mention_pairs": self.pairs,
            "reciprocal_pairs": self.reciprocal_pairs,
            "reciprocity": round(2 * self.reciprocal_pairs / self.pairs, 4) if self.pairs else 0.0,
            "rings_in_market": self.rings,
            "strength_threshold": self.threshold,
        }


def find_pods(
    pairs: Sequence[Row],
    creators: int,
    *,
    alpha: float,
    share: float,
    permutations: int,
    fixed: int | None = None,
) -> tuple[list[Pod], RingBaseline]:
    """Pods from mention pairs (`source`, `target`, `count`: counts summed over kinds, no self
    mentions) in a market of `creators` creators."""
    counts = {(row["source"], row["target"]): int(row["count"]) for row in pairs}
    sent: dict[str, int] = defaultdict(int)
    for (source, _), count in counts.items():
        sent[source] += count
    mutual = {
        (a, b): min(count, counts[(b, a)]) for (a, b), count in counts.items() if a < b and (b, a) in counts
    }
    triangles = _triangles(mutual)
    baseline = RingBaseline(len(counts), len(mutual), len(triangles), None)
    if not triangles:
        return [], baseline
    keys = list(mutual)
    number = {key: i for i, key in enumerate(keys)}
    strengths = np.array([mutual[key] for key in keys], dtype=np.int64)
    edges = np.array([[number[(a, b)], number[(a, c)], number[(b, c)]] for a, b, c in triangles])
    names = sorted({name for triangle in triangles for name in triangle})
    index = {name: i for i, name in enumerate(names)}
    nodes = np.array([[index[name] for name in triangle] for triangle in triangles])
    observed = strengths[edges].min(axis=1)
    rates = _shuffled_rates(strengths, edges, nodes, np.unique(observed), creators, permutations)
    if fixed is not None:
        threshold: int | None = fixed
    else:
        passing = [t for t, rate in sorted(rates.items()) if rate <= alpha]
        threshold = passing[0] if passing else None
    baseline = RingBaseline(len(counts), len(mutual), len(triangles), threshold)
    if threshold is None:
        return [], baseline
    strong = []
    for triangle, strength in zip(triangles, observed.tolist(), strict=True):
        if strength >= threshold and all(
            _share_to(counts, sent, me, [o for o in triangle if o != me]) >= share for me in triangle
        ):
            strong.append((triangle, int(strength)))
    pods = []
    for members in pods_from_triangles([list(t) for t, _ in strong]):
        inside = set(members)
        strength = min(s for t, s in strong if inside.issuperset(t))
        rate = _rate_at(rates, strength)
        shares = {
            me: round(_share_to(counts, sent, me, [o for o in members if o != me]), 4) for me in members
        }
        pods.append(Pod(members, strength, rate, shares))
    return pods, baseline


def _triangles(mutual: dict[tuple[str, str], int]) -> list[tuple[str, str, str]]:
    """Every triangle (a < b < c) of the reciprocal-pair graph."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in mutual:
        neighbours[a].add(b)
        neighbours[b].add(a)
    return sorted((a, b, c) for a, b in mutual for c in neighbours[a] & neighbours[b] if c > b)


def _shuffled_rates(
    strengths: np.ndarray,
    edges: np.ndarray,
    nodes: np.ndarray,
    thresholds: np.ndarray,
    creators: int,
    permutations: int,
) -> dict[int, float]:
    """Per observed ring strength t: the mean share of the market's creators in a ring of
    strength >= t when the reciprocal counts are shuffled over the reciprocal pairs."""
    rng = np.random.default_rng(SEED)
    totals = np.zeros(len(thresholds))
    for _ in range(permutations):
        weakest = rng.permutation(strengths)[edges].min(axis=1)
        for i, t in enumerate(thresholds):
            totals[i] += len(np.unique(nodes[weakest >= t]))
    return {
        int(t): float(total) / permutations / max(creators, 1)
        for t, total in zip(thresholds, totals, strict=True)
    }


def _rate_at(rates: dict[int, float], strength: int) -> float:
    known = [t for t in rates if t <= strength]
    return rates[max(known)] if known else 1.0


def _share_to(
    counts: dict[tuple[str, str], int], sent: dict[str, int], me: str, others: Sequence[str]
) -> float:
    """The share of `me`'s mentions that go to `others`."""
    total = sent.get(me, 0)
    return sum(counts.get((me, other), 0) for other in others) / total if total else 0.0


def pods_from_triangles(triangles: Sequence[Sequence[str]]) -> list[list[str]]:
    """Join mention-ring triangles that share a creator into pods (sorted lists, sorted)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for triangle in triangles:
        for other in triangle[1:]:
            parent[root(other)] = root(triangle[0])
    groups: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        groups[root(node)].append(node)
    return sorted(sorted(group) for group in groups.values())
