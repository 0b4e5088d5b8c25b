"""Finding a Java that runs the local Neo4j (5.26: Java 17 or 21)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from service.graph.errors import ServiceError
from service.graph.settings import Settings

# Neo4j 5.26 runs on Java 17 or 21 and on nothing else.
SUPPORTED_JAVA = (17, 21)


def java_major(java: str) -> int | None:
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def find_java(settings: Settings) -> str:
    """A Java that runs Neo4j 5.26: JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*."""
    candidates = []
    if settings.java_home:
        candidates.append(str(Path(settings.java_home) / "bin" / "java"))
    if on_path := shutil.which("java"):
        candidates.append(on_path)
    candidates += [str(p) for p in sorted(Path("/usr/lib/jvm").glob("*/bin/java"))]
    seen = []
    for java in candidates:
        major = java_major(java)
        seen.append(f"{java} ({major or 'unusable'})")
        if major in SUPPORTED_JAVA:
            return java
    found = ", ".join(seen) or "none"
    raise ServiceError(
        500,
        "no_java",
        f"Neo4j 5.26 needs Java 17 or 21; found: {found}. "
        "Install one (apt-get install openjdk-17-jre-headless) or set JAVA_HOME.",
    )
