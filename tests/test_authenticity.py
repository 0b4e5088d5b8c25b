"""Authenticity flags on a small stated market: who must be flagged, for what, and who must not.

The market (thresholds pinned low so a handful of rows make each signal, and the rarity / chance
limits opened, as 16 creators are too few to calibrate on; see THRESHOLDS; the calibration itself
is tested by hand below and on real data in test_authenticity_real.py):
- bots b1..b4 each follow A, B, C, D and E (5 creators = mass followers), all on 2025-02-02;
  A has 1 other follower, so 4/5 = 80% of A's audience are mass followers -> A is flagged
  `mass_followers`; B..E have 8 other followers each (4/12 = 33%) -> not. The bots arrive in a
  burst, but mass followers never count as burst arrivals, so nobody gets `burst_followers` from them.
- farm accounts f1..f4 follow exactly G and H, all on 2025-01-01 (a burst of 4 >= 3); G and H have
  2 ordinary followers each: 4/6 = 67% burst arrivals -> `burst_followers`; the 4 members they
  share are all farm accounts (share 1.0) -> both `shared_bot_farm`. K and L share 4 ordinary
  followers who arrived on different days -> neither.
- engagement rates of the micro tier A..F: 0.04, 0.05, 0.05, 0.05, 0.06 and F's 0.40. Median 0.05,
  MAD 0.005: F's robust z = 0.6745 * 0.35 / 0.005 = 47.2 -> `engagement_outlier`; 0.04 and 0.06
  are at -+1.35 -> not.
- P1, P2, P3 mention each other 10 times each way -> `engagement_pod` (one pod of three);
  Q1, Q2, Q3 likewise except Q3 -> Q1 only 9 times -> no pod.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from loaders import load_frame
from service.cli.main import main
from service.domain.audience import raw_and_cleaned_reach
from service.domain.authenticity import (
    AuthenticityParams,
    assess_authenticity,
    flag_creators,
    pods_from_triangles,
    robust_z_scores,
)
from service.domain.authenticity_calibration import (
    arrival_baseline,
    mass_threshold,
    poisson_tail,
    rarity,
)
from service.domain.authenticity_params import one_in_of
from service.domain.authenticity_rings import find_pods
from service.domain.campaigns.plan import PlanRequest, plan
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings

THRESHOLDS = AuthenticityParams(
    mass_follows=5, burst_size=3, farm_min_shared=3, pod_mentions=10, mass_rarity=0.1
)
MICRO_RATES = {"A": 0.04, "B": 0.05, "C": 0.05, "D": 0.05, "E": 0.06, "F": 0.40}
NANO = ["G", "H", "K", "L", "P1", "P2", "P3", "Q1", "Q2", "Q3"]
EXPECTED_FLAGS = {
    "A": ["mass_followers"],
    "F": ["engagement_outlier"],
    "G": ["burst_followers", "shared_bot_farm"],
    "H": ["burst_followers", "shared_bot_farm"],
    "P1": ["engagement_pod"],
    "P2": ["engagement_pod"],
    "P3": ["engagement_pod"],
}


def follows(member: str, creator: str, since: str) -> dict[str, str]:
    return {"member_id": member, "creator_id": creator, "kind": "follows", "since": since}


def market_rows() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    creators = [{"id": c, "followers": 20_000, "engagement_rate": r} for c, r in MICRO_RATES.items()]
    creators += [{"id": c, "followers": 1_000, "engagement_rate": None} for c in NANO]
    audience = [follows(f"b{i}", c, "2025-02-02") for i in range(1, 5) for c in "ABCDE"]
    audience.append(follows("a-fan", "A", "2024-03-01"))
    audience += [follows(f"{c}-fan{i}", c, f"2024-0{i}-1{i}") for c in "BCDEF" for i in range(1, 9)]
    audience += [follows(f"f{i}", c, "2025-01-01") for i in range(1, 5) for c in "GH"]
    audience += [follows(f"{c}-fan{i}", c, f"2024-0{i}-05") for c in "GH" for i in (1, 2)]
    audience += [follows(f"kl{i}", c, f"2024-0{i}-07") for i in range(1, 5) for c in "KL"]
    ring = [(a, b, 10) for a in ("P1", "P2", "P3") for b in ("P1", "P2", "P3") if a != b]
    ring += [
        (a, b, 9 if (a, b) == ("Q3", "Q1") else 10)
        for a in ("Q1", "Q2", "Q3")
        for b in ("Q1", "Q2", "Q3")
        if a != b
    ]
    mentions = [{"source_id": a, "target_id": b, "count": n} for a, b, n in ring]
    return pd.DataFrame(creators), pd.DataFrame(audience), pd.DataFrame(mentions)


@pytest.fixture(scope="module")
def market(db: Graph) -> Graph:
    creators, audience, mentions = market_rows()
    load_frame(db, "creators", creators)
    load_frame(db, "audience", audience)
    load_frame(db, "mentions", mentions)
    return db


def test_exactly_the_planted_creators_are_flagged_for_the_planted_reasons(market: Graph) -> None:
    assessments = {a.id: a for a in assess_authenticity(market, THRESHOLDS)}
    flagged = {key: a.flags for key, a in assessments.items() if a.reasons}
    assert flagged == EXPECTED_FLAGS
    a = assessments["A"]
    assert (a.audience, a.mass_followers, a.mass_share) == (5, 4, 0.8)
    assert assessments["B"].mass_share == pytest.approx(4 / 12, abs=1e-4)
    assert assessments["B"].burst_share == 0.0  # the bots' burst is made of mass followers
    assert assessments["G"].burst_share == pytest.approx(4 / 6, abs=1e-4)
    assert assessments["G"].farm_partners == [{"id": "H", "farm_shared": 4, "shared": 4}]
    assert assessments["F"].engagement_z == pytest.approx(0.6745 * 0.35 / 0.005, rel=1e-3)
    assert assessments["E"].engagement_z == pytest.approx(0.6745 * 0.01 / 0.005, rel=1e-3)
    assert assessments["P1"].pods == [["P1", "P2", "P3"]]
    assert assessments["Q1"].pods == []


def test_robust_z_and_pod_joining_by_hand() -> None:
    assert robust_z_scores([1.0, 2.0, 3.0, 4.0, 100.0]) == pytest.approx(
        [-1.349, -0.6745, 0.0, 0.6745, 0.6745 * 97]
    )
    assert robust_z_scores([1.0, 1.0, 1.0, 2.0]) == [0.0, 0.0, 0.0, float("inf")]
    triangles = [["a", "b", "c"], ["b", "c", "d"], ["x", "y", "z"]]
    assert pods_from_triangles(triangles) == [["a", "b", "c", "d"], ["x", "y", "z"]]


def test_flags_are_stored_and_the_planner_leaves_flagged_creators_out(market: Graph) -> None:
    flag_creators(market, THRESHOLDS)
    rows = {r["id"]: r for r in market.read("authenticity.get_authenticity", id="G")}
    assert rows["G"]["flagged"] is True and rows["G"]["flags"] == ["burst_followers", "shared_bot_farm"]
    everyone = [c for c in [*MICRO_RATES, *NANO]]
    default = plan(market, PlanRequest(k=len(everyone), pool_size=100))
    assert not set(default.creator_ids) & set(EXPECTED_FLAGS)
    assert "B" in default.creator_ids
    with_flagged = plan(market, PlanRequest(k=len(everyone), pool_size=100, include_flagged=True))
    assert {"A", "G", "H"} <= set(with_flagged.creator_ids)
    required = plan(market, PlanRequest(k=2, require=("A",)))
    assert required.creator_ids[0] == "A"  # required creators are in even when flagged


def test_http_authenticity_and_the_flag_column(market: Graph, client: FlaskClient) -> None:
    flag_creators(market, THRESHOLDS)
    body = client.get("/creators/F/authenticity").get_json()
    assert body["flagged"] is True and body["flags"] == ["engagement_outlier"]
    assert "0.4" in body["reasons"][0]["message"] and body["tier"] == "micro"
    clean = client.get("/creators/B/authenticity").get_json()
    assert clean["flagged"] is False and clean["reasons"] == []
    items = {c["id"]: c for c in client.get("/creators?limit=100").get_json()["items"]}
    assert items["A"]["flagged"] is True and items["A"]["flags"] == ["mass_followers"]
    assert items["B"]["flagged"] is False and items["B"]["flags"] == []


def test_http_errors(market: Graph, client: FlaskClient) -> None:
    missing = client.get("/creators/nobody/authenticity")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    unknown = client.get("/creators/A/authenticity?bogus=1")
    assert unknown.status_code == 400 and unknown.get_json()["error"]["details"][0]["field"] == "bogus"
    assert client.post("/authenticity", json={}).status_code in (401, 403)  # a write route needs a token


def test_an_unassessed_creator_is_a_409_and_a_bad_threshold_a_400(market: Graph) -> None:
    market.write(
        "authenticity.write_flags", rows=[{"id": "K", "flagged": None, "flags": None, "details": None}]
    )
    from service.domain.authenticity import creator_authenticity

    with pytest.raises(ServiceError) as unassessed:
        creator_authenticity(market, "K")
    assert unassessed.value.status == 409
    with pytest.raises(ServiceError) as bad:
        assess_authenticity(market, AuthenticityParams(mass_share=0))
    assert bad.value.status == 400 and bad.value.details == {"field": "mass_share"}


def test_cli_assesses_and_shows_one_creator(market: Graph, test_settings: Settings) -> None:
    options = ["--mass-follows", "5", "--burst-size", "3", "--farm-min-shared", "3", "--pod-mentions", "10"]
    options += ["--mass-rarity", "0.1"]
    result = CliRunner().invoke(main, ["authenticity", *options, "--json"], obj=test_settings)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert {c["id"]: c["flags"] for c in summary["flagged"]} == EXPECTED_FLAGS
    one = CliRunner().invoke(main, ["authenticity", "--creator", "H"], obj=test_settings)
    assert one.exit_code == 0 and "shared_bot_farm: 4 of the 4 members shared with G" in one.output
    missing = CliRunner().invoke(main, ["authenticity", "--creator", "nobody"], obj=test_settings)
    assert missing.exit_code == 1 and "nobody" in missing.output


def test_reach_on_raw_and_cleaned_audiences(market: Graph, client: FlaskClient) -> None:
    # After flagging, b1..b4 (mass followers) and f1..f4 (burst arrivals) are suspicious.
    # A: b1..b4 + a-fan; G: f1..f4 + G-fan1, G-fan2 -> raw 11 people, cleaned 3.
    flag_creators(market, THRESHOLDS)
    reach = raw_and_cleaned_reach(market, ["G", "A"])
    assert reach["raw"] == {"unique_reach": 11, "impressions": 11}
    assert reach["cleaned"] == {"unique_reach": 3, "impressions": 3}
    assert reach["creators"] == [
        {"id": "A", "audience": 5, "cleaned_audience": 1},
        {"id": "G", "audience": 6, "cleaned_audience": 2},
    ]
    # B: b1..b4 + 8 fans; E likewise; 4 shared bots -> raw 20 people, 24 exposures; cleaned 16, 16.
    body = client.get("/authenticity/reach?creators=B,E").get_json()
    assert (body["raw"], body["cleaned"]) == (
        {"unique_reach": 20, "impressions": 24},
        {"unique_reach": 16, "impressions": 16},
    )
    bad = client.get("/authenticity/reach?creators=B,nobody")
    assert bad.status_code == 400
    assert bad.get_json()["error"]["details"] == {"field": "creators", "unknown": ["nobody"]}
    assert client.get("/authenticity/reach").status_code == 400


def test_the_mass_threshold_is_calibrated_on_the_markets_members() -> None:
    # Last.fm-like: everyone lists about 50 creators; nobody is far above the market.
    lastfm = [
        {"follows": 50, "members": 1800},
        {"follows": 30, "members": 60},
        {"follows": 12, "members": 32},
    ]
    assert mass_threshold(lastfm, 3.5, 4.0, None).mass_members == 0
    # Demo-like: people follow 3-6, bots 60-180 -> the bots, and only them.
    demo = [{"follows": f, "members": 4000} for f in (3, 4, 5, 6)] + [{"follows": 120, "members": 200}]
    found = mass_threshold(demo, 3.5, 4.0, None)
    assert 6 < found.follows <= 120 and found.mass_members == 200 and found.median == 5
    # Over half follow one creator (MAD 0): the mean absolute deviation and 4x the median decide.
    github = [{"follows": 1, "members": 900}, {"follows": 2, "members": 80}, {"follows": 40, "members": 20}]
    assert mass_threshold(github, 3.5, 4.0, None).follows == 4
    assert mass_threshold(github, 3.5, 4.0, 50).follows == 50  # pinned


def test_bursts_are_judged_against_the_creators_own_arrivals() -> None:
    # 365 arrivals over a year (1 a day) and 300 on its biggest day: the rate leaves that day out.
    busy = arrival_baseline({"arrivals": 665, "days": 366, "top_day": 300}, 0.001, None, 1000)
    assert busy.rate == pytest.approx(1.0) and busy.burst_size == 9  # P(X >= 9 | 1) * 366 < 0.001
    assert busy.chance_days(300) < 1e-100
    quiet = arrival_baseline({"arrivals": 12, "days": 700, "top_day": 2}, 0.001, None, 1000)
    assert quiet.burst_size == 3 and quiet.chance_days(quiet.burst_size) <= 0.001
    assert arrival_baseline({"arrivals": 0, "days": None, "top_day": None}, 0.001, None, 1000).days == 0
    assert poisson_tail(2, 1.0) == pytest.approx(1 - 2 / math.e)


def ring_market(ring_strength: int, other_mentions: int) -> list[dict[str, object]]:
    """20 colleagues in a chain of reciprocal triangles (1-3 mentions each way) and one ring
    r1, r2, r3 (ring_strength each way), whose members also mention x other_mentions times."""
    pairs = []
    for i in range(20):
        for j in (i + 1, i + 2):
            if j < 20:
                n = 1 + (i + j) % 3
                pairs += [(f"c{i}", f"c{j}", n), (f"c{j}", f"c{i}", n)]
    ring = ["r1", "r2", "r3"]
    pairs += [(a, b, ring_strength) for a in ring for b in ring if a != b]
    pairs += [(a, "x", other_mentions) for a in ring]
    return [{"source": a, "target": b, "count": n} for a, b, n in pairs]


def test_rings_are_pods_only_beyond_the_markets_reciprocity() -> None:
    pods, baseline = find_pods(ring_market(12, 2), 24, alpha=0.01, share=0.3, permutations=200)
    assert [pod.members for pod in pods] == [["r1", "r2", "r3"]] and pods[0].strength == 12
    assert pods[0].false_alarm_rate <= 0.01 and pods[0].shares["r1"] == pytest.approx(24 / 26, abs=1e-4)
    assert baseline.threshold == 12 and baseline.reciprocal_pairs == 37 + 3
    # A ring no stronger than the colleagues' is ordinary.
    assert find_pods(ring_market(3, 2), 24, alpha=0.01, share=0.3, permutations=200)[0] == []
    # A strong ring that is a small part of its members' mentions is not a pod.
    assert find_pods(ring_market(12, 100), 24, alpha=0.01, share=0.3, permutations=200)[0] == []


def test_a_reason_carries_its_false_alarm_rate() -> None:
    assert one_in_of(1 / 3300) == 3300 and one_in_of(0.0) == 1_000_000_000 and one_in_of(0.5) == 2
    assert rarity([0.0, 0.5, 0.5, 1.0]) == [1.0, 0.75, 0.75, 0.25]
