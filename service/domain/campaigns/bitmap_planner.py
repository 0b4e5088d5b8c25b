"""The greedy loop of `planner` on the audience index's bitmaps, made lazy: the same picks, fewer
evaluations.

State per goal, as bitmaps of counted (target) members:
- `levels[j-1]` = members reached at least j times, j = 1..f (only j = 1 for reach and bridge);
- `cluster_reach` (bridge) = members reached in each cluster's audience.

Marginal gains are and-not / intersection popcounts: new reach |C - L1|; below the frequency
|C - Lf|; reaching it |C & (L(f-1) - Lf)|; per cluster |(C - L1) & A_k|.

Lazy greedy (Minoux): a candidate keeps the key it had when last evaluated as an upper bound on
its key now, and only the top of a max-heap is re-evaluated; a top whose key is current is the
round's best. For `reach` the key (gain, gain) only shrinks as picks are added (coverage is
submodular). For `frequency` and `bridge` the threshold gain can grow (members move towards the
threshold), so the bound used is (P, P) with P the progress when last evaluated: gain <= progress,
and progress (capped coverage) only shrinks. Ties go to the earlier candidate in the pool, exactly
as `planner._best` (the heap orders equal bounds by pool position), so the picks and every reported
gain equal the eager loop's; tests compare them on every goal.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pyroaring import BitMap

from service.domain.audience_index.index import Bitmap
from service.domain.campaigns.planner import Step


@dataclass(frozen=True)
class BitmapCandidate:
    id: str
    members: Bitmap
    cost: float = 0.0
    required: bool = False


@dataclass
class BitmapObjective:
    """The running state of a goal over bitmaps (see the module docs)."""

    goal: str
    target: Bitmap | None = None
    frequency: int = 3
    min_cluster_reach: int = 1
    cluster_audiences: Mapping[int, Bitmap] = field(default_factory=dict)
    levels: list[BitMap] = field(default_factory=list)
    cluster_reach: dict[int, int] = field(default_factory=dict)
    evaluations: int = 0

    def __post_init__(self) -> None:
        depth = self.frequency if self.goal == "frequency" else 1
        self.levels = [BitMap() for _ in range(depth)]
        self.cluster_reach = dict.fromkeys(self.cluster_audiences, 0)

    def counted(self, members: Bitmap) -> Bitmap:
        return members if self.target is None else members & self.target

    def gain(self, counted: Bitmap) -> tuple[int, int, int]:
        """(goal gain, progress, new reach) of adding a creator whose counted members these are."""
        self.evaluations += 1
        reached = self.levels[0]
        new = counted.difference_cardinality(reached)
        if self.goal == "reach":
            return new, new, new
        if self.goal == "frequency":
            top = self.levels[-1]
            below = counted.difference_cardinality(top)
            if self.frequency == 1:
                return new, below, new
            exactly = self.levels[-2] - top
            return counted.intersection_cardinality(exactly), below, new
        need = self.min_cluster_reach
        fresh = counted - reached
        clusters = progress = 0
        for cluster, audience in self.cluster_audiences.items():
            have = self.cluster_reach[cluster]
            if have >= need:
                continue
            added = fresh.intersection_cardinality(audience)
            if added:
                clusters += have + added >= need
                progress += min(have + added, need) - have
        return clusters, progress, new

    def add(self, counted: Bitmap) -> None:
        if self.goal == "bridge":
            fresh = counted - self.levels[0]
            for cluster, audience in self.cluster_audiences.items():
                self.cluster_reach[cluster] += fresh.intersection_cardinality(audience)
        for depth in range(len(self.levels) - 1, 0, -1):
            self.levels[depth] |= self.levels[depth - 1] & counted
        self.levels[0] |= counted

    def value(self) -> int:
        if self.goal == "reach":
            return len(self.levels[0])
        if self.goal == "frequency":
            return len(self.levels[-1])
        return sum(1 for n in self.cluster_reach.values() if n >= self.min_cluster_reach)


def lazy_greedy_plan(
    candidates: Sequence[BitmapCandidate],
    objective: BitmapObjective,
    k: int | None,
    budget: float | None = None,
) -> list[Step]:
    """`planner.greedy_plan` with lazy evaluation (same steps)."""
    counted = [objective.counted(c.members) for c in candidates]
    steps = [_take(objective, c, counted[n]) for n, c in enumerate(candidates) if c.required]
    spent = sum(c.cost for c in candidates if c.required)
    per_cost = budget is not None
    # (-bound on the key, pool position, round the bound was computed in; -1 = never)
    heap: list[tuple[float, float, int, int]] = [
        (-float("inf"), -float("inf"), n, -1) for n, c in enumerate(candidates) if not c.required
    ]
    heapq.heapify(heap)
    round_no = 0
    while heap and (k is None or len(steps) < k):
        best: int | None = None
        while heap:
            neg_gain, neg_progress, n, evaluated = heap[0]
            candidate = candidates[n]
            if budget is not None and spent + candidate.cost > budget:
                heapq.heappop(heap)  # spending only grows: it never fits again
                continue
            if evaluated == round_no:
                if (-neg_gain, -neg_progress) > (0.0, 0.0):
                    best = n
                break
            gain, progress, _ = objective.gain(counted[n])
            scale = 1.0 / max(candidate.cost, 1e-9) if per_cost else 1.0
            heapq.heapreplace(heap, (-gain * scale, -progress * scale, n, round_no))
        if best is None:
            break
        heapq.heappop(heap)
        steps.append(_take(objective, candidates[best], counted[best]))
        spent += candidates[best].cost
        round_no += 1
        if objective.goal != "reach":
            heap = [_relax(entry) for entry in heap]
            heapq.heapify(heap)
    return steps


def _relax(entry: tuple[float, float, int, int]) -> tuple[float, float, int, int]:
    """After a pick, a frequency/bridge key's bound is (progress, progress): see the module docs."""
    _, neg_progress, n, evaluated = entry
    if evaluated < 0:
        return entry
    return (neg_progress, neg_progress, n, evaluated)


def _take(objective: BitmapObjective, candidate: BitmapCandidate, counted: Bitmap) -> Step:
    gain, progress, new_reach = objective.gain(counted)
    objective.add(counted)
    return Step(candidate.id, gain, progress, new_reach, objective.value(), candidate.required)
