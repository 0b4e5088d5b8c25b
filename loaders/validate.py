"""Parsing and validating a `Table` before anything is written.

Each kind has a list of fields; each field has a parser that turns a whole column into typed
values plus masks of bad rows with a reason (vectorised with pandas, so a million audience rows
are checked in about a second). The result, `Checked`, has the typed values of every row, the
errors (file, line, column, reason) and the mask of rows that have at least one error.
References to creators are checked later, by `loaders.load`, because they need the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from loaders.errors import RowError
from loaders.read import Kind, Table

Mask = pd.Series  # a boolean Series, True for a bad row

# Limits (docs/loading.md, "Limits"). Ids, handles and topic names are indexed, and Neo4j's range
# index refuses keys over about 8 kB: 1,000 characters are at most 4,000 bytes of UTF-8.
MAX_ID_CHARS = 1000
MAX_TEXT_CHARS = 10_000
# Whole numbers are parsed as 64-bit floats, which hold every integer below 2**53 exactly.
MAX_WHOLE = 2**53 - 1
NOT_ONE_VALUE = "must be one value (text or a number), not a list or an object"
# A CSV column is parsed once per distinct value when its first rows repeat (parse_column).
DISTINCT_SAMPLE = 10_000


@dataclass
class Parsed:
    """A parsed column: typed values (None when missing) and (bad-row mask, reason) pairs."""

    values: pd.Series
    problems: list[tuple[Mask, str]] = field(default_factory=list)


Parser = Callable[[pd.Series], Parsed]


@dataclass(frozen=True)
class Field:
    name: str
    parse: Parser
    required: bool = False
    default: Any = None
    # Text fields: the longest value kept (longer ones are rejected, never cut).
    max_chars: int | None = None


def _scalar_text(value: Any) -> str | None:
    """One cell as trimmed text: integral floats lose their `.0` (Parquet ints with gaps)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple | np.ndarray):
        return ";".join(str(item) for item in value)
    return str(value).strip()


def text_values(column: pd.Series) -> pd.Series:
    """Trimmed strings, None for missing or empty cells."""
    if infer_dtype(column, skipna=True) in ("string", "empty"):
        # One pass in plain Python: a third of `.str.strip()` + `.where(...)` on a big column.
        trimmed = np.empty(len(column), dtype=object)
        trimmed[:] = [(v.strip() or None) if v.__class__ is str else None for v in column.to_numpy()]
        return pd.Series(trimmed, index=column.index, dtype=object)
    text = column.map(_scalar_text)
    return text.where(text.notna() & (text != ""), None)


def not_one_value(column: pd.Series) -> Mask:
    """Cells holding a list or an object (JSON Lines, Parquet), which no scalar field takes."""
    if infer_dtype(column, skipna=True) in ("string", "empty", "integer", "floating", "boolean"):
        return pd.Series(False, index=column.index)
    return column.map(lambda value: isinstance(value, dict | list | tuple | np.ndarray)).astype(bool)


def parse_text(column: pd.Series) -> Parsed:
    return Parsed(text_values(column))


def parse_id(column: pd.Series) -> Parsed:
    """A required id: any non-empty text (numbers become their decimal text)."""
    values = text_values(column)
    return Parsed(values, [(values.isna(), "empty id")])


def _numbers(column: pd.Series) -> tuple[pd.Series, pd.Series, Mask]:
    text = text_values(column)
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    not_number = text.notna() & ~np.isfinite(numbers.fillna(0.0))
    not_number |= text.notna() & numbers.isna()
    return text, numbers, not_number


def int_parser(minimum: int) -> Parser:
    """Whole numbers >= `minimum` (`12`, `12.0`; not `12.5`)."""

    def parse(column: pd.Series) -> Parsed:
        _, numbers, not_number = _numbers(column)
        present = numbers.notna() & ~not_number
        not_whole = present & (numbers % 1 != 0)
        too_small = present & ~not_whole & (numbers < minimum)
        too_large = present & ~not_whole & (numbers > MAX_WHOLE)
        good = present & ~not_whole & ~too_small & ~too_large
        values = pd.Series(
            [int(n) if ok else None for n, ok in zip(numbers, good, strict=True)],
            index=column.index,
            dtype=object,
        )
        return Parsed(
            values,
            [
                (not_number, "not a number"),
                (not_whole, "not a whole number"),
                (too_small, f"must be >= {minimum}"),
                (too_large, f"must be <= {MAX_WHOLE} (2^53 - 1)"),
            ],
        )

    return parse


def parse_positive_float(column: pd.Series) -> Parsed:
    """Numbers > 0 (weights)."""
    _, numbers, not_number = _numbers(column)
    not_positive = numbers.notna() & ~not_number & (numbers <= 0)
    good = numbers.notna() & ~not_number & ~not_positive
    return Parsed(numbers.where(good, np.nan), [(not_number, "not a number"), (not_positive, "must be > 0")])


def parse_rate(column: pd.Series) -> Parsed:
    """A share between 0 and 1; `3.2%` means 0.032."""
    text = text_values(column)
    percent = text.str.endswith("%", na=False).astype(bool)
    numbers = pd.to_numeric(text.str.rstrip("%").str.strip(), errors="coerce").astype(float)
    numbers = numbers.where(~percent, numbers / 100.0)
    not_number = text.notna() & (numbers.isna() | ~np.isfinite(numbers.fillna(0.0)))
    out_of_range = numbers.notna() & ~not_number & ((numbers < 0) | (numbers > 1))
    good = numbers.notna() & ~not_number & ~out_of_range
    values = pd.Series([float(n) if ok else None for n, ok in zip(numbers, good, strict=True)], dtype=object)
    values.index = column.index
    return Parsed(
        values, [(not_number, "not a number"), (out_of_range, "must be between 0 and 1 (or 0% and 100%)")]
    )


def parse_amount(column: pd.Series) -> Parsed:
    """Numbers >= 0 (money)."""
    _, numbers, not_number = _numbers(column)
    negative = numbers.notna() & ~not_number & (numbers < 0)
    good = numbers.notna() & ~not_number & ~negative
    values = pd.Series([float(n) if ok else None for n, ok in zip(numbers, good, strict=True)], dtype=object)
    values.index = column.index
    return Parsed(values, [(not_number, "not a number"), (negative, "must be >= 0")])


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def parse_bool(column: pd.Series) -> Parsed:
    """true/false (also 1/0 and yes/no, any case)."""
    text = text_values(column)
    values = text.str.lower().map(_BOOLEANS)
    values = values.astype(object).where(values.notna(), None)
    return Parsed(values, [(text.notna() & values.isna(), "not true or false")])


def _timestamps(column: pd.Series) -> tuple[pd.Series, Mask]:
    text = text_values(column)
    stamps = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    return stamps, text.notna() & stamps.isna()


def parse_date(column: pd.Series) -> Parsed:
    """An ISO 8601 date (`2024-05-01`; a time part is dropped); stored as a Neo4j Date."""
    stamps, bad = _timestamps(column)
    return Parsed(stamps, [(bad, "not an ISO 8601 date")])


def parse_datetime(column: pd.Series) -> Parsed:
    """An ISO 8601 date or date-time, UTC unless it names an offset; stored as a Neo4j DateTime."""
    stamps, bad = _timestamps(column)
    return Parsed(stamps, [(bad, "not an ISO 8601 date-time")])


def choice_parser(allowed: tuple[str, ...]) -> Parser:
    """One of `allowed` (any case)."""

    def parse(column: pd.Series) -> Parsed:
        text = text_values(column).str.lower()
        return Parsed(text, [(text.notna() & ~text.isin(allowed), f"must be one of {', '.join(allowed)}")])

    return parse


def _topic_list(value: Any) -> list[str] | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    items = list(value) if isinstance(value, list | tuple | np.ndarray) else str(value).split(";")
    names = [str(item).strip() for item in items]
    return list(dict.fromkeys(name for name in names if name)) or None


def _bad_topics(value: Any) -> bool:
    """A list holding something other than text or numbers, or a dict."""
    if isinstance(value, dict):
        return True
    items = value if isinstance(value, list | tuple | np.ndarray) else []
    return any(isinstance(item, dict | list | tuple | np.ndarray) for item in items)


def parse_topics(column: pd.Series) -> Parsed:
    """`;`-separated topic names (or a list in JSONL/Parquet); trimmed, duplicates dropped."""
    bad = column.map(_bad_topics).astype(bool)
    topics = column.where(~bad, None).map(_topic_list).astype(object)
    too_long = topics.map(lambda names: bool(names) and max(map(len, names)) > MAX_ID_CHARS).astype(bool)
    return Parsed(
        topics.where(~too_long, None),
        [
            (bad, "must be text (topics separated by ;) or a list of topic names"),
            (too_long, f"a topic name is longer than {MAX_ID_CHARS} characters"),
        ],
    )


AUDIENCE_KINDS = ("follows", "engaged")
MENTION_KINDS = ("mention", "repost", "reply", "collab")

FIELDS: dict[Kind, tuple[Field, ...]] = {
    "creators": (
        Field("id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("handle", parse_text, max_chars=MAX_ID_CHARS),
        Field("name", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("platform", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("followers", int_parser(0)),
        Field("following", int_parser(0)),
        Field("posts", int_parser(0)),
        Field("engagement_rate", parse_rate),
        Field("country", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("language", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("verified", parse_bool),
        Field("topics", parse_topics),
    ),
    "audience": (
        Field("member_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("creator_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("kind", choice_parser(AUDIENCE_KINDS), default="follows"),
        Field("weight", parse_positive_float, default=1.0),
        Field("since", parse_date),
        Field("last_at", parse_datetime),
        Field("platform", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("country", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("age_band", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("gender", parse_text, max_chars=MAX_TEXT_CHARS),
    ),
    "mentions": (
        Field("source_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("target_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("count", int_parser(1), default=1),
        Field("kind", choice_parser(MENTION_KINDS), default="mention"),
        Field("first_at", parse_datetime),
        Field("last_at", parse_datetime),
    ),
    "campaigns": (
        Field("id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("name", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("brand", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("start", parse_date),
        Field("end", parse_date),
    ),
    "posts": (
        Field("id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("campaign_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("creator_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("url", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("posted_at", parse_datetime),
        Field("likes", int_parser(0)),
        Field("comments", int_parser(0)),
        Field("shares", int_parser(0)),
        Field("views", int_parser(0)),
        Field("cost", parse_amount),
    ),
    "outcomes": (
        Field("campaign_id", parse_id, required=True, max_chars=MAX_ID_CHARS),
        Field("creator_id", parse_text, max_chars=MAX_ID_CHARS),
        Field("post_id", parse_text, max_chars=MAX_ID_CHARS),
        Field("clicks", int_parser(0)),
        Field("orders", int_parser(0)),
        Field("revenue", parse_amount),
        Field("currency", parse_text, max_chars=MAX_TEXT_CHARS),
        Field("member_id", parse_text, max_chars=MAX_ID_CHARS),
        Field("posted_at", parse_datetime),
    ),
}

# The columns that name creators, checked against the graph and the dataset's creators file.
CREATOR_REFERENCES: dict[Kind, tuple[str, ...]] = {
    "creators": (),
    "audience": ("creator_id",),
    "mentions": ("source_id", "target_id"),
    "campaigns": (),
    "posts": ("creator_id",),
    "outcomes": ("creator_id",),
}


@dataclass
class Checked:
    """A table's typed values, its errors and which rows have any."""

    table: Table
    values: pd.DataFrame
    errors: list[RowError]
    bad: np.ndarray[Any, np.dtype[np.bool_]]

    def add_errors(self, mask: Mask, column: str, reason: str, shown: pd.Series | None = None) -> None:
        """Record `reason` for every row in `mask` (with the offending value when given)."""
        positions = np.flatnonzero(mask.to_numpy(dtype=bool))
        for position in positions:
            detail = reason
            if shown is not None:
                detail = f"{reason}: {shown.iloc[position]!r}"
            self.errors.append(RowError(self.table.source, int(self.table.lines[position]), column, detail))
        self.bad[positions] = True

    @property
    def rejected(self) -> int:
        return int(self.bad.sum()) + len(self.table.unreadable)

    def good(self) -> pd.DataFrame:
        """The rows without errors, for reading only: the values themselves when every row is good
        (selecting all 21M rows of the 20M-row market copied every column, about 10 s)."""
        return self.values if not self.bad.any() else self.values[~self.bad]


def check_table(table: Table) -> Checked:
    """Parse every known column of `table` and collect what is wrong, row by row."""
    frame = table.frame
    checked = Checked(
        table, pd.DataFrame(index=frame.index), list(table.unreadable), np.zeros(len(frame), bool)
    )
    for spec in FIELDS[table.kind]:
        if spec.name not in frame.columns:
            if spec.required and len(frame) and table.header_line is not None:
                reason = "required column is missing"
                checked.errors.append(RowError(table.source, table.header_line, spec.name, reason))
                checked.bad[:] = True
            elif spec.required and len(frame):  # no header (JSONL, Parquet): every row says it
                checked.add_errors(pd.Series(True, index=frame.index), spec.name, "is missing")
            checked.values[spec.name] = pd.Series(
                [spec.default] * len(frame), index=frame.index, dtype=object
            )
            continue
        parsed = parse_column(spec.parse, frame[spec.name], table.strings_only)
        problems = list(parsed.problems)
        if not table.strings_only and spec.parse is not parse_topics:
            problems.append((not_one_value(frame[spec.name]), NOT_ONE_VALUE))
        if spec.max_chars is not None and not table.fields_shorter_than(spec.max_chars + 1):
            too_long = parsed.values.str.len() > spec.max_chars  # NaN (missing) > n is False
            problems.append((too_long, f"longer than {spec.max_chars} characters"))
        for mask, reason in problems:
            if mask.any():
                shown = None if reason == "empty id" or reason.startswith("longer") else frame[spec.name]
                checked.add_errors(mask, spec.name, reason, shown)
        values = parsed.values
        if spec.default is not None:
            values = values.astype(object).where(values.notna(), spec.default)
        checked.values[spec.name] = values
    _check_rows(checked)
    checked.errors.sort(key=lambda error: error.line or 0)
    return checked


def parse_column(parse: Parser, column: pd.Series, strings_only: bool) -> Parsed:
    """`parse(column)`, computed once per distinct value when the column is text (CSV) whose first
    rows repeat: an audience file's ids, kinds, weights and dates hold a few thousand distinct
    values over millions of rows. Every parser works value by value, so this is the same result."""
    sample = column.iloc[:DISTINCT_SAMPLE]
    if not strings_only or len(column) < 2 * DISTINCT_SAMPLE or sample.nunique() > len(sample) // 2:
        return parse(column)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if (codes < 0).any():  # a missing cell (never in a CSV): parse as given
        return parse(column)
    parsed = parse(pd.Series(uniques, dtype=object))
    values = pd.Series(parsed.values.array.take(codes), index=column.index)
    problems = [(pd.Series(mask.to_numpy()[codes], index=column.index), why) for mask, why in parsed.problems]
    return Parsed(values, problems)


def _check_rows(checked: Checked) -> None:
    """Checks that involve more than one column."""
    values = checked.values
    if checked.table.kind in ("campaigns", "outcomes") and len(values):
        _check_campaign_rows(checked)
    if checked.table.kind == "mentions" and len(values):
        self_mention = values["source_id"].notna() & (values["source_id"] == values["target_id"])
        checked.add_errors(self_mention, "target_id", "a creator cannot mention itself", values["target_id"])
        first, last = values["first_at"], values["last_at"]
        if first.notna().any() and last.notna().any():
            backwards = first.notna() & last.notna() & (first > last)
            checked.add_errors(backwards, "first_at", "is after last_at")


def _check_campaign_rows(checked: Checked) -> None:
    """Campaigns: start not after end. Outcomes: a row is a result (creator_id or post_id) or UGC
    (member_id, with posted_at), never neither."""
    values = checked.values
    if checked.table.kind == "campaigns":
        backwards = values["start"].notna() & values["end"].notna() & (values["start"] > values["end"])
        checked.add_errors(backwards, "start", "is after end", values["start"].astype(str))
        return
    result = values["creator_id"].notna() | values["post_id"].notna()
    ugc = values["member_id"].notna()
    checked.add_errors(
        ~result & ~ugc, "creator_id", "give creator_id or post_id (a result) or member_id (UGC)"
    )
    checked.add_errors(ugc & values["posted_at"].isna(), "posted_at", "is required for a UGC row (member_id)")
