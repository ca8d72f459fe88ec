"""Every subcommand, run as a user runs it (a new process), ends with a documented exit code and never a
traceback: outside a workspace, on a GBK console, and with standard output closed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import typer.main

from lianxi.cli import app

REPO = Path(__file__).resolve().parents[1]
DOCUMENTED = {0, 1, 2}  # fine, findings, usage; 3 (a bug) and anything else fail the test

#: Arguments that make each subcommand do its real work in a workspace holding the repository's
#: definitions. A subcommand not listed here runs with no arguments (a usage error is fine too).
ARGS: dict[str, list[str]] = {
    "validate": [],
    "show": ["yuncheng:quality"],
    "schema": [],
    "meetings": [],
    "units": [],
    "diff": ["yuncheng:quality", "ezhou"],
    "import": [str(REPO / "tests" / "seeds" / "yuncheng.txt")],
    "init": ["scaffolded"],
    "new": ["xian", "--jurisdiction", "西安市"],
    "render notice": ["yuncheng", "-o", "out.md"],
    "render members": ["yuncheng", "-o", "out.csv", "-f", "csv"],
    "render minutes": ["neimenggu", "--meeting", "2023-08-10"],
}


def subcommands() -> Iterator[str]:
    """Every leaf command of the CLI, found in the app itself so that a new one is covered too."""

    def walk(group: Any, prefix: str) -> Iterator[str]:
        for name, cmd in sorted(group.commands.items()):
            if hasattr(cmd, "commands"):  # a group such as `render`
                yield from walk(cmd, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}"

    yield from walk(typer.main.get_command(app), "")


def run(command: str, cwd: Path, env: dict[str, str], close_stdout: bool) -> tuple[int, str, str]:
    argv = [sys.executable, "-m", "lianxi", *command.split(), *ARGS.get(command, [])]
    proc = subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=None if close_stdout else subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
        timeout=120,
    )
    out = proc.stdout.decode("gbk", "replace") if proc.stdout else ""
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("mode", ["outside a workspace", "GBK console", "stdout closed"])
def test_every_subcommand_ends_with_a_documented_exit_code(mode: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_", "LIANXI"))}
    env.update(LANG="zh_CN.UTF-8", NO_COLOR="1", GITHUB_ACTIONS="false")
    commands = list(subcommands())
    assert {"validate", "render notice", "import"} <= set(commands)

    def one(command: str) -> tuple[str, int, str, str]:
        cwd = tmp_path / command.replace(" ", "-")
        cwd.mkdir()
        if mode != "outside a workspace":
            shutil.copytree(REPO / "definitions", cwd / "definitions")
        env_here = {**env, "PYTHONIOENCODING": "gbk"} if mode == "GBK console" else env
        return (command, *run(command, cwd, env_here, close_stdout=mode == "stdout closed"))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, commands))
    for command, code, out, err in results:
        where = f"lianxi {command} ({mode}): exit {code}\n{err[-2000:]}"
        assert code in DOCUMENTED, where
        assert "Traceback" not in out + err, where
        assert "内部错误" not in err and "internal error" not in err, where
        if mode == "outside a workspace" and command in {"validate", "units", "render notice"}:
            assert code == 2 and "LX903" in err, where
        if mode == "stdout closed" and command in {"units", "schema", "meetings"}:
            assert code == 1 and "LX505" in err, where  # said, not silently lost


def test_output_the_console_cannot_encode_is_replaced_not_a_crash(tmp_path: Path) -> None:
    shutil.copytree(REPO / "definitions", tmp_path / "definitions")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C"}
    code, out, err = run("diff", tmp_path, env, close_stdout=False)
    assert code == 0, err
    assert "?" in out and "differences" in out  # Chinese became "?", the report is whole


def test_a_reader_that_goes_away_ends_quietly(tmp_path: Path) -> None:
    shutil.copytree(REPO / "definitions", tmp_path / "definitions")
    argv = f"{sys.executable} -m lianxi units | head -c 10 >/dev/null"
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", argv], cwd=tmp_path, capture_output=True, timeout=60
    )
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr and proc.stderr == b""
