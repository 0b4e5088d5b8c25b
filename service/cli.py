"""The `influence-map` command: the local Neo4j server, the service and the demo."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from service.errors import ServiceError
from service.localdb import LocalNeo4j
from service.settings import Settings

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


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Map who really influences a market: load, analyse and serve a creator graph in Neo4j."""
    if ctx.obj is None:
        ctx.obj = Settings.from_env()


def settings_of(ctx: click.Context) -> Settings:
    return ctx.obj  # type: ignore[no-any-return]


@main.group()
def db() -> None:
    """The local Neo4j server (Maven Central jars, run with Java on 127.0.0.1)."""


@db.command()
@click.pass_context
@reports_errors
def install(ctx: click.Context) -> None:
    """Fetch the pinned Neo4j, GDS and APOC jars into the cache (done by start when needed)."""
    local = LocalNeo4j(settings_of(ctx))
    fetched = local.install(echo=True)
    click.echo(f"{'Fetched' if fetched else 'Already cached'}: {local.dist}")


@db.command()
@click.pass_context
@reports_errors
def start(ctx: click.Context) -> None:
    """Start the local server (idempotent) and wait until it answers queries."""
    local = LocalNeo4j(settings_of(ctx))
    click.echo(local.start(echo=True))
    click.echo(
        f"Browser: {local.status().browser_url}  (user neo4j; `influence-map db env` shows the password)"
    )


@db.command()
@click.pass_context
@reports_errors
def stop(ctx: click.Context) -> None:
    """Stop the local server (idempotent)."""
    click.echo(LocalNeo4j(settings_of(ctx)).stop())


@db.command()
@click.pass_context
@reports_errors
def status(ctx: click.Context) -> None:
    """Say whether the local server runs; exit 0 if it does, 3 if not."""
    state = LocalNeo4j(settings_of(ctx)).status()
    if state.running:
        click.echo(f"running (pid {state.pid}) bolt={state.bolt_uri} browser={state.browser_url}")
    else:
        click.echo(f"stopped (home {state.home})")
    ctx.exit(0 if state.running else 3)


@db.command()
@click.pass_context
@reports_errors
def env(ctx: click.Context) -> None:
    """Print `export NEO4J_...` lines for the local server (eval "$(influence-map db env)")."""
    for line in LocalNeo4j(settings_of(ctx)).env_lines():
        click.echo(line)


@db.command()
@click.confirmation_option(prompt="Delete the local Neo4j database and its password?")
@click.pass_context
@reports_errors
def reset(ctx: click.Context) -> None:
    """Delete the local database (and its password); restarts it if it was running."""
    click.echo(LocalNeo4j(settings_of(ctx)).reset())


@main.command()
@click.option("--host", help="Interface to listen on (default: INFLUENCE_MAP_HOST).")
@click.option("--port", type=int, help="Port (default: INFLUENCE_MAP_PORT).")
@click.option("--workers", type=int, help="gunicorn worker processes (default: INFLUENCE_MAP_WORKERS).")
@click.pass_context
@reports_errors
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the HTTP API under gunicorn (one Neo4j driver per worker)."""
    from service.server import serve as run_server

    run_server(settings_of(ctx), host, port, workers)


@main.command()
@click.pass_context
@reports_errors
def demo(ctx: click.Context) -> None:
    """Start Neo4j, load and analyse the demo data, serve the API; Ctrl-C stops what it started."""
    from service.demo import run_demo

    run_demo(settings_of(ctx), click.echo)


# Commands that live in their own modules; imported here, after `main` and `db` exist.
from loaders.cli import db_init, load  # noqa: E402
from loaders.data_cli import adapt, demo_data  # noqa: E402
from service.analysis_cli import COMMANDS as ANALYSIS_COMMANDS  # noqa: E402
from service.campaign_cli import COMMANDS as CAMPAIGN_COMMANDS  # noqa: E402

db.add_command(db_init)
for _command in (load, adapt, demo_data, *ANALYSIS_COMMANDS):
    main.add_command(_command)
for _command in CAMPAIGN_COMMANDS:
    main.add_command(_command)
from service.living_cli import COMMANDS as LIVING_COMMANDS  # noqa: E402

for _command in LIVING_COMMANDS:
    main.add_command(_command)
