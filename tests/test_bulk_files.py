"""`load dataset --bulk --importer-files DIR`: the importer's files for a server we do not manage.

No server is touched (NEO4J_URI names a remote one here); the files are those the bulk path
imports (the bulk path's sameness with the online path is tests/test_bulk_load.py's), and
args.txt names every one of them under the mount point the docs use for docker compose.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli.main import main
from tests.test_bulk_load import AUDIENCE, CREATORS_JSONL, MENTIONS
from tests.test_loaders import write

MOUNT = "/import-files"


@pytest.fixture
def remote_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens there: any attempt to reach a server would fail the command.
    monkeypatch.setenv("NEO4J_URI", "neo4j://203.0.113.1:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "unused")


def dataset(folder: Path) -> Path:
    write(folder, "creators.jsonl", CREATORS_JSONL + "\n")
    write(folder, "audience.csv", AUDIENCE)
    write(folder, "mentions.csv", MENTIONS)
    return folder


def test_importer_files_and_their_arguments_are_written_without_a_server(
    remote_env: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "load",
            "dataset",
            str(dataset(tmp_path / "data")),
            "--bulk",
            "--importer-files",
            str(out),
            "--create-missing",
            "--skip-invalid",
            "--quiet",
        ],
    )
    assert result.exit_code == 3, result.output  # one rejected row, as the online path says
    arguments = (out / "args.txt").read_text().split()
    assert "--id-type=string" in arguments and "--overwrite-destination=true" in arguments
    named = [arg.split("=", 2) for arg in arguments if arg.startswith(("--nodes=", "--relationships="))]
    labels = {name for _, name, _ in named}
    assert {"Creator", "AudienceMember", "FOLLOWS", "ENGAGED_WITH", "MENTIONED"} <= labels
    for _, _, files in named:
        for path in files.split(","):
            assert path.startswith(MOUNT + "/")
            assert (out / Path(path).relative_to(MOUNT)).is_file()
    rows = sum(
        len((out / Path(p).relative_to(MOUNT)).read_text().splitlines())
        for _, _, files in named
        for p in files.split(",")
    )
    assert rows > len(named)  # headers and data


def test_invalid_rows_write_no_importer_files(remote_env: None, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "load",
            "dataset",
            str(dataset(tmp_path / "data")),
            "--bulk",
            "--importer-files",
            str(out),
            "--create-missing",
        ],
    )
    assert result.exit_code == 1
    assert "audience.csv:10: weight: must be > 0" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_importer_files_need_bulk(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["load", "dataset", str(dataset(tmp_path / "data")), "--importer-files", str(tmp_path / "out")]
    )
    assert result.exit_code == 2 and "--importer-files go with --bulk" in result.output
