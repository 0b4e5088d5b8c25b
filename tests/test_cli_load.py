"""`influence-map load ...` and `influence-map db init` through click, checked on the real graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from service.cli.main import main
from service.graph.db import Graph
from service.graph.settings import Settings
from tests.test_loaders import AUDIENCE, CREATORS, MENTIONS, counts, creator, cypher, dataset, write


@pytest.fixture
def empty(db: Graph) -> Iterator[Graph]:
    db.wipe()
    yield db


def run(settings: Settings, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), obj=settings)


def test_db_init_applies_and_records_the_schema(empty: Graph, test_settings: Settings) -> None:
    first = run(test_settings, "db", "init")
    assert first.exit_code == 0, first.output
    assert "schema.create_creator_id_constraint" in first.output
    recorded = cypher(empty, "MATCH (m:SchemaMigration) RETURN m.name AS name, m.applied_at AS at")
    assert len(recorded) >= 5 and all(row["at"] is not None for row in recorded)
    again = run(test_settings, "db", "init")
    assert again.exit_code == 0 and "up to date" in again.output


def test_load_dataset_prints_a_summary(empty: Graph, test_settings: Settings, tmp_path: Path) -> None:
    result = run(test_settings, "load", "dataset", str(dataset(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "creators.csv (creators): 3 rows, 3 created, 0 updated, 0 rejected" in result.output
    assert "1 duplicate rows aggregated" in result.output
    assert "total: 8 created, 0 updated, 0 rejected" in result.output
    assert counts(empty)["FOLLOWS"] == 2


def test_load_json_and_quiet(empty: Graph, test_settings: Settings, tmp_path: Path) -> None:
    dataset(tmp_path)
    result = run(test_settings, "load", "dataset", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["created"], summary["updated"], summary["rejected"]) == (0 + 8, 0, 0)
    assert [f["kind"] for f in summary["files"]] == ["creators", "audience", "mentions"]
    quiet = run(test_settings, "load", "creators", str(tmp_path / "creators.csv"), "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""


def test_rejected_rows_exit_1_and_name_the_line(
    empty: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    path = write(tmp_path, "creators.csv", CREATORS + "c4,@d,D,x,many,,,,,,,\n")  # line 5
    result = run(test_settings, "load", "creators", str(path))
    assert result.exit_code == 1
    assert f"{path}:5: followers: not a number: 'many'" in result.output
    assert "nothing was written" in result.output
    assert counts(empty) == {}


def test_skip_invalid_exits_3_and_writes_rejects(
    empty: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    path = write(tmp_path, "creators.csv", CREATORS + "c4,@d,D,x,many,,,,,,,\n")
    result = run(test_settings, "load", "creators", str(path), "--skip-invalid", "--json")
    assert result.exit_code == 3
    summary = json.loads(result.output.splitlines()[0])
    assert summary["rejected"] == 1 and summary["created"] == 3
    assert summary["files"][0]["rejects_file"] == str(tmp_path / "creators.csv.rejects.csv")
    assert (tmp_path / "creators.csv.rejects.csv").read_text().count("\n") == 2  # header + the bad row
    assert counts(empty)["Creator"] == 3


def test_create_missing_flag(empty: Graph, test_settings: Settings, tmp_path: Path) -> None:
    path = write(tmp_path, "mentions.csv", MENTIONS)
    refused = run(test_settings, "load", "mentions", str(path))
    assert refused.exit_code == 1 and "not in the graph" in refused.output
    made = run(test_settings, "load", "mentions", str(path), "--create-missing")
    assert made.exit_code == 0, made.output
    assert "3 stub creators made" in made.output
    assert creator(empty, "c3") == {"id": "c3", "stub": True}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("map.yaml", "audience:\n  fan: member_id\n  artist: creator_id\nplays: weight\n"),
        ("map.json", '{"audience": {"fan": "member_id", "artist": "creator_id"}, "plays": "weight"}'),
    ],
)
def test_map_renames_export_columns(
    empty: Graph, test_settings: Settings, tmp_path: Path, name: str, text: str
) -> None:
    write(tmp_path, "creators.csv", "id\na1\n")
    run(test_settings, "load", "creators", str(tmp_path / "creators.csv"))
    export = write(tmp_path, "export.csv", "fan,artist,plays\nu1,a1,12\n")
    mapping = write(tmp_path, name, text)
    result = run(test_settings, "load", "audience", str(export), "--map", str(mapping))
    assert result.exit_code == 0, result.output
    edge = cypher(
        empty, "MATCH (:AudienceMember {id: 'u1'})-[r:FOLLOWS]->(:Creator {id: 'a1'}) RETURN r.weight AS w"
    )
    assert edge == [{"w": 12.0}]


def test_a_bad_map_file_is_an_error(empty: Graph, test_settings: Settings, tmp_path: Path) -> None:
    export = write(tmp_path, "audience.csv", AUDIENCE)
    mapping = write(tmp_path, "map.yaml", "- not\n- a mapping\n")
    result = run(test_settings, "load", "audience", str(export), "--map", str(mapping))
    assert result.exit_code == 1 and "expected a mapping of column names" in result.output


def test_transaction_rows_option_journals_a_file(
    empty: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    write(tmp_path, "creators.csv", CREATORS)
    run(test_settings, "load", "creators", str(tmp_path / "creators.csv"))
    path = write(tmp_path, "audience.csv", AUDIENCE)
    result = run(test_settings, "load", "audience", str(path), "--transaction-rows", "0", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    assert "3 created, 0 updated" in result.output and "journaled" in result.output
    assert counts(empty)["FOLLOWS"] == 2 and counts(empty)["ENGAGED_WITH"] == 1
    runs = cypher(empty, "MATCH (l:LoadRun) RETURN l.status AS status, l.source AS source")
    assert runs == [{"status": "done", "source": str(path)}]
