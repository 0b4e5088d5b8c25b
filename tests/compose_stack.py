"""The compose stack as the test suite uses it: only its Neo4j, with the password and the host
port that docker-compose.yml gives it, torn down even when it never came up.

Used by tests/conftest.py when a Docker engine answers; tested without one in tests/test_compose.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pytest_docker.plugin import DockerComposeExecutor, Services

# What docker-compose.yml falls back to when neither the shell nor `.env` sets NEO4J_PASSWORD.
COMPOSE_DEFAULT_PASSWORD = "please-change-me"
# Only Neo4j: the tests talk to it directly and build their own app.
COMPOSE_SETUP = "up --build --wait neo4j"
COMPOSE_CLEANUP = "down -v"


@contextmanager
def compose_neo4j(compose: DockerComposeExecutor) -> Iterator[Services]:
    """Start compose's neo4j service; `down -v` afterwards, also when the start failed half-way (a
    built image, a created volume or an unhealthy container would otherwise outlive the run)."""
    try:
        compose.execute(COMPOSE_SETUP)
        yield Services(compose)
    finally:
        compose.execute(COMPOSE_CLEANUP)


def compose_password(environ: Mapping[str, str], dotenv: Path) -> str:
    """The password docker compose gives Neo4j: `${NEO4J_PASSWORD:-please-change-me}` resolved as
    compose does it, the shell's variable first (even when empty), then the `.env` file."""
    if "NEO4J_PASSWORD" in environ:
        value = environ["NEO4J_PASSWORD"]
    else:
        value = read_dotenv(dotenv).get("NEO4J_PASSWORD", "")
    return value or COMPOSE_DEFAULT_PASSWORD


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as compose reads `.env`: comments, `export `, quotes, the last one wins."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, _, value = line.partition("=")
        value = value.strip()
        if value[:1] == "'" and "'" in value[1:]:
            value = value[1 : value.index("'", 1)]
        elif value[:1] == '"':
            value = _double_quoted(value)
        else:
            for marker in (" #", "\t#"):
                if marker in value:
                    value = value[: value.index(marker)]
            value = value.strip()
        values[key.strip()] = value
    return values


def _double_quoted(value: str) -> str:
    out, escaped = [], False
    for char in value[1:]:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            break
        else:
            out.append(char)
    return "".join(out)
