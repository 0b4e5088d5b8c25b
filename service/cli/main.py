"""`influence-map`: the command groups of `service.cli`, assembled under one entry point."""

from __future__ import annotations

import click

from service.cli import analysis, authenticity, campaigns, changes, data, db, load, serve
from service.graph.settings import Settings


@click.group()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Map who really influences a market: load, analyse and serve a creator graph in Neo4j."""
    if ctx.obj is None:
        ctx.obj = Settings.from_env()


for _command in (
    db.db,
    load.load,
    data.adapt,
    data.demo_data,
    *analysis.COMMANDS,
    *campaigns.COMMANDS,
    *authenticity.COMMANDS,
    *changes.COMMANDS,
    serve.serve,
    serve.demo,
):
    main.add_command(_command)
