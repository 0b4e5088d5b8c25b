"""Greedy reach is within 1 - 1/e of the best k-set: checked against brute force on random graphs."""

from __future__ import annotations

import itertools
import math
import random

from service.campaigns import PlanRequest, plan
from service.db import Graph
from tests.campaign_graph import creator, seed


def random_audiences(rng: random.Random, creators: int, people: int) -> dict[str, list[str]]:
    return {
        f"c{n}": sorted(rng.sample([f"p{i}" for i in range(people)], rng.randint(3, 12)))
        for n in range(creators)
    }


def best_coverage(audiences: dict[str, list[str]], k: int) -> int:
    """The optimum, by trying every k-set."""
    return max(
        len(set().union(*(audiences[c] for c in chosen))) for chosen in itertools.combinations(audiences, k)
    )


def test_greedy_reach_is_within_1_minus_1_over_e_of_brute_force(db: Graph) -> None:
    rng = random.Random(20261123)
    for _ in range(4):
        db.wipe()
        audiences = random_audiences(rng, creators=10, people=40)
        seed(db, [creator(c, 1, rng.randint(100, 10_000)) for c in audiences], follows=audiences)
        result = plan(db, PlanRequest(goal="reach", k=3))
        chosen = [p.id for p in result.picks]
        covered = len(set().union(*(audiences[c] for c in chosen)))
        assert result.objective == covered == result.simulation.unique_reach  # type: ignore[union-attr]
        assert covered >= (1 - 1 / math.e) * best_coverage(audiences, 3)
        # Each pick added the most any remaining creator could, and reports exactly that gain.
        seen: set[str] = set()
        for n, pick in enumerate(result.picks):
            best = max(len(set(audiences[c]) - seen) for c in audiences if c not in chosen[:n])
            assert pick.gain == len(set(audiences[pick.id]) - seen) == best
            seen |= set(audiences[pick.id])
