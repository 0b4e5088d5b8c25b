"""Campaign results: loading with the loaders' validation, and report figures computed by hand.

Graph: k1 (10,000 followers, cluster 1) followed by m1, m2, m3; k2 (40,000, cluster 2) followed by
m3, m4; k3 (cluster 1, not in the campaign) followed by m5.
Campaign c1 (2025-03-01..31): k1 posts p1 (03-05; 100 likes, 20 comments, 10 shares, 2,000 views,
cost 500) and p2 (03-10; 50/5/5, 1,000 views, cost 300); k2 posts p3 (03-07; 300/50/50, 8,000
views, no cost). Outcomes: k1 100 clicks / 10 orders / 400 EUR, p2 (so k1) 50 / 5 / 200, k2 200 /
8 / 320. UGC: m1 on 03-06 and again 03-20 (after k1's first post: sparked by k1, counted once),
m3 on 03-08 (after both k1's and k2's first posts: both, once in the total), m4 on 03-06 (before
k2's first post: not sparked), m5 on 03-10 (follows no campaign creator: not sparked).

By hand, k1: engagements 190, views 3,000 -> engagement rate 0.063333; 150 clicks, 15 orders ->
conversion 0.1; revenue 600 -> 60 per 1k followers; cost 800 -> 53.333333 per order, 266.666667
per 1k views, ROAS 0.75; UGC 2. k2: 400 / 8,000 = 0.05; 8 / 200 = 0.04; 320 -> 8 per 1k; no cost;
UGC 1. Total: 590 / 11,000 = 0.053636; 23 / 350 = 0.065714; 920 -> 18.4 per 1k; cost unknown (k2
has none); UGC 2 (m1, m3). Plan: unique reach 4 (m1..m4), impressions 5, average frequency 1.25.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from loaders.campaign_results import load_campaign_results
from loaders.errors import LoadRejected
from service.cli.main import main
from service.domain.campaigns.results import campaign_report
from service.graph.db import Graph
from service.graph.settings import Settings
from tests.seed import seed

CAMPAIGNS = "id,name,brand,start,end\nc1,Spring,Acme,2025-03-01,2025-03-31\n"
POSTS = """id,campaign_id,creator_id,url,posted_at,likes,comments,shares,views,cost
p1,c1,k1,https://x/p1,2025-03-05T10:00:00Z,100,20,10,2000,500
p2,c1,k1,https://x/p2,2025-03-10T10:00:00Z,50,5,5,1000,300
p3,c1,k2,https://x/p3,2025-03-07T10:00:00Z,300,50,50,8000,
"""
OUTCOMES = """campaign_id,creator_id,post_id,clicks,orders,revenue,currency,member_id,posted_at
c1,k1,,100,10,400,EUR,,
c1,,p2,50,5,200,EUR,,
c1,k2,,200,8,320,EUR,,
c1,,,,,,,m1,2025-03-06T12:00:00Z
c1,,,,,,,m1,2025-03-20T12:00:00Z
c1,,p3,,,,,m3,2025-03-08T12:00:00Z
c1,,,,,,,m4,2025-03-06T12:00:00Z
c1,,,,,,,m5,2025-03-10T12:00:00Z
"""


def write_files(
    folder: Path, campaigns: str = CAMPAIGNS, posts: str = POSTS, outcomes: str = OUTCOMES
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("campaigns", campaigns), ("posts", posts), ("outcomes", outcomes)):
        (folder / f"{name}.csv").write_text(text)
    return folder


@pytest.fixture
def loaded(db: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """A fresh database with three creators and the campaign loaded (twice: no change)."""
    db.wipe()
    seed(
        db,
        [
            {"id": "k1", "followers": 10_000, "cluster": 1},
            {"id": "k2", "followers": 40_000, "cluster": 2},
            {"id": "k3", "followers": 5_000, "cluster": 1},
        ],
        follows=[("m1", "k1"), ("m2", "k1"), ("m3", "k1"), ("m3", "k2"), ("m4", "k2"), ("m5", "k3")],
    )
    folder = write_files(tmp_path_factory.mktemp("campaign"))
    assert load_campaign_results(db, folder) == {
        "merge_campaigns": 1,
        "merge_posts": 3,
        "set_results": 2,
        "merge_ugc": 4,
    }
    load_campaign_results(db, folder)  # loading twice changes nothing
    return db


def test_report_figures_equal_the_hand_computed_ones(loaded: Graph) -> None:
    report = campaign_report(loaded, "c1")
    assert report["campaign"] == {
        "id": "c1",
        "name": "Spring",
        "brand": "Acme",
        "start": "2025-03-01",
        "end": "2025-03-31",
    }
    assert report["currency"] == "EUR"
    k1, k2 = report["creators"]
    assert (k1["id"], k1["planned_reach"], k1["posts"], k1["engagements"], k1["views"]) == (
        "k1",
        3,
        2,
        190,
        3000,
    )
    assert k1["engagement_rate"] == pytest.approx(190 / 3000, abs=1e-6)
    assert (k1["clicks"], k1["orders"], k1["revenue"], k1["conversion_rate"]) == (150, 15, 600.0, 0.1)
    assert k1["revenue_per_1k_followers"] == 60.0
    assert (k1["cost"], k1["roas"]) == (800.0, 0.75)
    assert k1["cost_per_order"] == pytest.approx(800 / 15, abs=1e-6)
    assert k1["cost_per_1k_views"] == pytest.approx(800_000 / 3000, abs=1e-6)
    assert k1["ugc_sparked"] == 2
    assert (k2["engagement_rate"], k2["conversion_rate"], k2["revenue_per_1k_followers"]) == (0.05, 0.04, 8.0)
    assert (k2["cost"], k2["roas"], k2["ugc_sparked"]) == (None, None, 1)
    totals = report["totals"]
    assert totals["engagement_rate"] == pytest.approx(590 / 11000, abs=1e-6)
    assert totals["conversion_rate"] == pytest.approx(23 / 350, abs=1e-6)
    assert (totals["revenue"], totals["revenue_per_1k_followers"], totals["cost"], totals["ugc_sparked"]) == (
        920.0,
        18.4,
        None,
        2,
    )
    assert [(c["cluster"], c["creators"], c["orders"]) for c in report["clusters"]] == [
        (1, ["k1"], 15),
        (2, ["k2"], 8),
    ]
    planned = report["plan_vs_result"]["planned"]
    assert (planned["unique_reach"], planned["impressions"], planned["average_frequency"]) == (4, 5, 1.25)
    assert report["plan_vs_result"]["observed"]["views_per_planned_person"] == 11000 / 4
    # No authenticity assessment yet: there is no cleaned reach to show (it would repeat raw).
    assert report["plan_vs_result"]["planned_cleaned"] is None


def test_bad_files_are_rejected_whole_with_file_line_and_column(db: Graph, tmp_path: Path) -> None:
    db.wipe()
    seed(db, [{"id": "k1", "followers": 10}])
    folder = write_files(
        tmp_path / "bad",
        campaigns="id,name,brand,start,end\nc9,X,Y,2025-04-02,2025-04-01\n",
        posts="id,campaign_id,creator_id,likes\np1,c9,k1,3\np2,c9,ghost,-1\n",
        outcomes="campaign_id,creator_id,post_id,revenue,member_id,posted_at\nc9,k1,,-5,,\nc9,,,,,\nc8,,p7,,,\nc9,,,,m1,\n",
    )
    with pytest.raises(LoadRejected) as rejected:
        load_campaign_results(db, folder)
    found = {str(error).split("/")[-1] for error in rejected.value.errors}
    assert "campaigns.csv:2: start: is after end: '2025-04-02 00:00:00+00:00'" in found
    assert "posts.csv:3: likes: must be >= 0: '-1'" in found
    assert "posts.csv:3: creator_id: is not in the graph or the files loaded with it: 'ghost'" in found
    assert "outcomes.csv:2: revenue: must be >= 0: '-5'" in found
    assert "outcomes.csv:3: creator_id: give creator_id or post_id (a result) or member_id (UGC)" in found
    assert "outcomes.csv:4: campaign_id: is not in the graph or the files loaded with it: 'c8'" in found
    assert "outcomes.csv:4: post_id: is not in the graph or the files loaded with it: 'p7'" in found
    assert "outcomes.csv:5: posted_at: is required for a UGC row (member_id)" in found
    assert rejected.value.status == 422
    assert db.read_one("campaign_results.get_campaign", campaign_id="c9") is None  # nothing written


def test_http_and_cli(loaded: Graph, client: FlaskClient, test_settings: Settings, tmp_path: Path) -> None:
    folder = write_files(tmp_path / "again")  # loading the same files again through the CLI
    result = CliRunner().invoke(main, ["campaign-results", str(folder)], obj=test_settings)
    assert result.exit_code == 0, result.output
    body = client.get("/campaigns/c1/report").get_json()
    assert body["totals"]["orders"] == 23 and body["totals"]["revenue"] == 920.0
    assert [c["id"] for c in client.get("/campaigns").get_json()["items"]] == ["c1"]
    missing = client.get("/campaigns/nope/report")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    bad = client.get("/campaigns/c1/report?frequency=0")
    assert bad.status_code == 400 and bad.get_json()["error"]["details"][0]["field"] == "frequency"
    report = CliRunner().invoke(main, ["campaign-report", "c1", "--json"], obj=test_settings)
    assert report.exit_code == 0 and json.loads(report.output)["totals"]["orders"] == 23
    text = CliRunner().invoke(main, ["campaign-report", "c1"], obj=test_settings)
    assert text.exit_code == 0 and "k1: planned reach 3" in text.output
    none = CliRunner().invoke(main, ["campaign-results", str(tmp_path / "nothing")], obj=test_settings)
    assert none.exit_code == 1 and "no such folder" in none.output
