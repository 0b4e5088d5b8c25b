"""The map page in a real browser (Debian's chromium, driven by Playwright): it draws the stated
graph without console errors, a click opens the right creator, keyboard focus and contrast hold."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright
from werkzeug.serving import make_server

from service.graph.db import Graph
from tests.conftest import ROOT
from tests.seed import seed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def base_url(app: Flask, db: Graph) -> Iterator[str]:
    seed(
        db,
        [
            {
                "id": "a",
                "handle": "ana_fit",
                "followers": 40_000,
                "cluster": 0,
                "bridge_score": 0.1,
                "platform": "instagram",
            },
            {
                "id": "b",
                "handle": "ben_bridge",
                "followers": 20_000,
                "cluster": 1,
                "bridge_score": 0.9,
                "platform": "instagram",
            },
            {
                "id": "c",
                "handle": "cat_cooks",
                "followers": 8_000,
                "cluster": 1,
                "bridge_score": 0.2,
                "platform": "tiktok",
            },
        ],
        follows=[("m1", "a"), ("m2", "a"), ("m3", "a"), ("m3", "b"), ("m4", "b"), ("m5", "c")],
        shares=[
            {"a": "a", "b": "b", "shared": 5, "lift": 1.4},
            {"a": "b", "b": "c", "shared": 3, "lift": 2.0},
        ],
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/system-deps.sh"
    assert (ROOT / "service/web/static/map/map.js").exists(), "the map bundle is not built: run make web"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: record(message, errors))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(base_url + "/map")
    wait_until_ready(tab, timeout=20_000)
    yield tab, errors
    context.close()


def wait_until_ready(tab: Page, timeout: float = 30_000) -> None:
    """Wait for the map to be interactive; a map that gave up (data-ready="error") fails the test
    at once with what it told the user, instead of waiting out the timeout."""
    tab.wait_for_selector("body[data-ready]", timeout=timeout)
    state = tab.evaluate("document.body.dataset.ready")
    assert state == "true", f"the map did not load: {tab.inner_text('#status')!r}"


def record(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)


def click_node(tab: Page, node: str) -> None:
    # Two canvas clicks within sigma's 300 ms double-click window would zoom instead of select.
    tab.wait_for_timeout(350)
    x, y = tab.evaluate(
        """(node) => { const r = window.influenceMap.renderer;
        const p = r.graphToViewport(r.getGraph().getNodeAttributes(node)); return [p.x, p.y]; }""",
        node,
    )
    box = tab.locator("#graph").bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + x, box["y"] + y)


def test_map_draws_the_graph_without_console_errors(page: tuple[Page, list[str]]) -> None:
    tab, errors = page
    assert tab.inner_text("#count") == "3 creators"
    assert tab.inner_text("#status").startswith("2 links drawn")
    assert tab.evaluate("window.influenceMap.graph.getNodeAttribute('b', 'isBridge')") is True
    assert tab.evaluate("window.influenceMap.graph.getNodeAttribute('a', 'isBridge')") is False
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "map.png"))
    assert errors == []


def test_clicking_a_node_opens_its_panel(page: tuple[Page, list[str]]) -> None:
    tab, errors = page
    click_node(tab, "c")
    tab.wait_for_selector("#panel[data-loaded=c]")
    assert tab.inner_text("#panel-handle") == "cat_cooks"
    assert tab.is_visible("#panel")
    assert "8,000" in tab.inner_text("#panel-profile")
    assert tab.inner_text("#panel-overlaps").startswith("ben_bridge: 3 shared members, lift 2.0")
    assert tab.evaluate("document.activeElement.id") == "panel"
    assert errors == []


def test_basket_shows_the_apis_reach(page: tuple[Page, list[str]], base_url: str) -> None:
    tab, errors = page
    for node in ("a", "b"):
        click_node(tab, node)
        tab.wait_for_selector(f"#panel[data-loaded={node}]")
        tab.click("#add-to-campaign")
    tab.wait_for_function("document.querySelectorAll('#basket-list li').length === 2")
    tab.wait_for_selector("#simulation[data-creators='2']:not([hidden])")
    request = urllib.request.Request(
        base_url + "/campaigns/simulate",
        data=b'{"creator_ids": ["a", "b"]}',
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        expected = json.loads(response.read())
    assert expected["unique_reach"] == 4  # m1..m4; m3 twice
    assert tab.inner_text("#unique-reach") == f"{expected['unique_reach']:,}"
    assert tab.inner_text("#impressions") == f"{expected['impressions']:,}"
    assert tab.inner_text("#estimated-reach") == f"{expected['estimated_reach']['followers']:,}"
    assert tab.locator("#frequency-chart .bar-wrap").count() == len(expected["frequency"])
    tab.screenshot(path=str(ARTIFACTS / "map-basket.png"))
    assert errors == []


def test_keyboard_reaches_search_first_and_search_opens_a_creator(page: tuple[Page, list[str]]) -> None:
    tab, _ = page
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "search"
    tab.keyboard.type("ana")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("#panel[data-loaded=a]")
    assert tab.inner_text("#panel-handle") == "ana_fit"


def test_text_contrast_is_readable(page: tuple[Page, list[str]]) -> None:
    tab, _ = page
    for selector in ("body", "header label", "#add-to-campaign", "#status"):
        ratio = tab.evaluate(CONTRAST, selector)
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} < 4.5"


# WCAG contrast of an element's text colour against its first opaque background.
CONTRAST = """(selector) => {
  const el = document.querySelector(selector);
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  let node = el, bg = [255, 255, 255];
  while (node && node.nodeType === 1) { const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; } node = node.parentElement; }
  const fg = rgb(getComputedStyle(el).color);
  const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}"""


BUSY_MESSAGE = "the graph took too long and was cancelled"
BUSY = json.dumps({"error": {"code": "query_timeout", "message": BUSY_MESSAGE}})


@contextmanager
def busy_graph_map(browser: Browser, base_url: str, busy_answers: int) -> Iterator[tuple[Page, list[str]]]:
    """The map with its graph request answered 503 (as Neo4j busy or restarting makes the API
    answer) `busy_answers` times before the real API answers; its browser context closed after."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        asked: list[str] = []

        def answer(route: Route) -> None:
            asked.append(route.request.url)
            if len(asked) <= busy_answers:
                route.fulfill(status=503, content_type="application/json", body=BUSY)
            else:
                route.continue_()

        tab.route("**/export/graph?*", answer)
        tab.goto(base_url + "/map")
        tab.wait_for_selector("body[data-ready]", timeout=30_000)
        yield tab, asked
    finally:
        context.close()


def test_a_busy_database_is_asked_again_and_the_map_loads(browser: Browser, base_url: str) -> None:
    with busy_graph_map(browser, base_url, busy_answers=2) as (tab, asked):
        wait_until_ready(tab)
        assert len(asked) == 3
        assert tab.evaluate("window.influenceMap.graph.order") > 0


def test_a_database_busy_three_times_is_reported_with_its_message(browser: Browser, base_url: str) -> None:
    with busy_graph_map(browser, base_url, busy_answers=3) as (tab, asked):
        assert tab.evaluate("document.body.dataset.ready") == "error"
        assert len(asked) == 3
        assert tab.inner_text("#status") == f"Could not load the map: {BUSY_MESSAGE}"
