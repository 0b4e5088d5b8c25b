"""`influence-map load ...`: creators, audiences and mentions from files.

Exit codes of `load`: 0 everything loaded; 1 nothing was written (rejected rows without
--skip-invalid, or a failure such as Neo4j going away); 3 the good rows were written but some were
rejected (--skip-invalid; see `<file>.rejects.csv`).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from loaders.bulk import BulkOptions, BulkSummary, bulk_load_dataset, write_importer_files
from loaders.errors import LoadRejected
from loaders.load import WRITERS, LoadSummary, load_dataset, load_file
from loaders.read import KINDS, Kind, read_column_map
from service.cli.common import settings_of
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings

EXIT_REJECTED = 1
EXIT_PARTIAL = 3
# The progress bar appears for files this long (a couple of seconds at the usual rate) on a TTY.
PROGRESS_MIN_ROWS = 100_000


@click.group()
def load() -> None:
    """Load creators, audiences and mentions into Neo4j (validated, idempotent, all or nothing)."""


def load_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every load command shares."""
    options = [
        click.option(
            "--batch-size", type=click.IntRange(min=1), help="Rows per UNWIND batch (default: settings)."
        ),
        click.option(
            "--transaction-rows",
            type=click.IntRange(min=0),
            help="Audience/mention files with more rows load journaled (default: settings).",
        ),
        click.option("--create-missing", is_flag=True, help="Make stub creators for unknown creator ids."),
        click.option(
            "--skip-invalid", is_flag=True, help="Write the good rows; bad ones go to <file>.rejects.csv."
        ),
        click.option(
            "--map",
            "map_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="YAML or JSON file renaming export columns to ours.",
        ),
        click.option(
            "--writer",
            type=click.Choice(WRITERS),
            default="fast",
            show_default=True,
            help="Online writer; `classic` is the previous one, kept for A/B runs (same graph).",
        ),
        click.option("--quiet", is_flag=True, help="No progress bar and no summary (errors still shown)."),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@load.command("dataset")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@load_options
@click.option(
    "--bulk",
    is_flag=True,
    help="Build a NEW local database with neo4j-admin import (much faster; stops the server briefly).",
)
@click.option("--replace", is_flag=True, help="With --bulk: drop the database's data and build it anew.")
@click.option(
    "--importer-files",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --bulk: validate, then only write the importer's files and args.txt here "
    "(for a server run elsewhere, e.g. docker compose); no server is touched.",
)
@click.pass_context
def load_dataset_command(ctx: click.Context, /, directory: Path, **options: Any) -> None:
    """Load a dataset folder: creators, audience, mentions (.csv, .jsonl or .parquet), in that order."""
    bulk, replace, files_to = options.pop("bulk"), options.pop("replace"), options.pop("importer_files")
    if bulk:
        run_bulk(ctx, settings_of(ctx), directory, options, replace=replace, files_to=files_to)
        return
    if replace or files_to:
        raise click.UsageError(
            "--replace and --importer-files go with --bulk (an online load adds to the database)"
        )
    run_load(ctx, options, lambda graph, kwargs: load_dataset(graph, directory, **kwargs))


def file_command(kind: Kind) -> click.Command:
    """`influence-map load <kind> FILE`."""

    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @load_options
    @click.pass_context
    def command(ctx: click.Context, /, file: Path, **options: Any) -> None:
        run_load(ctx, options, lambda graph, kwargs: load_file(graph, kind, file, **kwargs))

    command.__doc__ = f"Load one {kind} file (.csv, .jsonl or .parquet)."
    return click.command(kind)(command)


for _kind in KINDS:
    load.add_command(file_command(_kind))


def run_load(
    ctx: click.Context, options: dict[str, Any], loader: Callable[[Graph, dict[str, Any]], LoadSummary]
) -> None:
    """Connect, run `loader`, print the summary (or JSON) and exit with the load's status."""
    settings = settings_of(ctx)
    quiet, as_json = options["quiet"], options["as_json"]
    try:
        column_map = read_column_map(options["map_file"]) if options["map_file"] else None
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    bar = ProgressBar(enabled=not quiet and not as_json and sys.stderr.isatty())
    kwargs = {
        "batch_size": options["batch_size"] or settings.batch_size,
        "transaction_rows": (
            settings.load_transaction_rows
            if options["transaction_rows"] is None
            else options["transaction_rows"]
        ),
        "create_missing": options["create_missing"],
        "skip_invalid": options["skip_invalid"],
        "column_map": column_map,
        "progress": bar.update,
        "writer": options["writer"],
    }
    with Graph.connect(settings) as graph:
        try:
            summary = loader(graph, kwargs)
        except LoadRejected as rejected:
            bar.close()
            if as_json:
                click.echo(json.dumps(rejected.summary.to_dict()))
            click.echo(rejected.message, err=True)
            ctx.exit(EXIT_REJECTED)
        except ServiceError as error:
            bar.close()
            raise click.ClickException(error.message) from error
    bar.close()
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    elif not quiet:
        echo_summary(summary)
    if summary.rejected:
        for row_error in summary.errors[:10]:
            click.echo(f"rejected: {row_error}", err=True)
        ctx.exit(EXIT_PARTIAL)


def run_bulk(
    ctx: click.Context,
    settings: Settings,
    directory: Path,
    options: dict[str, Any],
    *,
    replace: bool,
    files_to: Path | None = None,
) -> None:
    """Run the bulk path; same exit codes as the online load (0, 1 nothing written, 3 rejects)."""
    quiet, as_json = options["quiet"], options["as_json"]
    options.pop("writer", None)  # the bulk path has no online writer
    if options["batch_size"] or options["transaction_rows"] is not None:
        raise click.UsageError("--batch-size and --transaction-rows do not apply to --bulk")
    try:
        column_map = read_column_map(options["map_file"]) if options["map_file"] else None
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    bulk_options = BulkOptions(
        replace=replace,
        create_missing=options["create_missing"],
        skip_invalid=options["skip_invalid"],
        column_map=column_map,
    )
    echo = None if quiet or as_json else (lambda line: click.echo(line, err=True))
    try:
        if files_to is not None:
            summary = write_importer_files(directory, files_to, bulk_options, echo)
        else:
            summary = bulk_load_dataset(settings, directory, bulk_options, echo)
    except LoadRejected as rejected:
        if as_json:
            click.echo(json.dumps(rejected.summary.to_dict()))
        click.echo(rejected.message, err=True)
        ctx.exit(EXIT_REJECTED)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    elif not quiet:
        echo_bulk_summary(summary)
    if summary.load.rejected:
        for row_error in summary.load.errors[:10]:
            click.echo(f"rejected: {row_error}", err=True)
        ctx.exit(EXIT_PARTIAL)


def echo_bulk_summary(summary: BulkSummary) -> None:
    for note in summary.notes:
        click.echo(note)
    if summary.replaced:
        dropped = ", ".join(f"{count:,} {name}" for name, count in summary.replaced.items())
        click.echo(f"replaced the database's data: {dropped}")
    for item in summary.load.files:
        line = (
            f"{item.source} ({item.kind}): {item.rows} rows, {item.created} created, {item.rejected} rejected"
        )
        if item.duplicates:
            line += f"; {item.duplicates} duplicate rows aggregated"
        if item.stubs:
            line += f"; {item.stubs} stub creators made"
        if item.rejects_file:
            line += f"; rejects in {item.rejects_file}"
        click.echo(line)
    phases = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in summary.phases.items())
    click.echo(
        f"total: {summary.load.created} created, {summary.load.rejected} rejected, "
        f"{summary.load.elapsed:.1f}s ({phases})"
    )


def echo_summary(summary: LoadSummary) -> None:
    """One line per file, then the totals."""
    for line in summary.recovered:
        click.echo(line)
    for item in summary.files:
        line = (
            f"{item.source} ({item.kind}): {item.rows} rows, {item.created} created, {item.updated} updated, "
            f"{item.rejected} rejected, {item.elapsed:.2f}s, {item.rows_per_s:,.0f} rows/s"
        )
        if item.duplicates:
            line += f"; {item.duplicates} duplicate rows aggregated"
        if item.stubs:
            line += f"; {item.stubs} stub creators made"
        if item.journaled:
            line += "; journaled"
        if item.rejects_file:
            line += f"; rejects in {item.rejects_file}"
        click.echo(line)
    click.echo(
        f"total: {summary.created} created, {summary.updated} updated, {summary.rejected} rejected, "
        f"{summary.elapsed:.2f}s, {summary.rows_per_s:,.0f} rows/s"
    )


class ProgressBar:
    """A click progress bar per file (ETA and rows/s), shown only on a terminal and for long files."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.source: str | None = None
        self.bar: Any = None
        self.done = 0
        self.started = 0.0

    def update(self, source: str, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_MIN_ROWS:
            return
        if source != self.source or done < self.done:  # a new file, or the driver retried the file
            self.close()
            self.source, self.started = source, time.perf_counter()
            self.bar = click.progressbar(
                length=total,
                label=Path(source).name,
                show_eta=True,
                item_show_func=lambda rate: rate,
                file=sys.stderr,
            )
            self.bar.__enter__()
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        self.bar.update(done - self.done, f"{rate:,.0f} rows/s")
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.bar, self.source, self.done = None, None, 0
