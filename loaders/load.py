"""The loaders' API: load a dataset folder, one file or a DataFrame, and say what happened.

Every load runs the schema first (`loaders.schema.apply_schema`), then reads and validates every
input before anything is written (references to creators are checked against the graph and the
dataset's own creators file). By default one bad row rejects the load and nothing is written
(`LoadRejected`, carrying the summary); with `skip_invalid` the good rows are written and the bad
ones go, with their reasons, to `<file>.rejects.csv`. Each file is then written in one
transaction (`loaders.write`), or, for big audience and mention files, batch by batch under a load
id that a failure rolls back (`loaders.journal`): either way a failure leaves no partial file.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from loaders import ingest
from loaders.errors import LoadRejected, RowError
from loaders.journal import recover_unfinished, write_journaled
from loaders.read import KINDS, ColumnMap, Kind, Table, dataset_files, read_file, table_from_frame
from loaders.schema import apply_schema
from loaders.validate import CREATOR_REFERENCES, Checked, check_table
from loaders.write import (
    Progress,
    WriteCounts,
    WritePlan,
    audience_plans,
    creator_plans,
    mention_plans,
    stub_plans,
    write_plans,
)
from service.graph.db import Graph
from service.graph.errors import ServiceError

MISSING_CREATOR = "creator is not in the graph or the creators file (--create-missing makes a stub)"
ID_LOOKUP_CHUNK = 10_000
ERRORS_IN_MESSAGE = 10
TOO_BIG_HINT = "load it journaled with a smaller --transaction-rows, or give Neo4j more heap"
# Files with more rows than this are written batch by batch under a load id (loaders.journal):
# about what one transaction holds with a 1 GB heap.
TRANSACTION_ROWS = 200_000


@dataclass
class FileSummary:
    """What one file (or DataFrame) did: rows read, written, created, updated and rejected."""

    kind: Kind
    source: str
    rows: int = 0
    written: int = 0
    duplicates: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    stubs: int = 0
    members_created: int = 0
    journaled: bool = False
    status: str = "pending"
    elapsed: float = 0.0
    write_elapsed: float = 0.0
    rejects_file: str | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self, max_errors: int = 100) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "status": self.status,
            "rows": self.rows,
            "written": self.written,
            "duplicates": self.duplicates,
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
            "stubs": self.stubs,
            "members_created": self.members_created,
            "journaled": self.journaled,
            "elapsed": round(self.elapsed, 3),
            "write_elapsed": round(self.write_elapsed, 3),
            "rows_per_s": round(self.rows_per_s, 1),
            "rejects_file": self.rejects_file,
            "error_count": len(self.errors),
            "errors": [error.to_dict() for error in self.errors[:max_errors]],
        }


@dataclass
class LoadSummary:
    """One load's files, in load order, and their totals."""

    files: list[FileSummary]
    elapsed: float = 0.0
    schema_applied: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)

    def _total(self, name: str) -> int:
        return sum(int(getattr(summary, name)) for summary in self.files)

    @property
    def rows(self) -> int:
        return self._total("rows")

    @property
    def written(self) -> int:
        return self._total("written")

    @property
    def created(self) -> int:
        return self._total("created")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def rejected(self) -> int:
        return self._total("rejected")

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def errors(self) -> list[RowError]:
        return [error for summary in self.files for error in summary.errors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "written": self.written,
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
            "elapsed": round(self.elapsed, 3),
            "rows_per_s": round(self.rows_per_s, 1),
            "schema_applied": self.schema_applied,
            "recovered": self.recovered,
            "files": [summary.to_dict() for summary in self.files],
        }


def load_dataset(
    graph: Graph,
    directory: Path,
    *,
    batch_size: int = 1000,
    create_missing: bool = False,
    skip_invalid: bool = False,
    column_map: ColumnMap | None = None,
    progress: Progress | None = None,
    transaction_rows: int = TRANSACTION_ROWS,
    writer: str = "fast",
) -> LoadSummary:
    """Load a dataset folder: creators, audience and mentions (.csv, .jsonl or .parquet), in order."""
    started = time.perf_counter()
    tables = [timed_read(kind, path, column_map) for kind, path in dataset_files(Path(directory))]
    options = WriteOptions(batch_size, create_missing, skip_invalid, transaction_rows, progress, writer)
    return _load(graph, tables, started, options)


def load_file(
    graph: Graph,
    kind: Kind,
    path: Path,
    *,
    batch_size: int = 1000,
    create_missing: bool = False,
    skip_invalid: bool = False,
    column_map: ColumnMap | None = None,
    progress: Progress | None = None,
    transaction_rows: int = TRANSACTION_ROWS,
    writer: str = "fast",
) -> LoadSummary:
    """Load one creators, audience or mentions file (.csv, .jsonl or .parquet)."""
    started = time.perf_counter()
    table = timed_read(_kind(kind), Path(path), column_map)
    options = WriteOptions(batch_size, create_missing, skip_invalid, transaction_rows, progress, writer)
    return _load(graph, [table], started, options)


def load_frame(
    graph: Graph,
    kind: Kind,
    frame: pd.DataFrame,
    *,
    source: str = "<dataframe>",
    batch_size: int = 1000,
    create_missing: bool = False,
    skip_invalid: bool = False,
    column_map: ColumnMap | None = None,
    progress: Progress | None = None,
    transaction_rows: int = TRANSACTION_ROWS,
    writer: str = "fast",
) -> LoadSummary:
    """Load a DataFrame with the columns of a creators, audience or mentions file."""
    started = time.perf_counter()
    table = table_from_frame(_kind(kind), frame, source, column_map)
    options = WriteOptions(batch_size, create_missing, skip_invalid, transaction_rows, progress, writer)
    return _load(graph, [table], started, options)


def _kind(kind: str) -> Kind:
    for known in KINDS:
        if kind == known:
            return known
    raise ServiceError(400, "bad_kind", f"unknown kind {kind!r}: use creators, audience or mentions")


def timed_read(kind: Kind, path: Path, column_map: ColumnMap | None) -> tuple[Table, float]:
    """Read a file and say how long it took (part of the file's elapsed time)."""
    started = time.perf_counter()
    table = read_file(kind, path, column_map)
    return table, time.perf_counter() - started


# The online writers: "fast" (loaders.ingest) and "classic" (loaders.write + loaders.journal, kept
# for A/B measurements; same graph).
WRITERS = ("fast", "classic")


@dataclass(frozen=True)
class WriteOptions:
    batch_size: int
    create_missing: bool
    skip_invalid: bool
    transaction_rows: int
    progress: Progress | None
    writer: str = "fast"


def _load(
    graph: Graph, tables: Iterable[Table | tuple[Table, float]], started: float, options: WriteOptions
) -> LoadSummary:
    """Schema and recovery, then validate every table, then (if allowed) write each one."""
    if options.batch_size < 1:
        raise ServiceError(400, "bad_batch_size", f"batch size must be at least 1, not {options.batch_size}")
    if options.writer not in WRITERS:
        raise ServiceError(
            400, "bad_writer", f"unknown writer {options.writer!r}: use {' or '.join(WRITERS)}"
        )
    applied = apply_schema(graph)
    recovered = recover_unfinished(graph) + ingest.recover_unfinished(graph)
    summary = LoadSummary([], schema_applied=applied, recovered=recovered)
    checks, stubs = check_tables(
        tables,
        summary,
        started,
        absent=lambda ids: _absent_from_graph(graph, ids),
        create_missing=options.create_missing,
        skip_invalid=options.skip_invalid,
    )
    loaded_at = datetime.now(UTC)
    for checked, file_summary in checks:
        _write_checked(graph, checked, file_summary, stubs, loaded_at, options)
    summary.elapsed = time.perf_counter() - started
    return summary


# Given creator ids (sorted, unique), the ones the target graph does not have.
AbsentCreators = Callable[[list[str]], set[str]]


def check_tables(
    tables: Iterable[Table | tuple[Table, float]],
    summary: LoadSummary,
    started: float,
    *,
    absent: AbsentCreators,
    create_missing: bool,
    skip_invalid: bool,
) -> tuple[list[tuple[Checked, FileSummary]], set[str]]:
    """Validate every table and its creator references; the one validation of every load path.

    Appends a FileSummary per table to `summary`. Raises LoadRejected (nothing written) when a row
    is bad and `skip_invalid` is off. Returns the checked tables and the stub creators to make.
    """
    checks: list[tuple[Checked, FileSummary]] = []
    for item in tables:
        table, seconds = item if isinstance(item, tuple) else (item, 0.0)
        began = time.perf_counter()
        checked = check_table(table)
        file_summary = FileSummary(table.kind, table.source, rows=table.row_count)
        file_summary.elapsed = seconds + time.perf_counter() - began
        checks.append((checked, file_summary))
        summary.files.append(file_summary)
    stubs = _check_references(absent, checks, create_missing)
    for checked, file_summary in checks:
        file_summary.errors = checked.errors
        file_summary.rejected = checked.rejected
    if summary.rejected and not skip_invalid:
        for _, file_summary in checks:
            file_summary.status = "rejected" if file_summary.rejected else "not loaded"
        summary.elapsed = time.perf_counter() - started
        raise LoadRejected(_rejection_message(summary), summary.errors, summary)
    return checks, stubs


def _check_references(
    absent: AbsentCreators, checks: list[tuple[Checked, FileSummary]], create_missing: bool
) -> set[str]:
    """Reject (or, with create_missing, plan stubs for) rows naming creators that exist nowhere."""
    known: set[str] = set()
    for checked, _ in checks:
        if checked.table.kind == "creators":
            known.update(checked.values["id"][~checked.bad].dropna().tolist())
    stubs: set[str] = set()
    for checked, _ in checks:
        columns = CREATOR_REFERENCES[checked.table.kind]
        referenced = {value for name in columns for value in checked.values[name].dropna().unique().tolist()}
        missing = absent(sorted(referenced - known))
        if create_missing:
            stubs |= missing
            continue
        for name in columns:
            column = checked.values[name]
            checked.add_errors(column.isin(missing), name, MISSING_CREATOR, column)
        checked.errors.sort(key=lambda error: error.line or 0)
    return stubs


def _absent_from_graph(graph: Graph, ids: list[str]) -> set[str]:
    """The ids that no Creator in the graph has (stubs count as present)."""
    found: set[str] = set()
    for start in range(0, len(ids), ID_LOOKUP_CHUNK):
        chunk = ids[start : start + ID_LOOKUP_CHUNK]
        found.update(row["id"] for row in graph.read("creators.list_existing_ids", ids=chunk))
    return set(ids) - found


def _write_checked(
    graph: Graph,
    checked: Checked,
    file_summary: FileSummary,
    stubs: set[str],
    loaded_at: datetime,
    options: WriteOptions,
) -> None:
    """Write a checked table's good rows (and its bad ones to the rejects file).

    One transaction, unless an audience or mentions file has more than `transaction_rows` rows to
    write: then batch by batch under a load id that a failure rolls back (loaders.journal).
    """
    began = time.perf_counter()
    table = checked.table
    file_summary.rejects_file = write_rejects(checked)
    good = checked.good()
    if options.writer == "fast" and table.kind != "creators":
        _write_fast(graph, checked, good, file_summary, stubs, options)
        file_summary.elapsed += time.perf_counter() - began
        return
    plans = _plans(table.kind, good, loaded_at)
    file_summary.written = sum(len(plan.rows) for plan in plans if plan.counts in ("edges", "creators"))
    file_summary.duplicates = len(good) - file_summary.written
    if table.kind != "creators":
        references = {value for name in CREATOR_REFERENCES[table.kind] for value in good[name].tolist()}
        plans = stub_plans(stubs & references) + plans
    write_began = time.perf_counter()
    rows_to_write = sum(len(plan.rows) for plan in plans)
    file_summary.journaled = table.kind != "creators" and rows_to_write > options.transaction_rows
    counts = _run_plans(graph, table, plans, options, journaled=file_summary.journaled)
    file_summary.write_elapsed = time.perf_counter() - write_began
    file_summary.created = counts.created
    file_summary.updated = file_summary.written - counts.created
    file_summary.stubs = counts.stubs_created
    file_summary.members_created = counts.members_created
    file_summary.status = "loaded_with_rejects" if file_summary.rejected else "loaded"
    file_summary.elapsed += time.perf_counter() - began


def _write_fast(
    graph: Graph,
    checked: Checked,
    good: pd.DataFrame,
    file_summary: FileSummary,
    stubs: set[str],
    options: WriteOptions,
) -> None:
    """Audience and mention files through loaders.ingest (one transaction, or its journal)."""
    table = checked.table
    size = max(options.batch_size, 1)
    plan = (
        ingest.audience_batches(graph, good, size)
        if table.kind == "audience"
        else ingest.mention_batches(good, size)
    )
    references = {value for name in CREATOR_REFERENCES[table.kind] for value in good[name].tolist()}
    stub_ids = sorted(stubs & references)
    file_summary.written = plan.edges
    file_summary.duplicates = len(good) - plan.edges
    write_began = time.perf_counter()
    file_summary.journaled = plan.edges + plan.members + len(stub_ids) > options.transaction_rows
    try:
        if file_summary.journaled:
            counts = ingest.write_journaled(graph, plan, stub_ids, table.source, table.kind, options.progress)
        else:
            counts = ingest.write_one_transaction(graph, plan, stub_ids, table.source, options.progress)
    except ServiceError as error:
        raise _file_error(table, error) from error
    file_summary.write_elapsed = time.perf_counter() - write_began
    file_summary.created = counts.created
    file_summary.updated = file_summary.written - counts.created
    file_summary.stubs = counts.stubs_created
    file_summary.members_created = counts.members_created
    file_summary.status = "loaded_with_rejects" if file_summary.rejected else "loaded"


def _file_error(table: Table, error: ServiceError) -> ServiceError:
    """A write failure, saying that the file wrote nothing (or that its commit is pending)."""
    if error.code == "load_not_finished":
        return ServiceError(error.status, error.code, f"{table.source}: {error.message}")
    message = f"{table.source}: nothing was written: {error.message}"
    if "memory" in error.message.lower():
        message += f" (the file is loaded in one transaction: {TOO_BIG_HINT})"
    return ServiceError(error.status, error.code, message, error.details)


def _run_plans(
    graph: Graph, table: Table, plans: list[WritePlan], options: WriteOptions, *, journaled: bool
) -> WriteCounts:
    """Write the plans (one transaction, or journaled); failures say the file wrote nothing."""
    try:
        if journaled:
            return write_journaled(
                graph, plans, options.batch_size, table.source, table.kind, options.progress
            )
        return write_plans(graph, plans, options.batch_size, table.source, options.progress)
    except ServiceError as error:
        raise _file_error(table, error) from error


def _plans(kind: Kind, good: pd.DataFrame, loaded_at: datetime) -> list[WritePlan]:
    if kind == "creators":
        return creator_plans(good, loaded_at)
    if kind == "audience":
        return audience_plans(good)
    return mention_plans(good)


def rejects_path(path: Path) -> Path:
    """`audience.csv` -> `audience.csv.rejects.csv`."""
    return path.with_name(path.name + ".rejects.csv")


def write_rejects(checked: Checked) -> str | None:
    """Write the rejected rows, each with its line and reasons, beside the input file.

    A clean load removes a rejects file left by an earlier run, so the file never describes
    rows that are no longer rejected. DataFrames have no file: their errors are in the summary.
    """
    table = checked.table
    if table.path is None:
        return None
    target = rejects_path(table.path)
    if not checked.rejected:
        target.unlink(missing_ok=True)
        return None
    reasons: dict[int | None, list[str]] = defaultdict(list)
    for error in checked.errors:
        reasons[error.line].append(f"{error.column}: {error.reason}" if error.column else error.reason)
    whole_file = (
        reasons.pop(table.header_line, []) if table.header_line is not None else reasons.pop(None, [])
    )
    bad_rows = table.frame[checked.bad].copy()
    # Unnamed columns (an empty header name, maybe several) get their position as a name.
    bad_rows.columns = pd.Index(
        [str(name) if str(name) else f"column {n + 1}" for n, name in enumerate(bad_rows.columns)]
    )
    lines = table.lines[checked.bad]
    bad_rows.insert(0, "line", lines)
    bad_rows["errors"] = ["; ".join(whole_file + reasons.get(int(line), [])) for line in lines]
    unreadable = pd.DataFrame(
        {
            "line": [error.line for error in table.unreadable],
            "errors": [error.reason for error in table.unreadable],
            "raw": table.unreadable_text,
        }
    )
    rejects = pd.concat([bad_rows, unreadable], ignore_index=True) if len(unreadable) else bad_rows
    rejects.sort_values("line", kind="stable").to_csv(target, index=False)
    return str(target)


def _rejection_message(summary: LoadSummary) -> str:
    errors = summary.errors
    lines = [f"{summary.rejected} row(s) rejected; nothing was written:"]
    lines += [f"  {error}" for error in errors[:ERRORS_IN_MESSAGE]]
    if len(errors) > ERRORS_IN_MESSAGE:
        lines.append(f"  ... and {len(errors) - ERRORS_IN_MESSAGE} more (--json lists the first 100)")
    return "\n".join(lines)
