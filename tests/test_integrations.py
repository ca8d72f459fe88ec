"""lianxi as others install and run it: the distribution name, the tested lower bounds, the GitHub
Action in action.yml (its steps run here as a runner runs them) and the pre-commit hook (through
`pre-commit try-repo`, as users write it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.version import Version

from .conftest import REPO, VALID, git

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
BAD_COUNT = VALID.replace("declared_unit_count: 3", "declared_unit_count: 4")


def tracked_text_files() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return [REPO / n for n in names if (REPO / n).is_file() and not n.endswith((".png", ".docx"))]


def test_the_distribution_name_is_ours_and_nothing_says_pip_install_lianxi() -> None:
    assert PYPROJECT["project"]["name"] == "lianxi-cli"
    assert PYPROJECT["project"]["scripts"] == {"lianxi": "lianxi.__main__:main"}
    offenders = [
        str(p.relative_to(REPO))
        for p in tracked_text_files()
        if re.search(
            r"pip install (-U |--upgrade )?lianxi(?![-\w])", p.read_text("utf-8", "replace")
        )
    ]
    assert offenders == []  # "lianxi" on the package index is a stranger's project


def test_lower_bounds_are_the_versions_ci_pins() -> None:
    """.ci/run installs .ci/lowest.txt as constraints and runs the suite: each bound is tested."""
    bounds = {}
    for spec in PYPROJECT["project"]["dependencies"]:
        m = re.match(r"([A-Za-z0-9_.-]+)>=([0-9][^,;\s]*)", spec)
        assert m, f"{spec!r} states no lower bound"
        bounds[m[1].lower()] = m[2]
    pins = {}
    for line in (REPO / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    assert {n: Version(v) for n, v in pins.items()} == {n: Version(v) for n, v in bounds.items()}, (
        "add each dependency's lower bound to .ci/lowest.txt, pinned (name==version)"
    )


# --- the GitHub Action -------------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def make_pr_workspace(root: Path) -> None:
    """A definitions repository whose branch `pr` breaks a count that `main` had right."""
    (root / "definitions").mkdir(parents=True)
    (root / "definitions" / "demo.yaml").write_text(VALID, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    (root / "definitions" / "demo.yaml").write_text(BAD_COUNT, encoding="utf-8")
    git(root, "commit", "-q", "-am", "change the count")


def expand(value: str, inputs: dict[str, str], github: dict[str, str]) -> str:
    """The expressions action.yml uses: inputs.X, github.X and !cancelled(); anything else fails."""

    def one(m: re.Match[str]) -> str:
        expr = m[1]
        if expr == "!cancelled()":
            return "true"
        scope, _, name = expr.partition(".")
        assert scope in ("inputs", "github") and name.isidentifier(), f"unsupported {expr!r}"
        return (inputs if scope == "inputs" else github)[name]

    return EXPRESSION.sub(one, value)


@pytest.mark.slow
def test_the_action_annotates_and_writes_the_job_summary(tmp_path: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    workspace, runner_temp = tmp_path / "ws", tmp_path / "runner"
    runner_temp.mkdir()
    make_pr_workspace(workspace)
    summary, path_file = runner_temp / "summary.md", runner_temp / "path"
    summary.touch()
    path_file.touch()
    inputs = {k: v.get("default", "") for k, v in action["inputs"].items()}
    inputs["base"] = "main"
    github = {"base_ref": "main", "event_name": "pull_request"}
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_", "LIANXI", "VIRT"))
    }
    env.update(
        GITHUB_ACTIONS="true",
        GITHUB_ACTION_PATH=str(REPO),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_PATH=str(path_file),
        RUNNER_TEMP=str(runner_temp),
        LANG="C.UTF-8",
        # the test environment's own lianxi must not answer for the one the action installs
        PATH=os.pathsep.join(
            p for p in env["PATH"].split(os.pathsep) if Path(p) != Path(sys.executable).parent
        ),
    )
    outputs = []
    for step in action["runs"]["steps"]:
        if "if" in step:
            assert expand(step["if"], inputs, github) == "true"
        step_env = {**env, **{k: expand(v, inputs, github) for k, v in step.get("env", {}).items()}}
        added = [p for p in path_file.read_text().splitlines() if p]
        step_env["PATH"] = os.pathsep.join([*added, env["PATH"]])
        cwd = workspace / expand(step.get("working-directory", "."), inputs, github)
        assert step["shell"] == "bash"
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        outputs.append((step["name"], proc.returncode, proc.stdout, proc.stderr))
    (_, installed, _, install_err), (_, validated, annotations, _), (_, summed, _, sum_err) = (
        outputs
    )
    assert installed == 0, install_err[-3000:]
    assert validated == 1  # the count is wrong: the check fails the job
    assert re.search(
        r"^::error file=definitions/demo.yaml,line=\d+,col=\d+,title=LX201::", annotations, re.M
    ), annotations
    assert summed == 0, sum_err
    text = summary.read_text(encoding="utf-8")
    assert "demo" in text and "declared_unit_count" in text and "4" in text, text


@pytest.mark.slow
def test_pre_commit_try_repo_blocks_a_bad_count_and_passes_a_good_file(tmp_path: Path) -> None:
    bindir = Path(sys.executable).parent
    if shutil.which("pre-commit", path=str(bindir)) is None:
        pytest.fail("pre-commit is a test dependency: pip install '.[test]'")
    workspace = tmp_path / "ws"
    (workspace / "definitions").mkdir(parents=True)
    (workspace / "definitions" / "good.yaml").write_text(
        VALID.replace("id: demo", "id: good"), encoding="utf-8"
    )
    (workspace / "definitions" / "bad.yaml").write_text(
        BAD_COUNT.replace("id: demo", "id: bad"), encoding="utf-8"
    )
    (workspace / "notes.yaml").write_text("not: [a definition\n", encoding="utf-8")
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8"}
    argv = [str(bindir / "pre-commit"), "try-repo", str(REPO), "lianxi-validate", "--all-files"]
    # One run (each try-repo installs lianxi afresh): the hook gets both definitions and only them.
    proc = subprocess.run(
        [*argv, "--color=never"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = proc.stdout
    assert proc.returncode == 1, out[-3000:] + proc.stderr[-3000:]
    assert re.search(r"lianxi validate\.+Failed", out), out[-3000:]
    assert re.search(r"^definitions/bad.yaml:\d+:\d+: LX201 \[error\]", out, re.M), out[-3000:]
    assert "good.yaml:" not in out and "notes.yaml" not in out  # the good file passes
