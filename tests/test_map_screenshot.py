"""The map page on a generated market (the README's screenshot comes from this test's run):
every creator is drawn, clusters get distinct colours, bridges are ringed, no console errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser
from werkzeug.serving import make_server

from service.demo.run import analyze_demo_data, load_demo_market
from service.graph.db import Graph
from service.graph.settings import Settings
from tests.test_demo import SMALL
from tests.test_map_browser import ARTIFACTS, browser, record, wait_until_ready  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def demo_url(
    app: Flask, db: Graph, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    settings = test_settings.with_overrides(cache_dir=Path(tmp_path_factory.mktemp("demo")))
    load_demo_market(db, settings, lambda _: None, SMALL)
    analyze_demo_data(db, lambda _: None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_demo_market_map(browser: Browser, demo_url: str, db: Graph) -> None:  # noqa: F811
    creators = db.driver.execute_query("MATCH (c:Creator) RETURN count(c) AS n").records[0]["n"]
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: record(message, errors))
    tab.goto(demo_url + "/map")
    wait_until_ready(tab, timeout=30_000)
    assert tab.inner_text("#count") == f"{creators:,} creators"
    colours = tab.evaluate("new Set(window.influenceMap.graph.mapNodes((n, a) => a.color)).size")
    clusters = db.driver.execute_query("MATCH (c:Creator) RETURN count(DISTINCT c.cluster) AS n").records[0][
        "n"
    ]
    assert colours == (clusters if clusters <= 23 else 24)  # 23 distinct colours, then one grey
    assert tab.evaluate("window.influenceMap.graph.filterNodes((n, a) => a.isBridge).length") >= 1
    tab.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map-demo.png"))
    context.close()
    assert errors == []


def test_cluster_report_lists_every_cluster_with_its_hubs(browser: Browser, demo_url: str, db: Graph) -> None:  # noqa: F811
    rows = db.driver.execute_query(
        "MATCH (c:Creator) WITH c.cluster AS cluster, count(*) AS size, "
        "collect(CASE WHEN c.is_hub THEN c.handle END) AS hubs RETURN cluster, size, hubs"
    ).records
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: record(message, errors))
    tab.goto(demo_url + "/report")
    tab.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert tab.inner_text("#report-status") == f"{len(rows)} clusters"
    for row in rows:
        section = tab.locator(f"section[data-cluster='{row['cluster']}']")
        assert f"{row['size']} creators" in section.inner_text()
        hubs = section.locator("h3:text('Hubs') + ol").inner_text()
        assert all(hub in hubs for hub in row["hubs"])
    tab.pdf(path=str(ARTIFACTS / "cluster-report.pdf"))  # printable: the print styles render
    context.close()
    assert errors == []
