"""`influence-map serve` and `influence-map demo`."""

from __future__ import annotations

import click

from service.cli.common import reports_errors, settings_of
from service.demo.run import run_demo
from service.web.server import serve as run_server


@click.command()
@click.option("--host", help="Interface to listen on (default: INFLUENCE_MAP_HOST).")
@click.option("--port", type=int, help="Port (default: INFLUENCE_MAP_PORT).")
@click.option("--workers", type=int, help="gunicorn worker processes (default: INFLUENCE_MAP_WORKERS).")
@click.pass_context
@reports_errors
def serve(ctx: click.Context, host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the HTTP API under gunicorn (one Neo4j driver per worker)."""
    run_server(settings_of(ctx), host, port, workers)


@click.command()
@click.pass_context
@reports_errors
def demo(ctx: click.Context) -> None:
    """Start Neo4j, load and analyse the demo data, serve the API; Ctrl-C stops what it started."""
    run_demo(settings_of(ctx), click.echo)
