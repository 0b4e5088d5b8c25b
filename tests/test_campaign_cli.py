"""The campaign commands through click, against the real graph.

    A (cluster 1) <- m1 m2 m3     B (cluster 1) <- m3 m4     C (cluster 2) <- m4 m5 m6 m7

simulate A B C: m3 and m4 twice, the rest once: unique reach 7, impressions 9, effective reach at
2+ = 2; cluster 1's audience (m1-m4) and cluster 2's (m4-m7) are both fully reached.
plan --k 2 (reach): C (+4), then A (+3: m1 m2 m3; B would add only m3).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from service.cli.main import main
from service.graph.db import Graph
from service.graph.settings import Settings
from tests.campaign_graph import creator, seed


@pytest.fixture(scope="module")
def settings(db: Graph, test_settings: Settings) -> Settings:
    seed(
        db,
        [creator("A", 1, 3_000), creator("B", 1, 2_000), creator("C", 2, 90_000, country="DE")],
        follows={"A": ["m1", "m2", "m3"], "B": ["m3", "m4"], "C": ["m4", "m5", "m6", "m7"]},
    )
    return test_settings


def run(settings: Settings, *args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(main, list(args), obj=settings)
    return outcome.exit_code, outcome.output


def test_simulate_json(settings: Settings) -> None:
    code, output = run(settings, "simulate", "A", "B", "C", "--json", "--frequency", "2")
    assert code == 0, output
    data = json.loads(output)
    assert (data["unique_reach"], data["impressions"], data["effective_reach"]) == (7, 9, 2)
    assert data["average_frequency"] == round(9 / 7, 4)
    assert data["frequency"] == {"1": 5, "2": 2, "3": 0, "4": 0, "5": 0, "6": 0, "7+": 0}
    assert [(c["cluster"], c["reach"], c["audience"]) for c in data["clusters"]] == [(1, 4, 4), (2, 4, 4)]
    assert (
        data["estimated_reach"]["low"]
        <= data["estimated_reach"]["followers"]
        <= data["estimated_reach"]["high"]
    )


def test_simulate_text(settings: Settings) -> None:
    code, output = run(settings, "simulate", "A,B")
    assert code == 0, output
    assert "unique reach: 4 members of the loaded audience" in output
    assert "estimated reach: " in output and " followers (95% interval " in output
    assert "A: audience 3, exclusive 2" in output


def test_plan_json_with_constraints(settings: Settings) -> None:
    code, output = run(settings, "plan", "--k", "2", "--json")
    assert code == 0, output
    assert [(p["id"], p["gain"]) for p in json.loads(output)["picks"]] == [("C", 4), ("A", 3)]
    code, output = run(settings, "plan", "--k", "2", "--tier", "nano", "--json")
    assert [p["id"] for p in json.loads(output)["picks"]] == ["A", "B"]
    code, output = run(settings, "plan", "--k", "1", "--country", "DE", "--require", "B")
    assert code == 0, output
    assert "1. B (required)" in output


def test_segments_and_rank(settings: Settings) -> None:
    code, output = run(settings, "segments", "--cluster", "1", "--min-shared", "1", "--json")
    assert code == 0, output
    # Cluster 1's audience m1-m4 (4 of 7); cluster 2 shares m4 of its 4: lift (1/4) / (4/7) = 0.4375.
    assert json.loads(output)["clusters"] == [{"cluster": 2, "shared": 1, "audience": 4, "lift": 0.4375}]
    code, output = run(settings, "rank", "--goal", "awareness", "--limit", "1")
    assert code == 0, output
    assert output.startswith("1. C ")


def test_errors_name_the_field_and_exit_non_zero(settings: Settings) -> None:
    code, output = run(settings, "simulate", "A", "ghost")
    assert code != 0
    assert "creator_ids: unknown creator id(s): ghost" in output
    code, output = run(settings, "plan", "--k", "0")
    assert code != 0
    assert "k: must be >= 1" in output
    code, output = run(settings, "plan", "--budget", "10")
    assert code != 0
    assert "cost_property" in output
