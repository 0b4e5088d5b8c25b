"""The bulk path: a dataset folder into a NEW local database through `neo4j-admin database import`.

    influence-map load dataset DIR --bulk [--replace] [--create-missing] [--skip-invalid]

Same validation as the online path (`loaders.load.check_tables`: same rules, messages, rejects
file and exit codes), same duplicate aggregation (`loaders.write`), same graph. Creator references
are checked against the dataset alone: the database is new (empty, or replaced). Then:

1. the checked rows become importer header + data CSVs in a temporary folder (removed after);
2. the importer runs into a staging database while the live one stays as it was
   (`service.ops.admin_import`), then the server is stopped and the staging store swapped in;
3. the server starts, the schema is applied (the importer builds no constraints or indexes), the
   indexes are awaited and one `(:LoadRun {method: 'bulk'})` per file records the load.

Refusals (nothing touched): NEO4J_URI naming a server we do not manage (remote, Aura, docker
compose: there run `neo4j-admin database import full` inside the container, see docs/loading.md), and a
database holding data unless `replace` (the error says what would be dropped).
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from neo4j import ManagedTransaction
from pyarrow import csv as pa_csv

from loaders.journal import with_change
from loaders.load import (
    FileSummary,
    LoadSummary,
    check_tables,
    timed_read,
    write_rejects,
)
from loaders.read import ColumnMap, dataset_files
from loaders.schema import apply_schema
from loaders.validate import CREATOR_REFERENCES, Checked
from loaders.write import (
    DEMOGRAPHICS,
    audience_edge_frames,
    creator_plans,
    date_text,
    datetime_text,
    member_frame,
    mention_frame,
)
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from service.ops.admin_import import ImportReport, ImportSource, importer_options, run_import
from service.ops.local_neo4j import LocalNeo4j
from service.ops.store_swap import (
    discard_previous,
    finish_interrupted_swap,
    restore_previous,
    swap_in_staging,
)

Echo = Callable[[str], None]
# Between the elements of a list property (topics) in the importer's CSV: a control character no
# topic name holds (checked), so names may contain `;` or `,`.
ARRAY_DELIMITER = "\x1f"
# Bookkeeping nodes that do not make a database "hold data".
BOOKKEEPING = ("SchemaMigration", "LoadRun")
INDEX_WAIT_SECONDS = 3600
# Relationship types and their importer headers (types from loaders.write's rows).
EDGE_HEADERS = {
    "follows": ("FOLLOWS", ":START_ID(Member),:END_ID(Creator),weight:double,since:date"),
    "engaged": ("ENGAGED_WITH", ":START_ID(Member),:END_ID(Creator),weight:double,last_at:datetime"),
}
CREATOR_COLUMNS = {
    "handle": "handle",
    "name": "name",
    "platform": "platform",
    "followers": "followers:long",
    "following": "following:long",
    "posts": "posts:long",
    "engagement_rate": "engagement_rate:double",
    "country": "country",
    "language": "language",
    "verified": "verified:boolean",
    "topics": "topics:string[]",
}


@dataclass
class BulkOptions:
    replace: bool = False
    create_missing: bool = False
    skip_invalid: bool = False
    column_map: ColumnMap | None = None
    # The importer's JVM heap and off-heap cap (string ids and caches live off heap).
    heap: str = "2g"
    off_heap: str = "2g"
    keep_files: Path | None = None  # write the importer files here and keep them (debugging, bench)


@dataclass
class BulkSummary:
    """A bulk load: the per-file summary (as the online path's), phase times, importer figures."""

    load: LoadSummary
    phases: dict[str, float] = field(default_factory=dict)
    importer: ImportReport | None = None
    replaced: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        report = self.importer
        return {
            **self.load.to_dict(),
            "method": "bulk",
            "phases": {name: round(seconds, 3) for name, seconds in self.phases.items()},
            "importer": None
            if report is None
            else {
                "nodes": report.nodes,
                "relationships": report.relationships,
                "properties": report.properties,
                "peak_memory": report.peak_memory,
                "seconds": round(report.seconds, 3),
            },
            "replaced": self.replaced,
            "notes": self.notes,
        }


def bulk_load_dataset(
    settings: Settings, directory: Path, options: BulkOptions, echo: Echo | None = None
) -> BulkSummary:
    """Validate, import into a new store, swap it in, serve it indexed; see the module docstring.

    One bulk load per server at a time (a lock file in the server's home); a killed one's work
    folders are removed by the next.
    """
    if names_running_local_server(settings):
        settings = settings.with_overrides(neo4j_uri="")  # the same server, reached as ours
    if settings.uses_local_server:
        settings.local_home.mkdir(parents=True, exist_ok=True)
        with (settings.local_home / "bulk.lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ServiceError(
                    409, "bulk_running", "another bulk load is running on this server; wait for it"
                ) from None
            shutil.rmtree(settings.local_home / "bulk-work", ignore_errors=True)
            return _bulk_load(settings, directory, options, echo)
    return _bulk_load(settings, directory, options, echo)


def write_importer_files(
    directory: Path, out: Path, options: BulkOptions, echo: Echo | None = None, mount: str = "/import-files"
) -> BulkSummary:
    """Validate as `bulk_load_dataset` does, then only write the importer's files into `out`, with
    `out/args.txt`: the arguments of `neo4j-admin database import full` for `out` mounted at `mount`
    (a Neo4j server we do not manage, e.g. docker compose: docs/loading.md). No server is touched;
    nothing is written when validation fails."""
    say = echo or (lambda _line: None)
    started = time.perf_counter()
    summary = BulkSummary(LoadSummary([]))
    checks, stubs = _validate(directory, options, summary, started, say)
    out.mkdir(parents=True, exist_ok=True)
    _write_all_rejects(checks)
    files = ImporterFiles(out)
    sources = files.write(checks, stubs, datetime.now(UTC))
    arguments = [
        "--overwrite-destination=true",
        *importer_options(array_delimiter="U+001F", multiline=files.multiline),
        *(source.moved(out, mount).argument() for source in sources),
    ]
    (out / "args.txt").write_text("\n".join(arguments) + "\n", encoding="utf-8")
    for checked, file_summary in checks:
        _finish_summary(_valid_rows(checked), file_summary, files.counts.get(checked.table.source, {}))
    summary.phases["write_csv"] = time.perf_counter() - started - summary.phases["validate"]
    summary.notes.append(f"importer files and their arguments in {out} (args.txt, for {mount})")
    summary.load.elapsed = time.perf_counter() - started
    return summary


def _validate(
    directory: Path, options: BulkOptions, summary: BulkSummary, started: float, say: Echo
) -> tuple[list[tuple[Checked, FileSummary]], set[str]]:
    """The online path's validation, references checked against the dataset alone."""
    say("validating ...")
    tables = [timed_read(kind, path, options.column_map) for kind, path in dataset_files(Path(directory))]
    checks, stubs = check_tables(
        tables,
        summary.load,
        started,
        absent=set,  # a new database has no creators: every id not in the creators file is absent
        create_missing=options.create_missing,
        skip_invalid=options.skip_invalid,
    )
    summary.phases["validate"] = time.perf_counter() - started
    say(f"validated {summary.load.rows:,} rows in {summary.phases['validate']:.1f}s")
    return checks, stubs


def names_running_local_server(settings: Settings) -> bool:
    """NEO4J_URI names the local server itself, running, as `influence-map db env` prints it
    (bolt or neo4j on a loopback address and the local Bolt port): a user who exported that must
    not be told the server is not ours. A server on that port that is not ours (docker compose's)
    is not mistaken for it: the local server must be running."""
    if settings.uses_local_server:
        return False
    uri = urlsplit(settings.neo4j_uri)
    return (
        uri.scheme in ("bolt", "neo4j")
        and uri.hostname in ("127.0.0.1", "localhost", "::1")
        and uri.port == settings.bolt_port
        and LocalNeo4j(settings).pid() is not None
    )


def _bulk_load(settings: Settings, directory: Path, options: BulkOptions, echo: Echo | None) -> BulkSummary:
    say = echo or (lambda _line: None)
    started = time.perf_counter()
    if not settings.uses_local_server:
        raise ServiceError(
            409,
            "unmanaged_server",
            f"NEO4J_URI ({settings.neo4j_uri}) names a server this command does not manage, and the "
            "bulk importer writes store files on the server's own disk with the server stopped. "
            "Unset NEO4J_URI to bulk-load the local server; for docker compose run the importer in "
            "the container (write its files with --importer-files, then `docker compose run --rm neo4j "
            "neo4j-admin database import full`, see docs/loading.md#a-new-database-in-bulk); "
            "for a remote server or Aura load online (without --bulk).",
        )
    local = LocalNeo4j(settings)
    summary = BulkSummary(LoadSummary([]))
    phases = summary.phases

    # 1. Validation: the online path's, references checked against the dataset alone.
    checks, stubs = _validate(directory, options, summary, started, say)

    # 2. The server: ours, running, empty (or replace).
    mark = time.perf_counter()
    if recovered := finish_interrupted_swap(local.home):
        summary.notes.append(recovered)
    was_running = local.pid() is not None
    if not was_running:
        local.start()
    with Graph.connect(settings) as graph:
        held = _held_data(graph)
    if held and not options.replace:
        if not was_running:
            local.stop()
        raise ServiceError(
            409,
            "database_not_empty",
            f"the database holds data ({_describe(held)}); the bulk path builds a new database. "
            "Add --replace to drop all of it, or load online (without --bulk) to add to it.",
        )
    summary.replaced = held
    phases["check_server"] = time.perf_counter() - mark

    loaded_at = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="bulk-", dir=_work_parent(local, options)))
    try:
        # 3. Importer files.
        mark = time.perf_counter()
        _write_all_rejects(checks)
        files = ImporterFiles(work)
        sources = files.write(checks, stubs, loaded_at)
        # The rows are in the importer's files now: let their frames go before the importer
        # starts (at 20M rows they hold ~15 GB, which the importer would otherwise run beside).
        finished = [(c.table.source, _valid_rows(c), file_summary) for c, file_summary in checks]
        del checks, stubs
        phases["write_csv"] = time.perf_counter() - mark
        say(f"importer files written in {phases['write_csv']:.1f}s")

        # 4. Import into staging while the server goes on serving the live store (a failed or
        # killed import leaves it serving as it was); only then stop, swap, start.
        mark = time.perf_counter()
        summary.importer = run_import(
            local,
            sources,
            heap=options.heap,
            off_heap=options.off_heap,
            array_delimiter="U+001F",
            multiline=files.multiline,
            workdir=work,
            echo=say,
        )
        phases["import"] = time.perf_counter() - mark
        mark = time.perf_counter()
        local.stop()
        phases["stop"] = time.perf_counter() - mark
        mark = time.perf_counter()
        swap_in_staging(local.home, settings.neo4j_database)
        try:
            local.start()
        except ServiceError:
            restore_previous(local.home, settings.neo4j_database)
            local.start()
            raise
        discard_previous(local.home)
        phases["start"] = time.perf_counter() - mark
    finally:
        if options.keep_files is None:
            shutil.rmtree(work, ignore_errors=True)

    # 5. Schema, indexes online, the load recorded.
    mark = time.perf_counter()
    with Graph.connect(settings) as graph:
        summary.load.schema_applied = apply_schema(graph)
        graph.autocommit("bulk.await_indexes", seconds=INDEX_WAIT_SECONDS)
        records = []
        for source, valid_rows, file_summary in finished:
            _finish_summary(valid_rows, file_summary, files.counts.get(source, {}))
            records.append(
                {
                    "load": uuid4().hex,
                    "source": file_summary.source,
                    "kind": file_summary.kind,
                    "rows": file_summary.written,
                    "started_at": loaded_at,
                }
            )
        _record_bulk_load(graph, records)
    phases["schema"] = time.perf_counter() - mark
    summary.load.elapsed = time.perf_counter() - started
    return summary


def _record_bulk_load(graph: Graph, records: list[dict[str, Any]]) -> None:
    """Each file's record, with a new data version (derived views are rebuilt for the new store),
    all in one transaction: the store was imported as one."""

    def record_all(tx: ManagedTransaction) -> None:
        for record in records:
            with_change(tx, "bulk.record_bulk_load", record)

    graph.transaction(record_all)


def _work_parent(local: LocalNeo4j, options: BulkOptions) -> Path:
    """Where the importer files go: beside the database (same disk), or where the caller keeps them."""
    parent = options.keep_files if options.keep_files is not None else local.home / "bulk-work"
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _held_data(graph: Graph) -> dict[str, int]:
    """Nodes per label and relationships per type, from the count store, bookkeeping left out."""
    row = graph.read_one("bulk.count_graph") or {}
    labels = {str(k): int(v) for k, v in (row.get("labels") or {}).items() if k not in BOOKKEEPING and v}
    types = {str(k): int(v) for k, v in (row.get("types") or {}).items() if v}
    return {**labels, **types}


def _describe(held: dict[str, int]) -> str:
    return ", ".join(f"{count:,} {name}" for name, count in sorted(held.items(), key=lambda kv: -kv[1]))


def _write_all_rejects(checks: list[tuple[Checked, FileSummary]]) -> None:
    for checked, file_summary in checks:
        file_summary.rejects_file = write_rejects(checked)


def _valid_rows(checked: Checked) -> int:
    return int((~checked.bad).sum())


def _finish_summary(valid_rows: int, file_summary: FileSummary, counts: dict[str, int]) -> None:
    file_summary.written = counts.get("written", 0)
    file_summary.created = file_summary.written
    file_summary.duplicates = valid_rows - file_summary.written
    file_summary.stubs = counts.get("stubs", 0)
    file_summary.members_created = counts.get("members", 0)
    file_summary.status = "loaded_with_rejects" if file_summary.rejected else "loaded"


class ImporterFiles:
    """The importer's header and data files for a checked dataset, written into one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sources: list[ImportSource] = []
        self.multiline = False
        # Per input file: written rows (after aggregation), members and stubs created.
        self.counts: dict[str, dict[str, int]] = {}

    def write(
        self, checks: list[tuple[Checked, FileSummary]], stubs: set[str], loaded_at: datetime
    ) -> list[ImportSource]:
        members: list[pd.DataFrame] = []
        counted_stubs: set[str] = set()
        for checked, _ in checks:
            good = checked.good()
            kind = checked.table.kind
            counts = self.counts.setdefault(checked.table.source, {})
            if kind == "creators":
                counts["written"] = self._creators(good, loaded_at)
            elif kind == "audience":
                counts["written"] = self._audience(good, members)
            else:
                counts["written"] = self._mentions(good)
            if kind != "creators":
                # A stub counts for the first file naming it (the online path makes it there).
                references = {v for name in CREATOR_REFERENCES[kind] for v in good[name].dropna().tolist()}
                counts["stubs"] = len((stubs & references) - counted_stubs)
                counted_stubs |= stubs & references
        if stubs:
            self._node(
                "Creator",
                "stubs",
                "id:ID(Creator),stub:boolean",
                pd.DataFrame({"id": sorted(stubs), "stub": "true"}),
            )
        self._members(members, checks)
        return self.sources

    # ---- nodes -----------------------------------------------------------------------------
    def _creators(self, good: pd.DataFrame, loaded_at: datetime) -> int:
        plans = creator_plans(good, loaded_at)
        rows = plans[0].rows if plans else []
        frame = pd.DataFrame(
            [{"id": row["id"], **row["props"]} for row in rows], columns=["id", *CREATOR_COLUMNS]
        )
        topics = frame["topics"]
        frame["topics"] = [_array(value) for value in topics]
        frame["verified"] = frame["verified"].map(
            lambda v: None if v is None or v != v else str(bool(v)).lower()
        )
        for name in ("followers", "following", "posts"):
            frame[name] = frame[name].map(lambda v: None if v is None or v != v else str(int(v)))
        frame["updated_at"] = datetime_text(pd.Series([loaded_at] * len(frame), dtype=object))
        header = ",".join(["id:ID(Creator)", *CREATOR_COLUMNS.values(), "updated_at:datetime"])
        self._node("Creator", "creators", header, frame)
        names = sorted({name for value in topics if isinstance(value, list) for name in value})
        if names:
            self._node("Topic", "topics", "name:ID(Topic)", pd.DataFrame({"name": names}))
            pairs = [(row["id"], name) for row in rows for name in (row["props"].get("topics") or [])]
            edges = pd.DataFrame(pairs, columns=["creator", "topic"])
            self._relationship("POSTS_ABOUT", "posts_about", ":START_ID(Creator),:END_ID(Topic)", edges)
        return len(rows)

    def _members(self, parts: list[pd.DataFrame], checks: list[tuple[Checked, FileSummary]]) -> None:
        if not parts:
            return
        values = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        members = member_frame(values)
        columns = ["member_id", "platform", *DEMOGRAPHICS]
        members = members.reindex(columns=columns)
        self._node("AudienceMember", "members", "id:ID(Member),platform,country,age_band,gender", members)
        for checked, _ in checks:
            if checked.table.kind == "audience":
                self.counts[checked.table.source]["members"] = len(members)
                break

    # ---- relationships ---------------------------------------------------------------------
    def _audience(self, good: pd.DataFrame, members: list[pd.DataFrame]) -> int:
        if good.empty:
            return 0
        members.append(good[["member_id", "platform", *DEMOGRAPHICS]])
        written = 0
        for edges in audience_edge_frames(good):
            rel_type, header = EDGE_HEADERS[edges.kind]
            frame = edges.frame
            times = frame["time"]
            text = date_text(times) if edges.kind == "follows" else datetime_text(times)
            out = pd.DataFrame(
                {"m": frame["member_id"], "c": frame["creator_id"], "w": frame["weight"], "t": text}
            )
            self._relationship(rel_type, edges.kind, header, out)
            written += len(frame)
        return written

    def _mentions(self, good: pd.DataFrame) -> int:
        if good.empty:
            return 0
        frame = mention_frame(good)
        out = pd.DataFrame(
            {
                "s": frame["source_id"],
                "t": frame["target_id"],
                "kind": frame["kind"],
                "count": frame["count"],
                "first_at": datetime_text(frame["first_at"]),
                "last_at": datetime_text(frame["last_at"]),
            }
        )
        header = ":START_ID(Creator),:END_ID(Creator),kind,count:long,first_at:datetime,last_at:datetime"
        self._relationship("MENTIONED", "mentions", header, out)
        return len(frame)

    # ---- files -----------------------------------------------------------------------------
    def _node(self, label: str, name: str, header: str, frame: pd.DataFrame) -> None:
        self.sources.append(ImportSource("nodes", label, self._files(name, header, frame)))

    def _relationship(self, rel_type: str, name: str, header: str, frame: pd.DataFrame) -> None:
        # Their text needs no check: the ids are node ids (checked in the node files, where every
        # one of them is), the rest is ours (times) or a validated choice (a mention's kind).
        files = self._files(name, header, frame, check_text=False)
        self.sources.append(ImportSource("relationships", rel_type, files))

    def _files(self, name: str, header: str, frame: pd.DataFrame, check_text: bool = True) -> list[Path]:
        """`<name>.header.csv` and `<name>.csv` (several sources of one name get a number)."""
        stem = name
        number = 1
        while (self.folder / f"{stem}.csv").exists():
            number += 1
            stem = f"{name}-{number}"
        head, data = self.folder / f"{stem}.header.csv", self.folder / f"{stem}.csv"
        head.write_text(header + "\n", encoding="utf-8")
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if check_text:
            self._check_text(table)
        # pyarrow's writer is several times faster than pandas' (C++); RFC 4180 quoting as needed.
        options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
        pa_csv.write_csv(table, data, write_options=options)
        return [head, data]

    def _check_text(self, table: pa.Table) -> None:
        """Newlines need the importer's slower multiline mode; the array delimiter must not occur."""
        for name, column in zip(table.column_names, table.columns, strict=True):
            if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
                continue
            if pc.any(pc.match_substring_regex(column, "[\r\n]")).as_py():
                self.multiline = True
            if name != "topics" and pc.any(pc.match_substring(column, ARRAY_DELIMITER)).as_py():
                raise ServiceError(400, "bad_value", f"a {name} value holds the control character U+001F")


def _array(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return None
    if any(ARRAY_DELIMITER in name for name in value):
        raise ServiceError(400, "bad_value", "a topic name holds the control character U+001F")
    return ARRAY_DELIMITER.join(value)
