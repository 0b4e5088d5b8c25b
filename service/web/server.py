"""Run the app under gunicorn from Python, so `influence-map serve` and compose run the same."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

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
    GunicornServer(settings, host or settings.host, port or settings.port, workers or settings.workers).run()
