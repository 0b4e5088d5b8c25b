"""Overlap, simulation, plans and analysis on cleaned audiences, raw and cleaned side by side.

The market (mass_follows lowered to 4; no `since` dates, so no bursts; no engagement rates):
- fitness: fa1..fa8 follow A1; fa1..fa6 follow A2; fa6..fa8 follow A3.
- gaming: gb1..gb5 follow B1, B2 and B3.
- bots x1..x6 follow A3, B1, B2 and B3: 4 creators each, so they are mass followers and become
  `suspicious`; no fan follows more than 3 creators.
Audiences, raw / cleaned: A1 8/8, A2 6/6, A3 9/3, B1..B3 11/5 each. The bots are 6/9 of A3's
audience and 6/11 of each B's, under the 80% mass-follower flag: no creator is flagged, so only
the cleaning (not the flags) changes the answers below.
Followers: B1 90k > B2 80k > B3 70k > A1 60k > A2 50k > A3 40k (the pool order that breaks ties).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from loaders import load_frame
from service.cli.main import main
from service.domain.analysis import AnalysisParams, cluster_summaries, run_analysis
from service.domain.audience import cleaned_overlaps
from service.domain.authenticity import AuthenticityParams, flag_creators
from service.domain.campaigns.plan import PlanRequest, plan
from service.domain.campaigns.segments import hidden_segments
from service.domain.campaigns.simulate import simulate
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from tests.seed import forget_assessment

THRESHOLDS = AuthenticityParams(mass_follows=4)
FOLLOWERS = {"B1": 90_000, "B2": 80_000, "B3": 70_000, "A1": 60_000, "A2": 50_000, "A3": 40_000}
BOTS = [f"x{i}" for i in range(1, 7)]


def market_rows() -> tuple[pd.DataFrame, pd.DataFrame]:
    creators = [{"id": c, "followers": n} for c, n in FOLLOWERS.items()]
    pairs = [(f"fa{i}", "A1") for i in range(1, 9)]
    pairs += [(f"fa{i}", "A2") for i in range(1, 7)]
    pairs += [(f"fa{i}", "A3") for i in range(6, 9)]
    pairs += [(f"gb{i}", b) for i in range(1, 6) for b in ("B1", "B2", "B3")]
    pairs += [(bot, c) for bot in BOTS for c in ("A3", "B1", "B2", "B3")]
    audience = [{"member_id": m, "creator_id": c, "kind": "follows"} for m, c in pairs]
    return pd.DataFrame(creators), pd.DataFrame(audience)


@pytest.fixture(scope="module")
def market(db: Graph) -> Graph:
    creators, audience = market_rows()
    load_frame(db, "creators", creators)
    load_frame(db, "audience", audience)
    return db


@pytest.fixture(scope="module")
def assessed(market: Graph) -> Graph:
    flag_creators(market, THRESHOLDS)
    return market


def status_of(call: Any) -> int:
    with pytest.raises(ServiceError) as raised:
        call()
    return raised.value.status


@pytest.fixture
def unassessed(market: Graph) -> Iterator[Graph]:
    """The market as before any assessment (member marks removed), assessed again afterwards."""
    forget_assessment(market)
    yield market
    flag_creators(market, THRESHOLDS)


def count_runs(graph: Graph) -> int:
    rows = graph.driver.execute_query("MATCH (run:AnalysisRun) RETURN count(run) AS runs").records
    return int(rows[0]["runs"])


def test_cleaned_audiences_need_an_assessment_first(unassessed: Graph, writer: Flask) -> None:
    market = unassessed
    runs_before = count_runs(market)
    assert market.read_one("authenticity.get_assessed") == {"assessed": False}
    assert status_of(lambda: simulate(market, ["A1"], audience="cleaned")) == 409
    assert status_of(lambda: plan(market, PlanRequest(k=1, audience="cleaned"))) == 409
    assert status_of(lambda: run_analysis(market, AnalysisParams(audience="cleaned"))) == 409
    assert status_of(lambda: cleaned_overlaps(market, "A3")) == 409
    client = writer.test_client()
    answer = client.get("/creators/A3/overlap/cleaned")
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "not_assessed"
    auth = {"Authorization": "Bearer s3cret"}
    started = client.post("/analysis/runs", json={"audience": "cleaned"}, headers=auth)
    assert started.status_code == 409 and started.get_json()["error"]["code"] == "not_assessed"
    # Nothing above left a run behind.
    assert count_runs(market) == runs_before


def test_only_the_bots_are_suspicious_and_no_creator_is_flagged(assessed: Graph) -> None:
    rows = assessed.driver.execute_query(
        "MATCH (m:AudienceMember) RETURN m.id AS id, m.suspicious AS suspicious"
    ).records
    assert sorted(r["id"] for r in rows if r["suspicious"]) == BOTS
    assert all(r["suspicious"] is False for r in rows if r["id"] not in BOTS)
    flagged = assessed.driver.execute_query("MATCH (c:Creator) WHERE c.flagged RETURN c.id").records
    assert flagged == []


def test_overlap_side_by_side_puts_bot_made_overlap_last(assessed: Graph, client: FlaskClient) -> None:
    rows = cleaned_overlaps(assessed, "A3")
    got = [(r["id"], r["shared"], r["cleaned_shared"], r["suspicious_shared"]) for r in rows]
    # A3 shares fa6..fa8 with A1, fa6 with A2, and only the six bots with each B.
    assert got == [
        ("A1", 3, 3, 0),
        ("A2", 1, 1, 0),
        ("B1", 6, 0, 6),
        ("B2", 6, 0, 6),
        ("B3", 6, 0, 6),
    ]
    by_id = {r["id"]: r for r in rows}
    # Unions: A1+A3 raw 8+9-3 = 14, cleaned 8+3-3 = 8; B1+A3 raw 11+9-6 = 14, cleaned 5+3-0 = 8.
    assert (by_id["A1"]["jaccard"], by_id["A1"]["cleaned_jaccard"]) == (pytest.approx(3 / 14), 3 / 8)
    assert (by_id["B1"]["jaccard"], by_id["B1"]["cleaned_jaccard"]) == (pytest.approx(6 / 14), 0.0)
    page = client.get("/creators/A3/overlap/cleaned?limit=2").get_json()
    assert [i["id"] for i in page["items"]] == ["A1", "A2"]
    assert (page["truncated"], page["next_offset"]) == (True, 2)
    assert client.get("/creators/nobody/overlap/cleaned").status_code == 404


def test_overlap_cli_prints_both_columns(assessed: Graph, test_settings: Settings) -> None:
    result = CliRunner().invoke(main, ["overlap", "A3", "--json"], obj=test_settings)
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    assert [(i["id"], i["shared"], i["cleaned_shared"]) for i in items][2] == ("B1", 6, 0)
    table = CliRunner().invoke(main, ["overlap", "A3"], obj=test_settings)
    assert table.exit_code == 0
    b1 = next(line for line in table.output.splitlines() if line.startswith("B1 "))
    assert b1.split()[2:5] == ["6", "0", "6"]
    missing = CliRunner().invoke(main, ["overlap", "nobody"], obj=test_settings)
    assert missing.exit_code == 1 and "nobody" in missing.output


def test_simulation_on_cleaned_audiences(assessed: Graph, client: FlaskClient) -> None:
    # B1 + A3 raw: gb1..5, x1..6, fa6..8 = 14 people; exposures 11 + 9 = 20 (the bots twice).
    # Cleaned: gb1..5 + fa6..8 = 8 people, 8 exposures.
    raw = simulate(assessed, ["B1", "A3"])
    cleaned = simulate(assessed, ["B1", "A3"], audience="cleaned")
    assert (raw.unique_reach, raw.impressions, raw.audience) == (14, 20, "raw")
    assert (cleaned.unique_reach, cleaned.impressions, cleaned.audience) == (8, 8, "cleaned")
    assert cleaned.frequency["1"] == 8 and cleaned.frequency["2"] == 0
    assert {c.id: (c.audience, c.exclusive) for c in cleaned.creators} == {"A3": (3, 3), "B1": (5, 5)}
    side = {"raw": {"unique_reach": 14, "impressions": 20}, "cleaned": {"unique_reach": 8, "impressions": 8}}
    assert raw.side_by_side["raw"] == cleaned.side_by_side["raw"] == side["raw"]
    assert raw.side_by_side["cleaned"] == cleaned.side_by_side["cleaned"] == side["cleaned"]
    body = client.post(
        "/campaigns/simulate", json={"creator_ids": ["B1", "A3"], "audience": "cleaned"}
    ).get_json()
    assert (body["unique_reach"], body["audience"]) == (8, "cleaned")
    bad = client.post("/campaigns/simulate", json={"creator_ids": ["B1"], "audience": "bots"})
    assert bad.status_code == 400


def test_plans_on_raw_and_cleaned_audiences_differ_as_stated(assessed: Graph, client: FlaskClient) -> None:
    # Raw: each B reaches 11 (5 fans + 6 bots) > A3 9 > A1 8; B1 leads the pool. Cleaned: A1 8 > A2 6 > B 5.
    raw = plan(assessed, PlanRequest(k=1))
    cleaned = plan(assessed, PlanRequest(k=1, audience="cleaned"))
    assert (raw.creator_ids, raw.objective) == (["B1"], 11)
    assert (cleaned.creator_ids, cleaned.objective) == (["A1"], 8)
    # Side by side: B1 reaches 11 people of whom 5 are real; A1's 8 are all real.
    assert raw.simulation is not None and cleaned.simulation is not None
    assert raw.simulation.side_by_side["cleaned"]["unique_reach"] == 5
    assert cleaned.simulation.side_by_side["raw"]["unique_reach"] == 8
    # k=2: raw B1 then A1 (adds 8) = 19; cleaned A1 then B1 (adds 5; B2, B3 tie behind it) = 13.
    two_raw = plan(assessed, PlanRequest(k=2))
    two_cleaned = plan(assessed, PlanRequest(k=2, audience="cleaned"))
    assert (two_raw.creator_ids, two_raw.objective) == (["B1", "A1"], 19)
    assert (two_cleaned.creator_ids, two_cleaned.objective) == (["A1", "B1"], 13)
    body = client.post("/campaigns/plan", json={"k": 1, "audience": "cleaned"}).get_json()
    assert [p["id"] for p in body["picks"]] == ["A1"]
    assert body["simulation"]["side_by_side"]["raw"]["unique_reach"] == 8


def test_plan_cli_shows_raw_and_cleaned_reach(assessed: Graph, test_settings: Settings) -> None:
    result = CliRunner().invoke(main, ["plan", "--k", "1"], obj=test_settings)
    assert result.exit_code == 0, result.output
    assert "1. B1 (greedy)" in result.output
    assert "raw audiences: reach 11, impressions 11   cleaned: reach 5, impressions 5" in result.output
    cleaned = CliRunner().invoke(main, ["plan", "--k", "1", "--audience", "cleaned"], obj=test_settings)
    assert cleaned.exit_code == 0 and "1. A1 (greedy)" in cleaned.output


def test_segments_on_cleaned_audiences_drop_the_affinity_bots_make(
    assessed: Graph, client: FlaskClient
) -> None:
    # Seed B1. Raw: target = gb1..5 + x1..6 = 11 of 19 members; B2 shares all 11 of its 11
    # (lift 11*19/(11*11) = 1.7273); A3 shares the 6 bots of its 9 (lift 6*19/(11*9) = 1.1515).
    # Cleaned: target = gb1..5 = 5 of 13; B2 lift 5*13/(5*5) = 2.6; A3 shares nobody.
    raw = hidden_segments(assessed, creator_ids=["B1"])
    cleaned = hidden_segments(assessed, creator_ids=["B1"], audience="cleaned")
    assert (raw.target_size, raw.total_members, cleaned.target_size, cleaned.total_members) == (11, 19, 5, 13)
    assert [(c.id, c.shared, c.audience, c.lift) for c in raw.creators] == [
        ("B2", 11, 11, 1.7273),
        ("B3", 11, 11, 1.7273),
        ("A3", 6, 9, 1.1515),
    ]
    assert [(c.id, c.lift) for c in cleaned.creators] == [("B2", 2.6), ("B3", 2.6)]
    body = client.get("/segments?creators=B1&audience=cleaned").get_json()
    assert [c["id"] for c in body["creators"]] == ["B2", "B3"]
    assert client.get("/segments?creators=B1&audience=bots").status_code == 400


def clusters(graph: Graph) -> list[set[str]]:
    groups: dict[int, set[str]] = {}
    for row in graph.read("analysis.stream_current_clusters"):
        groups.setdefault(row["cluster"], set()).add(row["id"])
    return sorted(groups.values(), key=min)


def shared_pairs(graph: Graph) -> dict[tuple[str, str], dict[str, Any]]:
    rows = graph.driver.execute_query(
        "MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator) RETURN a.id AS a, b.id AS b, properties(s) AS p"
    ).records
    return {(row["a"], row["b"]): row["p"] for row in rows}


def test_analysis_on_cleaned_audiences_separates_the_bot_linked_clusters(assessed: Graph) -> None:
    # Raw, the bots tie A3 to every B (Jaccard 6/14 each, against 3/14 to A1): modularity puts A3
    # with the B's (0.232 against 0.180 for {A1, A2, A3} | {B1, B2, B3}, worked by hand).
    raw = run_analysis(assessed, AnalysisParams())
    assert clusters(assessed) == [{"A1", "A2"}, {"A3", "B1", "B2", "B3"}]
    # Unique audiences: fa1..fa8 = 8; fa6..fa8 + gb1..gb5 + x1..x6 = 14.
    assert sorted(row["unique_audience"] for row in cluster_summaries(assessed)) == [8, 14]
    assert shared_pairs(assessed)[("A3", "B1")]["shared"] == 6
    cleaned = run_analysis(assessed, AnalysisParams(audience="cleaned"))
    assert clusters(assessed) == [{"A1", "A2", "A3"}, {"B1", "B2", "B3"}]
    # Cleaned: fa1..fa8 = 8 and gb1..gb5 = 5 (the bots are not counted).
    assert sorted(row["unique_audience"] for row in cluster_summaries(assessed)) == [5, 8]
    assert (raw.counts["members"], cleaned.counts["members"]) == (19, 13)
    assert cleaned.counts["audience"] == "cleaned"
    stored = shared_pairs(assessed)
    assert not any(a.startswith("A") and b.startswith("B") for a, b in stored)
    assert stored[("A1", "A3")]["shared"] == 3 and stored[("A1", "A3")]["jaccard"] == pytest.approx(3 / 8)
    reference = {
        (r["a"], r["b"]): r
        for r in assessed.read("analysis.stream_shared_audience_cypher", min_shared=2, cleaned=True)
    }
    assert set(reference) == set(stored)
    for pair, row in reference.items():
        for key in ("shared", "jaccard", "overlap", "share_a", "share_b", "lift"):
            assert stored[pair][key] == pytest.approx(row[key]), (pair, key)
    run = assessed.read_one("analysis.get_run", run_id=cleaned.run_id)
    assert run is not None and json.loads(run["params"])["audience"] == "cleaned"
