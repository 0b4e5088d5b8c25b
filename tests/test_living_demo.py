"""The default demo market end to end: exactly the planted fake engagement is flagged, the
planted campaign's report shows the planted figures (truth.json), and clusters on cleaned
audiences recover the planted communities that the bots blur on raw ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sklearn.metrics import normalized_mutual_info_score

from loaders import load_dataset
from service.cli.main import main
from service.demo.living import living_demo_step
from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.authenticity import flag_creators
from service.graph.db import Graph


@pytest.fixture(scope="module")
def demo_market(db: Graph, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("demo-market")
    result = CliRunner().invoke(main, ["demo-data", str(folder)])
    assert result.exit_code == 0, result.output
    load_dataset(db, folder)
    return folder, json.loads((folder / "truth.json").read_text())


def test_demo_flags_the_planted_fraud_and_reports_the_planted_campaign(
    db: Graph, demo_market: tuple[Path, dict[str, Any]]
) -> None:
    folder, truth = demo_market
    said: list[str] = []
    outcome = living_demo_step(db, folder, said.append)

    planted = {c for pod in truth["pods"] for c in pod} | set(truth["bought_followers"])
    planted |= set(truth["engagement_outliers"])
    assert len(planted) == 13 and set(outcome["flagged"]) == planted
    assert not set(truth["campaign"]["creators"]) & planted

    (report,) = outcome["reports"]
    campaign, totals = truth["campaign"], report["totals"]
    assert [c["id"] for c in report["creators"]] == campaign["creators"]
    assert (totals["orders"], totals["revenue"], totals["cost"], totals["views"]) == (
        campaign["orders"],
        campaign["revenue"],
        campaign["cost"],
        campaign["views"],
    )
    assert totals["ugc_sparked"] == len(campaign["ugc_sparked"]) == 20
    assert totals["roas"] == campaign["revenue"] / campaign["cost"]
    assert any("flagged" in line for line in said) and any("campaign demo-spring" in line for line in said)


def test_cleaned_audiences_or_affinity_recover_the_planted_communities(
    db: Graph, demo_market: tuple[Path, dict[str, Any]]
) -> None:
    # 300 creators planted in six communities of 50; ambient bots follow across all of them.
    truth = demo_market[1]["community_of"]
    flag_creators(db)

    def nmi_of(audience: str, pair_score: str) -> float:
        params = AnalysisParams(audience=audience, pair_score=pair_score)  # type: ignore[arg-type]
        run_analysis(db, params)
        clusters = {row["id"]: row["cluster"] for row in db.read("analysis.stream_current_clusters")}
        ids = sorted(truth)
        return float(normalized_mutual_info_score([truth[i] for i in ids], [clusters[i] for i in ids]))

    found = {
        (audience, score): nmi_of(audience, score)
        for audience in ("raw", "cleaned")
        for score in ("jaccard", "affinity")
    }
    print(f"NMI against the planted communities: {found}")
    # Jaccard (the pair score before issue 15): the bots blur raw audiences (measured 0.38-0.41,
    # 8-10 clusters); cleaned 0.98 (six clusters). Affinity discounts members who follow many
    # creators, so raw audiences recover the communities too.
    assert found[("raw", "jaccard")] < 0.6 and found[("cleaned", "jaccard")] > 0.9, found
    assert found[("raw", "affinity")] > 0.9 and found[("cleaned", "affinity")] > 0.9, found
