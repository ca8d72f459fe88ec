"""`lianxi diff` on the repository's definitions and through git, against golden files.

Regenerate after an intended change with `pytest tests/test_diff_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lianxi.cli import app

from .conftest import REPO, VALID, commit_all, commit_then_edit, run_cli

GOLDEN = Path(__file__).parent / "golden" / "diff"
PEERS = [
    ("yuncheng", "ezhou"),
    ("yuncheng:ip", "lianyungang"),
    ("guojia-jiliang", "yuncheng:quality"),
]
SUFFIX = {"text": "txt", "md": "md", "json": "json"}
Golden = Callable[[str, Path], None]


def run(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    result = run_cli(*args, cwd=cwd)
    return result.exit_code, result.stdout


def slug(ref: str) -> str:
    return ref.replace(":", "-")


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize(("a", "b"), PEERS, ids=[f"{a}~{b}" for a, b in PEERS])
def test_peer_diff_golden(a: str, b: str, fmt: str, golden: Golden) -> None:
    code, out = run("diff", a, b, "--root", str(REPO), "--format", fmt, "--exit-code")
    assert code == 1  # these peers differ
    golden(out, GOLDEN / f"{slug(a)}__{slug(b)}.{SUFFIX[fmt]}")


@pytest.mark.parametrize("ref", ["yuncheng", "ezhou:standard", "guojia-jiliang"])
def test_a_system_against_itself_has_no_differences(ref: str) -> None:
    code, out = run("diff", ref, ref, "--root", str(REPO), "--format", "json", "--exit-code")
    assert code == 0
    assert '"differences": 0' in out


OLD_UNITS = (
    "      - 市发展改革委\n      - 市教育局\n"
    "      - name: 市工商局\n        member: {name: 张工, post: 局长}\n"
)
NEW_UNITS = (
    "      - 市发展改革委\n"
    "      - name: 市市场监管局\n        member: {name: 李四, post: 局长}\n"
    "      - 市公安局\n"
)


def _definition(units: str, lead: str) -> str:
    start = VALID.index("    units:\n") + len("    units:\n")
    end = VALID.index("    declared_unit_count:")
    text = VALID[:start] + units + VALID[end:]
    return text.replace("lead_unit: 市市场监管局", f"lead_unit: {lead}")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return commit_then_edit(
        tmp_path, _definition(OLD_UNITS, "市工商局"), _definition(NEW_UNITS, "市市场监管局")
    )


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_revision_diff_through_git_golden(history: Path, fmt: str, golden: Golden) -> None:
    code, out = run("diff", "demo@HEAD", "demo", "--format", fmt, "--exit-code", cwd=history)
    assert code == 1
    golden(out, GOLDEN / f"revision.{SUFFIX[fmt]}")


def test_base_lists_changed_definitions(history: Path, golden: Golden) -> None:
    code, out = run("diff", "--base", "HEAD", "--format", "md", cwd=history)
    assert code == 0
    golden(out, GOLDEN / "base.md")


def test_unknown_revision_is_a_usage_error(history: Path) -> None:
    result = CliRunner().invoke(
        app, ["diff", "demo@nosuchrev", "demo", "--root", str(history)], env={"LANG": "C"}
    )
    assert result.exit_code == 2
    assert "LX902" in result.stderr and "nosuchrev" in result.stderr
    assert "Traceback" not in result.output


ITEMS_OLD = """\
    duties:
      - 研究制定全市实施质量强市和标准化战略相关政策措施
      - 安排部署相关工作任务
      - 协调解决相关重大问题
      - 组织市级政府质量奖励工作
      - 完成市委、市政府交办的其他事项
    requirements:
      - 各成员单位要按照职责分工，主动研究有关问题，积极配合，形成合力。
      - 联席会议办公室要及时向成员单位通报有关情况。
    meetings:
      - date: 2024-03-15
        kind: plenary
        place: 市政府第一会议室
        decisions:
          - text: 制定2024年质量强市工作要点
            owners: [市市场监管局]
            due: 2024-06-30
          - text: 开展质量提升行动
            owners: [市市场监管局, 市发展改革委]
    history:
      - {date: 2024-10-12, kind: established, document: 运政办函〔2024〕38号}
"""
ITEMS_NEW = """\
    duties:
      - 研究制定全市实施质量强市和标准化战略相关政策措施
      - 组织市级政府质量奖励工作
      - 安排部署年度重点工作任务
      - 协调解决相关重大问题
      - 完成市委、市政府交办的其他事项
    requirements:
      - 各成员单位要按照职责分工，主动研究有关问题，积极配合，形成合力。
      - 各成员单位要确定一名联络员，及时报送工作信息。
    meetings:
      - date: 2024-03-15
        kind: plenary
        place: 市政府第一会议室
        decisions:
          - text: 制定2024年质量强市和标准化工作要点
            owners: [市市场监管局]
            due: 2024-06-30
            status: done
          - text: 开展质量提升行动
            owners: [市市场监管局, 市发展改革委]
      - date: 2025-03-20
        kind: liaison
        place: 市市场监管局三楼会议室
        decisions:
          - text: 制定2025年质量强市工作要点
            owners: [市市场监管局]
          - text: 各成员单位报送年度工作总结
    history:
      - {date: 2024-10-12, kind: established, document: 运政办函〔2024〕38号}
      - {date: 2025-04-01, kind: adjusted, note: 召集人调整为市政府分管副市长}
"""


def _with_items(items: str) -> str:
    return VALID.replace("    lead_unit: 市市场监管局\n", items + "    lead_unit: 市市场监管局\n")


@pytest.fixture
def items_history(tmp_path: Path) -> Path:
    """A git repository whose one commit is followed by edits to duties, requirements, a
    meeting decision and the history."""
    return commit_then_edit(tmp_path, _with_items(ITEMS_OLD), _with_items(ITEMS_NEW))


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_revision_items_golden(items_history: Path, fmt: str, golden: Golden) -> None:
    code, out = run("diff", "demo@HEAD", "demo", "--format", fmt, "--exit-code", cwd=items_history)
    assert code == 1
    golden(out, GOLDEN / f"items.{SUFFIX[fmt]}")


MANY_DUTIES = [f"组织开展第{n}项质量提升专项行动并按季度报送工作进展" for n in range(1, 31)]


def test_a_revision_with_one_changed_item_prints_that_item_and_no_other(tmp_path: Path) -> None:
    def with_duties(duties: list[str]) -> str:
        return _with_items("    duties:\n" + "".join(f"      - {d}\n" for d in duties))

    edited = list(MANY_DUTIES)
    edited[16] = "组织开展第17项质量提升专项行动并按月报送工作进展"
    root = commit_then_edit(tmp_path, with_duties(MANY_DUTIES), with_duties(edited))
    _, text = run("diff", "demo@HEAD", "demo", cwd=root)
    assert text.splitlines() == [
        "== demo@HEAD:quality ↔ demo:quality  (paired by: same system; 1 difference)",
        "   duties 1",
        "-- duties (1)",
        "   ~ [17] 组织开展第17项质量提升专项行动并按[-季度-]{+月+}报送工作进展",
        "",
        "1 difference",
    ]
    _, md = run("diff", "demo@HEAD", "demo", "--format", "md", cwd=root)
    items = [line for line in md.splitlines() if line.startswith("- ")]
    assert items == ["- `~` `[17]` 组织开展第17项质量提升专项行动并按~~季度~~ **月**报送工作进展"]
    _, out = run("diff", "demo@HEAD", "demo", "--format", "json", cwd=root)
    (pair,) = json.loads(out)["comparisons"][0]["pairs"]
    assert {k: v for k, v in pair["sections"].items() if v} == {
        "duties": [
            {
                "key": "duties[17]",
                "kind": "changed",
                "a": MANY_DUTIES[16],
                "b": edited[16],
                "at": [17, 17],
                "spans": [
                    {"op": "=", "text": "组织开展第17项质量提升专项行动并按"},
                    {"op": "-", "text": "季度"},
                    {"op": "+", "text": "月"},
                    {"op": "=", "text": "报送工作进展"},
                ],
            }
        ]
    }


def _text_counts(out: str) -> tuple[list[int], list[int], list[int], int]:
    """(headline counts, summary-line sums, unpaired counts, footer) of a text diff."""
    heads = [int(n) for n in re.findall(r"^== .*; (\d+) differences?\)$", out, re.M)]
    sums = [
        sum(int(n) for n in re.findall(r" (\d+)(?: ·|$)", line))
        for line in re.findall(r"^== .*\n(   .*)$", out, re.M)
    ]
    unpaired = [int(n) for n in re.findall(r"^unpaired in [AB] \((\d+)\)", out, re.M)]
    footer = int(re.findall(r"^(\d+) differences?$", out, re.M)[-1])
    return heads, sums, unpaired, footer


@pytest.mark.parametrize(("a", "b"), PEERS, ids=[f"{a}~{b}" for a, b in PEERS])
def test_headline_sections_and_footer_agree(a: str, b: str) -> None:
    _, out = run("diff", a, b, "--root", str(REPO))
    heads, sums, unpaired, footer = _text_counts(out)
    assert heads == sums
    assert sum(heads) + sum(unpaired) == footer
    _, md = run("diff", a, b, "--root", str(REPO), "--format", "md")
    total = int(re.findall(r"^\*\*(\d+) differences?\*\*$", md, re.M)[0])
    rows = [int(n) for n in re.findall(r"^\| .* \| (\d+) \| .* \|$", md, re.M)]
    assert total == sum(rows) == footer
    _, js = run("diff", a, b, "--root", str(REPO), "--format", "json")
    assert json.loads(js)["differences"] == footer


def test_revision_counts_agree(items_history: Path) -> None:
    _, out = run("diff", "demo@HEAD", "demo", cwd=items_history)
    heads, sums, unpaired, footer = _text_counts(out)
    items = [line for line in out.splitlines() if line[:5] in ("   + ", "   - ", "   ~ ", "   ↕ ")]
    assert heads == sums == [footer] == [len(items)]
    assert unpaired == []


def test_base_groups_by_file_and_system(tmp_path: Path, golden: Golden) -> None:
    """Two files changed, one added, one removed: a table first, then one heading per file."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    defs = tmp_path / "definitions"
    defs.mkdir()
    one = VALID.replace("id: demo", "id: one")
    two = VALID.replace("id: demo", "id: two")
    gone = VALID.replace("id: demo", "id: gone")
    (defs / "one.yaml").write_text(one, encoding="utf-8")
    (defs / "two.yaml").write_text(two, encoding="utf-8")
    (defs / "gone.yaml").write_text(gone, encoding="utf-8")
    commit_all(tmp_path)
    (defs / "one.yaml").write_text(one.replace("张工", "李四"), encoding="utf-8")
    (defs / "two.yaml").write_text(two.replace("市政府分管", "市政府常务"), encoding="utf-8")
    (defs / "gone.yaml").unlink()
    (defs / "new.yaml").write_text(VALID.replace("id: demo", "id: new"), encoding="utf-8")
    code, out = run("diff", "--base", "HEAD", "--format", "md", "--exit-code", cwd=tmp_path)
    assert code == 1
    golden(out, GOLDEN / "base-files.md")
