"""Shared fixtures: a golden-file checker and builders of workspaces from inline text."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lianxi.cli import app

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "seeds"  # the five source documents, as published (web pages included)

VALID = """\
# yaml-language-server: $schema=../schema/lianxi.schema.json
lianxi: 1
id: demo
jurisdiction: 运城市
level: city
document:
  kind: 通知
  issuer: 运城市人民政府办公室
  number: 运政办函〔2024〕38号
  date: 2024-10-12
systems:
  - key: quality
    name: 运城市质量强市和标准化联席会议制度
    established: 2024-10-12
    lead_unit: 市市场监管局
    units:
      - 市发展改革委
      - 市教育局
      - name: 市市场监管局
        member: {name: 张工, post: 局长}
    declared_unit_count: 3
    conveners:
      - role: 召集人
        post: 市政府分管市场监管工作的副市长
      - role: deputy_convener
        post: 市市场监管局主要负责人
        unit: 市市场监管局
    office: {unit: 市市场监管局, director: 市市场监管局分管同志}
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, Path], None]:
    update = bool(request.config.getoption("--update-golden"))

    def check(actual: str, path: Path) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        elif not path.exists():
            pytest.fail(f"missing golden file {path}; run pytest --update-golden")
        assert actual == path.read_text(encoding="utf-8"), f"{path} differs (--update-golden?)"

    return check


@pytest.fixture
def workspace(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Build a workspace in tmp_path from {relative path: content}."""

    def build(files: dict[str, str | bytes]) -> Path:
        (tmp_path / "definitions").mkdir(exist_ok=True)
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return build


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    """Run `lianxi ARGS` in English, from `cwd` if given; a traceback anywhere fails the test."""
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(app, list(args), env={"LANG": "C"}, catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` as a test author, untouched by this machine's git configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


def commit_all(root: Path, message: str = "v1") -> None:
    """Make `root` a git repository whose one commit holds everything in it."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def commit_then_edit(root: Path, before: str, after: str, message: str = "v1") -> Path:
    """A workspace whose HEAD has `before` as definitions/demo.yaml and whose working tree has
    `after` (the test is skipped where git is not installed)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (root / "definitions").mkdir(parents=True, exist_ok=True)
    path = root / "definitions" / "demo.yaml"
    path.write_text(before, encoding="utf-8")
    commit_all(root, message)
    path.write_text(after, encoding="utf-8")
    return root
