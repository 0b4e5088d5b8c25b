"""Reading one input file (CSV, JSON Lines or Parquet) or DataFrame into a `Table`.

Every cell stays as it was read (CSV: strings; JSONL and Parquet: their native values); parsing
and validation happen in `loaders.validate`, so every format gets the same rules and the same error
messages. Each row keeps the line number a person would look up in the file: for CSV the line its
record starts on (blank lines and newlines inside quoted fields counted; `loaders.csv_file`); for
JSONL the physical line (lines end at `\n` only); for Parquet and DataFrames the 1-based row
number. Rows that cannot be read at all (a CSV record with more or fewer fields than the header,
a JSONL line that is not a JSON object, bytes that are not UTF-8) are kept aside as `unreadable`,
each naming its line, so they are rejected like any bad row and never shift other values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml

from loaders.csv_file import HeaderError, read_csv_records
from loaders.errors import RowError
from service.graph.errors import ServiceError

Kind = Literal["creators", "audience", "mentions", "campaigns", "posts", "outcomes"]
# The graph-model files `load dataset` reads; campaign results (service/campaign_results.py) have
# their own command but the same reading and validation.
KINDS: tuple[Kind, ...] = ("creators", "audience", "mentions")
CAMPAIGN_KINDS: tuple[Kind, ...] = ("campaigns", "posts", "outcomes")
FORMATS = (".csv", ".jsonl", ".parquet")
# A column map: {"export column": "our column"}, or such maps under a kind's name.
ColumnMap = Mapping[str, Any]


@dataclass
class Table:
    """One input's rows (object dtype, positional index) and where each came from."""

    kind: Kind
    source: str
    frame: pd.DataFrame
    lines: np.ndarray[Any, np.dtype[np.int64]]
    header_line: int | None = None
    path: Path | None = None
    # Rows that could not even be parsed (a JSONL line that is not JSON); never part of `frame`.
    unreadable: list[RowError] = field(default_factory=list)
    unreadable_text: list[str] = field(default_factory=list)
    # No cell is longer than this many characters, when the reader knows (a CSV record's bytes
    # bound its fields); lets validation skip measuring every cell of a big file.
    longest_cell: int | None = None
    # Every cell is a string (CSV): no list or object can be among them.
    strings_only: bool = False

    def fields_shorter_than(self, limit: int) -> bool:
        """Whether every cell is known to be shorter than `limit` characters."""
        return self.longest_cell is not None and self.longest_cell < limit

    @property
    def row_count(self) -> int:
        return len(self.frame) + len(self.unreadable)


def read_file(kind: Kind, path: Path, column_map: ColumnMap | None = None) -> Table:
    """Read `path` by its suffix (.csv, .jsonl, .parquet), then apply the column map."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ServiceError(
            400, "bad_format", f"{path}: unknown format {suffix!r}; use .csv, .jsonl or .parquet"
        )
    if not path.is_file():
        raise ServiceError(404, "not_found", f"{path}: no such file")
    try:
        if suffix == ".csv":
            table = _read_csv(kind, path)
        elif suffix == ".jsonl":
            table = _read_jsonl(kind, path)
        else:
            table = _read_parquet(kind, path)
    except HeaderError as exc:
        error = RowError(str(path), exc.line, exc.column, exc.reason)
        raise ServiceError(400, "bad_header", str(error), [error.to_dict()]) from exc
    except UnicodeDecodeError as exc:
        raise ServiceError(
            400, "bad_file", f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    except (pd.errors.ParserError, OSError, ValueError) as exc:
        raise ServiceError(400, "bad_file", f"{path}: cannot be read: {exc}") from exc
    table.frame = rename_columns(table.frame, kind, column_map, table.source)
    return table


def table_from_frame(
    kind: Kind, frame: pd.DataFrame, source: str = "<dataframe>", column_map: ColumnMap | None = None
) -> Table:
    """Wrap a caller's DataFrame (copied; rows numbered from 1)."""
    data = _as_object(frame.reset_index(drop=True))
    data = rename_columns(data, kind, column_map, source)
    return Table(kind, source, data, np.arange(1, len(data) + 1, dtype=np.int64))


def _read_csv(kind: Kind, path: Path) -> Table:
    """Records as Python's csv module reads them (loaders.csv_file), each with its first line;
    records with the wrong number of fields or bytes that are not UTF-8 are unreadable rows."""
    records = read_csv_records(path.read_bytes(), str(path))
    table = Table(kind, str(path), records.frame, records.lines, header_line=records.header_line, path=path)
    table.unreadable, table.unreadable_text = records.bad, records.bad_text
    table.longest_cell = records.longest_record
    table.strings_only = True
    return table


def _read_jsonl(kind: Kind, path: Path) -> Table:
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    unreadable: list[RowError] = []
    unreadable_text: list[str] = []
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    # Lines end at "\n" only (a JSON string cannot hold a raw line break, so nothing else can
    # split a record), decoded one by one so that bad bytes spoil only their line.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        record, reason = _json_record(raw)
        if record is None:
            unreadable.append(RowError(str(path), number, "", reason))
            unreadable_text.append(raw.decode("utf-8", "replace").rstrip("\r"))
            continue
        records.append(record)
        lines.append(number)
    table = Table(kind, str(path), _object_frame(records), np.asarray(lines, dtype=np.int64), path=path)
    table.unreadable, table.unreadable_text = unreadable, unreadable_text
    return table


def _object_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Records as object columns holding the parsed values themselves: no dtype inference, which
    would turn a column of integers with a gap into floats (2**60 + 1 becoming 2**60)."""
    names = list(dict.fromkeys(name for record in records for name in record))
    index = pd.RangeIndex(len(records))
    columns = {
        name: pd.Series([record.get(name) for record in records], index=index, dtype=object) for name in names
    }
    return pd.DataFrame(columns, index=index)


def _json_record(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """One JSON Lines line as an object, or None and why not."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start + 1} of the line)"
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    if not isinstance(record, dict):
        return None, "not a JSON object"
    return record, ""


def _read_parquet(kind: Kind, path: Path) -> Table:
    # Nullable dtypes: an integer column with gaps keeps exact integers (numpy would make floats).
    frame = _as_object(pd.read_parquet(path, dtype_backend="numpy_nullable").reset_index(drop=True))
    return Table(kind, str(path), frame, np.arange(1, len(frame) + 1, dtype=np.int64), path=path)


def _as_object(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for every kind of missing value (NaN, NaT, pd.NA)."""
    data = frame.astype(object)
    return data.where(data.notna(), None)


def rename_columns(
    frame: pd.DataFrame, kind: Kind, column_map: ColumnMap | None, source: str
) -> pd.DataFrame:
    """Apply the flat entries of the map and the entries under `kind` (export name -> ours)."""
    if not column_map:
        return frame
    renames = {key: value for key, value in column_map.items() if isinstance(value, str)}
    nested = column_map.get(kind)
    if isinstance(nested, Mapping):
        renames.update({str(key): str(value) for key, value in nested.items()})
    renamed = frame.rename(columns={old: new for old, new in renames.items() if old in frame.columns})
    clashes = renamed.columns[renamed.columns.duplicated()]
    if len(clashes):
        raise ServiceError(
            400,
            "bad_column_map",
            f"{source}: the column map gives more than one column the name {clashes[0]!r}",
        )
    return renamed


def read_column_map(path: Path) -> dict[str, Any]:
    """Read a `--map` file: YAML or JSON, `{export column: our column}`, optionally per kind."""
    try:
        text = path.read_text(encoding="utf-8")
        mapping = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ServiceError(400, "bad_column_map", f"{path}: cannot be read: {exc}") from exc
    if not isinstance(mapping, dict):
        raise ServiceError(400, "bad_column_map", f"{path}: expected a mapping of column names")
    for key, value in mapping.items():
        nested_ok = (
            key in KINDS and isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
        )
        if not (isinstance(value, str) or nested_ok):
            raise ServiceError(
                400,
                "bad_column_map",
                f"{path}: {key!r} must map to a column name (or be a kind with a mapping)",
            )
    return {str(key): value for key, value in mapping.items()}


def dataset_files(directory: Path) -> list[tuple[Kind, Path]]:
    """The dataset folder's files, in load order: creators, audience, mentions (whichever exist)."""
    if not directory.is_dir():
        raise ServiceError(404, "not_found", f"{directory}: no such folder")
    found: list[tuple[Kind, Path]] = []
    for kind in KINDS:
        candidates = [
            directory / f"{kind}{suffix}" for suffix in FORMATS if (directory / f"{kind}{suffix}").is_file()
        ]
        if len(candidates) > 1:
            names = ", ".join(path.name for path in candidates)
            raise ServiceError(400, "ambiguous_dataset", f"{directory}: more than one {kind} file ({names})")
        found += [(kind, path) for path in candidates]
    if not found:
        raise ServiceError(
            404,
            "not_found",
            f"{directory}: no creators, audience or mentions file (.csv, .jsonl or .parquet)",
        )
    return found
