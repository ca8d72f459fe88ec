"""`lianxi init`, `lianxi new`, the workflow and the pre-commit hook."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from lianxi.cli import app
from lianxi.scaffold import init_files

from .conftest import REPO

runner = CliRunner()


def test_init_then_validate_exits_0(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    result = runner.invoke(app, ["init", str(folder)], env={"LANG": "C"})
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == sorted(
        init_files()
    )
    result = runner.invoke(app, ["validate", "--root", str(folder)], env={"LANG": "C"})
    assert (result.exit_code, result.stderr) == (0, "checked 1 file: no problems found\n")


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "lianxi.toml").write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)], env={"LANG": "C"})
    assert result.exit_code == 1
    assert "LX504" in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "lianxi.toml").read_text(encoding="utf-8") == "# mine\n"
    assert not (tmp_path / "definitions").exists()


def test_new_writes_a_commented_definition_that_validates(tmp_path: Path) -> None:
    (tmp_path / "definitions").mkdir()
    result = runner.invoke(
        app, ["new", "xian", "--jurisdiction", "西安市", "--root", str(tmp_path)], env={"LANG": "C"}
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "definitions" / "xian.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/lianxi.schema.json\n")
    assert "# 成员单位，按原文顺序" in text and "jurisdiction: 西安市" in text
    assert runner.invoke(app, ["validate", "--root", str(tmp_path)]).exit_code == 0
    again = runner.invoke(app, ["new", "xian", "--jurisdiction", "西安市", "--root", str(tmp_path)])
    assert again.exit_code == 1 and "LX504" in again.stderr


@pytest.mark.parametrize(
    "jurisdiction", ["a: b", "#x", "yes", "2024-01-01", '"q"', "[x]", "two\nlines", "it's"]
)
def test_new_keeps_a_jurisdiction_that_yaml_would_misread(
    tmp_path: Path, jurisdiction: str
) -> None:
    (tmp_path / "definitions").mkdir()
    args = ["new", "x", "--jurisdiction", jurisdiction, "--root", str(tmp_path)]
    assert runner.invoke(app, args, env={"LANG": "C"}).exit_code == 0
    data = yaml.safe_load((tmp_path / "definitions" / "x.yaml").read_text(encoding="utf-8"))
    assert data["jurisdiction"] == jurisdiction
    assert data["systems"][0]["name"] == f"{jurisdiction}TODO联席会议制度"
    assert runner.invoke(app, ["validate", "--root", str(tmp_path)]).exit_code == 0


def test_new_rejects_an_empty_jurisdiction(tmp_path: Path) -> None:
    (tmp_path / "definitions").mkdir()
    args = ["new", "x", "--jurisdiction", " ", "--root", str(tmp_path)]
    result = runner.invoke(app, args, env={"LANG": "C"})
    assert result.exit_code == 2 and "LX102" in result.stderr
    assert not (tmp_path / "definitions" / "x.yaml").exists()


def test_new_rejects_a_bad_id(tmp_path: Path) -> None:
    (tmp_path / "definitions").mkdir()
    result = runner.invoke(
        app, ["new", "Xi An", "--jurisdiction", "西安市", "--root", str(tmp_path)]
    )
    assert result.exit_code == 2 and "LX105" in result.stderr


def test_workflow_uses_the_action_of_this_repository() -> None:
    example = (REPO / "examples" / "lianxi-validate.yml").read_text(encoding="utf-8")
    assert example == init_files()[".github/workflows/lianxi.yml"]
    flow = yaml.safe_load(example)
    steps = flow["jobs"]["validate"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # diff --base needs the base branch's history
    assert steps[1]["uses"] == "OWNER/lianxi@vX.Y.Z"  # the placeholder the README explains
    assert not any("pip install" in s.get("run", "") for s in steps)  # the action installs itself


def test_pre_commit_config_uses_this_repository_as_users_write_it() -> None:
    config = yaml.safe_load(init_files()[".pre-commit-config.yaml"])
    (repo,) = config["repos"]
    assert repo["repo"] == "https://github.com/OWNER/lianxi" and repo["rev"] == "vX.Y.Z"
    assert repo["hooks"] == [{"id": "lianxi-validate"}]


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "lianxi-validate"
    assert hook["entry"] == "lianxi validate"
    import re

    assert re.search(hook["files"], "definitions/yuncheng.yaml")
    assert not re.search(hook["files"], "templates/notice.md.j2")


@pytest.mark.parametrize("command", ["init", "new", "meetings", "diff"])
def test_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output
