"""What every command group shares: settings from the context, error reporting, option helpers."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from service.domain.audience import AUDIENCES
from service.domain.audience_index.store import IndexStore
from service.graph.errors import ServiceError
from service.graph.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Print a ServiceError's message and exit 1, instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ServiceError as error:
            raise click.ClickException(error.message) from error

    return wrapper  # type: ignore[return-value]


def settings_of(ctx: click.Context) -> Settings:
    """The settings `main` put on the root context (from the environment when run standalone)."""
    settings = ctx.find_root().obj
    return settings if isinstance(settings, Settings) else Settings.from_env()


def index_store(settings: Settings) -> IndexStore:
    """An audience index store for one command: it builds the index right away when it is stale
    (or loads the snapshot a service or an earlier command wrote), within the memory budget."""
    return IndexStore.from_settings(settings, background=False)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


def split_values(values: tuple[str, ...]) -> tuple[str, ...]:
    """Options given several times or comma-separated: ('a,b', 'c') -> ('a', 'b', 'c')."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


# Simulations, plans and segments measure raw audiences, or cleaned ones (suspicious members left out).
AUDIENCE_OPTION = click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default="raw",
    show_default=True,
    help="cleaned: without the members the last authenticity assessment marked suspicious.",
)
