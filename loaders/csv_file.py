"""Reading a CSV file into records with the line each starts on, as Python's `csv` module reads it.

Python's `csv` module is the reference: every record has exactly the fields the header has (a row
with more or fewer is rejected, never shifted), blank lines are skipped, and each record keeps the
physical line it starts on (quoted fields may span lines). Reading a million rows with `csv` and
building a DataFrame from them is several times slower than pandas' C parser, so well-formed files
take a fast path that gets the same result:

1. a scan of the raw bytes with numpy finds the record boundaries and counts each record's fields:
   a newline or comma is structural when an even number of quotes precedes it, which is exact for
   RFC 4180 quoting (a quote opens a field, `""` inside it is one quote, a quote closes it);
2. when every quote is placed that way, no record has the wrong number of fields, there is no lone
   carriage return, no carriage return inside quotes and no NUL byte, pandas parses the bytes and
   the scan supplies the line numbers (and must agree with pandas on the number of records);
3. anything else -- stray quotes, bad records, bytes that are not UTF-8 -- is read by `csv` itself,
   record by record, so each bad record is reported on its own line and the others still load.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loaders.errors import RowError

BOM = b"\xef\xbb\xbf"
QUOTE, COMMA, NEWLINE, CR = ord('"'), ord(","), ord("\n"), ord("\r")
# Positions are found this many bytes at a time, so a 1 GB file never needs a 1 GB mask.
SCAN_CHUNK = 1 << 26
# A field longer than this cannot be a value we keep (see loaders.validate for the real limits);
# Python's csv module refuses longer fields, which rejects the record that holds one.
MAX_FIELD_CHARS = 1 << 20
Lines = np.ndarray[Any, np.dtype[np.int64]]


@dataclass
class CsvRecords:
    """A CSV file's header, its good records (strings) and the line each starts on, and the
    records that could not be read, with why and their text."""

    header: list[str]
    header_line: int
    frame: pd.DataFrame
    lines: Lines
    bad: list[RowError] = field(default_factory=list)
    bad_text: list[str] = field(default_factory=list)
    # The longest record in bytes, when known: no field of the file is longer.
    longest_record: int | None = None


class HeaderError(ValueError):
    """The header itself is unusable (a duplicate column); names the line and the column."""

    def __init__(self, line: int, column: str, reason: str) -> None:
        super().__init__(f"line {line}: {column}: {reason}")
        self.line, self.column, self.reason = line, column, reason


def read_csv_records(data: bytes, source: str) -> CsvRecords:
    """The records of a CSV file's bytes (see the module docstring)."""
    data = data.removeprefix(BOM)
    fast = _read_fast(data, source)
    return fast if fast is not None else _read_exact(data, source)


def check_header(names: list[str], line: int) -> list[str]:
    """Header names trimmed; a HeaderError for a name that is not UTF-8 text or is given twice
    (empty names are ignored)."""
    trimmed = [name.strip() for name in names]
    for name in trimmed:
        if _not_utf8(name):
            raise HeaderError(line, _clean(name), "is not UTF-8 text")
    seen: set[str] = set()
    for name in trimmed:
        if name and name in seen:
            raise HeaderError(line, name, "appears more than once in the header (after trimming spaces)")
        seen.add(name)
    return trimmed


# ---- the fast path ------------------------------------------------------------------------------


def _positions(buf: np.ndarray[Any, np.dtype[np.uint8]], byte: int) -> Lines:
    parts = [
        np.flatnonzero(buf[start : start + SCAN_CHUNK] == byte).astype(np.int64) + start
        for start in range(0, len(buf), SCAN_CHUNK)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, np.int64)


def _outside(positions: Lines, quotes: Lines) -> Lines:
    """The positions preceded by an even number of quotes (not inside a quoted field)."""
    if not len(quotes):
        return positions
    even: Lines = positions[np.searchsorted(quotes, positions) % 2 == 0]
    return even


def _quotes_well_formed(buf: np.ndarray[Any, np.dtype[np.uint8]], quotes: Lines) -> bool:
    """Every quote opens a field, closes one, or is half of a `""` inside one (RFC 4180)."""
    if len(quotes) % 2:
        return False  # a quoted field is never closed
    if not len(quotes):
        return True
    size = len(buf)
    previous = np.where(quotes > 0, buf[np.maximum(quotes - 1, 0)], NEWLINE)
    following = np.where(quotes + 1 < size, buf[np.minimum(quotes + 1, size - 1)], NEWLINE)
    after_next = np.where(quotes + 2 < size, buf[np.minimum(quotes + 2, size - 1)], NEWLINE)
    glued_before = np.zeros(len(quotes), bool)
    glued_before[1:] = quotes[1:] == quotes[:-1] + 1
    glued_after = np.zeros(len(quotes), bool)
    glued_after[:-1] = quotes[:-1] + 1 == quotes[1:]
    opening = np.arange(len(quotes)) % 2 == 0
    opens_field = (previous == COMMA) | (previous == NEWLINE) | glued_before
    ends_field = (
        (following == COMMA)
        | (following == NEWLINE)
        | ((following == CR) & (after_next == NEWLINE))
        | glued_after
    )
    return bool(np.all(np.where(opening, opens_field, ends_field)))


def _read_fast(data: bytes, source: str) -> CsvRecords | None:
    """pandas' C parser with line numbers from a byte scan, or None when the file needs `csv`."""
    if not data:
        return CsvRecords([], 1, pd.DataFrame(), np.zeros(0, np.int64))
    if b"\x00" in data:
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    quotes = _positions(buf, QUOTE) if b'"' in data else np.zeros(0, np.int64)
    if not _quotes_well_formed(buf, quotes):
        return None
    newlines = _positions(buf, NEWLINE)
    if b"\r" in data:
        returns = _positions(buf, CR)
        ends = returns + 1
        lone = (ends >= len(buf)) | (buf[np.minimum(ends, len(buf) - 1)] != NEWLINE)
        if lone.any() or len(returns) != len(_outside(returns, quotes)):
            return None
    breaks = _outside(newlines, quotes)
    # Record k spans [starts[k], stops[k]); its first line is 1 + the newlines before it.
    starts = np.concatenate([[0], breaks + 1])
    stops = np.concatenate([breaks, [len(buf)]])
    line_of = np.searchsorted(newlines, starts) + 1
    length = stops - starts
    blank = (length == 0) | ((length == 1) & (buf[np.clip(stops - 1, 0, None)] == CR))
    starts, stops, line_of = starts[~blank], stops[~blank], line_of[~blank]
    if not len(starts):
        return CsvRecords([], 1, pd.DataFrame(), np.zeros(0, np.int64))
    commas = _outside(_positions(buf, COMMA), quotes)
    fields = np.searchsorted(commas, stops) - np.searchsorted(commas, starts) + 1
    if np.any(fields != fields[0]):
        return None  # a record with more or fewer fields than the header: read each with csv
    header_line = int(line_of[0])
    try:
        header_text = data[starts[0] : stops[0]].decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = check_header(next(csv.reader(io.StringIO(header_text, newline="")), []), header_line)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8",
            skip_blank_lines=True,
            index_col=False,
            header=0,
            names=[f"_{n}" for n in range(len(header))],
            engine="c",
        )
    except (UnicodeDecodeError, pd.errors.ParserError):
        return None
    lines = line_of[1:].astype(np.int64)
    if len(frame) != len(lines):
        return None  # pandas and the scan disagree on the records: trust csv
    frame.columns = pd.Index(header)
    longest = int((stops - starts).max())
    return CsvRecords(header, header_line, frame.astype(object), lines, longest_record=longest)


# ---- the exact path ---------------------------------------------------------------------------


def _read_exact(data: bytes, source: str) -> CsvRecords:
    """Python's csv module, record by record; bytes that are not UTF-8 spoil only their record."""
    text = data.decode("utf-8", "surrogateescape")
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    bad: list[RowError] = []
    bad_text: list[str] = []
    previous = 0
    while True:
        start = previous + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            bad.append(RowError(source, start, "", f"cannot be read as CSV: {error}"))
            bad_text.append("")
            previous = reader.line_num
            continue
        previous = reader.line_num
        if not row:
            continue
        if header is None:
            header_line = start
            header = check_header(row, start)
            continue
        problem = _problem(row, header)
        if problem is None:
            rows.append(row)
            lines.append(start)
        else:
            bad.append(RowError(source, start, problem[0], problem[1]))
            bad_text.append(_clean(",".join(row)))
    if header is None:
        return CsvRecords([], 1, pd.DataFrame(), np.zeros(0, np.int64), bad, bad_text)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    frame = pd.DataFrame(
        {f"_{n}": np.array(column, dtype=object) for n, column in enumerate(columns)},
        index=pd.RangeIndex(len(rows)),
    )
    frame.columns = pd.Index(header)
    return CsvRecords(header, header_line, frame, np.asarray(lines, dtype=np.int64), bad, bad_text)


def _problem(row: list[str], header: list[str]) -> tuple[str, str] | None:
    """Why a record cannot be used (its column, the reason), or None."""
    if len(row) > len(header):
        return (
            f"field {len(header) + 1}",
            f"the row has {len(row)} fields but the header has {len(header)} (a trailing comma?)",
        )
    if len(row) < len(header):
        return (
            header[len(row)] or f"field {len(row) + 1}",
            f"the row has {len(row)} fields but the header has {len(header)}",
        )
    for name, value in zip(header, row, strict=True):
        if "\x00" in value:
            return name, "contains a NUL character"
        if _not_utf8(value):
            return name, "is not UTF-8 text"
    return None


def _not_utf8(value: str) -> bool:
    """True when decoding left escaped bytes (surrogates) in the value."""
    return any("\udc80" <= char <= "\udcff" for char in value) if not value.isascii() else False


def _clean(text: str) -> str:
    """Text that can be written out again: escaped bytes become U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _not_utf8(text) else text
