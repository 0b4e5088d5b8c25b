"""GET /export/graph renders the same stated map as JSON, GEXF and GraphML."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from flask.testing import FlaskClient

from service.graph.db import Graph
from tests.seed import seed


@pytest.fixture(scope="module", autouse=True)
def stated_graph(db: Graph) -> None:
    seed(
        db,
        [
            {"id": "a", "handle": "ana", "followers": 30, "cluster": 0, "bridge_score": 0.1},
            {"id": "b", "handle": "ben", "followers": 20, "cluster": 1, "bridge_score": 0.7},
            {"id": "c", "handle": "cat", "followers": 10, "cluster": 1, "bridge_score": 0.3},
        ],
        shares=[
            {"a": "a", "b": "b", "shared": 4, "lift": 1.5},
            {"a": "c", "b": "a", "shared": 2, "lift": 0.5},
            {"a": "b", "b": "c", "shared": 1, "lift": 0.2},
        ],
    )


def test_json_keeps_each_creators_strongest_links(client: FlaskClient) -> None:
    body = client.get("/export/graph?top_edges=1").get_json()
    assert [n["id"] for n in body["nodes"]] == ["a", "b", "c"]
    assert sorted((e["source"], e["target"], e["shared"]) for e in body["edges"]) == [
        ("a", "b", 4),
        ("c", "a", 2),
    ]


def test_one_cluster_only(client: FlaskClient) -> None:
    body = client.get("/export/graph?cluster=1").get_json()
    assert [n["id"] for n in body["nodes"]] == ["b", "c"]
    assert [(e["source"], e["target"]) for e in body["edges"]] == [("b", "c")]


@pytest.mark.parametrize(("fmt", "read"), [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_files_open_in_networkx(client: FlaskClient, fmt: str, read: object) -> None:
    response = client.get(f"/export/graph?format={fmt}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    g = read(io.BytesIO(response.data))  # type: ignore[operator]
    assert sorted(g.nodes) == ["a", "b", "c"]
    assert g.number_of_edges() == 3
    assert g.nodes["b"]["cluster"] == 1 and g.edges["a", "b"]["shared"] == 4
