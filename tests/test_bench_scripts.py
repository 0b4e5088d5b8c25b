"""Every benchmark in bench/ still runs: its command answers --help (a refactor of one bench's
helpers once left bench/plan.py unable to import, unnoticed until it was next run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(path for path in BENCH.glob("*.py") if '__name__ == "__main__"' in path.read_text())


def test_the_benches_are_found() -> None:
    assert {"analyze.py", "api.py", "load.py", "plan.py"} <= {path.name for path in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_a_bench_command_answers_help(script: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage:"), done.stdout
