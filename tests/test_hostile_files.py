"""Hostile input files (issue 17, cases 7-9): rejected naming file, line and column, never shifted.

The reader's contract is Python's csv module: every test below states the lines as `csv` counts
them, and the loader must name the same ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loaders import LoadRejected, load_file
from loaders.read import read_file
from service.graph.db import Graph
from service.graph.errors import ServiceError


@pytest.fixture
def empty(db: Graph) -> Iterator[Graph]:
    db.wipe()
    yield db


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def creators(graph: Graph) -> dict[str, dict]:
    rows, _, _ = graph.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, properties(c) AS p")
    return {row["id"]: row["p"] for row in rows}


def rejection(graph: Graph, path: Path, kind: str = "creators") -> list[tuple[int | None, str, str]]:
    with pytest.raises(LoadRejected) as caught:
        load_file(graph, kind, path)
    assert creators(graph) == {}, "a rejected load wrote something"
    return [(e.line, e.column, e.reason) for e in caught.value.errors]


# 7. A trailing comma: more fields than the header is a rejected row, never a column shift.
def test_a_trailing_comma_rejects_the_row_instead_of_shifting_columns(empty: Graph, tmp_path: Path) -> None:
    path = write(tmp_path, "creators.csv", "id,handle,followers\nc1,alice,100,\nc2,bob,200\n")
    errors = rejection(empty, path)
    assert [(line, column) for line, column, _ in errors] == [(2, "field 4")]
    assert "4 fields but the header has 3" in errors[0][2]


def test_every_row_with_a_trailing_comma_is_rejected(empty: Graph, tmp_path: Path) -> None:
    path = write(tmp_path, "creators.csv", "id,handle,followers\nc1,alice,100,\nc2,bob,200,\n")
    assert [line for line, _, _ in rejection(empty, path)] == [2, 3]


def test_a_short_row_is_rejected_naming_the_first_missing_column(empty: Graph, tmp_path: Path) -> None:
    path = write(tmp_path, "creators.csv", "id,handle,followers\nc1,alice\nc2,bob,200\n")
    assert [(line, column) for line, column, _ in rejection(empty, path)] == [(2, "followers")]


def test_skip_invalid_loads_the_other_rows_unshifted(empty: Graph, tmp_path: Path) -> None:
    path = write(tmp_path, "creators.csv", "id,handle,followers\nc1,alice,100,\nc2,bob,200\n")
    summary = load_file(empty, "creators", path, skip_invalid=True)
    assert summary.rejected == 1
    assert {k: (v["handle"], v["followers"]) for k, v in creators(empty).items()} == {"c2": ("bob", 200)}
    rejects = Path(summary.files[0].rejects_file or "").read_text()
    assert "c1,alice,100," in rejects and "a trailing comma" in rejects


# 8. A column named twice once spaces are trimmed: a 400 naming the header line and the column.
@pytest.mark.parametrize(
    ("header", "column"),
    [("id, id,handle", "id"), ("id,handle,id", "id"), ("\n\nid,handle, handle ", "handle")],
)
def test_a_duplicate_header_column_is_rejected_naming_it(
    empty: Graph, tmp_path: Path, header: str, column: str
) -> None:
    path = write(tmp_path, "creators.csv", f"{header}\nc1,a,b\n")
    with pytest.raises(ServiceError) as caught:
        load_file(empty, "creators", path)
    error = caught.value
    assert (error.status, error.code) == (400, "bad_header")
    line = header.count("\n") + 1
    assert error.details == [
        {
            "file": str(path),
            "line": line,
            "column": column,
            "reason": "appears more than once in the header (after trimming spaces)",
        }
    ]
    assert f"{path}:{line}" in error.message


# 9. Line numbers count blank lines and the newlines inside quoted fields.
def test_lines_count_blank_lines_and_quoted_newlines(empty: Graph, tmp_path: Path) -> None:
    text = (
        "id,name,followers\n"  # 1
        "\n"  # 2
        'c1,"two\nlines",10\n'  # 3-4
        "\n"  # 5
        "c2,bad,x\n"  # 6
        'c3,"one\r\nmore\nand more",20\n'  # 7-9
        "c4,worse,-1\n"  # 10
    )
    errors = rejection(empty, write(tmp_path, "creators.csv", text))
    assert [(line, column) for line, column, _ in errors] == [(6, "followers"), (10, "followers")]


def test_crlf_files_count_lines_like_lf_files(empty: Graph, tmp_path: Path) -> None:
    text = "id,followers\r\nc1,1\r\n\r\nc2,x\r\n"
    assert [line for line, _, _ in rejection(empty, write(tmp_path, "creators.csv", text))] == [4]


def test_stray_quotes_and_bad_bytes_are_read_as_csv_reads_them(empty: Graph, tmp_path: Path) -> None:
    data = b'id,name,followers\nc1,a"b,1\nc2,"x"y,2\nc3,caf\xe9,3\n\nc4,ok,x\n'
    errors = rejection(empty, write(tmp_path, "creators.csv", data))
    assert [(line, column) for line, column, _ in errors] == [(4, "name"), (6, "followers")]
    summary = load_file(empty, "creators", tmp_path / "creators.csv", skip_invalid=True)
    assert summary.rejected == 2
    assert {k: v["name"] for k, v in creators(empty).items()} == {"c1": 'a"b', "c2": "xy"}


def test_jsonl_lines_end_at_newline_only_and_bad_bytes_spoil_one_line(empty: Graph, tmp_path: Path) -> None:
    data = b'{"id": "c1"}\n\n{"id": "c2", "name": "caf\xe9"}\r\n{"id": "c3", "followers": 1e400}\n[1]\n'
    errors = rejection(empty, write(tmp_path, "creators.jsonl", data))
    assert [(line, column) for line, column, _ in errors] == [(3, ""), (4, "followers"), (5, "")]
    assert "not UTF-8" in errors[0][2] and errors[2][2] == "not a JSON object"


def test_the_fast_and_the_exact_csv_paths_read_the_same(tmp_path: Path) -> None:
    rows = "".join(f'c{n},"name, {n}",{n}\n' for n in range(50))
    fast = read_file("creators", write(tmp_path, "a.csv", "id,name,followers\n" + rows))
    exact = read_file("creators", write(tmp_path, "b.csv", "id,name,followers\n" + rows + 'c50,x"y,1\n'))
    assert fast.longest_cell is not None and exact.longest_cell is None
    assert fast.frame.to_dict("records") == exact.frame.to_dict("records")[:50]
    assert fast.lines.tolist() == exact.lines.tolist()[:50] == list(range(2, 52))


def test_the_documented_limits_reject_rows_instead_of_cutting_or_rounding(
    empty: Graph, tmp_path: Path
) -> None:
    long_id, long_name = "x" * 1001, "n" * 10_001
    text = (
        "id,name,followers,topics\n"
        f"{long_id},a,1,\n"  # 2: id over 1,000 characters
        f"c2,{long_name},1,\n"  # 3: name over 10,000 characters
        "c3,a,9007199254740992,\n"  # 4: 2^53, not exact as a float
        f"c4,a,1,ok;{'t' * 1001}\n"  # 5: a topic name over 1,000 characters
        f"{'y' * 1000},{'m' * 10_000},9007199254740991,{'t' * 1000}\n"  # 6: every limit, just fits
    )
    errors = rejection(empty, write(tmp_path, "creators.csv", text))
    assert [(line, column) for line, column, _ in errors] == [
        (2, "id"),
        (3, "name"),
        (4, "followers"),
        (5, "topics"),
    ]
    load_file(empty, "creators", tmp_path / "creators.csv", skip_invalid=True)
    stored = creators(empty)["y" * 1000]
    assert (len(stored["name"]), stored["followers"]) == (10_000, 2**53 - 1)


def test_jsonl_cells_hold_one_value(empty: Graph, tmp_path: Path) -> None:
    data = (
        '{"id": "c1", "name": ["a"]}\n'
        '{"id": {"x": 1}}\n'
        '{"id": "c3", "topics": [["a"]]}\n'
        '{"id": "c4", "topics": ["a", 1]}\n'
    )
    errors = rejection(empty, write(tmp_path, "creators.jsonl", data))
    assert [(line, column) for line, column, _ in errors] == [(1, "name"), (2, "id"), (3, "topics")]
