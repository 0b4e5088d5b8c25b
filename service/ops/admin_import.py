"""`neo4j-admin database import full` into a staging database of the local server.

The importer writes store files directly; killed part-way it leaves them "in an unusable state"
(its own words). So it never writes the live database: it imports into the staging database of
`service.ops.store_swap`, which the server ignores, and only a finished import is swapped in. Its
output is condensed for the user (stage headers, every 20% of a stage, the totals).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.graph.errors import ServiceError
from service.ops.java import find_java
from service.ops.local_neo4j import ADMIN_TOOL, LocalNeo4j
from service.ops.store_swap import STAGING, store_folders

# Importer lines worth showing (the rest are dots and per-stage details).
_SHOWN = re.compile(
    r"^(\(\d/\d\)|IMPORT DONE|IMPORT FAILED|Imported:|  \d+ (nodes|relationships|properties)|"
    r"Peak memory usage|Estimated|ERROR|WARNING|Error)"
)
_PERCENT = re.compile(r"\s(\d{1,3})% ∆")
Echo = Callable[[str], None]


@dataclass
class ImportSource:
    """One `--nodes` or `--relationships` argument: a label (or type) and its header + data files."""

    kind: str  # "nodes" or "relationships"
    name: str  # label(s) like "Creator" or a relationship type like "FOLLOWS"
    files: list[Path]

    def argument(self) -> str:
        return f"--{self.kind}={self.name}=" + ",".join(str(path) for path in self.files)

    def moved(self, folder: Path, mount: str) -> ImportSource:
        """The same source with its files (under `folder`) named as seen at `mount` (a container)."""
        files = [Path(mount) / path.relative_to(folder) for path in self.files]
        return ImportSource(self.kind, self.name, files)


def importer_options(*, array_delimiter: str, multiline: bool) -> list[str]:
    """How our importer files are to be read (string ids, empty cells absent, list delimiter)."""
    return [
        "--id-type=string",
        "--ignore-empty-strings=true",
        f"--array-delimiter={array_delimiter}",
        f"--multiline-fields={'true' if multiline else 'false'}",
    ]


@dataclass
class ImportReport:
    """What the importer said: counts, peak memory, its seconds and the condensed output."""

    nodes: int = 0
    relationships: int = 0
    properties: int = 0
    peak_memory: str = ""
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)


def import_command(
    local: LocalNeo4j,
    sources: list[ImportSource],
    *,
    heap: str,
    off_heap: str,
    array_delimiter: str,
    multiline: bool,
    report: Path,
) -> list[str]:
    """The java command line of the admin tool importing `sources` into the staging database."""
    java = find_java(local.settings)
    return [
        java,
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp",
        f"{local.dist / 'lib'}/*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        STAGING,
        "--overwrite-destination=true",
        *importer_options(array_delimiter=array_delimiter, multiline=multiline),
        f"--max-off-heap-memory={off_heap}",
        f"--report-file={report}",
        *(source.argument() for source in sources),
    ]


def run_import(
    local: LocalNeo4j,
    sources: list[ImportSource],
    *,
    heap: str,
    off_heap: str,
    array_delimiter: str,
    multiline: bool,
    workdir: Path,
    echo: Echo | None = None,
) -> ImportReport:
    """Import into the staging database (old staging folders removed first); raise if it fails.

    The live database is not touched. `echo` gets the importer's output condensed: its stage
    headers, every 20% of a stage, and the totals.
    """
    discard_staging(local)
    local.write_config()  # the admin tool reads the data folder from the server's neo4j.conf
    command = import_command(
        local,
        sources,
        heap=heap,
        off_heap=off_heap,
        array_delimiter=array_delimiter,
        multiline=multiline,
        report=workdir / "import.report",
    )
    env = {**local.settings.child_env, "NEO4J_HOME": str(local.home), "NEO4J_CONF": str(local.home / "conf")}
    report = ImportReport()
    began = time.monotonic()
    tail: list[str] = []
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=workdir,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        shown_percent = -1
        for raw in process.stdout:
            line = raw.rstrip("\n")
            tail = [*tail[-40:], line]
            if _SHOWN.match(line):
                shown_percent = -1
                _keep(report, line, echo)
            elif match := _PERCENT.search(line):
                percent = int(match.group(1))
                if percent // 20 > shown_percent // 20 and percent % 20 == 0:
                    shown_percent = percent
                    _keep(report, f"  {percent}%", echo)
        code = process.wait()
    report.seconds = time.monotonic() - began
    if code != 0 or not any(line.startswith("IMPORT DONE") for line in report.lines):
        discard_staging(local)
        detail = "\n".join(tail[-15:])
        raise ServiceError(500, "import_failed", f"neo4j-admin import failed (exit {code}):\n{detail}")
    _parse_counts(report)
    return report


def _keep(report: ImportReport, line: str, echo: Echo | None) -> None:
    report.lines.append(line)
    if echo is not None:
        echo(line)


def _parse_counts(report: ImportReport) -> None:
    for line in report.lines:
        if match := re.match(r"\s+(\d+) (nodes|relationships|properties)$", line):
            setattr(report, match.group(2), int(match.group(1)))
        elif line.startswith("Peak memory usage"):
            report.peak_memory = line.split(":", 1)[1].strip()


def discard_staging(local: LocalNeo4j) -> None:
    """Remove what an earlier (failed or killed) import left in the staging folders."""
    for folder in store_folders(local.home, STAGING):
        shutil.rmtree(folder, ignore_errors=True)
