"""Loader fuzzing (issue 17): generated creators files in CSV, JSON Lines and Parquet, hostile on
purpose (quotes, embedded newlines, BOM, CRLF, NUL bytes, huge and non-finite numbers, long fields,
duplicate or empty headers, extra and missing fields, bytes that are not UTF-8).

The oracle reads each file independently -- Python's `csv` and `json` modules, pyarrow -- and
applies the documented rules (docs/loading.md: trimming, whole numbers below 2^53, rates, the
length limits) in plain Python. The loader must then agree exactly: the rows the oracle finds bad
are the rows the loader rejects (by line, each error naming file, line and column) and nothing is
written; with `skip_invalid` the graph holds exactly what the oracle read from the good rows.
Never a traceback, never a partial write.

`make test` runs a short pass; `make fuzz` (`--fuzz-examples 500`) the long one.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from loaders import LoadRejected, load_file
from service.graph.db import Graph
from service.graph.errors import ServiceError

SHORT_EXAMPLES = 12
MAX_ID, MAX_TEXT, MAX_WHOLE = 1000, 10_000, 2**53 - 1
KNOWN = ("id", "handle", "name", "followers", "engagement_rate", "verified", "topics")
TEXT = {"handle": MAX_ID, "name": MAX_TEXT}
BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


# ---- the oracle: what a file says, read without the loader ------------------------------------


class Bad(Exception):
    """This row must be rejected (the column named)."""

    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


@dataclass
class Expected:
    """What loading a file must do: a header error, or rows (line -> props or Bad)."""

    header_error: tuple[int, str, str] | None = None
    missing_id_column: int | None = None
    rows: list[tuple[int, dict[str, Any] | Bad]] = field(default_factory=list)

    @property
    def bad_lines(self) -> set[int]:
        return {line for line, row in self.rows if isinstance(row, Bad)}

    def graph(self) -> dict[str, dict[str, Any]]:
        """Creators after a load of the good rows: later rows win column by column."""
        if self.missing_id_column is not None:
            return {}
        creators: dict[str, dict[str, Any]] = {}
        for _, row in self.rows:
            if not isinstance(row, Bad):
                creators.setdefault(row["id"], {}).update(row)
        return creators


def text_of(value: Any) -> str | None:
    """A scalar cell as the documented text: trimmed, None when empty or missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict | list):
        raise ValueError("not one value")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.strip()
    return text or None


def number(text: str) -> float:
    if not NUMBER.fullmatch(text):
        raise ValueError(text)
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def cell(column: str, value: Any) -> Any:
    """One known column's value as the graph must hold it (None: not given); Bad when invalid."""
    try:
        if column == "topics":
            if value is None or (isinstance(value, float) and math.isnan(value)):
                return None
            if isinstance(value, dict) or (
                isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
            ):
                raise ValueError("topics")
            items = value if isinstance(value, list) else str(value).split(";")
            names = list(dict.fromkeys(n for n in (str(i).strip() for i in items) if n))
            if any(len(n) > MAX_ID for n in names):
                raise ValueError("long topic")
            return names or None
        text = text_of(value)
        if column == "id":
            if text is None or len(text) > MAX_ID:
                raise ValueError("id")
            return text
        if text is None:
            return None
        if column in TEXT:
            if len(text) > TEXT[column]:
                raise ValueError("long")
            return text
        if column == "followers":
            whole = number(text)
            if whole % 1 or whole < 0 or whole > MAX_WHOLE:
                raise ValueError("whole")
            return int(whole)
        if column == "engagement_rate":
            rate = number(text.rstrip("%").strip()) / (100.0 if text.endswith("%") else 1.0)
            if not 0 <= rate <= 1:
                raise ValueError("rate")
            return rate
        if column == "verified":
            return BOOLEANS[text.lower()]
    except (ValueError, KeyError):
        raise Bad(column) from None
    raise AssertionError(column)


def model_row(record: dict[str, Any]) -> dict[str, Any] | Bad:
    """A record's known columns as the graph must hold them, or Bad naming the first bad one."""
    row: dict[str, Any] = {}
    for column in KNOWN:
        if column in record:
            try:
                value = cell(column, record[column])
            except Bad as bad:
                return bad
            if value is not None:
                row[column] = value
    if "id" not in row:
        return Bad("id")
    return row


def expect_csv(data: bytes) -> Expected:
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    csv.field_size_limit(2**20)  # the documented longest field
    reader = csv.reader(io.StringIO(text, newline=""))
    expected, header, header_line, previous, readable = Expected(), None, 1, 0, 0
    while True:
        start = previous + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            expected.rows.append((start, Bad("")))
            previous = reader.line_num
            continue
        previous = reader.line_num
        if not record:
            continue
        if header is None:
            header, header_line = [name.strip() for name in record], start
            undecodable = [name for name in header if re.search("[\udc80-\udcff]", name)]
            named = [name for name in header if name]
            duplicates = [name for n, name in enumerate(named) if name in named[:n]]
            if undecodable:
                cleaned = undecodable[0].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                expected.header_error = (start, cleaned, "is not UTF-8 text")
                return expected
            if duplicates:
                reason = "appears more than once in the header (after trimming spaces)"
                expected.header_error = (start, duplicates[0], reason)
                return expected
            continue
        if len(record) != len(header) or any(
            "\x00" in value or re.search("[\udc80-\udcff]", value) for value in record
        ):
            expected.rows.append((start, Bad("")))
            continue
        readable += 1
        known = {name: value for name, value in zip(header, record, strict=True) if name in KNOWN}
        expected.rows.append((start, model_row(known)))
    if header is not None and "id" not in header and readable:
        expected.missing_id_column = header_line
    return expected


def expect_jsonl(data: bytes) -> Expected:
    expected = Expected()
    for number_, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            expected.rows.append((number_, Bad("")))
            continue
        if not isinstance(record, dict):
            expected.rows.append((number_, Bad("")))
            continue
        expected.rows.append((number_, model_row({k: v for k, v in record.items() if k in KNOWN})))
    return expected


def expect_parquet(path: Path) -> Expected:
    table = pq.read_table(path)
    rows = table.to_pylist()
    expected = Expected()
    for number_, record in enumerate(rows, start=1):
        expected.rows.append((number_, model_row({k: v for k, v in record.items() if k in KNOWN})))
    return expected


# ---- generated files --------------------------------------------------------------------------

HOSTILE = st.sampled_from(
    ['"', '""', ",", "\n", "\r\n", "\r", "\x00", "\ufeff", " ", "é", "\u00a0", "%", ";", "\\", "'"]
)
PLAIN = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), max_codepoint=0x2FFF), max_size=8
)
TEXTS = st.one_of(
    PLAIN,
    st.lists(st.one_of(PLAIN, HOSTILE), max_size=4).map("".join),
    st.sampled_from(["x" * 1000, "x" * 1001, "n" * 10_000, "n" * 10_001, "t;" * 3 + "t" * 1001]),
)
NUMBERS = st.one_of(
    st.integers(min_value=-10, max_value=2**64).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "1e400",
            "-0",
            "12.0",
            "12.5",
            " 7 ",
            "3.2%",
            "50 %",
            "0.5",
            "1_000",
            "0x10",
            "9007199254740991",
            "9007199254740992",
            "inf",
            "NaN",
            "",
            "١٢",
        ]
    ),
)
IDS = st.one_of(st.sampled_from(["c1", "c2", " c1 ", "c3", "", "  "]), TEXTS)
CELLS: dict[str, st.SearchStrategy[str]] = {
    "id": IDS,
    "handle": TEXTS,
    "name": TEXTS,
    "followers": NUMBERS,
    "engagement_rate": NUMBERS,
    "verified": st.one_of(st.sampled_from(["true", "FALSE", "yes", "0", "maybe", ""]), TEXTS),
    "topics": st.one_of(st.sampled_from(["a;b", " a ; a ;", ";;", "music"]), TEXTS),
}
HEADER_NAMES = st.sampled_from([*KNOWN, "id", "notes", "", " id", "name ", "Followers"])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    columns = draw(st.lists(HEADER_NAMES, min_size=1, max_size=7))
    if draw(st.integers(0, 9)):
        columns = ["id", *[c for c in columns if c.strip() != "id"]]  # usually a usable header
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        width = len(columns) + draw(st.sampled_from([0, 0, 0, 0, 1, -1]))
        names = [*columns, "extra"][: max(width, 0)]
        rows.append([draw(CELLS.get(name.strip(), TEXTS)) for name in names])
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, None]))
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    for record in [columns, *rows]:
        out = io.StringIO()
        try:
            if quoting is None:
                raise csv.Error("by hand")
            csv.writer(out, quoting=quoting, lineterminator=terminator).writerow(record)
            lines.append(out.getvalue())
        except csv.Error:  # written by hand, without any quoting: a malformed file, often
            lines.append(",".join(record) + terminator)
        if draw(st.integers(0, 7)) == 0:
            lines.append(terminator)  # a blank line
    encoded = [_encode(line, draw(st.integers(0, 9)) == 0) for line in lines]
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + b"".join(encoded)


def _encode(text: str, legacy: bool) -> bytes:
    """UTF-8, or (mixed encodings) Latin-1 where the text allows it."""
    if legacy:
        try:
            return text.encode("latin-1")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8", "surrogatepass")


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**64), max_value=2**64),
        st.floats(allow_nan=True, allow_infinity=True),
        TEXTS,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(PLAIN, inner, max_size=2)),
    max_leaves=4,
)


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = []
    ascii_only = draw(st.booleans())
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 19))
        if kind == 0:
            lines.append(draw(st.sampled_from(["{", "[1]", '"c1"', "null", "{'id': 1}", "{}"])))
            continue
        keys = draw(st.lists(HEADER_NAMES, max_size=6))
        if draw(st.integers(0, 4)):
            keys = ["id", *keys]
        pairs = [
            f"{json.dumps(key, ensure_ascii=ascii_only)}: "
            f"{json.dumps(draw(_json_for(key)), allow_nan=True, ensure_ascii=ascii_only)}"
            for key in keys
        ]
        lines.append("{" + ", ".join(pairs) + "}")
    terminator = draw(st.sampled_from(["\n", "\r\n"]))
    encoded = [_encode(line + terminator, draw(st.integers(0, 9)) == 0) for line in lines]
    if draw(st.integers(0, 4)) == 0:
        encoded.insert(draw(st.integers(0, len(encoded))), b"\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + b"".join(encoded)


def _json_for(key: str) -> st.SearchStrategy[Any]:
    typed = CELLS.get(key.strip())
    if key.strip() == "topics":
        return st.one_of(st.lists(TEXTS, max_size=3), JSON_VALUES)
    return st.one_of(typed, JSON_VALUES) if typed is not None else JSON_VALUES


PARQUET_COLUMNS: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "id": lambda: st.one_of(
        st.lists(st.one_of(st.none(), IDS), min_size=1, max_size=5).map(lambda v: pa.array(v, pa.string())),
        st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=5).map(
            lambda v: pa.array(v, pa.int64())
        ),
    ),
    "name": lambda: st.lists(st.one_of(st.none(), TEXTS), min_size=1, max_size=5).map(
        lambda v: pa.array(v, pa.string())
    ),
    "followers": lambda: st.one_of(
        st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=1, max_size=5).map(
            lambda v: pa.array(v, pa.int64())
        ),
        st.lists(st.one_of(st.none(), st.floats()), min_size=1, max_size=5).map(
            lambda v: pa.array(v, pa.float64())
        ),
        st.lists(st.one_of(st.none(), NUMBERS), min_size=1, max_size=5).map(
            lambda v: pa.array(v, pa.string())
        ),
    ),
    "engagement_rate": lambda: st.lists(st.one_of(st.none(), st.floats()), min_size=1, max_size=5).map(
        lambda v: pa.array(v, pa.float64())
    ),
    "verified": lambda: st.lists(st.one_of(st.none(), st.booleans()), min_size=1, max_size=5).map(
        lambda v: pa.array(v, pa.bool_())
    ),
    "topics": lambda: st.lists(st.one_of(st.none(), st.lists(TEXTS, max_size=3)), min_size=1, max_size=5).map(
        lambda v: pa.array(v, pa.list_(pa.string()))
    ),
}


@st.composite
def parquet_tables(draw: st.DrawFn) -> pa.Table:
    names = draw(st.lists(st.sampled_from(list(PARQUET_COLUMNS)), min_size=1, unique=True))
    if draw(st.integers(0, 4)):
        names = ["id", *[n for n in names if n != "id"]]
    arrays = [draw(PARQUET_COLUMNS[name]()) for name in names]
    size = min(len(a) for a in arrays)
    return pa.table({name: array.slice(0, size) for name, array in zip(names, arrays, strict=True)})


# ---- the property ---------------------------------------------------------------------------


def stored(graph: Graph) -> dict[str, dict[str, Any]]:
    rows, _, _ = graph.driver.execute_query(
        "MATCH (c:Creator) RETURN c.id AS id, properties(c) AS props, "
        "COLLECT { MATCH (c)-[:POSTS_ABOUT]->(t:Topic) RETURN t.name } AS topics"
    )
    found = {}
    for row in rows:
        props = {k: v for k, v in row["props"].items() if k in KNOWN}
        assert sorted(props.get("topics") or []) == sorted(row["topics"])
        found[row["id"]] = props
    return found


def empty_graph(graph: Graph) -> None:
    graph.driver.execute_query("MATCH (n) WHERE n:Creator OR n:Topic DETACH DELETE n")


def check_file(graph: Graph, path: Path, expected: Expected) -> None:
    note(f"file: {path.read_bytes()!r}")
    empty_graph(graph)
    if expected.header_error is not None:
        with pytest.raises(ServiceError) as caught:
            load_file(graph, "creators", path)
        line, column, reason = expected.header_error
        assert caught.value.code == "bad_header"
        assert caught.value.details == [{"file": str(path), "line": line, "column": column, "reason": reason}]
        assert stored(graph) == {}
        return
    bad = expected.bad_lines
    if bad or (expected.missing_id_column is not None):
        with pytest.raises(LoadRejected) as rejected:
            load_file(graph, "creators", path)
        assert stored(graph) == {}, "a rejected load wrote something"
        errors = rejected.value.errors
        assert all(error.file == str(path) and error.line is not None for error in errors)
        if expected.missing_id_column is not None:
            line = expected.missing_id_column
            assert (line, "id", "required column is missing") in {
                (e.line, e.column, e.reason) for e in errors
            }
            return
        assert {error.line for error in errors} == bad, [str(e) for e in errors]
        for line, row in expected.rows:
            if isinstance(row, Bad) and row.column:
                assert row.column in {e.column for e in errors if e.line == line}, (line, row.column)
            if isinstance(row, Bad) and not row.column:
                assert [e for e in errors if e.line == line and (e.column or e.reason)]
        summary = load_file(graph, "creators", path, skip_invalid=True)
        assert summary.rejected == len(bad)
    else:
        load_file(graph, "creators", path)
    assert stored(graph) == expected.graph()


@pytest.fixture(scope="module")
def graph(db: Graph) -> Iterator[Graph]:
    yield db


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples or SHORT_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )


def test_csv_files_load_as_csv_reads_them_or_are_rejected_by_line(
    graph: Graph, tmp_path_factory: pytest.TempPathFactory, fuzz_examples: int
) -> None:
    folder = tmp_path_factory.mktemp("csv")

    @given(data=csv_files())
    @fuzz_settings(fuzz_examples)
    def check(data: bytes) -> None:
        path = folder / "creators.csv"
        path.write_bytes(data)
        check_file(graph, path, expect_csv(data))

    check()


def test_jsonl_files_load_as_json_reads_them_or_are_rejected_by_line(
    graph: Graph, tmp_path_factory: pytest.TempPathFactory, fuzz_examples: int
) -> None:
    folder = tmp_path_factory.mktemp("jsonl")

    @given(data=jsonl_files())
    @fuzz_settings(fuzz_examples)
    def check(data: bytes) -> None:
        path = folder / "creators.jsonl"
        path.write_bytes(data)
        check_file(graph, path, expect_jsonl(data))

    check()


def test_parquet_files_load_as_pyarrow_reads_them_or_are_rejected_by_row(
    graph: Graph, tmp_path_factory: pytest.TempPathFactory, fuzz_examples: int
) -> None:
    folder = tmp_path_factory.mktemp("parquet")

    @given(table=parquet_tables())
    @fuzz_settings(fuzz_examples)
    def check(table: pa.Table) -> None:
        path = folder / "creators.parquet"
        pq.write_table(table, path)
        check_file(graph, path, expect_parquet(path))

    check()
