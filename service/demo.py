"""`make demo`: the main job end to end on this machine."""

from __future__ import annotations

from collections.abc import Callable

from service.localdb import LocalNeo4j
from service.server import serve
from service.settings import Settings


def run_demo(settings: Settings, say: Callable[[str], None]) -> None:
    """Start the local Neo4j (unless NEO4J_URI names another), serve the API until Ctrl-C."""
    local = LocalNeo4j(settings) if settings.uses_local_server else None
    started_here = local is not None and local.pid() is None
    if local is not None:
        say(local.start(echo=True))
    try:
        base = f"http://{settings.host}:{settings.port}"
        say(f"API:     {base}/health")
        say(
            f"Browser: http://127.0.0.1:{settings.http_port}/browser/  (`influence-map db env` for the login)"
        )
        say("Press Ctrl-C to stop.")
        serve(settings)
    finally:
        if local is not None and started_here:
            say(local.stop())
