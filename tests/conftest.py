"""One real Neo4j for the whole suite, and an empty database for every test module.

Where the server comes from, in order: NEO4J_URI if it is set (that database is wiped: never point
it at data you keep); else compose's neo4j service (pytest-docker) when a Docker engine answers; else
the local server of `influence-map db`, on its own ports and folder so a developer's demo data is
never touched. No Neo4j means the suite fails; it never skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pytest_docker.plugin import DockerComposeExecutor, Services

from service.graph.db import Graph
from service.graph.settings import Settings
from service.ops.local_neo4j import LocalNeo4j
from service.web.app import create_app
from tests.compose_stack import compose_neo4j, compose_password

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
# The suite's own local server sits 10000 ports above the configured ones, in a sibling folder,
# so `make test` never touches the demo database (and two checkouts can test side by side by
# setting INFLUENCE_MAP_HOME and the ports).
TEST_PORT_OFFSET = 10000


def pytest_addoption(parser: pytest.Parser) -> None:
    # `make fuzz` runs the fuzzers long: at least 500 generated examples per API operation.
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=0,
        help="examples per API operation and per loader format (0: the short run of `make test`)",
    )


@pytest.fixture(scope="session")
def fuzz_examples(request: pytest.FixtureRequest) -> int:
    """How many examples the fuzzers generate: a short run unless --fuzz-examples says more."""
    return int(request.config.getoption("--fuzz-examples"))


def docker_engine_answers() -> bool:
    docker = shutil.which("docker")
    if not docker:
        return False
    done = subprocess.run([docker, "info"], capture_output=True, timeout=30, check=False)
    return done.returncode == 0


@pytest.fixture(scope="session")
def docker_compose_file() -> str:
    return str(ROOT / "docker-compose.yml")


@pytest.fixture(scope="session")
def docker_services(
    docker_compose_command: str, docker_compose_file: str, docker_compose_project_name: str
) -> Iterator[Services]:
    """pytest-docker's fixture, but for Neo4j alone and torn down even when it never came up."""
    compose = DockerComposeExecutor(docker_compose_command, docker_compose_file, docker_compose_project_name)
    with compose_neo4j(compose) as services:
        yield services


@pytest.fixture(scope="session")
def test_settings(request: pytest.FixtureRequest) -> Iterator[Settings]:
    # No leases on the data version: many tests write around our writers (raw Cypher, as a Browser
    # session would), which a lease sees only when it ends; tests/test_stamp_lease.py turns them on.
    base = Settings.from_env().with_overrides(stamp_lease_ms=0)
    if not base.uses_local_server:
        yield base
        return
    if docker_engine_answers():
        services = request.getfixturevalue("docker_services")
        settings = base.with_overrides(
            neo4j_uri=f"bolt://127.0.0.1:{services.port_for('neo4j', 7687)}",
            neo4j_password=compose_password(os.environ, ROOT / ".env"),
        )
        services.wait_until_responsive(lambda: can_query(settings), timeout=240.0, pause=2.0)
        yield settings
        return
    settings = base.side_instance("test", TEST_PORT_OFFSET)
    local = LocalNeo4j(settings)
    started_here = local.pid() is None
    local.start(echo=True)
    yield settings
    if started_here:
        local.stop()


def can_query(settings: Settings) -> bool:
    graph = Graph.connect(settings)
    try:
        graph.driver.execute_query("RETURN 1", database_=settings.neo4j_database)
        return True
    except Exception:
        return False
    finally:
        graph.close()


@pytest.fixture(scope="session")
def graph(test_settings: Settings) -> Iterator[Graph]:
    db = Graph.connect(test_settings)
    yield db
    db.close()


@pytest.fixture(scope="module")
def db(graph: Graph) -> Graph:
    """The test database, emptied once for the module that asks for it."""
    graph.wipe()
    return graph


@pytest.fixture(scope="module")
def app(db: Graph, test_settings: Settings) -> Iterator[Flask]:
    application = create_app(test_settings)
    yield application
    application.extensions["graph"].close()


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# The bearer token of the `writer` app, for the write routes.
WRITE_TOKEN = "s3cret"


@pytest.fixture(scope="module")
def writer(db: Graph, test_settings: Settings) -> Iterator[Flask]:
    """An app that accepts WRITE_TOKEN on the write routes."""
    application = create_app(test_settings.with_overrides(api_tokens=WRITE_TOKEN))
    yield application
    application.extensions["graph"].close()


@pytest.fixture(scope="session")
def spark(test_settings: Settings) -> Iterator[Any]:
    """One local Spark for the suite's Spark tests (2 cores, a 1 GB driver), with the Neo4j
    connector; jobs and analysis runs in this process share it (spark.job._session)."""
    from service.domain.analysis.spark.session import SparkConfig, connector_jar, start_session

    session = start_session(SparkConfig("local[2]", driver_memory="1g"), connector_jar(test_settings))
    yield session
    session.stop()
