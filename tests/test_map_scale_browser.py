"""The map reads at a glance at 300, 2,000 and 10,000 creators (real Chromium, real Neo4j): a
legend of cluster names and colours, labels that never overlap (checked from the boxes of the
text sigma's label pass drew, before and after zooming in), bridges labelled first, the basket
beside the graph rather than over it, and a click opening a panel. The time to interactive is
measured in the page and written to artifacts/map-timings.jsonl (reported, never asserted).

The creator graphs are stated (tests/map_market.py): the map reads nothing else."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

from service.graph.db import Graph
from tests.map_market import seed_creator_graph
from tests.test_map_browser import ARTIFACTS, browser, click_node, record, wait_until_ready  # noqa: F401  (fixture)

SIZES = [300, 2000, 10_000]


@pytest.fixture(scope="module")
def server(app: Flask) -> Iterator[str]:
    running = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{running.server_port}"
    running.shutdown()


# Redraw, then read the label boxes sigma's label pass drew in that frame.
DRAWN = """() => { const m = window.influenceMap; return new Promise((done) => {
  m.renderer.refresh();
  requestAnimationFrame(() => requestAnimationFrame(() => done(m.labels.drawn.map((b) => ({...b})))));
}); }"""


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["x"] < b["x"] + b["width"]
                and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"]
                and b["y"] < a["y"] + a["height"]
            ):
                found.append((a["node"], b["node"]))
    return found


def open_map(browser: Browser, url: str) -> tuple[Page, list[str]]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: record(message, errors))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(url + "/map")
    wait_until_ready(tab, timeout=300_000)
    return tab, errors


@pytest.mark.parametrize("creators", SIZES)
def test_map_reads_at_a_glance(browser: Browser, server: str, db: Graph, creators: int) -> None:  # noqa: F811
    db.wipe()
    stated = seed_creator_graph(db, creators)
    tab, errors = open_map(browser, server)
    timings = tab.evaluate("window.influenceMap.timings")
    tab.wait_for_selector("body[data-settled=true]", timeout=300_000)
    timings = tab.evaluate("window.influenceMap.timings")
    assert timings["creators"] == creators
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "map-timings.jsonl").open("a") as out:
        out.write(json.dumps({"creators": creators, "links": stated["links"], **timings}) + "\n")

    # The legend names the largest clusters with their colours, as /clusters names them.
    names = {
        c["cluster"]: c["name"]
        for c in tab.evaluate("fetch('/clusters?limit=500').then(r => r.json())")["items"]
    }
    legend = tab.locator("#legend-items .legend-cluster")
    assert legend.count() == min(8, stated["clusters"])
    for i in range(legend.count()):
        entry = legend.nth(i)
        assert entry.inner_text().strip() == names[int(entry.get_attribute("data-cluster") or -1)]
    assert "size = followers" in tab.inner_text("#legend") and "bridge" in tab.inner_text("#legend")

    # Labels: some drawn, none overlapping; bridges among the first.
    for ratio in (None, 0.25):
        if ratio is not None:
            tab.evaluate(f"window.influenceMap.renderer.getCamera().setState({{ratio: {ratio}}})")
        boxes = tab.evaluate(DRAWN)
        assert len(boxes) >= 5, f"only {len(boxes)} labels at ratio {ratio}"
        assert overlapping(boxes) == [], f"overlapping labels at ratio {ratio}"
    labelled = {box["node"] for box in tab.evaluate(DRAWN)}
    bridges = set(tab.evaluate("window.influenceMap.graph.filterNodes((n, a) => a.isBridge)"))
    assert labelled & bridges

    # The basket is beside the graph, not over it; the page answers a click.
    graph_box, basket_box = tab.locator("#graph").bounding_box(), tab.locator("#basket").bounding_box()
    assert graph_box and basket_box and basket_box["x"] >= graph_box["x"] + graph_box["width"]
    tab.evaluate("window.influenceMap.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 1})")
    target = max(bridges, key=lambda n: n)
    tab.evaluate(
        """(node) => { const r = window.influenceMap.renderer; const d = r.getNodeDisplayData(node);
        r.getCamera().setState({ x: d.x, y: d.y, ratio: 0.5 }); }""",
        target,
    )
    click_node(tab, target)
    tab.wait_for_selector(f"#panel[data-loaded='{target}']", timeout=60_000)
    tab.screenshot(path=str(ARTIFACTS / f"map-{creators}.png"))
    tab.context.close()
    assert errors == []
