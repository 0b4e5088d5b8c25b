"""Validation of big CSV columns once per distinct value (loaders.validate.parse_column) gives what
validating every cell gives: the same typed values, the same errors on the same lines."""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

import pandas as pd

from loaders.read import read_file
from loaders.validate import DISTINCT_SAMPLE, Parsed, check_table, parse_column, parse_date, parse_id

# Cells that trip every rule of an audience and a mentions file, among good ones, with the
# whitespace (Unicode too) that is trimmed and the spellings that parse the same.
AUDIENCE_CELLS = {
    "member_id": ["m1", " m1", "m2 ", "\u00a0m3", "m4\u2003", "", "  ", "m\u00e9"],
    "creator_id": ["c1", "c2", " c3 ", ""],
    "kind": ["follows", "FOLLOWS", " Engaged ", "bogus", ""],
    "weight": ["1", "1.0", " 2.5 ", "-1", "0", "abc", "inf", "1e3", ""],
    "since": ["2024-05-01", " 2024-05-01 ", "2024-05-01T10:00:00", "2024-13-01", "yesterday", ""],
    "last_at": ["2024-05-01T10:00:00Z", "2024-05-01 10:00", "2024-05-01T10:00:00+05:30", "bad", ""],
    "country": ["US", " us", "", "\u3000X\u3000"],
}
MENTION_CELLS = {
    "source_id": ["a", "b", " c"],
    "target_id": ["a", "b", "d", ""],
    "count": ["1", "2.0", "0", "-3", "x", "", "3.5"],
    "kind": ["mention", "Repost", "x", ""],
    "first_at": ["2024-01-01", "2025-01-01", "", "bad"],
    "last_at": ["2024-06-01", "", "2023-01-01"],
}


def write_csv(path: Path, cells: dict[str, list[str]], rows: int, seed: int) -> Path:
    pick = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(cells)
        for _ in range(rows):
            writer.writerow([pick.choice(values) for values in cells.values()])
    return path


def plain(value: object) -> object:
    """Missing values compared as one (None, NaN, NaT), the rest as they are."""
    return None if value is None or value is pd.NaT or value != value else value


def test_a_big_file_checked_per_distinct_value_is_checked_as_cell_by_cell(tmp_path: Path) -> None:
    for kind, cells in (("audience", AUDIENCE_CELLS), ("mentions", MENTION_CELLS)):
        path = write_csv(tmp_path / f"{kind}.csv", cells, rows=3 * DISTINCT_SAMPLE, seed=len(kind))
        table = read_file(kind, path)
        per_distinct = check_table(table)
        # A table not known to be all text is checked cell by cell.
        cell_by_cell = check_table(replace(table, strings_only=False))

        assert per_distinct.errors == cell_by_cell.errors
        assert per_distinct.errors, "the file holds bad cells"
        assert (per_distinct.bad == cell_by_cell.bad).all()
        assert list(per_distinct.values.columns) == list(cell_by_cell.values.columns)
        for name in per_distinct.values.columns:
            ours, theirs = per_distinct.values[name], cell_by_cell.values[name]
            assert ours.dtype == theirs.dtype, name
            assert [plain(v) for v in ours] == [plain(v) for v in theirs], name
            assert [type(v) for v in ours] == [type(v) for v in theirs], name


def test_each_distinct_value_is_parsed_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "audience.csv", AUDIENCE_CELLS, rows=3 * DISTINCT_SAMPLE, seed=3)
    column = read_file("audience", path).frame["since"]
    seen: list[int] = []

    def counting_parse(values: pd.Series) -> Parsed:
        seen.append(len(values))
        return parse_date(values)

    parsed = parse_column(counting_parse, column, strings_only=True)

    assert seen == [column.nunique()]
    assert len(parsed.values) == len(column)
    assert parsed.values.index.equals(column.index)
    # Every row gets its own value's result, wherever that value first appeared.
    direct = parse_date(column)
    assert parsed.values.equals(direct.values)
    assert [mask.tolist() for mask, _ in parsed.problems] == [mask.tolist() for mask, _ in direct.problems]


def test_a_column_of_mostly_distinct_values_is_parsed_as_a_whole(tmp_path: Path) -> None:
    ids = pd.Series([f"member-{n}" for n in range(3 * DISTINCT_SAMPLE)], dtype=object)
    seen: list[int] = []

    def counting_parse(values: pd.Series) -> Parsed:
        seen.append(len(values))
        return parse_id(values)

    parsed = parse_column(counting_parse, ids, strings_only=True)

    assert seen == [len(ids)]
    assert parsed.values.tolist() == ids.tolist()
