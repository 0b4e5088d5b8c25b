"""The docs document every setting, command and endpoint, their links lead somewhere, and the README
stays a front door. No Neo4j is needed: the app is created without connecting."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from service.cli.main import main
from service.graph.settings import ENV_NAMES
from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
API = (ROOT / "docs" / "api.md").read_text()
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()
README_MAX_LINES = 260

FENCE = re.compile(r"^```.*?^```", re.M | re.S)
HEADING = re.compile(r"^(#{1,6}) +(.+?) *$", re.M)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
TABLE_ROW = re.compile(r"^\|.*\|$", re.M)


def section(text: str, title: str) -> str:
    """The text under the heading `title`, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", text, re.M)
    assert match, f"no section {title!r}"
    level = len(match.group(1))
    end = re.search(rf"^#{{1,{level}}} ", text[match.end() :], re.M)
    return text[match.end() : match.end() + end.start()] if end else text[match.end() :]


def commands() -> list[tuple[str, click.Command]]:
    def walk(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
        found = []
        for name, command in group.commands.items():
            found.append((f"{prefix}{name}", command))
            if isinstance(command, click.Group):
                found += walk(command, f"{prefix}{name} ")
        return found

    return walk(main, "")


def test_every_setting_is_in_the_configuration_table() -> None:
    table = section(OPERATIONS, "Configuration")
    for field, variable in ENV_NAMES.items():
        assert f"| `{variable}` | `{field}` |" in table, f"{variable} is not in docs/operations.md's table"
    documented = re.findall(r"^\| `([A-Z_0-9]+)` \| `([a-z_0-9]+)` \|", table, re.M)
    assert sorted(documented) == sorted((v, f) for f, v in ENV_NAMES.items()), "a row names no setting"
    for doc in PAGES:
        if doc.name != "operations.md":
            text = doc.read_text()
            assert not any(f"| `{v}` | `{f}` |" in text for f, v in ENV_NAMES.items()), (
                f"{doc.name} repeats the configuration table; it lives in docs/operations.md"
            )


def test_every_command_is_documented_and_has_help() -> None:
    docs = "\n".join(doc.read_text() for doc in DOCS)
    for path, command in commands():
        assert command.help, f"`influence-map {path}` has no help text"
        name = path.split()[-1]
        assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", docs), (
            f"`influence-map {path}` is not mentioned in docs/"
        )


def code_in(text: str) -> list[str]:
    """Inline code spans, and the lines of fenced blocks with indented continuation lines joined."""
    spans = re.findall(r"`([^`\n]+)`", FENCE.sub("", text))
    lines: list[str] = []
    for block in FENCE.findall(text):
        for line in block.splitlines()[1:-1]:
            if line.startswith((" ", "\t")) and lines:
                lines[-1] += " " + line.strip()
            else:
                lines.append(line)
    return spans + lines


def test_every_command_line_in_the_docs_names_real_commands_and_options() -> None:
    for doc in PAGES:
        for code in code_in(doc.read_text()):
            for match in re.finditer(r"influence-map((?: [a-z][a-z-]*)+)([^#|`]*(?:\|[^#`]*)?)", code):
                command: click.Command = main
                words = match.group(1).split()
                while words and isinstance(command, click.Group) and words[0] in command.commands:
                    command = command.commands[words.pop(0)]
                assert command is not main, f"{doc.name}: `{match.group(0)}` names no command"
                if isinstance(command, click.Group):
                    assert not words, f"{doc.name}: `{match.group(0).strip()}`: no command {words[0]!r}"
                    continue
                known = {"--help"} | {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
                named = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", match.group(2)))
                assert named <= known, f"{doc.name}: `{match.group(0).strip()}`: no option {named - known}"


def test_every_endpoint_is_in_the_api_reference() -> None:
    from service.graph.settings import Settings
    from service.web.app import create_app
    from service.web.endpoints import ENDPOINTS

    app = create_app(Settings())  # registers every blueprint's endpoints (no connection is made)
    assert len(ENDPOINTS) >= 15
    rows = "\n".join(TABLE_ROW.findall(section(API, "Endpoints")))
    for endpoint in ENDPOINTS:
        route = f"{endpoint.method} {endpoint.rule}"
        assert re.search(rf"`{re.escape(route)}[`?]", rows), f"{route} is not in docs/api.md's endpoint table"
    served = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
    }
    for method, path in re.findall(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`?\s]*)", rows):
        assert (method, path) in served, f"docs/api.md lists `{method} {path}`, which the app does not serve"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, heading in HEADING.findall(FENCE.sub("", page.read_text())):
        base = slug(heading)
        found.add(f"{base}-{seen[base]}" if base in seen else base)
        seen[base] = seen.get(base, 0) + 1
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_leads_to_a_file_and_heading(page: Path) -> None:
    for target in LINK.findall(FENCE.sub("", page.read_text())):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):
            continue  # http:, https:, mailto:
        file, _, anchor = target.partition("#")
        destination = (page.parent / file).resolve() if file else page
        assert destination.exists(), f"{page.name}: link to {target}: no such file"
        if anchor:
            assert destination.suffix == ".md", f"{page.name}: link to {target}: anchor into a non-page"
            assert anchor in anchors(destination), f"{page.name}: link to {target}: no such heading"


def test_the_readme_is_a_front_door_to_every_page() -> None:
    text = README.read_text()
    lines = text.count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; the reference belongs in docs/"
    linked = {target.partition("#")[0] for target in LINK.findall(FENCE.sub("", text))}
    for doc in DOCS:
        assert f"docs/{doc.name}" in linked, f"README.md does not link docs/{doc.name}"
