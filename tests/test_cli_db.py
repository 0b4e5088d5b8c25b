"""`influence-map db ...` through click's runner, against a second, throwaway local server."""

from __future__ import annotations

import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from service.cli.main import main
from service.graph.settings import Settings
from service.ops.local_neo4j import LocalNeo4j, keep_plugins_not_in_lib


@pytest.fixture(scope="module")
def scratch(test_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings = test_settings.with_overrides(
        neo4j_uri="",
        neo4j_password="",
        local_home=tmp_path_factory.mktemp("neo4j-home"),
        bolt_port=test_settings.bolt_port + 10000,
        http_port=test_settings.http_port + 10000,
        heap_size="512m",
        pagecache_size="64m",
    )
    yield settings
    LocalNeo4j(settings).stop()


def invoke(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), obj=settings)
    return result.exit_code, result.output


def test_start_status_env_stop_are_idempotent(scratch: Settings) -> None:
    assert invoke(scratch, "db", "status") == (3, f"stopped (home {scratch.local_home})\n")
    code, out = invoke(scratch, "db", "start")
    assert code == 0 and "Neo4j started" in out and f"127.0.0.1:{scratch.http_port}/browser/" in out
    code, out = invoke(scratch, "db", "start")
    assert code == 0 and "already running" in out
    code, out = invoke(scratch, "db", "status")
    assert code == 0 and out.startswith("running (pid ") and scratch.uri in out

    password_file = scratch.local_home / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    code, out = invoke(scratch, "db", "env")
    exports = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())
    assert exports["NEO4J_URI"] == f"bolt://127.0.0.1:{scratch.bolt_port}"
    assert exports["NEO4J_PASSWORD"] == password_file.read_text().strip()
    with GraphDatabase.driver(
        exports["NEO4J_URI"], auth=(exports["NEO4J_USER"], exports["NEO4J_PASSWORD"])
    ) as d:
        assert d.execute_query("RETURN 1 AS one").records[0]["one"] == 1

    assert invoke(scratch, "db", "stop")[1].startswith("Neo4j stopped")
    assert invoke(scratch, "db", "stop") == (0, "Neo4j is not running\n")
    assert invoke(scratch, "db", "status")[0] == 3


def test_a_taken_port_fails_clearly(scratch: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out = invoke(scratch.with_overrides(bolt_port=port), "db", "start")
    assert code == 1
    assert f"port {port} on 127.0.0.1 is taken" in out


def test_plugins_keep_one_version_of_each_library(tmp_path: Path) -> None:
    lib, plugins, out = tmp_path / "lib", tmp_path / "plugins", tmp_path / "out"
    lib.mkdir()
    plugins.mkdir()
    for name in ["org.neo4j.annotations-5.26.19.jar", "com.fasterxml.jackson.core.jackson-core-2.18.0.jar"]:
        (lib / name).touch()
    for name in [
        "org.neo4j.gds.annotations-2.13.9.jar",
        "com.fasterxml.jackson.core.jackson-core-2.18.6.jar",
        "org.neo4j.gds.proc-2.13.9.jar",
    ]:
        (plugins / name).touch()
    keep_plugins_not_in_lib(plugins, lib, out)
    assert sorted(p.name for p in out.iterdir()) == [
        "org.neo4j.gds.annotations-2.13.9.jar",
        "org.neo4j.gds.proc-2.13.9.jar",
    ]
