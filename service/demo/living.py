"""The living map's `make demo` step: flag creators, load the demo campaign and report it.

`service/demo/run.py` calls `living_demo_step(graph, data_dir, say)` after loading (and analysing)
the demo market; it prints the flags and the campaign report so the demo shows both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from loaders.campaign_results import load_campaign_results
from loaders.read import CAMPAIGN_KINDS, FORMATS
from service.domain.authenticity import flag_creators
from service.domain.campaigns.results import campaign_report, list_campaigns
from service.graph.db import Graph

Say = Callable[[str], None]


def living_demo_step(graph: Graph, data_dir: Path | None, say: Say) -> dict[str, Any]:
    """Flag every creator; load `data_dir`'s campaign files when it has them; report every campaign.
    Returns {"flagged": [ids], "reports": [campaign reports]}."""
    assessments = flag_creators(graph)
    flagged = [a for a in assessments if a.reasons]
    say(f"authenticity: {len(flagged)} of {len(assessments)} creators flagged (left out of plans)")
    for assessment in flagged:
        say(f"  {assessment.id}: " + "; ".join(reason["message"] for reason in assessment.reasons))
    if data_dir is not None and _has_campaign_files(data_dir):
        written = load_campaign_results(graph, data_dir)
        say("campaign results loaded: " + ", ".join(f"{k} {v}" for k, v in written.items()))
    reports = [campaign_report(graph, campaign["id"]) for campaign in list_campaigns(graph)]
    for report in reports:
        totals, planned = report["totals"], report["plan_vs_result"]["planned"]
        say(
            f"campaign {report['campaign']['id']}: {len(report['creators'])} creators, planned reach "
            f"{planned['unique_reach'] if planned else 0}, views {totals['views']}, "
            f"orders {totals['orders']}, "
            f"revenue {totals['revenue']} {report['currency'] or ''}, ROAS {totals['roas']}, "
            f"UGC sparked {totals['ugc_sparked']}  (GET /campaigns/{report['campaign']['id']}/report)"
        )
    return {"flagged": [a.id for a in flagged], "reports": reports}


def _has_campaign_files(directory: Path) -> bool:
    return any((directory / f"{kind}{suffix}").is_file() for kind in CAMPAIGN_KINDS for suffix in FORMATS)
