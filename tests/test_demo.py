"""The demo pipeline on a small generated market: loads, analyses, prints two plans, and every
curl command it prints works against the served API."""

from __future__ import annotations

import json
import shlex

from flask.testing import FlaskClient

from loaders.demo_spec import DemoSpec
from service.demo.living import living_demo_step
from service.demo.run import (
    analyze_cleaned_audiences,
    analyze_demo_data,
    load_demo_market,
    show_examples,
    show_plans,
)
from service.graph.db import Graph
from service.graph.settings import Settings

SMALL = DemoSpec(creators=60, members=3000, bots=20, bot_follows=30, bridges=3)


def test_demo_pipeline_prints_plans_and_working_examples(
    db: Graph, test_settings: Settings, client: FlaskClient, tmp_path: object
) -> None:
    said: list[str] = []
    settings = test_settings.with_overrides(cache_dir=tmp_path)
    load_demo_market(db, settings, said.append, SMALL)
    assert said[-1].startswith("Loaded the demo market")
    load_demo_market(db, settings, said.append, SMALL)
    assert said[-1].startswith("The database already holds creators")
    analyze_demo_data(db, said.append)
    living_demo_step(db, settings.cache_dir / "demo-market", said.append)
    analyze_cleaned_audiences(db, said.append)
    show_plans(db, settings, said.append)
    show_examples(db, settings, said.append)
    text = "\n".join(said)
    assert any(line.startswith("authenticity: ") and "flagged" in line for line in said)
    cleaned_run = next(line for line in said if line.startswith("Analysis on cleaned audiences"))
    assert " raw -> " in cleaned_run and " cleaned, clusters " in cleaned_run
    assert "Reach plan: 4 micro-influencers" in text and "Frequency pack: 4 creators" in text
    assert "The same plan on cleaned audiences" in text
    assert sum(1 for line in said if line.lstrip().startswith(("1. ", "2. ", "3. ", "4. "))) == 12
    assert sum(1 for line in said if line.lstrip().startswith("raw audiences: reach ")) == 3
    curls = [line.strip() for line in said if line.strip().startswith("curl ")]
    assert len(curls) == 4
    for curl in curls:
        assert_curl_works(client, curl)


def assert_curl_works(client: FlaskClient, curl: str) -> None:
    words = shlex.split(curl)
    url = next(word for word in words if word.startswith("http://"))
    path = "/" + url.split("/", 3)[3]
    body = json.loads(words[words.index("-d") + 1]) if "-d" in words else None
    response = client.open(path, method="POST" if body is not None else "GET", json=body)
    assert response.status_code == 200, (curl, response.get_json())
