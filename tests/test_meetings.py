"""`lianxi meetings`: newest first, open decisions with overdue ones first and marked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from lianxi.cli import app

from .conftest import VALID

runner = CliRunner()

RECORDS = """\
    meetings:
      - date: 2025-03-01
        kind: 全体会议
        place: 市政府第一会议室
        chair: {name: 李明, post: 副市长}
        decisions:
          - text: 制定年度工作要点
            owners: [市市场监管局]
            due: 2025-06-30
            status: done
          - text: 开展质量提升行动
            owners: [市市场监管局, 市教育局]
            due: 2025-09-30
      - date: 2025-10-10
        kind: 专题会议
        decisions:
          - text: 研究标准化试点
            owners: [市发展改革委]
            due: 2026-03-31
    office:"""


def test_meetings_text(workspace: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = workspace({"definitions/demo.yaml": VALID.replace("    office:", RECORDS)})
    result = runner.invoke(
        app, ["meetings", "--root", str(root), "--today", "2025-12-01"], env={"LANG": "C"}
    )
    assert result.exit_code == 0
    assert result.stdout == (
        "Meetings (2)\n"
        "  2025-10-10  demo:quality  thematic\n"
        "      · 研究标准化试点\n"
        "  2025-03-01  demo:quality  plenary  市政府第一会议室  chair: 李明 副市长\n"
        "      ✓ 制定年度工作要点\n"
        "      · 开展质量提升行动\n"
        "\n"
        "Open decisions (2)\n"
        "  OVERDUE 62d  2025-09-30  demo:quality  市市场监管局、市教育局  开展质量提升行动\n"
        "  2026-03-31  demo:quality  市发展改革委  研究标准化试点\n"
    )


def test_meetings_json_and_chinese(workspace: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = workspace({"definitions/demo.yaml": VALID.replace("    office:", RECORDS)})
    result = runner.invoke(
        app, ["meetings", "demo", "--root", str(root), "--today", "2025-12-01", "--format", "json"]
    )
    data = json.loads(result.stdout)
    assert [m["date"] for m in data["meetings"]] == ["2025-10-10", "2025-03-01"]
    assert [(d["text"], d["overdue"]) for d in data["open_decisions"]] == [
        ("开展质量提升行动", True),
        ("研究标准化试点", False),
    ]
    zh = runner.invoke(
        app, ["meetings", "--root", str(root), "--today", "2025-12-01", "--lang", "zh"]
    )
    assert "逾期 62 天" in zh.stdout and "全体会议" in zh.stdout


def test_meetings_bad_date_is_usage_error(
    workspace: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    result = runner.invoke(app, ["meetings", "--root", str(root), "--today", "yesterday"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_meetings_text_prints_no_line_a_terminal_or_ci_acts_on(
    workspace: Callable[[dict[str, str | bytes]], Path],
) -> None:
    forged = RECORDS.replace(
        "text: 研究标准化试点", 'text: "研究\\n::error file=README.md,line=1::x\\u202e\\u001b[31m"'
    ).replace("place: 市政府第一会议室", 'place: "会议室\\r\\n::warning::y"')
    root = workspace({"definitions/demo.yaml": VALID.replace("    office:", forged)})
    result = runner.invoke(
        app, ["meetings", "--root", str(root), "--today", "2025-12-01"], env={"LANG": "C"}
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "      · 研究↵::error file=README.md,line=1::x\\u202e\\u001b[31m" in lines
    assert "市政府" not in result.stdout and "会议室↵::warning::y" in result.stdout
