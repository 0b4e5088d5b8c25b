"""Named clusters: names from distinctive topics (by lift) or hubs, a person's rename that survives
re-analysis, and the names in the API, CLI, exports and the Browser query.

By hand: in the "two groups and a bridge" graph (test_analysis.py) group A posts about music, B
about sport and x about both; 5 of 9 creators post about each. Whichever cluster x joins, its
cluster posts about music (or sport) at share 1.0, lift 1.8 >= 1.5, and about the other topic at
share 0.2 (x alone), lift 0.36: the names are "Music" and "Sport"."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service.cli.main import main
from service.domain.analysis import run_analysis
from service.domain.analysis.names import ClusterFacts, hubs_name, name_clusters
from service.graph.db import Graph
from service.graph.queries import get_query
from service.graph.settings import Settings
from tests.conftest import WRITE_TOKEN
from tests.test_analysis import ALL_PAIRS, seed_two_groups

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


def facts(cluster: int, size: int, topics: dict[str, int], hubs: tuple[str, ...] = ()) -> ClusterFacts:
    return ClusterFacts(cluster, size, topics, hubs)


def test_distinctive_topics_name_a_cluster_not_frequent_ones() -> None:
    # "lifestyle" is posted by every creator of the market: frequent everywhere, lift 1, names
    # nobody. Cluster 0 is the fitness one (lift 3), cluster 1 the gaming one.
    named = name_clusters(
        [
            facts(0, 10, {"lifestyle": 10, "fitness": 9, "nutrition": 4, "gaming": 1}),
            facts(1, 10, {"lifestyle": 10, "gaming": 8, "esports": 5}),
            facts(2, 10, {"lifestyle": 10, "travel": 7}, ("@tom",)),
            facts(3, 10, {"lifestyle": 10, "tech": 9, "ai": 6}),
        ]
    )
    assert [(n.name, n.source) for n in named] == [
        ("Fitness & Nutrition", "topics"),
        ("Gaming & Esports", "topics"),
        ("Travel", "topics"),
        ("Tech & AI", "topics"),
    ]


def test_without_a_distinctive_topic_a_cluster_is_named_after_its_hubs() -> None:
    named = name_clusters(
        [
            facts(0, 6, {"music": 6}, ("@ana", "@ben", "@cy")),
            facts(1, 6, {"music": 6}, ("dee",)),
            facts(2, 2, {}, ("@eve", "@flo")),
            facts(3, 1, {}, ()),
        ]
    )
    assert [n.name for n in named] == ["@ana, @ben & co.", "@dee & co.", "@eve & @flo", "Cluster 3"]
    assert {n.source for n in named} == {"hubs"}
    assert hubs_name(["@solo"], 1, 9) == "@solo"


def test_two_clusters_never_share_a_name() -> None:
    named = name_clusters(
        [
            facts(0, 5, {"gaming": 5}, ("@small",)),
            facts(1, 9, {"gaming": 9}, ("@big",)),
            facts(2, 20, {"travel": 20}),
        ]
    )
    assert [n.name for n in named] == ["Gaming (@small)", "Gaming", "Travel"]


def test_a_cluster_keeps_its_topic_name_while_those_topics_stay_distinctive() -> None:
    before = facts(0, 10, {"fitness": 8, "yoga": 6, "running": 5})
    market = [facts(1, 30, {"travel": 30})]
    # Without a previous name, the best two topics; with one, it stays while its topics are among
    # the best four, even if another pair now scores higher.
    assert name_clusters([before, *market])[0].name == "Fitness & Yoga"
    kept = ClusterFacts(0, 10, {"fitness": 8, "yoga": 6, "running": 7}, (), ("fitness", "yoga"))
    assert name_clusters([kept, *market])[0].name == "Fitness & Yoga"
    gone = ClusterFacts(0, 10, {"fitness": 8, "running": 7}, (), ("fitness", "yoga"))
    assert name_clusters([gone, *market])[0].name == "Fitness & Running"


@pytest.fixture(scope="module")
def analysed(db: Graph) -> dict[str, int]:
    seed_two_groups(db)
    run_analysis(db, ALL_PAIRS)
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    return {row["id"]: row["cluster"] for row in rows}


def names_of(client: FlaskClient) -> dict[int, tuple[str, str]]:
    items = client.get("/clusters").get_json()["items"]
    return {c["cluster"]: (c["name"], c["name_source"]) for c in items}


def test_every_cluster_has_a_name_in_the_api(client: FlaskClient, analysed: dict[str, int]) -> None:
    assert names_of(client) == {
        analysed["a1"]: ("Music", "topics"),
        analysed["b1"]: ("Sport", "topics"),
    }
    one = client.get(f"/clusters/{analysed['a1']}").get_json()
    assert one["name"] == "Music"


def test_rename_needs_a_token_and_survives_reanalysis(
    writer: Flask, db: Graph, analysed: dict[str, int]
) -> None:
    client = writer.test_client()
    music = analysed["a1"]
    assert client.put(f"/clusters/{music}/name", json={"name": "Indie fans"}).status_code == 401
    assert client.put("/clusters/999/name", json={"name": "x"}, headers=AUTH).status_code == 404
    too_long = client.put(f"/clusters/{music}/name", json={"name": "x" * 81}, headers=AUTH)
    assert too_long.status_code == 400
    renamed = client.put(f"/clusters/{music}/name", json={"name": "  Indie   fans "}, headers=AUTH)
    assert renamed.get_json() == {
        "cluster": music,
        "name": "Indie fans",
        "name_source": "custom",
        "auto_name": "Music",
    }
    run_analysis(db, ALL_PAIRS)  # the cluster persists with its id, and so does its name
    assert names_of(client)[music] == ("Indie fans", "custom")
    assert names_of(client)[analysed["b1"]] == ("Sport", "topics")
    reset = client.put(f"/clusters/{music}/name", json={"name": None}, headers=AUTH)
    assert reset.get_json()["name"] == "Music" and reset.get_json()["name_source"] == "topics"


def test_cli_renames_and_analyze_prints_names(test_settings: Settings, analysed: dict[str, int]) -> None:
    runner = CliRunner()
    sport = analysed["b1"]
    done = runner.invoke(main, ["rename-cluster", str(sport), "Weekend athletes"], obj=test_settings)
    assert done.exit_code == 0, done.output
    assert done.output.strip() == f'cluster {sport}: "Weekend athletes" (custom)'
    assert runner.invoke(main, ["rename-cluster", str(sport)], obj=test_settings).exit_code == 2
    missing = runner.invoke(main, ["rename-cluster", "999", "x"], obj=test_settings)
    assert missing.exit_code == 1 and "no cluster" in missing.output
    printed = runner.invoke(
        main, ["analyze", "--min-shared", "1", "--top-k", "100", "--min-jaccard", "0"], obj=test_settings
    )
    assert f'cluster {sport} "Weekend athletes"' in printed.output
    back = runner.invoke(main, ["rename-cluster", str(sport), "--automatic"], obj=test_settings)
    assert back.output.strip() == f'cluster {sport}: "Sport" (topics)'


def test_exports_carry_cluster_names(client: FlaskClient, analysed: dict[str, int]) -> None:
    nodes = {n["id"]: n for n in client.get("/export/graph?format=json").get_json()["nodes"]}
    assert nodes["a2"]["cluster_name"] == "Music" and nodes["b2"]["cluster_name"] == "Sport"
    assert nodes["a2"]["topics"] == ["music"] and nodes["x"]["topics"] == ["music", "sport"]
    gexf = ET.fromstring(client.get("/export/graph?format=gexf").data)
    values = [
        v.get("value") for v in gexf.iter("{http://gexf.net/1.3}attvalue") if v.get("for") == "cluster_name"
    ]
    assert sorted(set(values)) == ["Music", "Sport"]
    graphml = client.get("/export/graph?format=graphml").data.decode()
    assert 'attr.name="cluster_name"' in graphml and ">Sport<" in graphml


def test_browser_query_shows_clusters_by_name(db: Graph, analysed: dict[str, int]) -> None:
    records, _, _ = db.driver.execute_query(get_query("browser.show_clusters").text, database_=db.database)
    assert len(records) == 1  # the two clusters share x's audience
    record: Any = records[0]
    names = {record["cluster"]["name"], record["other"]["name"]}
    assert names == {"Music", "Sport"}
    assert "Cluster" in record["cluster"].labels and record["shares"]["shared"] > 0
