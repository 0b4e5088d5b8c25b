"""The one settings object. This is the only module that reads the environment.

Every option has an environment variable and a default; the configuration table of
docs/operations.md lists them all (tests/test_docs.py checks that the table and this module agree).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from service.graph.errors import ServiceError


def _home() -> Path:
    return Path.home()


@dataclass(frozen=True)
class Settings:
    """Configuration for the service, the loaders and the local Neo4j server."""

    # Connection: the local server, docker compose, or any Neo4j (Aura included).
    neo4j_uri: str = ""
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"
    # Read queries are cancelled after this many seconds (HTTP answers 503).
    query_timeout: float = 5.0
    # ... except reads that answer with a whole map (GET /export/graph, the map page's graph).
    export_timeout: float = 60.0
    # Loaders write this many rows per UNWIND statement.
    batch_size: int = 1000
    # Audience and mention files with more rows than this are loaded journaled (batch by batch,
    # rolled back on failure) instead of in one transaction, which must fit in the server's heap.
    load_transaction_rows: int = 200_000
    # The HTTP service.
    host: str = "127.0.0.1"
    port: int = 5000
    workers: int = 2
    # Threads per gunicorn worker: concurrent requests of one worker share each data-stamp read.
    threads: int = 16
    # Under load a worker answers from a stamp it holds a lease on for this long instead of reading
    # the stamp per request; writers that count a change wait for leases to end (0: no leases).
    stamp_lease_ms: int = 500
    # Comma-separated bearer tokens; write routes always need one.
    api_tokens: str = field(default="", repr=False)
    require_auth_for_reads: bool = False
    # The local Neo4j server (`influence-map db ...`), used when no Docker engine runs.
    local_home: Path = field(default_factory=lambda: _home() / ".local/share/influence-map/neo4j")
    cache_dir: Path = field(default_factory=lambda: _home() / ".cache/influence-map")
    bolt_port: int = 7687
    http_port: int = 7474
    heap_size: str = "2g"
    pagecache_size: str = "1g"
    start_timeout: float = 180.0
    java_home: str = ""
    # The audience index (docs/operations.md#the-audience-index): the most memory one process may
    # give it (0 turns it off: every answer comes from Cypher), and the folder of the snapshot the
    # gunicorn workers share (empty: `audience-index` in the local server's folder).
    audience_index_budget_mb: int = 512
    audience_index_dir: str = ""
    # Campaign planning: upper follower bounds of the nano, micro, mid and macro tiers.
    tier_bounds: str = "5000,100000,500000,1000000"
    # The environment handed to child processes (mvn, java); never shown.
    child_env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    # `tier_bounds` parsed once, when the settings are made (a bad value fails right there).
    tier_limits: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tier_limits", parse_tier_bounds(self.tier_bounds))

    @property
    def uri(self) -> str:
        """The Bolt URI to use: NEO4J_URI, else the local server's."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def index_folder(self) -> Path:
        """Where the audience index's snapshot and build lock live."""
        return (
            Path(self.audience_index_dir).expanduser()
            if self.audience_index_dir
            else self.local_home / "audience-index"
        )

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def password(self) -> str:
        """NEO4J_PASSWORD, else the generated password of the local server (if it has one)."""
        if self.neo4j_password:
            return self.neo4j_password
        secret = self.local_home / "password"
        return secret.read_text().strip() if secret.exists() else ""

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def side_instance(self, name: str, port_offset: int) -> Settings:
        """A second local server beside this one (tests, benches): its own folder, shifted ports."""
        return replace(
            self,
            local_home=self.local_home.with_name(f"{self.local_home.name}-{name}"),
            bolt_port=self.bolt_port + port_offset,
            http_port=self.http_port + port_offset,
        )

    def connection_env(self) -> dict[str, str]:
        """The child environment, naming this Neo4j explicitly (for `influence-map serve` children)."""
        return {
            **self.child_env,
            ENV_NAMES["neo4j_uri"]: self.uri,
            ENV_NAMES["neo4j_password"]: self.password,
        }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from environment variables (`os.environ` when none are given)."""
        env = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {"child_env": env}
        for spec in fields(cls):
            name = ENV_NAMES.get(spec.name)
            if name and env.get(name, "") != "":
                values[spec.name] = _convert(name, env[name], spec.type)
        return cls(**values)

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any], base: Settings | None = None) -> Settings:
        """Apply a mapping of field names (as in `create_app({"query_timeout": 2})`)."""
        known = {spec.name: spec.type for spec in fields(cls)}
        unknown = sorted(set(config) - set(known))
        if unknown:
            raise ServiceError(500, "bad_config", f"unknown setting(s): {', '.join(unknown)}")
        start = base if base is not None else cls.from_env()
        converted = {
            key: _convert(key, value, known[key]) if isinstance(value, str) else value
            for key, value in config.items()
        }
        return replace(start, **converted)


# Field name -> environment variable. Documented in docs/operations.md ("Configuration").
ENV_NAMES: dict[str, str] = {
    "neo4j_uri": "NEO4J_URI",
    "neo4j_user": "NEO4J_USER",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "NEO4J_DATABASE",
    "query_timeout": "INFLUENCE_MAP_QUERY_TIMEOUT",
    "export_timeout": "INFLUENCE_MAP_EXPORT_TIMEOUT",
    "batch_size": "INFLUENCE_MAP_BATCH_SIZE",
    "load_transaction_rows": "INFLUENCE_MAP_LOAD_TRANSACTION_ROWS",
    "host": "INFLUENCE_MAP_HOST",
    "port": "INFLUENCE_MAP_PORT",
    "workers": "INFLUENCE_MAP_WORKERS",
    "threads": "INFLUENCE_MAP_THREADS",
    "stamp_lease_ms": "INFLUENCE_MAP_STAMP_LEASE_MS",
    "api_tokens": "INFLUENCE_MAP_API_TOKENS",
    "require_auth_for_reads": "INFLUENCE_MAP_REQUIRE_AUTH_FOR_READS",
    "local_home": "INFLUENCE_MAP_HOME",
    "cache_dir": "INFLUENCE_MAP_CACHE",
    "bolt_port": "INFLUENCE_MAP_BOLT_PORT",
    "http_port": "INFLUENCE_MAP_HTTP_PORT",
    "heap_size": "INFLUENCE_MAP_HEAP",
    "pagecache_size": "INFLUENCE_MAP_PAGECACHE",
    "start_timeout": "INFLUENCE_MAP_START_TIMEOUT",
    "java_home": "JAVA_HOME",
    "tier_bounds": "INFLUENCE_MAP_TIER_BOUNDS",
    "audience_index_budget_mb": "INFLUENCE_MAP_AUDIENCE_INDEX_BUDGET_MB",
    "audience_index_dir": "INFLUENCE_MAP_AUDIENCE_INDEX_DIR",
}


def parse_tier_bounds(text: str) -> tuple[int, ...]:
    """'5000,100000,500000,1000000' -> the four ascending upper bounds of nano..macro."""
    try:
        bounds = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise ServiceError(500, "bad_config", f"tier bounds {text!r} are not integers") from None
    if len(bounds) != 4 or list(bounds) != sorted(set(bounds)) or bounds[0] <= 0:
        raise ServiceError(500, "bad_config", f"tier bounds {text!r}: need 4 ascending positive numbers")
    return bounds


def _convert(name: str, raw: str, kind: Any) -> Any:
    """Turn a string from the environment into the field's type, naming the variable on error."""
    kind = kind if isinstance(kind, str) else getattr(kind, "__name__", str(kind))
    try:
        if kind == "bool":
            if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("true", "1", "yes")
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw).expanduser()
    except ValueError:
        raise ServiceError(500, "bad_config", f"{name}={raw!r} is not a valid {kind}") from None
    return raw
