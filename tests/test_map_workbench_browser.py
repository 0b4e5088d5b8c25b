"""The map as a strategist's workbench, in real Chromium on a real Neo4j: numbers that explain
themselves, a panel that shows what matters, search that finds, a diff view, state that lasts,
exports, keyboard access and a layout from a 390 px phone to 1920 px (screenshots go to
artifacts/map-workbench-<width>.png; docs/ holds copies that were looked at).

The market: the small generated demo (60 creators, members with country, age band and gender),
assessed for authenticity, analysed on raw audiences and then on cleaned ones (two runs, so
"Since last run" has something to compare)."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

from service.demo.run import load_demo_market
from service.domain.analysis import AnalysisParams, run_analysis
from service.domain.authenticity import flag_creators
from service.graph.db import Graph
from service.graph.settings import Settings
from tests.test_demo import SMALL
from tests.test_map_browser import ARTIFACTS, browser, click_node, record, wait_until_ready  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def url(
    app: Flask, db: Graph, test_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    settings = test_settings.with_overrides(cache_dir=Path(tmp_path_factory.mktemp("demo")))
    load_demo_market(db, settings, lambda _: None, SMALL)
    flag_creators(db, None, settings.tier_limits)
    run_analysis(db, AnalysisParams())
    run_analysis(db, AnalysisParams(audience="cleaned"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def api(url: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def opened(
    chromium: Browser, url: str, width: int = 1440, height: int = 900, path: str = "/map"
) -> tuple[Page, list[str]]:
    context = chromium.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: record(message, errors))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(url + path)
    wait_until_ready(tab, timeout=60_000)
    return tab, errors


def open_creator(tab: Page, creator: str) -> None:
    tab.evaluate(
        """(node) => { const r = window.influenceMap.renderer; const d = r.getNodeDisplayData(node);
        r.getCamera().setState({ x: d.x, y: d.y, ratio: 0.6 }); }""",
        creator,
    )
    click_node(tab, creator)
    tab.wait_for_selector(f"#panel[data-loaded='{creator}']")


def creators(url: str) -> list[dict[str, Any]]:
    return api(url, "/creators?limit=500&sort=followers")["items"]


def flagged_and_clean(url: str) -> tuple[str, list[str]]:
    items = creators(url)
    flagged = next(c["id"] for c in items if c["flagged"])
    clean = [c["id"] for c in items if not c["flagged"]][:2]
    return flagged, clean


def in_view(tab: Page, selector: str) -> bool:
    box = tab.locator(selector).bounding_box()
    size = tab.viewport_size
    return bool(
        box and size and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["width"] > 0
    )


def number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def test_reach_explains_itself(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    _, clean = flagged_and_clean(url)
    for creator in clean:
        open_creator(tab, creator)
        tab.click("#add-to-campaign")
    tab.wait_for_selector("#simulation[data-creators='2']:not([hidden])")
    expected = api(url, "/campaigns/simulate", {"creator_ids": clean})
    estimate = expected["estimated_reach"]
    assert number(tab.inner_text("#estimated-reach")) == estimate["followers"]
    assert tab.inner_text("#estimated-range") == f"{estimate['low']:,}\N{EN DASH}{estimate['high']:,}"
    assert number(tab.inner_text("#unique-reach")) == expected["unique_reach"]
    assert "members of the loaded audience sample" in tab.inner_text("#simulation")
    assert tab.inner_text("#average-frequency") == f"{expected['average_frequency']:.2f}"
    assert number(tab.inner_text("#effective-reach")) == expected["effective_reach"]
    assert tab.locator("#frequency-chart .bar-wrap").count() == 7
    # Per cluster: a share of that cluster's audience, never a count that could be summed; the
    # clusters of basket creators first, the others said to be reached through shared audience.
    rows = tab.locator("#clusters-covered li")
    assert rows.count() == min(12, len(expected["clusters"]))
    homes = {c["cluster"] for c in expected["clusters"] if c["creators"]}
    first = int(rows.nth(0).get_attribute("data-cluster") or -1)
    assert first in homes and "home of" in rows.nth(0).inner_text()
    for i in range(rows.count()):
        text = rows.nth(i).inner_text()
        assert re.search(r"\d+\.\d% of [\d,]+", text)
        if int(rows.nth(i).get_attribute("data-cluster") or -1) not in homes:
            assert "reached through shared audience" in text
    assert "do not add up" in tab.inner_text("#simulation")
    assert in_view(tab, "#basket-summary") and "Basket: 2 creators" in tab.inner_text("#basket-summary")
    assert errors == []


def test_panel_explains_the_creator(browser: Browser, url: str, test_settings: Settings) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    creator = creators(url)[0]["id"]
    open_creator(tab, creator)
    profile = api(url, f"/creators/{creator}")
    explained = api(url, f"/creators/{creator}/explain")
    makeup = api(url, f"/creators/{creator}/audience")
    # The run shown: id, date and audience.
    run = api(url, "/analysis/runs?limit=1")["items"][0]
    assert run["id"][:8] in tab.inner_text("#run-info") and "cleaned audiences" in tab.inner_text("#run-info")
    text = tab.inner_text("#panel-profile")
    assert f"{profile['followers']:,}" in text
    assert all(topic in text for topic in profile["topics"])
    assert f"{profile['country']} · {profile['language']}" in text
    # Ranks from 1, the same in the API, the page and the CLI.
    rank = explained["bridge_rank"]
    assert rank >= 1 and f"rank {rank} of" in text
    from click.testing import CliRunner

    from service.cli.main import main

    said = CliRunner().invoke(main, ["explain", creator], obj=test_settings).output
    assert f"rank {rank} of {explained['creators']}" in said
    rows = tab.locator("#panel-bridge tbody tr")
    assert rows.count() == len(explained["weights"])
    for i in range(rows.count()):
        component = rows.nth(i).get_attribute("data-component") or ""
        cells = rows.nth(i).locator("td")
        beats = number(cells.nth(1).inner_text())
        assert cells.nth(1).inner_text().startswith("better than ")
        assert beats == math.floor(100 * explained["percentiles"][component] + 1e-9)
        assert abs(float(cells.nth(3).inner_text()) - explained["contributions"][component]) <= 0.0005 + 1e-9
        assert rows.nth(i).locator(".term").get_attribute("data-tip")  # a glossary entry for the term
    # Audience make-up charts with the API's shares.
    countries = tab.locator("[data-dimension=Country] li")
    assert countries.count() == len(makeup["country"]["values"]) > 0
    top = makeup["country"]["values"][0]
    label, share = countries.nth(0).inner_text().split()
    assert label == top["value"] and abs(number(share) - 100 * top["share"]) <= 0.5 + 1e-9
    assert tab.locator("[data-dimension=Gender] li").count() == len(makeup["gender"]["values"])
    assert "marked suspicious" in tab.inner_text("#panel-audience")
    # Shared-audience entries are links that open the other creator.
    link = tab.locator("#panel-overlaps button.link").first
    other = link.get_attribute("data-id")
    link.click()
    tab.wait_for_selector(f"#panel[data-loaded='{other}']")
    # A glossary tooltip is reachable by keyboard focus.
    tab.locator("#panel-profile .term").first.focus()
    assert tab.evaluate("document.activeElement.dataset.tip")
    assert errors == []


def test_flagged_creator_needs_a_confirmation(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    flagged, _ = flagged_and_clean(url)
    open_creator(tab, flagged)
    badge = tab.inner_text("#panel-flags")
    codes = api(url, f"/creators/{flagged}")["flags"]
    assert badge.startswith("Flagged:") and not any(code in badge for code in codes)
    assert not re.search(r"demo-c\d+", badge)  # ids shown as handles
    tab.click("#add-to-campaign")
    assert tab.is_visible("#confirm-flagged") and tab.evaluate("window.influenceMap.basket.size") == 0
    tab.click("#confirm-cancel")
    assert not tab.is_visible("#confirm-flagged") and tab.evaluate("window.influenceMap.basket.size") == 0
    tab.click("#add-to-campaign")
    tab.click("#confirm-add")
    assert tab.evaluate(f"window.influenceMap.basket.has('{flagged}')")
    assert "flagged" in tab.inner_text("#basket-list")
    assert errors == []


def test_search_finds_handles_and_names_loosely(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    everyone = creators(url)
    fitness = [c for c in everyone if c["handle"].lower().startswith("@fitness")]
    tab.fill("#search", "FITNESS")
    assert tab.is_visible("#search-suggestions")
    shown = tab.locator("#search-suggestions li")
    assert shown.count() == min(8, len(fitness))
    assert shown.first.get_attribute("data-id") == max(fitness, key=lambda c: c["followers"])["id"]
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")
    second = shown.nth(1).get_attribute("data-id")
    tab.keyboard.press("Enter")
    tab.wait_for_selector(f"#panel[data-loaded='{second}']")
    # By name, case- and "@"-insensitive; the name of one creator finds it.
    names = [c["name"].lower() for c in everyone]
    target = next(c for c in everyone if sum(n.startswith(c["name"].lower()) for n in names) == 1)
    tab.fill("#search", target["name"].upper())
    tab.press("#search", "Enter")
    tab.wait_for_selector(f"#panel[data-loaded='{target['id']}']")
    tab.fill("#search", "@" + target["handle"].lstrip("@").upper())
    assert tab.locator("#search-suggestions li").first.get_attribute("data-id") == target["id"]
    # Nothing found: the message is on screen.
    tab.fill("#search", "zzz-nobody")
    tab.press("#search", "Enter")
    assert "No creator's handle or name matches" in tab.inner_text("#status") and in_view(tab, "#status")
    assert errors == []


def test_topic_filter_applies_as_you_type_recentres_and_counts(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    options = tab.locator("#topic-list option")
    assert options.count() > 5  # the market's topics, as suggestions
    before = tab.evaluate("window.influenceMap.renderer.getCamera().getState()")
    nodes = api(url, "/export/graph?format=json&max_nodes=500")["nodes"]
    counts: dict[str, int] = {}
    for node in nodes:
        for topic in node["topics"]:
            counts[topic] = counts.get(topic, 0) + 1
    topic = max((t for t, n in counts.items() if n < len(nodes)), key=lambda t: (counts[t], t))
    typed = topic[:3].capitalize()
    tab.type("#topic", typed, delay=30)  # no Enter: applied as typed, any case
    tab.wait_for_function("document.getElementById('count').textContent.includes(' of ')")
    visible = tab.evaluate(
        """() => { const r = window.influenceMap.renderer; const g = window.influenceMap.graph;
        return g.nodes().filter((n) => !r.getNodeDisplayData(n).hidden); }"""
    )
    expected = [n["id"] for n in nodes if any(typed.lower() in t.lower() for t in n["topics"])]
    assert sorted(visible) == sorted(expected) and visible
    assert tab.inner_text("#count") == f"{len(visible)} of 60 creators shown"
    tab.wait_for_timeout(500)
    after = tab.evaluate("window.influenceMap.renderer.getCamera().getState()")
    assert after != before  # re-centred on what is shown
    assert f"topic={typed}" in tab.url
    tab.fill("#topic", "no-such-topic")
    tab.wait_for_function("document.getElementById('count').textContent.startsWith('0 of')")
    assert "No creator matches these filters" in tab.inner_text("#status") and in_view(tab, "#status")
    assert errors == []


def test_since_last_run_is_a_diff_view(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    changes = api(url, "/changes?since=previous")
    tab.check("#since-last-run")
    tab.wait_for_function("document.getElementById('status').textContent.startsWith('Since run')")
    legend = {
        li.get_attribute("data-change"): li.inner_text()
        for li in tab.locator("#legend-items li[data-change]").all()
    }
    assert set(legend) == {"new", "new_bridge", "moved", "emerging", "waning", "gone"}
    kinds = tab.evaluate(
        """() => { const r = window.influenceMap.renderer; const g = window.influenceMap.graph;
        const out = {}; g.forEachNode((n) => { out[n] = r.getNodeDisplayData(n).color; }); return out; }"""
    )
    colour = {
        "new": "#1a9850",
        "new_bridge": "#000000",
        "moved": "#2166ac",
        "emerging": "#f46d43",
        "waning": "#762a83",
    }
    counted = {kind: sum(1 for c in kinds.values() if c == value) for kind, value in colour.items()}
    for kind, text in legend.items():
        if kind != "gone":
            assert text.startswith(f"{counted[kind]} ")
    listed = (
        {e["id"] for e in changes["emerging"]}
        | {w["id"] for w in changes["waning"] if "gone" not in w["reasons"]}
        | {b["id"] for b in changes["new_bridges"]}
    )
    coloured = {n for n, c in kinds.items() if c != "#dddddd"}
    assert coloured == listed & set(kinds)
    assert legend["gone"].startswith(f"{sum('gone' in w['reasons'] for w in changes['waning'])} gone")
    assert "since=1" in tab.url
    assert errors == []


def test_state_lasts_across_reloads_and_exports(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    _, clean = flagged_and_clean(url)
    open_creator(tab, clean[0])
    tab.click("#add-to-campaign")
    tab.select_option("#tier", "micro")
    tab.wait_for_function("document.getElementById('count').textContent.includes(' of ')")
    shown = tab.inner_text("#count")
    assert "tier=micro" in tab.url and f"creator={clean[0]}" in tab.url
    tab.reload()
    wait_until_ready(tab)
    tab.wait_for_selector(f"#panel[data-loaded='{clean[0]}']")
    assert tab.input_value("#tier") == "micro" and tab.inner_text("#count") == shown
    tab.wait_for_selector("#simulation[data-creators='1']:not([hidden])")
    assert tab.evaluate("[...window.influenceMap.basket.keys()]") == [clean[0]]
    # Exports: the basket as CSV and as a plan request, and the filtered list as CSV.
    with tab.expect_download() as got:
        tab.click("#export-basket")
    rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text())))
    assert [r["id"] for r in rows] == [clean[0]] and rows[0]["loaded_audience"]
    with tab.expect_download() as got:
        tab.click("#export-plan")
    request = json.loads(Path(got.value.path()).read_text())
    assert request["require"] == [clean[0]]
    plan = api(url, "/campaigns/plan", request)
    assert plan["picks"][0]["id"] == clean[0] and len(plan["picks"]) == request["k"]
    with tab.expect_download() as got:
        tab.click("#export-list")
    listed = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text())))
    assert len(listed) == number(shown.split(" of ")[0])
    assert all(5_000 <= int(r["followers"]) < 100_000 for r in listed)
    tab.click("#clear-basket")
    tab.evaluate("localStorage.clear()")
    assert errors == []


def test_keyboard_reaches_everything(browser: Browser, url: str) -> None:  # noqa: F811
    tab, errors = opened(browser, url)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "search"
    # The list of shown creators is the keyboard's way into the graph.
    first = tab.locator("#creator-list button").first
    first.focus()
    target = first.get_attribute("data-id")
    tab.keyboard.press("Enter")
    tab.wait_for_selector(f"#panel[data-loaded='{target}']")
    assert tab.evaluate("document.activeElement.id") == "panel"
    tab.keyboard.press("Escape")
    assert not tab.is_visible("#panel")
    assert tab.evaluate("document.activeElement.dataset.id") == target
    ratio = tab.evaluate("window.influenceMap.renderer.getCamera().ratio")
    tab.click("#zoom-in")
    tab.wait_for_timeout(400)
    assert tab.evaluate("window.influenceMap.renderer.getCamera().ratio") < ratio
    tab.click("#zoom-reset")
    tab.wait_for_timeout(400)
    assert tab.evaluate("window.influenceMap.renderer.getCamera().ratio") == 1
    assert errors == []


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1440, 900), (1920, 1080)])
def test_layout_from_phone_to_wide_screen(browser: Browser, url: str, width: int, height: int) -> None:  # noqa: F811
    tab, errors = opened(browser, url, width, height)
    _, clean = flagged_and_clean(url)
    graph = tab.locator("#graph").bounding_box()
    assert graph is not None
    assert graph["width"] >= (width - 40 if width < 700 else 0.6 * width) and graph["height"] >= 300
    assert tab.evaluate("document.documentElement.scrollWidth") <= width  # nothing scrolls sideways
    assert in_view(tab, "#status")
    open_creator(tab, clean[0])
    tab.click("#add-to-campaign")
    tab.wait_for_selector("#simulation:not([hidden])")
    if width >= 700:
        basket = tab.locator("#basket").bounding_box()
        assert basket and basket["x"] >= graph["x"] + graph["width"]  # beside the graph, not over it
        assert in_view(tab, "#add-to-campaign") and in_view(tab, "#status")
    tab.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"map-workbench-{width}.png"))
    report, report_errors = opened(browser, url, width, height, "/report")
    assert report.evaluate("document.documentElement.scrollWidth") <= width
    tab.click("#clear-basket")
    assert errors == [] and report_errors == []
