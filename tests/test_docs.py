"""The README documents every command and every diagnostic code."""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.testing import CliRunner

from lianxi.cli import app
from lianxi.diagnostics import CODES

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group: Any = typer.main.get_command(app)
    out = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            out += [f"{name} {sub}" for sub in cmd.commands]
        else:
            out.append(name)
    return out


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in _commands() if f"lianxi {c}" not in README]
    assert missing == []


def test_every_code_is_in_the_readme_with_an_example() -> None:
    missing = [c for c in CODES if not re.search(rf"^#+ .*{c}\b", README, re.M)]
    assert missing == [], "each code needs its own README heading with an example"


def test_readme_has_the_two_setup_commands() -> None:
    assert "pip install . && lianxi validate" in README
    assert 'pip install ".[test]" && pytest' in README


def test_every_option_is_in_the_readme() -> None:
    group: Any = typer.main.get_command(app)
    missing = set()
    stack: list[Any] = [group, *group.commands.values()]
    while stack:
        cmd = stack.pop()
        if hasattr(cmd, "commands") and cmd is not group:
            stack.extend(cmd.commands.values())
            continue
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help",) and opt not in README:
                    missing.add(opt)
    assert sorted(missing) == []


def test_the_validate_example_is_what_this_repository_prints() -> None:
    start = README.index("```console\n$ lianxi validate\n") + len("```console\n$ lianxi validate\n")
    shown = README[start : README.index("```", start)]
    result = CliRunner().invoke(app, ["validate", "--root", str(REPO)], env={"LANG": "C"})
    assert result.output == shown, "README's `lianxi validate` example: paste the real output"
