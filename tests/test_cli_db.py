"""`influence-map db ...` through click's runner, against a second, throwaway local server."""

from __future__ import annotations

import os
import signal
import socket
import stat
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from service.cli.main import main
from service.graph.settings import Settings
from service.ops import local_neo4j
from service.ops.local_neo4j import LocalNeo4j, keep_plugins_not_in_lib, split_plugin_jars
from service.ops.processes import process_alive


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
        start_timeout=240.0,
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


def test_a_class_archive_is_written_once_then_used_and_a_damaged_one_replaced(
    scratch: Settings, tmp_path: Path
) -> None:
    """service.ops.class_archive, on a cache of our own (the jars linked from the real one)."""
    real = LocalNeo4j(scratch)
    real.install()
    dist = tmp_path / "cache" / real.dist.name
    dist.mkdir(parents=True)
    for part in ("lib", "plugin-libs", "plugins"):
        (dist / part).symlink_to(real.dist / part)
    (dist / ".complete").write_text((real.dist / ".complete").read_text())
    local = LocalNeo4j(scratch.with_overrides(cache_dir=tmp_path / "cache"))

    def command_line() -> str:
        return Path(f"/proc/{local.pid()}/cmdline").read_bytes().decode().replace("\0", " ")

    try:
        local.start()
        assert "-XX:ArchiveClassesAtExit=" in command_line()
        assert not (dist / "class-archives").exists()
        local.stop()  # the JVM writes the archive as it ends
        archives = list((dist / "class-archives").glob("*.jsa"))
        assert len(archives) == 1
        size = archives[0].stat().st_size
        assert size > 10_000_000
        assert not list((scratch.local_home / "run").glob("classes.jsa.*"))

        local.start()
        assert f"-XX:SharedArchiveFile={archives[0]}" in command_line()
        local.stop()
        assert archives[0].stat().st_size == size

        with archives[0].open("r+b") as archive:
            archive.truncate(size // 2)
        local.start()  # the JVM aborts on the damaged archive; the start deletes it and goes on
        assert "deleted it, starting without" in local.log.read_text()
        assert "-XX:ArchiveClassesAtExit=" in command_line()
        with GraphDatabase.driver(scratch.uri, auth=(scratch.neo4j_user, local.password())) as driver:
            assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        local.stop()
        assert archives[0].stat().st_size > size // 2
        assert list((scratch.local_home / "logs").glob("hs_err_pid*.log"))
        assert not list(scratch.local_home.glob("hs_err_pid*.log"))
    finally:
        local.stop()


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


def test_only_jars_that_declare_procedures_are_left_for_neo4j_to_scan(tmp_path: Path) -> None:
    jars, plugins, libs = tmp_path / "jars", tmp_path / "plugins", tmp_path / "libs"
    jars.mkdir()
    classes = {
        "gds-proc.jar": {"org/gds/PageRankProc.class": b"\xca\xfe Lorg/neo4j/procedure/Procedure; stream"},
        "apoc-core.jar": {
            "apoc/Util.class": b"\xca\xfe plain",
            "apoc/Coll.class": b"\xca\xfe Lorg/neo4j/procedure/UserFunction; max",
        },
        "aggregations.jar": {"a/Agg.class": b"Lorg/neo4j/procedure/UserAggregationFunction;"},
        "gds-core.jar": {"org/gds/Graph.class": b"\xca\xfe Lorg/neo4j/procedure/Context; graph"},
        # The descriptor in a resource that is not a class does not count.
        "docs.jar": {"README.txt": b"Lorg/neo4j/procedure/Procedure;"},
    }
    for jar, entries in classes.items():
        with zipfile.ZipFile(jars / jar, "w") as archive:
            for name, code in entries.items():
                archive.writestr(name, code)
    split_plugin_jars(jars, plugins, libs)
    assert sorted(p.name for p in plugins.iterdir()) == ["aggregations.jar", "apoc-core.jar", "gds-proc.jar"]
    assert sorted(p.name for p in libs.iterdir()) == ["docs.jar", "gds-core.jar"]
    assert not list(jars.iterdir())


def test_reset_keeps_the_password_and_no_command_line_shows_it(
    scratch: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 17, cases 11 and 14: the password never appears in a command line (`ps` shows those
    # to every user), the home folder is private, and `db reset` keeps the password.
    commands: list[list[str]] = []
    real_run = local_neo4j.subprocess.run

    def recording_run(command: list[str], *args: Any, **kwargs: Any) -> Any:
        commands.append(list(command))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(local_neo4j.subprocess, "run", recording_run)
    assert invoke(scratch, "db", "start")[0] == 0
    password_file = scratch.local_home / "password"
    password = password_file.read_text().strip()
    for folder in (scratch.local_home, scratch.local_home / "data", scratch.local_home / "logs"):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder

    code, out = invoke(scratch, "db", "reset", "--yes")
    assert code == 0 and "password is kept" in out and "Neo4j started" in out, out
    assert password_file.read_text().strip() == password
    with GraphDatabase.driver(scratch.uri, auth=("neo4j", password)) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    admin = [c for c in commands if any("@" in word for word in c)]
    assert admin, "the reset database was given its password through an argument file"
    assert not [c for c in commands if any(password in word for word in c)]
    assert not list((scratch.local_home / "run").glob("*.args")), "the argument file is removed"

    assert invoke(scratch, "db", "stop")[0] == 0
    code, out = invoke(scratch, "db", "reset", "--new-password", "--yes")
    assert code == 0 and "THE PASSWORD CHANGES" in out
    assert not password_file.exists()


def test_a_killed_server_starts_again_with_its_own_password(scratch: Settings) -> None:
    # issue 17, case 17: after a kill -9 (and even without data/dbms/auth.ini) `db start` must see
    # an existing database, keep its password and connect, never write a new one.
    local = LocalNeo4j(scratch)
    assert invoke(scratch, "db", "start")[0] == 0
    password = (scratch.local_home / "password").read_text().strip()
    pid = local.pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    while process_alive(pid):
        time.sleep(0.2)
    (scratch.local_home / "data" / "dbms" / "auth.ini").unlink(missing_ok=True)
    code, out = invoke(scratch, "db", "start")
    assert code == 0 and "Neo4j started" in out, out
    assert (scratch.local_home / "password").read_text().strip() == password
    with GraphDatabase.driver(scratch.uri, auth=("neo4j", password)) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    assert invoke(scratch, "db", "stop")[0] == 0


def test_a_refused_password_fails_at_once_without_locking_the_account(scratch: Settings) -> None:
    assert invoke(scratch, "db", "start")[0] == 0
    assert invoke(scratch, "db", "stop")[0] == 0
    wrong = scratch.with_overrides(neo4j_password="not-the-password", start_timeout=600.0)
    code, out = invoke(wrong, "db", "start")
    assert code == 1 and "refuses the password" in out, out
    password = (scratch.local_home / "password").read_text().strip()
    with GraphDatabase.driver(scratch.uri, auth=("neo4j", password)) as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    assert invoke(scratch, "db", "stop")[0] == 0


def test_a_start_moves_a_large_console_log_aside(scratch: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """console.log grows with every start; past the limit a start moves it to console.log.1."""
    invoke(scratch, "db", "stop")
    logs = scratch.local_home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    (logs / "console.log.1").write_text("the oldest start\n")
    (logs / "console.log").write_text("an earlier start\n" * 100)
    monkeypatch.setattr(local_neo4j, "CONSOLE_LOG_MAX_BYTES", 1000)
    try:
        assert invoke(scratch, "db", "start")[0] == 0
        assert (logs / "console.log.1").read_text() == "an earlier start\n" * 100
        assert "an earlier start" not in (logs / "console.log").read_text()
        small = (logs / "console.log").read_text()
        assert invoke(scratch, "db", "stop")[0] == 0
        monkeypatch.setattr(local_neo4j, "CONSOLE_LOG_MAX_BYTES", len(small.encode()) * 10)
        assert invoke(scratch, "db", "start")[0] == 0  # a log under the limit is appended to
        assert (logs / "console.log").read_text().startswith(small)
        assert (logs / "console.log.1").read_text() == "an earlier start\n" * 100
    finally:
        invoke(scratch, "db", "stop")
