"""Swapping a finished import's store in for the live one, so no crash leaves a half store.

`service.ops.admin_import` imports into a staging database (`data/databases/<STAGING>` and
`data/transactions/<STAGING>`), which the server ignores. With the server stopped:

1. `bulk-swap.json` is written in the server's home (state `swapping`);
2. the live store folders move to `bulk-previous/`, the staging folders take their place;
3. the state becomes `swapped`; once the server serves the new store, `discard_previous` removes
   the old store and the marker (or `restore_previous` puts it back if the new one does not start).

A process killed during the renames leaves the marker; `finish_interrupted_swap`, which `db start`
runs first, redoes them (idempotent) and keeps the new store: the import had finished.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

STAGING = "bulk-import-staging"
MARKER = "bulk-swap.json"
PREVIOUS = "bulk-previous"
# A database has two folders: its store files and its transaction logs.
STORE_PARTS = ("databases", "transactions")


def store_folders(home: Path, database: str) -> list[Path]:
    return [home / "data" / part / database for part in STORE_PARTS]


def swap_in_staging(home: Path, database: str) -> None:
    """With the server stopped: the staging store becomes `database`, the old one is kept aside."""
    shutil.rmtree(home / PREVIOUS, ignore_errors=True)  # left by a swap that was completed
    _write_marker(home, {"state": "swapping", "database": database})
    _redo_swap(home, database)
    _write_marker(home, {"state": "swapped", "database": database})


def _redo_swap(home: Path, database: str) -> None:
    """Idempotent: each live folder goes aside (if not already), each staging folder moves in."""
    aside = home / PREVIOUS
    aside.mkdir(exist_ok=True)
    for part, live, staged in zip(
        STORE_PARTS, store_folders(home, database), store_folders(home, STAGING), strict=True
    ):
        kept = aside / part
        if staged.exists():
            if live.exists() and not kept.exists():
                live.rename(kept)
            shutil.rmtree(live, ignore_errors=True)
            staged.rename(live)


def discard_previous(home: Path) -> None:
    """The new store serves: drop the old one and the marker."""
    shutil.rmtree(home / PREVIOUS, ignore_errors=True)
    (home / MARKER).unlink(missing_ok=True)


def restore_previous(home: Path, database: str) -> None:
    """The new store does not start: put the old store back (server stopped)."""
    aside = home / PREVIOUS
    for part, live in zip(STORE_PARTS, store_folders(home, database), strict=True):
        shutil.rmtree(live, ignore_errors=True)
        if (aside / part).exists():
            (aside / part).rename(live)
    discard_previous(home)


def finish_interrupted_swap(home: Path) -> str | None:
    """Complete a swap a killed bulk load left half-done (server stopped); say what was done."""
    marker = home / MARKER
    if not marker.exists():
        return None
    try:
        state = json.loads(marker.read_text())
        database = str(state["database"])
    except (OSError, ValueError, KeyError, TypeError):
        marker.unlink(missing_ok=True)
        return None
    _redo_swap(home, database)
    discard_previous(home)
    return f"completed an interrupted bulk import: database {database} now holds the imported store"


def _write_marker(home: Path, state: dict[str, str]) -> None:
    marker = home / MARKER
    partial = marker.with_suffix(".tmp")
    partial.write_text(json.dumps(state))
    partial.replace(marker)
