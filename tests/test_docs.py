"""The README documents every setting and every command."""

from __future__ import annotations

import click

from service.cli.main import main
from service.graph.settings import ENV_NAMES
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_setting_is_in_the_configuration_table() -> None:
    for field, variable in ENV_NAMES.items():
        assert f"| `{variable}` | `{field}` |" in README, f"{variable} is not in README's table"


def test_every_command_is_documented_and_has_help() -> None:
    def walk(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
        found = []
        for name, command in group.commands.items():
            found.append((f"{prefix}{name}", command))
            if isinstance(command, click.Group):
                found += walk(command, f"{prefix}{name} ")
        return found

    for path, command in walk(main, ""):
        assert command.help, f"`influence-map {path}` has no help text"
        assert path.split()[-1] in README, f"`influence-map {path}` is not mentioned in the README"


def test_every_endpoint_is_in_the_readme() -> None:
    from service.graph.settings import Settings
    from service.web.app import create_app
    from service.web.endpoints import ENDPOINTS

    create_app(Settings())  # registers every blueprint's endpoints (no connection is made)
    assert len(ENDPOINTS) >= 15
    for endpoint in ENDPOINTS:
        route = f"{endpoint.method} {endpoint.rule}"
        assert route in README, f"{route} is not in the README"
