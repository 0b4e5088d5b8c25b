"""docker compose runs the same Neo4j, GDS and APOC as the local server: provision/versions.env
is the one place they are pinned, and the Dockerfile and docker-compose.yml agree with it."""

from __future__ import annotations

import re

import yaml

from service.ops.local_neo4j import pinned_versions
from tests.conftest import ROOT


def from_lines() -> dict[str, str]:
    """stage name -> base image of every FROM line in the Dockerfile."""
    text = (ROOT / "Dockerfile").read_text()
    return {name: image for image, name in re.findall(r"^FROM\s+(\S+)\s+AS\s+(\S+)", text, re.M | re.I)}


def test_the_neo4j_image_starts_from_the_pinned_community_release() -> None:
    assert from_lines()["neo4j"] == f"neo4j:{pinned_versions()['NEO4J_VERSION']}-community"


def test_the_neo4j_image_tag_names_every_pinned_version() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    pins = pinned_versions()
    assert compose["services"]["neo4j"]["image"] == (
        f"influence-map-neo4j:{pins['NEO4J_VERSION']}-gds-{pins['GDS_VERSION']}-apoc-{pins['APOC_VERSION']}"
    )


def test_the_image_takes_plugin_versions_from_versions_env() -> None:
    # The plugins stage runs `influence-map db install`, which reads versions.env: a plugin version
    # written into the Dockerfile could only drift from it.
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "influence-map db install" in dockerfile
    assert pinned_versions()["GDS_VERSION"] not in dockerfile
    assert not re.search(r"(gds|apoc)[_-]?version", dockerfile, re.I)


def test_dockerfile_pins_the_python_we_test_on() -> None:
    assert from_lines()["python"].startswith("python:3.11-")


def test_spark_runs_the_pinned_version_everywhere() -> None:
    pins = pinned_versions()
    version = pins["SPARK_VERSION"]
    assert from_lines()["spark"] == f"apache/spark:{version}-scala2.12-java17-python3-ubuntu"
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for service in ("spark-master", "spark-worker"):
        assert compose["services"][service]["image"] == f"influence-map-spark:{version}"
    # The driver (PyPI's pyspark) and the cluster run the same Spark; Scala 2.12 as the connector.
    assert f'"pyspark=={version}"' in (ROOT / "pyproject.toml").read_text()
    assert pins["SPARK_CONNECTOR_ARTIFACT"].endswith("_2.12")
