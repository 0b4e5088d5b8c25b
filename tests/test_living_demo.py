"""The default demo market end to end: exactly the planted fake engagement is flagged, and the
planted campaign's report shows the planted figures (truth.json)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from loaders import load_dataset
from service.cli import main
from service.db import Graph
from service.living_demo import living_demo_step


def test_demo_flags_the_planted_fraud_and_reports_the_planted_campaign(db: Graph, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo-data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    truth = json.loads((tmp_path / "truth.json").read_text())
    load_dataset(db, tmp_path)
    said: list[str] = []
    outcome = living_demo_step(db, tmp_path, said.append)

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
