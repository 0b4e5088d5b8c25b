"""Run the app under gunicorn from Python, so `influence-map serve` and compose run the same."""

from __future__ import annotations

import socket
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from service.graph.errors import ServiceError
from service.graph.settings import Settings
from service.web.app import configure_logging, create_app


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """Each worker process builds its own app, and so its own Neo4j driver."""

    def __init__(self, settings: Settings, host: str, port: int, workers: int) -> None:
        self.settings = settings
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": settings.threads,
            "accesslog": None,
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 10,
            # Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new
            # connections evenly over them. On one shared socket whichever worker woke first took
            # them: 32 keep-alive clients split 31/1 or 4/28 as often as 16/16, and one worker's
            # core then served nearly all of them (cached reads 700-1,600 req/s instead of 2,000-2,800).
            "reuse_port": True,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        configure_logging()
        return create_app(self.settings)


def serve(
    settings: Settings, host: str | None = None, port: int | None = None, workers: int | None = None, **_: Any
) -> None:
    host, port = host or settings.host, port or settings.port
    refuse_a_taken_port(host, port)
    GunicornServer(settings, host, port, workers or settings.workers).run()


def refuse_a_taken_port(host: str, port: int) -> None:
    """With SO_REUSEPORT a second server on the same port would bind too and silently take half
    the connections; a plain bind (no SO_REUSEPORT) fails while any server listens there."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ServiceError(400, "bad_host", f"cannot listen on {host}:{port}: {error}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn's own sockets: a port whose last server stopped a moment ago is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise ServiceError(
                409,
                "port_in_use",
                f"{host}:{port} is taken ({error.strerror}): another server listens there. Stop it, "
                "or choose another port (--port or INFLUENCE_MAP_PORT).",
            ) from None
