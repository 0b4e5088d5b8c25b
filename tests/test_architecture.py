"""The architecture contracts in pyproject.toml hold, and they would catch an upward import or a
circle (shown on a copy of the tree with one bad import added)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run `lint-imports` with the project's contracts over the packages found in `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for package in ("service", "loaders"):
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "static")
        )
    return tree


def test_the_contracts_hold_on_the_code() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "broken"),
    [
        # The seam reaching up into the web layer.
        ("service/graph/errors.py", "import service.web.app", "Floors"),
        # The loaders reaching into the domain.
        ("loaders/write.py", "import service.domain.creators", "Floors"),
        # A lower domain module reaching into a feature.
        ("service/domain/creators.py", "import service.domain.analysis.reads", "The domain"),
        # Two modules of one package importing each other.
        ("service/domain/analysis/partition.py", "import service.domain.analysis.run", "No import circles"),
    ],
)
def test_a_bad_import_breaks_a_contract(tmp_path: Path, module: str, bad_import: str, broken: str) -> None:
    tree = copy_of_the_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text() + f"\n{bad_import}  # noqa\n")
    done = lint_imports(tree)
    assert done.returncode != 0, done.stdout
    verdicts = [line for line in done.stdout.splitlines() if line.startswith(broken)]
    assert verdicts and verdicts[0].endswith("BROKEN"), done.stdout
