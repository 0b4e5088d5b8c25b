"""The map page shows authenticity flags: a badge with the reasons in the panel of a flagged
creator (none for a clean one), and the "Flagged only" filter hides everyone else.

Graph: a (flagged: engagement_pod, with its reason) and b (clean), sharing audience."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page
from werkzeug.serving import make_server

from service.graph.db import Graph
from tests.seed import seed
from tests.test_map_browser import browser, click_node, page, wait_until_ready  # noqa: F401  (shared fixtures)

REASON = "in a reciprocal mention ring with b2, b3"


@pytest.fixture(scope="module")
def base_url(app: Flask, db: Graph) -> Iterator[str]:
    details = {
        "flagged": True,
        "flags": ["engagement_pod"],
        "reasons": [{"code": "engagement_pod", "message": REASON}],
    }
    seed(
        db,
        [
            {
                "id": "a",
                "handle": "ann_pod",
                "followers": 30_000,
                "cluster": 0,
                "flagged": True,
                "flags": ["engagement_pod"],
                "authenticity": json.dumps(details),
            },
            {
                "id": "b",
                "handle": "bob_clean",
                "followers": 20_000,
                "cluster": 0,
                "flagged": False,
                "flags": [],
            },
        ],
        follows=[("m1", "a"), ("m1", "b"), ("m2", "a"), ("m2", "b")],
        shares=[{"a": "a", "b": "b", "shared": 2, "lift": 1.0}],
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_flag_badge_and_flagged_filter(page: tuple[Page, list[str]]) -> None:  # noqa: F811
    tab, errors = page
    click_node(tab, "a")
    tab.wait_for_selector("#panel[data-loaded=a]")
    assert tab.is_visible("#panel-flags")
    assert tab.inner_text("#panel-flags") == f"Flagged: Engagement pod: {REASON}"
    click_node(tab, "b")
    tab.wait_for_selector("#panel[data-loaded=b]")
    assert not tab.is_visible("#panel-flags")
    tab.check("#flagged-only")
    shown = tab.evaluate(
        """() => { const r = window.influenceMap.renderer; const reducer = r.getSetting('nodeReducer');
        const g = window.influenceMap.graph;
        return g.nodes().filter((n) => !reducer(n, g.getNodeAttributes(n)).hidden); }"""
    )
    assert shown == ["a"]
    assert errors == []


def test_since_last_run_colours_what_changed(page: tuple[Page, list[str]], db: Graph) -> None:  # noqa: F811
    # Before a second run there is nothing to compare: the box is off and says why. Then two
    # runs: a and b alone, then c, d, e added (sharing m3..m5): c, d, e are new (a and b may rise
    # too: bridge scores are percentiles among more creators). The view colours exactly the
    # creators GET /changes lists, greys the rest, and counts each kind in the legend.
    from service.domain.analysis import AnalysisParams, run_analysis

    tab, errors = page
    assert tab.is_disabled("#since-last-run") and "needs 2 runs" in tab.inner_text("#filters")
    params = AnalysisParams(top_k=100, min_jaccard=0.0, min_shared=1)
    run_analysis(db, params)
    seed(db, ["c", "d", "e"], follows=[(f"m{i}", c) for i in (3, 4, 5) for c in "cde"])
    run_analysis(db, params)
    tab.reload()
    wait_until_ready(tab)
    tab.check("#since-last-run")
    tab.wait_for_function("document.getElementById('status').textContent.startsWith('Since run')")
    changes = tab.evaluate("() => fetch('/changes?since=previous').then((r) => r.json())")
    listed = {c["id"] for key in ("emerging", "waning", "new_bridges") for c in changes[key]}
    assert {"c", "d", "e"} <= listed
    assert tab.inner_text("#legend-items li[data-change=new]").startswith("3 new")
    coloured = tab.evaluate(
        """() => { const r = window.influenceMap.renderer; const g = window.influenceMap.graph;
        return g.nodes().filter((n) => r.getNodeDisplayData(n).color !== '#dddddd').sort(); }"""
    )
    assert coloured == sorted(listed)
    assert {
        n: tab.evaluate(f"window.influenceMap.renderer.getNodeDisplayData('{n}').color") for n in "cde"
    } == {n: "#1a9850" for n in "cde"}
    assert errors == []
