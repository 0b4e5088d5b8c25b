"""docker compose runs the same Neo4j as the local server."""

from __future__ import annotations

import re

import yaml

from service.ops.local_neo4j import pinned_versions
from tests.conftest import ROOT


def test_compose_neo4j_image_is_the_pinned_version() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    image = compose["services"]["neo4j"]["image"]
    assert image == f"neo4j:{pinned_versions()['NEO4J_VERSION']}-community"


def test_compose_asks_for_apoc_and_gds() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    plugins = compose["services"]["neo4j"]["environment"]["NEO4J_PLUGINS"]
    assert set(yaml.safe_load(plugins)) == {"apoc", "graph-data-science"}


def test_dockerfile_pins_the_python_we_test_on() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11", dockerfile, re.M)
