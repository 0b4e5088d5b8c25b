"""Settings come from the environment (or create_app's mapping) and fail clearly when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.graph.errors import ServiceError
from service.graph.settings import Settings


def test_environment_values_are_typed() -> None:
    settings = Settings.from_env(
        {
            "NEO4J_URI": "neo4j+s://x.databases.neo4j.io",
            "INFLUENCE_MAP_QUERY_TIMEOUT": "2.5",
            "INFLUENCE_MAP_BOLT_PORT": "7688",
            "INFLUENCE_MAP_HOME": "/tmp/im",
        }
    )
    assert settings.uri == "neo4j+s://x.databases.neo4j.io"
    assert settings.query_timeout == 2.5
    assert settings.bolt_port == 7688
    assert settings.local_home == Path("/tmp/im")
    assert not settings.uses_local_server


def test_the_local_server_is_the_default() -> None:
    settings = Settings.from_env({"INFLUENCE_MAP_BOLT_PORT": "7690"})
    assert settings.uri == "bolt://127.0.0.1:7690"
    assert settings.uses_local_server


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(ServiceError, match="INFLUENCE_MAP_PORT='five' is not a valid int"):
        Settings.from_env({"INFLUENCE_MAP_PORT": "five"})


def test_unknown_mapping_keys_are_refused() -> None:
    with pytest.raises(ServiceError, match="unknown setting"):
        Settings.from_mapping({"query_timeuot": 3}, base=Settings())


def test_the_local_password_file_is_used_when_none_is_given(tmp_path: Path) -> None:
    (tmp_path / "password").write_text("s3cret\n")
    assert Settings(local_home=tmp_path).password == "s3cret"
    assert Settings(local_home=tmp_path, neo4j_password="given").password == "given"


def test_secrets_stay_out_of_the_repr() -> None:
    # issue 17, case 11: a Settings in a log line or a traceback must not show a password or token.
    settings = Settings.from_env(
        {"NEO4J_PASSWORD": "hunter2-secret", "INFLUENCE_MAP_API_TOKENS": "tok-secret", "OTHER": "env-secret"}
    )
    assert settings.neo4j_password == "hunter2-secret"
    shown = repr(settings) + str(settings)
    assert "secret" not in shown
    assert "neo4j_user='neo4j'" in shown


def test_the_gunicorn_server_takes_its_workers_and_threads_from_the_settings() -> None:
    from service.web.server import GunicornServer

    settings = Settings.from_env({"INFLUENCE_MAP_THREADS": "3", "INFLUENCE_MAP_WORKERS": "5"})
    server = GunicornServer(settings, "127.0.0.1", 5999, settings.workers)
    assert (server.cfg.workers, server.cfg.threads) == (5, 3)
    assert GunicornServer(Settings(), "127.0.0.1", 5999, 1).cfg.threads == Settings().threads
