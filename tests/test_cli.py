"""The command line: exact output, exit codes, formats, languages, and no tracebacks."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lianxi import __version__
from lianxi.cli import app

from .conftest import VALID

runner = CliRunner()
Build = Callable[[dict[str, str | bytes]], Path]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, list(args), env={"LANG": "C", **(env or {})}, catch_exceptions=False
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert invoke("--version") == (0, f"lianxi {__version__}\n", "")


def test_validate_clean_workspace_exits_0(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    code, out, err = invoke("validate", "--root", str(root))
    assert (code, out, err) == (0, "", "checked 1 file: no problems found\n")


def test_validate_text_shows_the_line(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID.replace("lead_unit:", "lead:")})
    code, out, err = invoke("validate", "--root", str(root))
    assert code == 1
    assert out == (
        "definitions/demo.yaml:15:5: LX103 [error] unknown key 'systems.0.lead'\n"
        "    |\n"
        " 15 |     lead: 市市场监管局\n"
        "    |     ^\n"
        "  hint: did you mean 'lead_unit'?\n"
    )
    assert err == "checked 1 file: 1 error, 0 warnings\n"


def test_a_long_line_is_cut_around_the_column(workspace: Build) -> None:
    value = "city" + "y" * 1_000_000
    root = workspace({"definitions/demo.yaml": VALID.replace("level: city", f"level: {value}")})
    code, out, _ = invoke("validate", "--root", str(root))
    assert code == 1 and len(out) < 600  # not the megabyte twice
    message, _, excerpt, caret = out.splitlines()[:4]
    assert message.endswith("(got 'city" + "y" * 56 + "…')")
    assert excerpt == " 5 | level: city" + "y" * 89 + "…"
    assert caret == "   |        ^"
    text = VALID.replace(
        "jurisdiction: 运城市", "jurisdiction: 运城市\nnote: " + "长" * 300 + ": x"
    )
    code, out, _ = invoke("validate", "--root", str(workspace({"definitions/demo.yaml": text})))
    _, _, excerpt, caret = out.splitlines()[:4]
    assert excerpt.startswith(" 5 | …长") and excerpt.endswith("长: x")
    # under the ':' after "…" and the characters kept, each CJK character two columns wide
    assert caret.index("^") == len(" 5 | …") + 2 * excerpt.count("长")


def test_validate_reports_every_file_in_one_run(workspace: Build) -> None:
    root = workspace(
        {
            "definitions/demo.yaml": VALID,
            "definitions/bad.yaml": "a: [1\n",
            "definitions/dup.yaml": VALID.replace("id: demo", "id: dup").replace(
                "level: city", "level: city\nlevel: county"
            ),
            "definitions/gbk.yaml": "名称: 运城\n".encode("gbk"),
        }
    )
    code, out, _ = invoke("validate", "--root", str(root), "--format", "json")
    assert code == 1
    found = [(d["file"], d["code"], d["line"], d["col"]) for d in json.loads(out)["diagnostics"]]
    assert found == [
        ("definitions/bad.yaml", "LX003", 1, 4),
        ("definitions/dup.yaml", "LX004", 6, 1),
        ("definitions/gbk.yaml", "LX002", 1, 1),
    ]


def test_validate_github_format_is_automatic(workspace: Build) -> None:
    root = workspace(
        {"definitions/demo.yaml": VALID.replace("lead_unit: 市市场监管局", "lead_unit: 市财政局")}
    )
    code, out, _ = invoke("validate", "--root", str(root), env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out == (
        "::error file=definitions/demo.yaml,line=15,col=16,title=LX203::lead unit "
        "'市财政局' is not listed in units (add `- 市财政局` under units, or correct "
        "the name)\n"
    )


def test_validate_strict_fails_on_warnings(workspace: Build) -> None:
    text = VALID.replace(
        "    office:",
        "    other_duties:\n      - units: [各区人民政府]\n"
        "        duty: 负责本辖区工作\n    office:",
    )
    root = workspace({"definitions/demo.yaml": text})
    assert invoke("validate", "--root", str(root))[0] == 0
    assert invoke("validate", "--root", str(root), "--strict")[0] == 1


def test_lianxi_toml_turns_a_code_off(workspace: Build) -> None:
    text = VALID.replace("declared_unit_count: 3", "declared_unit_count: 4")
    root = workspace({"definitions/demo.yaml": text})
    assert invoke("validate", "--root", str(root))[0] == 1
    (root / "lianxi.toml").write_text('[severity]\nLX201 = "off"\n', encoding="utf-8")
    assert invoke("validate", "--root", str(root))[0] == 0
    (root / "lianxi.toml").write_text('[severity]\nLX201 = "warning"\n', encoding="utf-8")
    assert invoke("validate", "--root", str(root))[0] == 0


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ('[severity]\nLX999 = "x"\n', "LX999"),
        ("[severity\n", "Expected ']'"),
        ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "nest too deeply"),
        ("severity = 1\n", "[severity] must be a table"),
    ],
)
def test_bad_lianxi_toml_is_a_diagnostic(workspace: Build, toml: str, needle: str) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "lianxi.toml": toml})
    code, _, err = invoke("validate", "--root", str(root))
    assert code == 1
    assert "LX904" in err and needle in err


def test_chinese_messages_under_chinese_locale(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID.replace("lead_unit:", "lead:")})
    code, out, err = invoke("validate", "--root", str(root), env={"LANG": "zh_CN.UTF-8"})
    assert code == 1
    assert "未知的键 'systems.0.lead'" in out
    assert "提示: 是否应为 'lead_unit'？" in out
    assert err == "已检查 1 个文件：1 个错误，0 个警告\n"
    _, out_en, _ = invoke(
        "validate", "--root", str(root), "--lang", "en", env={"LANG": "zh_CN.UTF-8"}
    )
    assert "unknown key" in out_en


def test_markup_in_user_text_is_printed_verbatim(workspace: Build) -> None:
    root = workspace(
        {
            "definitions/demo.yaml": VALID.replace(
                "lead_unit: 市市场监管局", "lead_unit: '[bold]市财政局[error]'"
            )
        }
    )
    _, out, _ = invoke("validate", "--root", str(root))
    assert "'[bold]市财政局[error]'" in out and "[error] lead unit" in out


def test_unknown_ref_is_a_usage_error(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    code, _, err = invoke("validate", "nope", "--root", str(root))
    assert code == 2
    assert "LX901" in err and "known ids: demo" in err


def test_a_loop_of_symbolic_links_is_not_a_definition(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    (root / "definitions" / "loop.yaml").symlink_to("loop.yaml")
    assert invoke("validate", "--root", str(root))[0] == 0
    code, _, err = invoke("validate", "loop", "--root", str(root))
    assert code == 2 and "LX901" in err
    code, _, err = invoke("validate", "--root", str(root / "definitions" / "loop.yaml"))
    assert code == 2 and "LX903" in err


def test_no_workspace_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("validate")
    assert code == 2 and "LX903" in err


def test_bad_option_is_exit_2() -> None:
    assert runner.invoke(app, ["validate", "--format", "xml"]).exit_code == 2


def test_many_files_are_checked_in_workers_with_the_same_result(workspace: Build) -> None:
    files: dict[str, str | bytes] = {
        f"definitions/d{i:03}.yaml": VALID.replace("id: demo", f"id: d{i:03}") for i in range(240)
    }
    files["definitions/d007.yaml"] = "lianxi: 1\nid: d007\nsystems: " + "[" * 50_000
    files["definitions/d200.yaml"] = files["definitions/d200.yaml"].replace(
        "level: city", "level: x"
    )
    root = workspace(files)
    code, out, _ = invoke("validate", "--root", str(root), "--format", "json")
    found = [(d["file"], d["code"], d["line"]) for d in json.loads(out)["diagnostics"]]
    assert code == 1
    assert found == [("definitions/d007.yaml", "LX007", 3), ("definitions/d200.yaml", "LX102", 5)]


def _die(_chunk: object) -> None:
    os._exit(9)


@pytest.mark.parametrize("command", ["validate", "units", "meetings"])
def test_a_worker_that_dies_ends_the_run(
    command: str, workspace: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lianxi.workspace._scan_chunk", _die)
    files: dict[str, str | bytes] = {
        f"definitions/d{i:03}.yaml": VALID.replace("id: demo", f"id: d{i:03}") for i in range(210)
    }
    code, out, err = invoke(command, "--root", str(workspace(files)))
    assert code == 3 and "BrokenProcessPool" in err  # not a run that waits forever
    assert out == ""


MEETING = """\
    meetings:
      - date: 2025-03-0{day}
        kind: plenary
        decisions:
          - text: 议定事项{n}
            owners: [市市场监管局]
            due: 2025-0{month}-30
    office:"""


@pytest.mark.parametrize(
    "args",
    [
        ["units"],
        ["units", "--format", "json"],
        ["units", "--format", "csv"],
        ["units", "公安"],
        ["meetings", "--today", "2025-06-01"],
        ["meetings", "--today", "2025-06-01", "--format", "json"],
        ["meetings", "--today", "2025-06-01", "--lang", "zh"],
    ],
)
def test_workers_give_the_output_of_one_process(
    args: list[str], workspace: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {}
    for i in range(230):
        text = VALID.replace("id: demo", f"id: d{i:03}")
        text = text.replace("    office:", MEETING.format(day=i % 9 + 1, n=i, month=i % 7 + 3))
        if i % 3 == 0:
            text = text.replace("市教育局", "市公安局")
        files[f"definitions/d{i:03}.yaml"] = text
    root = workspace(files)
    many = invoke(*args, "--root", str(root))
    monkeypatch.setattr("lianxi.workspace.PARALLEL_FROM", 10_000)
    one = invoke(*args, "--root", str(root))
    assert many == one and many[0] == 0 and many[1].count("d2") >= 10


@pytest.mark.parametrize("command", ["units", "meetings"])
def test_every_file_that_does_not_load_is_reported(command: str, workspace: Build) -> None:
    files: dict[str, str | bytes] = {
        f"definitions/d{i:03}.yaml": VALID.replace("id: demo", f"id: d{i:03}") for i in range(220)
    }
    files["definitions/d010.yaml"] = "id: [\n"
    files["definitions/d150.yaml"] = files["definitions/d150.yaml"].replace(
        "level: city", "level: x"
    )
    code, out, err = invoke(command, "--root", str(workspace(files)))
    assert (code, out) == (1, "")
    assert "definitions/d010.yaml:" in err and "definitions/d150.yaml:5:" in err


def test_internal_error_is_exit_3_without_traceback(
    workspace: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = workspace({"definitions/demo.yaml": VALID})

    def boom(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("lianxi.validate.validate_refs", boom)
    code, _out, err = invoke("validate", "--root", str(root))
    assert code == 3
    assert err == (
        "internal error: RuntimeError: boom\n"
        "this is a bug in lianxi; rerun with LIANXI_DEBUG=1 and report the traceback\n"
    )


def test_show_text_and_json(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    code, out, _ = invoke("show", "demo", "--root", str(root))
    assert code == 0
    assert "[quality] 运城市质量强市和标准化联席会议制度" in out
    assert "     3. 市市场监管局  — 张工 局长" in out
    code, out, _ = invoke("show", "demo:quality", "--root", str(root), "--format", "json")
    data = json.loads(out)
    assert data["key"] == "quality"
    assert data["units"][0] == {"name": "市发展改革委"}
    assert data["conveners"][0]["role"] == "convener"


def test_show_missing_key_is_exit_2(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    code, _, err = invoke("show", "demo:nope", "--root", str(root))
    assert code == 2 and "no system 'nope'" in err


def test_show_broken_file_exits_1(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": "a: [1\n"})
    code, _, err = invoke("show", "demo", "--root", str(root))
    assert code == 1 and "LX003" in err


def test_schema_writes_atomically_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "schema" / "lianxi.schema.json"
    assert invoke("schema", "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("lianxi")
    code, _, err = invoke("schema", "-o", str(target))
    assert code == 1 and "LX504" in err
    assert invoke("schema", "-o", str(target), "--force")[0] == 0
    assert [p.name for p in target.parent.iterdir()] == ["lianxi.schema.json"]


@pytest.mark.parametrize("command", ["validate", "show", "schema"])
def test_every_command_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bad", "--format", "json"],
        ["-f", "github", "--lang", "zh"],
        ["definitions/demo.yaml", "--format=json", "--strict", "--today=2030-01-01"],
        ["nosuch"],  # a usage error: the full CLI takes over
        ["--today", "31/12/2024"],
        ["--format", "xml"],
    ],
)
def test_quick_validate_says_what_the_full_cli_says(args: list[str], workspace: Build) -> None:
    import subprocess
    import sys

    root = workspace(
        {
            "definitions/demo.yaml": VALID,
            "definitions/bad.yaml": VALID.replace("id: demo", "id: bad").replace(
                "level: city", "level: x"
            ),
        }
    )
    env = {**os.environ, "LANG": "C", "COLUMNS": "80"}
    env.pop("GITHUB_ACTIONS", None)

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *argv, *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    quick = run("-m", "lianxi", "validate")
    code = (
        "import sys; from lianxi.cli import run; sys.argv = ['lianxi', 'validate', *sys.argv[1:]];"
        " run()"
    )
    full = run("-c", code)
    quick_err = quick.stderr.replace("python -m lianxi", "lianxi")  # typer's usage line
    assert (quick.returncode, quick.stdout, quick_err) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
    assert "Traceback" not in quick.stderr
