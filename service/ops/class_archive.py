"""The local server's class archive (Java's AppCDS): 13 s starts become 9-10 s on 2 cores.

A JVM that starts with `-XX:SharedArchiveFile=F` maps the classes archived in F instead of loading,
verifying and parsing each from its jar; Neo4j with GDS and APOC loads about 20,000 classes per
start. Java 17 writes such a dynamic archive of the classes a run loaded when that run ends, if it
was started with `-XX:ArchiveClassesAtExit=F`; that first run starts about 6 s slower and stops
about 9 s slower (the archive is ~130 MB). So:

- a start with no archive yet (for this cache folder and this Java) asks for one, written as a
  draft in the server's own `run/` folder (one server per home: no two JVMs write one file);
- a stop whose server ended on SIGTERM (a complete dump) moves the draft into the cache,
  `<dist>/class-archives/<java key>.jsa`, unless another server got there first; a draft left by a
  killed server is deleted by the next start, never used;
- later starts of any server of this cache and Java use it. The JVM checks it against its own
  build and class path and starts without it, with a warning in console.log, when they differ; a
  damaged archive can crash the JVM at start instead, so a start that fails while using one deletes
  it and starts once more without it (`LocalNeo4j.start`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

DRAFT = "classes.jsa.draft"
TARGET = "classes.jsa.target"


class ClassArchive:
    """The class archive of one server start: the flag it starts with, and what its stop keeps."""

    def __init__(self, dist: Path, run_dir: Path, java: str) -> None:
        resolved = Path(java).resolve()
        facts = resolved.stat()
        # The JVM validates an archive against its own build; the key only keeps the archives of
        # two installed JDKs (or a JDK upgraded in place) from replacing each other.
        key = hashlib.sha256(f"{resolved}:{facts.st_size}:{facts.st_mtime_ns}".encode()).hexdigest()[:16]
        self.path = dist / "class-archives" / f"{key}.jsa"
        self.run_dir = run_dir
        self.in_use = False

    def jvm_flags(self) -> list[str]:
        """Use the archive, or (none yet) have this run write a draft of one when it ends."""
        draft = self.run_dir / DRAFT
        draft.unlink(missing_ok=True)  # a killed server's: possibly incomplete
        self.in_use = self.path.is_file()
        if self.in_use:
            (self.run_dir / TARGET).unlink(missing_ok=True)
            return [f"-XX:SharedArchiveFile={self.path}"]
        (self.run_dir / TARGET).write_text(str(self.path))
        return [f"-XX:ArchiveClassesAtExit={draft}"]

    def discard(self) -> None:
        """The archive failed a start: delete it (the next stop writes a new one)."""
        self.path.unlink(missing_ok=True)


def keep_draft(run_dir: Path, clean_exit: bool) -> None:
    """At stop: move a complete draft into the cache (first writer wins); drop it otherwise."""
    draft, target = run_dir / DRAFT, run_dir / TARGET
    try:
        destination = Path(target.read_text().strip())
    except OSError:
        draft.unlink(missing_ok=True)
        return
    target.unlink(missing_ok=True)
    if not clean_exit or not draft.is_file() or destination.exists():
        draft.unlink(missing_ok=True)
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    # The draft is in the server's home, maybe on another file system than the cache: copy beside
    # the destination, then rename, so no reader ever sees a partial archive.
    partial = destination.with_name(f"{destination.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(draft, partial)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
        draft.unlink(missing_ok=True)
