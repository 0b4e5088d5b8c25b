"""Named Cypher queries: one query per file under `cypher/`, loaded once, by name.

`cypher/<area>/<verb_noun>.cypher` is registered as `<area>.<verb_noun>`. The leading `//` lines
of a file are its documentation; every `$parameter` the query uses must be named there on a line
`// $name: what it is`, and every documented parameter must be used. Loading fails fast, naming the
file, on an empty query, an undocumented parameter or a documented one the query never uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import LiteralString

from service.graph.errors import ServiceError

CYPHER_DIR = Path(__file__).resolve().parents[2] / "cypher"

_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PARAM_DOC = re.compile(r"^//\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*:")
_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
_PLUGIN_CALL = re.compile(r"\b((?:gds|apoc)(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\(")


@dataclass(frozen=True)
class NamedQuery:
    """One Cypher file: its registry name, text, header docs and declared parameters."""

    name: str
    text: LiteralString
    doc: str
    params: frozenset[str]
    path: Path


def parse_query(name: str, path: Path, source: str) -> NamedQuery:
    """Split a file into its header docs and its query, checking the parameters agree."""
    lines = source.splitlines()
    header: list[str] = []
    while lines and (lines[0].startswith("//") or not lines[0].strip()):
        header.append(lines.pop(0))
    body = "\n".join(lines).strip()
    if not body:
        raise ServiceError(500, "bad_query", f"{path}: the file has no query")
    documented = {m.group(1) for line in header if (m := _PARAM_DOC.match(line))}
    used = set(_PARAM_USE.findall(_STRING_OR_COMMENT.sub("", body)))
    if used - documented:
        missing = ", ".join(sorted(used - documented))
        raise ServiceError(500, "bad_query", f"{path}: parameters not documented: {missing}")
    if documented - used:
        unused = ", ".join(sorted(documented - used))
        raise ServiceError(500, "bad_query", f"{path}: documented parameters not used: {unused}")
    doc = "\n".join(line.lstrip("/ ").rstrip() for line in header if line.strip())
    # The text comes from our own files, never from input: that is what LiteralString promises.
    return NamedQuery(name, body, doc, frozenset(used), path)


def load_queries(root: Path = CYPHER_DIR) -> dict[str, NamedQuery]:
    """Read every `*.cypher` file below `root` into a registry keyed by `area.verb_noun`."""
    if not root.is_dir():
        raise ServiceError(500, "bad_query", f"{root}: the Cypher folder is missing")
    registry: dict[str, NamedQuery] = {}
    for path in sorted(root.rglob("*.cypher")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        registry[name] = parse_query(name, path, path.read_text(encoding="utf-8"))
    return registry


@cache
def queries() -> dict[str, NamedQuery]:
    """The project's queries, loaded once per process."""
    return load_queries()


def get_query(name: str) -> NamedQuery:
    try:
        return queries()[name]
    except KeyError:
        raise ServiceError(500, "unknown_query", f"no query named {name!r} in {CYPHER_DIR}") from None


def area_queries(area: str) -> list[NamedQuery]:
    """The queries of one folder, in file-name order (used for cypher/schema)."""
    return [q for name, q in sorted(queries().items()) if name.startswith(area + ".")]


def plugin_procedures(root: Path = CYPHER_DIR) -> list[str]:
    """Every GDS and APOC procedure or function our queries call (`gds.graph.project`, ...),
    sorted: the local server lets exactly these run unrestricted."""
    names = {
        match.group(1)
        for query in load_queries(root).values()
        for match in _PLUGIN_CALL.finditer(_STRING_OR_COMMENT.sub("", query.text))
    }
    return sorted(names)
