"""What a view reads from the app: its Graph (the process's one driver), its settings and its
audience index store (one per process)."""

from __future__ import annotations

from flask import current_app

from service.domain.audience_index.store import IndexStore
from service.graph.db import Graph
from service.graph.settings import Settings


def graph() -> Graph:
    """The app's Graph (and so its one driver)."""
    return current_app.extensions["graph"]  # type: ignore[no-any-return]


def settings() -> Settings:
    """The app's settings, made once by create_app."""
    return current_app.extensions["settings"]  # type: ignore[no-any-return]


def audience_index() -> IndexStore:
    """The process's audience index store: domain calls answer from it when it is fresh."""
    return current_app.extensions["audience_index"]  # type: ignore[no-any-return]
