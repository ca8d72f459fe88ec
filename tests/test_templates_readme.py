"""The templates/README.md that `lianxi init` writes names only blocks the built-in templates have,
and its example renders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from .conftest import REPO, VALID, run_cli

README = (REPO / "lianxi" / "data" / "scaffold" / "templates-README.md").read_text(encoding="utf-8")
BUILTIN = REPO / "lianxi" / "templates"


def blocks_of(template: str) -> set[str]:
    source = (BUILTIN / template).read_text(encoding="utf-8")
    tree = jinja2.Environment().parse(source)
    return {b.name for b in tree.find_all(nodes.Block)}


def _table() -> list[tuple[str, str]]:
    """(template, block) for every block named in the README's table."""
    out = []
    for row in re.findall(r"^\| (`.+?`) \| (.+?) \|$", README, re.M):
        for template in re.findall(r"`([\w.]+\.j2)`", row[0]):
            out += [(template, block) for block in re.findall(r"`(\w+)`", row[1])]
    return out


def test_the_table_names_every_built_in_template() -> None:
    named = {template for template, _ in _table()}
    assert named == {p.name for p in BUILTIN.glob("*.j2")}


@pytest.mark.parametrize(("template", "block"), _table())
def test_every_block_the_readme_names_exists(template: str, block: str) -> None:
    assert block in blocks_of(template)


def test_every_block_of_a_template_is_in_the_readme() -> None:
    named: dict[str, set[str]] = {}
    for template, block in _table():
        named.setdefault(template, set()).add(block)
    assert {t: blocks_of(t) for t in named} == named


def test_the_example_overrides_a_block_that_exists_and_renders(
    workspace: Callable[[dict[str, str | bytes]], Path],
) -> None:
    (example,) = re.findall(r"```jinja\n(.*?)```", README, re.S)
    extends = re.search(r'extends "builtin:([\w.]+)"', example)
    assert extends is not None
    for block in re.findall(r"{% block (\w+) %}", example):
        assert block in blocks_of(extends.group(1))
    root = workspace({"definitions/demo.yaml": VALID, f"templates/{extends.group(1)}": example})
    result = run_cli("render", "notice", "demo", "--root", str(root))
    assert result.exit_code == 0
    assert "（此件为征求意见稿）" in result.stdout
    assert "## 一、运城市质量强市和标准化联席会议制度" in result.stdout
