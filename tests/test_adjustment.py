"""`lianxi render adjustment`: the 调整通知 from a revision built in a temporary git repository."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml

from lianxi.model import HistoryEntry

from .conftest import commit_then_edit, git, run_cli

GOLDEN = Path(__file__).parent / "golden" / "adjustment"
Golden = Callable[[str, Path], None]

BEFORE = """\
# yaml-language-server: $schema=../schema/lianxi.schema.json
lianxi: 1
id: demo
jurisdiction: 运城市
level: city
document:
  kind: 通知
  issuer: 运城市人民政府办公室
  number: 运政办函〔2016〕12号
  date: 2016-05-10
  addressees: [各县（市、区）人民政府, 市直各有关单位]
  note: 此件公开发布
systems:
  - key: quality
    name: 运城市质量强市联席会议制度
    short_name: 联席会议
    established: 2016-05-10
    lead_unit: 市质监局
    units:
      - 市发展改革委
      - 市教育局
      - 市工商局
      - 市质监局
      - name: 市能源局
        member: {name: 李四, post: 副局长}
    declared_unit_count: 5
    conveners:
      - role: 召集人
        post: 市政府副市长
        name: 王五
      - role: deputy_convener
        post: 市质监局局长
        unit: 市质监局
    office: {unit: 市质监局, director: 市质监局分管同志}
"""

AFTER = (
    BEFORE.replace(
        """      - 市工商局
      - 市质监局
      - name: 市能源局
        member: {name: 李四, post: 副局长}
    declared_unit_count: 5""",
        """      - name: 市市场监管局
        member: {name: 张工, post: 局长}
      - 市数据局
    declared_unit_count: 4""",
    )
    .replace("lead_unit: 市质监局", "lead_unit: 市市场监管局")
    .replace("name: 王五", "name: 赵六")
    .replace(
        """        post: 市质监局局长
        unit: 市质监局
    office: {unit: 市质监局, director: 市质监局分管同志}""",
        """        post: 市市场监管局局长
        unit: 市市场监管局
    office: {unit: 市市场监管局, director: 市市场监管局分管同志}""",
    )
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A workspace whose HEAD has BEFORE and whose working tree has AFTER."""
    return commit_then_edit(tmp_path, BEFORE, AFTER, "2016")


def adjust(root: Path, *args: str) -> tuple[int, bytes, str]:
    result = run_cli(
        "render",
        "adjustment",
        "demo:quality",
        "--since",
        "HEAD",
        "--date",
        "2025-03-01",
        "--root",
        str(root),
        *args,
    )
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_adjustment_notice_matches_the_golden_file(repo: Path, golden: Golden, fmt: str) -> None:
    code, out, err = adjust(repo, "-f", fmt)
    assert code == 0, err
    golden(out.decode("utf-8"), GOLDEN / f"demo.adjustment.{fmt}")


def test_adjustment_phrasing_follows_real_notices(repo: Path) -> None:
    code, out, _ = adjust(repo, "-f", "txt")
    assert code == 0
    lines = out.decode("utf-8").split("\n\n")
    assert lines[1] == "运城市人民政府办公室关于调整运城市质量强市联席会议成员单位及组成人员的通知"
    assert lines[3] == (
        "因机构改革和工作需要，经市政府同意，现将运城市质量强市联席会议成员单位及组成人员调整如下："
    )
    assert lines[5] == (
        "增加市数据局为联席会议成员单位。市能源局不再作为联席会议成员单位。"
        "市工商局、市质监局调整为市市场监管局。"
    )
    assert "召集人由市政府副市长王五同志调整为市政府副市长赵六同志。" in lines[7]
    assert (
        "调整后，联席会议成员单位共4个：市发展改革委、市教育局、市市场监管局、市数据局。" in lines
    )


def test_adjustment_docx_is_the_txt_paragraph_for_paragraph(repo: Path) -> None:
    _, txt, _ = adjust(repo, "-f", "txt")
    code, data, err = adjust(repo, "-f", "docx", "-o", str(repo / "a.docx"))
    assert code == 0, err
    assert data == b""
    document = docx.Document(io.BytesIO((repo / "a.docx").read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs == [line for line in txt.decode("utf-8").splitlines() if line.strip()]
    title = document.paragraphs[1]
    assert title.alignment == 1  # centred
    assert title.runs[0].font.size.pt == 22  # 二号


def test_record_proposes_a_history_entry_that_validates(repo: Path) -> None:
    code, _, err = adjust(repo, "--record")
    assert code == 0
    head, _, entry = err.partition("\n")
    assert head == "# add to definitions/demo.yaml, systems[0] (demo:quality), history:"
    (item,) = yaml.safe_load(entry)
    history = HistoryEntry.model_validate(item)
    assert history.kind.value == "adjusted"
    assert str(history.date) == "2025-03-01"
    assert history.units_added == ["市数据局", "市市场监管局"]
    assert history.units_removed == ["市能源局", "市工商局", "市质监局"]
    assert history.note is not None and history.note.startswith("增加市数据局为联席会议成员单位；")


def test_since_an_older_commit_and_only_conveners(repo: Path) -> None:
    git(repo, "commit", "-q", "-am", "2025")
    path = repo / "definitions" / "demo.yaml"
    path.write_text(AFTER.replace("name: 赵六", "name: 钱七"), encoding="utf-8")
    code, out, err = adjust(repo, "-f", "txt")
    assert code == 0, err
    text = out.decode("utf-8")
    assert "关于调整运城市质量强市联席会议组成人员的通知" in text
    assert "根据工作需要，经市政府同意" in text
    assert "一、召集人调整\n\n召集人由市政府副市长赵六同志调整为市政府副市长钱七同志。" in text
    assert "成员单位调整" not in text
    older = run_cli(
        "render",
        "adjustment",
        "demo:quality",
        "--since",
        "HEAD~1",
        "-f",
        "txt",
        "--date",
        "2025-03-01",
        "--root",
        str(repo),
    )
    assert "钱七" in older.stdout and "市工商局、市质监局调整为市市场监管局" in older.stdout


@pytest.mark.parametrize(
    ("args", "setup", "code", "expected"),
    [
        (["demo:quality", "--since", "nosuchrev"], None, 2, "LX902"),
        (["demo:nosuch", "--since", "HEAD"], None, 2, "LX901"),
        (["demo:quality", "--since", "HEAD"], "unchanged", 2, "no adjustment to announce"),
        (["demo", "--since", "HEAD"], "two systems", 2, "holds several systems; name one"),
        (["demo:other", "--since", "HEAD"], "two systems", 2, "had no system 'other' at revision"),
        (["demo:quality", "--since", "HEAD", "--date", "2025-13-01"], None, 2, "LX102"),
    ],
)
def test_adjustment_errors_are_diagnostics(
    repo: Path, args: list[str], setup: str | None, code: int, expected: str
) -> None:
    path = repo / "definitions" / "demo.yaml"
    if setup == "unchanged":
        path.write_text(BEFORE, encoding="utf-8")
    if setup == "two systems":
        path.write_text(
            AFTER + "  - key: other\n    name: 另一个联席会议制度\n    units: [市教育局]\n",
            encoding="utf-8",
        )
    result = run_cli("render", "adjustment", *args, "--root", str(repo))
    assert result.exit_code == code, result.output
    assert expected in result.stderr
    assert result.stdout == ""


def test_adjustment_pdf_is_printed_by_libreoffice(repo: Path) -> None:
    from lianxi import pdf

    if not (pdf.soffice() and shutil.which("pdftotext")):
        pytest.skip(
            "needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui)"
        )
    out = repo / "a.pdf"
    code, _, err = adjust(repo, "-f", "pdf", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "调整后，联席会议成员单位共4个" in flat
    assert "附件" in flat and "运城市质量强市联席会议成员名单" in flat
    code, _, err = adjust(repo, "-f", "pdf", "-o", str(out))
    assert code == 1 and "LX504" in err  # checked before printing
