"""The greedy loop of campaign planning, in memory, over audience sets fetched once from Neo4j.

Every goal is a coverage-type objective over audience members (small integers):

- `reach`: the number of distinct target members reached. Greedy max coverage: each step takes the
  creator adding the most new members, which is within 1 - 1/e of the best k-set.
- `frequency`: the number of target members reached at least `frequency` times. A threshold count
  alone gives no signal until members are near the threshold, so each step ranks candidates first by
  that gain and then by `progress`, the exposures that still count towards the threshold (the
  capped-coverage objective sum(min(exposures, f)), which is submodular).
- `bridge`: the number of clusters whose audience the plan reaches with at least `min_cluster_reach`
  members; ties broken by `progress`, the reach that still counts towards those minimums.

Ties go to the earlier candidate in the pool (the pool comes best first: most target members
reached, then most followers). With a budget, candidates are ranked by gain per unit of cost
(cost-effective greedy) and one that no longer fits is skipped. Required creators are taken first,
in pool order, and their gains are reported like any other pick.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

GOALS = ("reach", "frequency", "bridge")


@dataclass(frozen=True)
class Candidate:
    """A creator the planner may pick: its audience as member numbers, and its cost (budget plans)."""

    id: str
    members: frozenset[int]
    cost: float = 0.0
    required: bool = False


@dataclass(frozen=True)
class Step:
    """One pick with its marginal gains: `gain` on the goal, `progress` towards it, `new_reach`."""

    id: str
    gain: int
    progress: int
    new_reach: int
    total: int
    required: bool


@dataclass
class Objective:
    """The running state of a goal: what the picks so far have reached."""

    goal: str
    target: frozenset[int] | None = None
    frequency: int = 3
    min_cluster_reach: int = 1
    member_clusters: Mapping[int, Sequence[int]] = field(default_factory=dict)
    exposures: Counter[int] = field(default_factory=Counter)
    cluster_reach: Counter[int] = field(default_factory=Counter)

    def counted(self, members: frozenset[int]) -> frozenset[int]:
        """The members that count: all of them, or only the target audience's."""
        return members if self.target is None else members & self.target

    def gain(self, members: frozenset[int]) -> tuple[int, int, int]:
        """(goal gain, progress, new reach) of adding a creator with these members."""
        counted = self.counted(members)
        new = [m for m in counted if self.exposures[m] == 0]
        if self.goal == "reach":
            return len(new), len(new), len(new)
        if self.goal == "frequency":
            below = [m for m in counted if self.exposures[m] < self.frequency]
            reaching = sum(1 for m in below if self.exposures[m] == self.frequency - 1)
            return reaching, len(below), len(new)
        added = Counter(c for m in new for c in self.member_clusters.get(m, ()))
        need = self.min_cluster_reach
        clusters = sum(
            1 for c, n in added.items() if self.cluster_reach[c] < need <= self.cluster_reach[c] + n
        )
        progress = sum(
            min(self.cluster_reach[c] + n, need) - min(self.cluster_reach[c], need) for c, n in added.items()
        )
        return clusters, progress, len(new)

    def add(self, members: frozenset[int]) -> None:
        for m in self.counted(members):
            if self.exposures[m] == 0:
                self.cluster_reach.update(self.member_clusters.get(m, ()))
            self.exposures[m] += 1

    def value(self) -> int:
        """The goal's current value: members reached, members at the frequency, clusters reached."""
        if self.goal == "reach":
            return sum(1 for n in self.exposures.values() if n > 0)
        if self.goal == "frequency":
            return sum(1 for n in self.exposures.values() if n >= self.frequency)
        return sum(1 for n in self.cluster_reach.values() if n >= self.min_cluster_reach)


def greedy_plan(
    candidates: Iterable[Candidate],
    objective: Objective,
    k: int | None,
    budget: float | None = None,
) -> list[Step]:
    """Pick up to `k` creators (and within `budget`, if given), required ones first, then greedily.

    Stops early when no candidate adds anything to the goal or its progress.
    """
    pool = list(candidates)
    steps = [_take(objective, c) for c in pool if c.required]
    spent = sum(c.cost for c in pool if c.required)
    rest = [c for c in pool if not c.required]
    while rest and (k is None or len(steps) < k):
        affordable = [c for c in rest if budget is None or spent + c.cost <= budget]
        best = _best(objective, affordable, budget is not None)
        if best is None:
            break
        steps.append(_take(objective, best))
        spent += best.cost
        rest.remove(best)
    return steps


def _best(objective: Objective, pool: Sequence[Candidate], per_cost: bool) -> Candidate | None:
    """The candidate with the largest (gain, progress) - per unit of cost with a budget; ties: pool order."""
    best: Candidate | None = None
    best_key: tuple[float, float] = (0.0, 0.0)
    for candidate in pool:
        gain, progress, _ = objective.gain(candidate.members)
        scale = 1.0 / max(candidate.cost, 1e-9) if per_cost else 1.0
        key = (gain * scale, progress * scale)
        if key > best_key:
            best, best_key = candidate, key
    return best


def _take(objective: Objective, candidate: Candidate) -> Step:
    gain, progress, new_reach = objective.gain(candidate.members)
    objective.add(candidate.members)
    return Step(candidate.id, gain, progress, new_reach, objective.value(), candidate.required)
