"""`influence-map db ...`: the local Neo4j server and the schema."""

from __future__ import annotations

import click

from loaders import ingest
from loaders.journal import recover_unfinished
from loaders.schema import apply_schema
from service.cli.common import reports_errors, settings_of
from service.graph.db import Graph
from service.ops.local_neo4j import LocalNeo4j


@click.group()
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
@click.option(
    "--new-password",
    is_flag=True,
    help="Also forget the generated password: the next start makes a new one (clients must change).",
)
@click.confirmation_option(prompt="Delete the local Neo4j database?")
@click.pass_context
@reports_errors
def reset(ctx: click.Context, new_password: bool) -> None:
    """Delete the local database, keeping its password; restarts it if it was running."""
    click.echo(LocalNeo4j(settings_of(ctx)).reset(new_password=new_password))


@db.command("init")
@click.pass_context
@reports_errors
def db_init(ctx: click.Context) -> None:
    """Apply the schema (cypher/schema/*.cypher), record it, and finish any interrupted load."""
    with Graph.connect(settings_of(ctx)) as graph:
        applied = apply_schema(graph)
        for line in recover_unfinished(graph) + ingest.recover_unfinished(graph):
            click.echo(line)
    click.echo(f"Schema applied; newly recorded: {', '.join(applied)}" if applied else "Schema up to date.")
