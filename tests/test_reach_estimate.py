"""Reach in followers, extrapolated from the loaded audience sample (service/domain/campaigns/estimate.py).

By hand: one creator's estimate is its followers exactly; creators sharing nobody add up; a
creator with no stated followers counts its loaded audience, and says so. Against a known truth:
a market of 200,000 people whose follows are all known, sampled as a 1% panel 200 times; the
95% interval must hold the true reach in at least 90% of the samples, and the estimates must
centre on it. Through the API: POST /campaigns/simulate answers `estimated_reach`."""

from __future__ import annotations

import numpy as np
import pytest
from flask.testing import FlaskClient

from service.domain.campaigns.estimate import estimate_reach
from service.domain.campaigns.simulate import CreatorReach, Simulation
from service.graph.db import Graph
from tests.seed import seed


def simulation(unique_reach: int, creators: list[tuple[str, int, int]], effective: int = 0) -> Simulation:
    return Simulation(
        creator_ids=[c[0] for c in creators],
        unique_reach=unique_reach,
        impressions=float(sum(c[1] for c in creators)),
        average_frequency=0.0,
        frequency={},
        effective_frequency=3,
        effective_reach=effective,
        weighted=False,
        audience="raw",
        clusters=[],
        creators=[CreatorReach(*c) for c in creators],
        side_by_side={},
    )


def test_by_hand() -> None:
    one = estimate_reach(simulation(150, [("a", 150, 150)]), {"a": 83_000})
    assert (one["followers"], one["low"], one["high"]) == (83_000, 83_000, 83_000)
    assert one["people_per_member"] == pytest.approx(83_000 / 150, abs=0.01)
    apart = estimate_reach(simulation(300, [("a", 100, 100), ("b", 200, 200)]), {"a": 1_000, "b": 4_000})
    assert apart["followers"] == 5_000 and apart["high"] == 5_000 and apart["followers_total"] == 5_000
    # a and b share 50 of their 100 members: 50 exclusive each (10 people per member), 50 shared.
    shared = estimate_reach(simulation(150, [("a", 100, 50), ("b", 100, 50)]), {"a": 1_000, "b": 1_000})
    assert shared["followers"] == 1_500
    assert 1_000 <= shared["low"] < 1_500 < shared["high"] <= 2_000
    unknown = estimate_reach(simulation(10, [("a", 10, 10)]), {"a": None})
    assert unknown["followers"] == 10 and unknown["notes"] == [
        "a: followers unknown; counted as its loaded audience"
    ]


def test_interval_holds_the_true_reach_of_a_sampled_market() -> None:
    rng = np.random.default_rng(11)
    people = 200_000
    # Five creators over two overlapping communities: follows depend on a person's community.
    community = rng.random(people) < 0.6
    rates = [(0.10, 0.01), (0.05, 0.02), (0.02, 0.08), (0.01, 0.12), (0.04, 0.04)]
    follows = np.column_stack(
        [rng.random(people) < np.where(community, inside, outside) for inside, outside in rates]
    )
    followers = {f"c{i}": int(follows[:, i].sum()) for i in range(5)}
    true_reach = int(follows.any(axis=1).sum())
    inside, estimates = 0, []
    for _ in range(200):
        panel = follows[rng.random(people) < 0.01]
        counts = panel.sum(axis=1)
        reached = int((counts > 0).sum())
        creators = [
            (f"c{i}", int(panel[:, i].sum()), int((panel[:, i] & (counts == 1)).sum())) for i in range(5)
        ]
        estimate = estimate_reach(simulation(reached, creators), followers)
        estimates.append(estimate["followers"])
        inside += estimate["low"] <= true_reach <= estimate["high"]
    assert inside >= 180, f"the 95% interval held the truth in {inside} of 200 samples"
    assert abs(np.mean(estimates) / true_reach - 1) < 0.02


def test_simulate_answers_the_estimate(client: FlaskClient, db: Graph) -> None:
    seed(
        db,
        [{"id": "a", "followers": 40_000}, {"id": "b", "followers": 20_000}],
        follows=[("m1", "a"), ("m2", "a"), ("m3", "a"), ("m3", "b"), ("m4", "b")],
    )
    body = client.post("/campaigns/simulate", json={"creator_ids": ["a", "b"]}).get_json()
    assert body["unique_reach"] == 4
    estimated = body["estimated_reach"]
    # a: 3 members, 2 exclusive, 13,333 people each; b: 2 members, 1 exclusive, 10,000 each; m3 is
    # shared, standing for the mean of the two scales: 26,667 + 10,000 + 11,667 = 48,333.
    assert estimated["followers"] == 48_333
    assert 40_000 <= estimated["low"] <= 48_333 <= estimated["high"] <= 60_000
    assert [c["id"] for c in estimated["creators"]] == ["a", "b"]
