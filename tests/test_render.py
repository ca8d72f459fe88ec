"""`lianxi render`: the 通知 and the 成员名单 from templates, down to a GB/T 9704 Word file.

Golden files: regenerate after an intended change with `pytest tests/test_render.py --update-golden`.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import opencc
import pytest
from docx.shared import Pt

from lianxi import names

from .conftest import REPO, SEEDS, VALID, run_cli

GOLDEN = Path(__file__).parent / "golden" / "render"
IDS = ["yuncheng", "ezhou", "lianyungang", "guojia-jiliang", "neimenggu"]
Golden = Callable[[str, Path], None]
Build = Callable[[dict[str, str | bytes]], Path]


def run(*args: str, cwd: Path | None = None) -> tuple[int, bytes, str]:
    result = run_cli(*args, cwd=cwd)
    return result.exit_code, result.stdout_bytes, result.stderr


def notice(doc_id: str, fmt: str = "txt") -> str:
    code, out, err = run("render", "notice", doc_id, "--root", str(REPO), "--format", fmt)
    assert code == 0, err
    return out.decode("utf-8")


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("doc_id", IDS)
def test_notice_golden(doc_id: str, fmt: str, golden: Golden) -> None:
    golden(notice(doc_id, fmt), GOLDEN / f"{doc_id}.notice.{fmt}")


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
@pytest.mark.parametrize("doc_id", ["guojia-jiliang", "yuncheng"])
def test_members_golden(doc_id: str, fmt: str, golden: Golden) -> None:
    code, out, _ = run("render", "members", doc_id, "--root", str(REPO), "--format", fmt)
    assert code == 0
    text = out.decode("utf-8")
    if fmt == "csv":  # CSV lines end in CRLF for Excel; the golden file keeps LF
        assert text.count("\r\n") == text.count("\n")
        text = text.replace("\r\n", "\n")
    golden(text, GOLDEN / f"{doc_id}.members.{fmt}")


# --- fidelity: the txt render gives back the published document ----------------------------------

# where each document starts and ends inside its web page (the rest is the page's chrome)
CUTS = {
    "yuncheng": (None, None),
    "ezhou": ("鄂州市标准化协调推进工作联席会议制度", None),
    "lianyungang": ("\n市政府办公室关于印发", None),
    "guojia-jiliang": ("国务院办公厅关于发布", "相关行业分析报告"),
}


@pytest.mark.parametrize("doc_id", list(CUTS))
def test_txt_render_gives_back_the_document(doc_id: str) -> None:
    source = opencc.OpenCC("t2s").convert((SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8"))
    start, end = CUTS[doc_id]
    if start:
        source = source[source.index(start) :]
    if end:
        source = source[: source.index(end)]
    # simplified characters, no inline pinyin, punctuation width folded, no whitespace
    a, b = names.clean(source), names.clean(notice(doc_id))
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert ratio >= 0.95, f"{doc_id}: similarity {ratio:.4f}"


def test_generated_sentences_follow_the_documents_phrasing() -> None:
    text = notice("guojia-jiliang")
    assert "等25个部门组成,市场监管总局为牵头单位。" in text
    assert "召集人：张工  市场监管总局局长" in text
    assert "2014年5月7日" in notice("lianyungang")  # Arabic, not zero-padded
    assert "（此件公开发布）" in notice("yuncheng")


# --- Word ------------------------------------------------------------------------------------------


def _docx(doc_id: str, tmp_path: Path, *extra: str) -> docx.document.Document:
    out = tmp_path / f"{doc_id}.docx"
    code, _, err = run(
        "render", "notice", doc_id, "--root", str(REPO), "-f", "docx", "-o", str(out), *extra
    )
    assert code == 0, err
    return docx.Document(str(out))


def _east_asia(run: docx.text.run.Run) -> str | None:
    rfonts = run._element.rPr.rFonts
    return rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_docx_page_and_margins(tmp_path: Path) -> None:
    section = _docx("yuncheng", tmp_path).sections[0]
    mm = [
        round(x / 36000, 1)  # EMU → mm
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.left_margin,
            section.page_width - section.left_margin - section.right_margin,
            section.page_height - section.top_margin - section.bottom_margin,
        )
    ]
    assert mm == [210, 297, 37, 28, 156, 225]  # A4, 天头, 订口, 版心
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    grid = section._sectPr.find(f"{w}docGrid")
    # a line grid only: LibreOffice snaps a 16 pt character to two cells of a character grid (#20)
    assert grid is not None and (grid.get(f"{w}type"), grid.get(f"{w}linePitch")) == (
        "lines",
        "579",
    )
    assert grid.get(f"{w}charSpace") is None


def test_docx_fonts_and_sizes(tmp_path: Path) -> None:
    paragraphs = _docx("yuncheng", tmp_path).paragraphs
    by_text = {p.text: p for p in paragraphs}
    title = by_text[
        "运城市人民政府办公室关于建立运城市质量强市和标准化联席会议制度运城市知识产权强市建设工作联席会议制度的通知"
    ]
    assert title.alignment == 1  # centred
    assert (_east_asia(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    addressee = by_text["各县（市、区）人民政府，运城开发区管委会，市直各有关单位："]
    assert addressee.paragraph_format.first_line_indent is None
    body = next(p for p in paragraphs if p.text.startswith("为全面贯彻"))
    assert (_east_asia(body.runs[0]), body.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    assert body.paragraph_format.first_line_indent == Pt(2 * 15.75)  # a character: 16 pt − 0.25 pt
    assert _east_asia(by_text["一、运城市质量强市和标准化联席会议制度"].runs[0]) == "黑体"
    assert _east_asia(by_text["（一）主要职责"].runs[0]) == "楷体_GB2312"
    assert (
        _east_asia(
            by_text[
                "1. 联席会议办公室设在市市场监管局,承担联席会议日常工作。办公室主任由市市场监管局分管同志担任;联络员由各成员单位承办科室负责同志担任。"
            ].runs[0]
        )
        == "仿宋_GB2312"
    )
    # §7.3.5.2: 署名 右空二字 in the body font, black; the date starts two characters right of it
    signature = paragraphs[-3]
    assert (signature.text, signature.alignment) == ("运城市人民政府办公室", 2)
    assert signature.paragraph_format.right_indent == Pt(2 * 15.75)
    assert (_east_asia(signature.runs[0]), signature.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    assert signature.runs[0].font.color.rgb == (0, 0, 0)
    date = by_text["2024年10月12日"]  # 7 characters wide; 10 − 7 = 3 characters in from the right
    assert date.alignment == 2 and date.paragraph_format.right_indent == Pt(3 * 15.75)
    issuer = paragraphs[0]
    assert issuer.runs[0].font.color.rgb == (0xE6, 0x00, 0x12)  # red only in the 版头


def test_docx_page_numbers_odd_right_even_left(tmp_path: Path) -> None:
    out = tmp_path / "n.docx"
    run("render", "notice", "yuncheng", "--root", str(REPO), "-f", "docx", "-o", str(out))
    with zipfile.ZipFile(out) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
        settings = z.read("word/settings.xml").decode()
    assert "w:evenAndOddHeaders" in settings
    numbered = [f for f in footers if "PAGE" in f]
    assert len(numbered) == 2
    assert all(
        "— " in f and " —" in f and 'w:eastAsia="宋体"' in f and 'w:val="28"' in f for f in numbered
    )
    assert {re.search(r'<w:jc w:val="(\w+)"', f)[1] for f in numbered} == {"right", "left"}  # type: ignore[index]


@pytest.mark.parametrize("doc_id", ["yuncheng", "guojia-jiliang", "lianyungang"])
def test_docx_text_equals_the_txt_render(doc_id: str, tmp_path: Path) -> None:
    paragraphs = [p.text for p in _docx(doc_id, tmp_path).paragraphs]
    assert paragraphs == [line for line in notice(doc_id).splitlines() if line.strip()]


def test_letter_format_for_a_han(tmp_path: Path) -> None:
    document = _docx("guojia-jiliang", tmp_path)
    assert document.sections[0].different_first_page_header_footer  # no page number on page 1
    issuer = document.paragraphs[0]
    assert issuer.text == "国务院办公厅"
    assert 'w:val="thickThinSmallGap"' in issuer._p.xml  # the red double rule, thick over thin
    assert 'w:vAnchor="page"' in issuer._p.xml and 'w:y="1701"' in issuer._p.xml  # 30 mm


def test_members_docx_and_csv_bom(tmp_path: Path) -> None:
    out = tmp_path / "m.docx"
    code, _, _ = run(
        "render", "members", "guojia-jiliang", "--root", str(REPO), "-f", "docx", "-o", str(out)
    )
    assert code == 0
    table = docx.Document(str(out)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "单位", "姓名", "职务"]
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml  # repeated on every page
    assert table.rows[1].cells[0].text == "召集人"  # a group row across the table
    assert [c.text for c in table.rows[2].cells] == [
        "1",
        "市场监管总局",
        "张工",
        "市场监管总局局长",
    ]
    texts = [[c.text for c in r.cells] for r in table.rows]
    member = texts.index(["成员"] * 4)
    assert texts[member + 1][0] == "3"  # 序号 runs on across the groups
    _, csv_bytes, _ = run("render", "members", "guojia-jiliang", "--root", str(REPO), "-f", "csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf\xe5\x88\xb6\xe5\xba\xa6")  # BOM, then 制度


# --- workspace templates, errors, files ----------------------------------------------------------

PRIVATE = VALID.replace(
    "    office: {unit: 市市场监管局, director: 市市场监管局分管同志}",
    "    office: {unit: 市市场监管局, director: 市市场监管局分管同志}\n"
    "    liaisons:\n      people:\n        - {unit: 市教育局, name: 王五, post: 科长, phone: 0359-1234567}",
)


def test_phones_only_with_private(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": PRIVATE})
    _, public, _ = run("render", "members", "demo", "--root", str(root))
    _, private, _ = run("render", "members", "demo", "--root", str(root), "--private")
    assert b"0359-1234567" not in public and b"0359-1234567" in private
    for fmt in ("csv", "html"):
        assert b"0359" not in run("render", "members", "demo", "--root", str(root), "-f", fmt)[1]


def test_workspace_template_extends_a_builtin_block(workspace: Build) -> None:
    override = '{% extends "builtin:notice.md.j2" %}\n{% block closing %}\n（完）\n{% endblock %}\n'
    root = workspace({"definitions/demo.yaml": VALID, "templates/notice.md.j2": override})
    code, out, _ = run("render", "notice", "demo", "--root", str(root))
    assert code == 0
    text = out.decode()
    assert text.endswith("（完）\n") and "2024年10月12日" not in text
    assert "## 一、运城市质量强市和标准化联席会议制度" in text


@pytest.mark.parametrize(
    ("template", "code", "line"),
    [
        ("line one\n{% if %}\n", "LX501", 2),
        ("line one\nline two\n{{ nosuch.field }}\n", "LX502", 3),
        ("{{ ''.__class__.__mro__ }}\n", "LX506", 1),
        ('{% extends "builtin:nosuch.md.j2" %}\n', "LX503", 0),
        ("{{ " + "(" * 50_000 + "1" + ")" * 50_000 + " }}\n", "LX501", 0),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}\n{{ f(1) }}\n", "LX501", 1),
    ],
)
def test_template_errors_are_diagnostics_at_file_and_line(
    workspace: Build, template: str, code: str, line: int
) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "templates/notice.md.j2": template})
    exit_code, out, err = run("render", "notice", "demo", "--root", str(root))
    assert exit_code == 1 and out == b""
    assert code in err
    if line:
        assert f"templates/notice.md.j2:{line}:" in err
    elif code != "LX503":
        assert "templates/notice.md.j2: " in err


def test_html_is_autoescaped(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID.replace("市教育局", "市<b>教育</b>局")})
    _, out, _ = run("render", "notice", "demo", "--root", str(root), "-f", "html")
    assert b"&lt;b&gt;" in out and b"<b>" not in out


def test_existing_file_is_kept_without_force(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    target = root / "out.md"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run("render", "notice", "demo", "--root", str(root), "-o", str(target))
    assert (code, target.read_text(encoding="utf-8")) == (1, "mine")
    assert "LX504" in err and "--force" in err
    code, _, _ = run("render", "notice", "demo", "--root", str(root), "-o", str(target), "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("**运城市人民政府办公室**")


def test_written_files_get_the_usual_permissions(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    mask = os.umask(0o022)
    try:
        new, kept = root / "new.md", root / "kept.md"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        for target in (new, kept):
            code, _, _ = run(
                "render", "notice", "demo", "--root", str(root), "-o", str(target), "--force"
            )
            assert code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not the 0o600 of a temporary file
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640  # a replaced file keeps its mode
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_written_to_not_replaced(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    pipe = root / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    code, _, _ = run("render", "notice", "demo", "--root", str(root), "-o", str(pipe))
    reader.join(timeout=10)
    assert code == 0 and stat.S_ISFIFO(pipe.stat().st_mode)  # still a pipe, not a file
    assert received[0].decode("utf-8").startswith("**运城市人民政府办公室**")


def test_a_symbolic_link_is_written_through(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    real, link = root / "real.md", root / "link.md"
    real.write_text("old", encoding="utf-8")
    link.symlink_to(real)
    assert run("render", "notice", "demo", "--root", str(root), "-o", str(link))[0] == 1  # LX504
    assert run("render", "notice", "demo", "--root", str(root), "-o", str(link), "--force")[0] == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("**运城市")
    loop = root / "loop.md"
    loop.symlink_to(loop)
    code, _, err = run("render", "notice", "demo", "--root", str(root), "-o", str(loop), "--force")
    assert code == 1 and "LX505" in err and "symbolic links" in err


def test_no_ref_renders_every_definition_into_out_dir(workspace: Build) -> None:
    root = workspace(
        {
            "definitions/demo.yaml": VALID,
            "definitions/other.yaml": VALID.replace("id: demo", "id: other"),
        }
    )
    code, _, err = run("render", "notice", "--root", str(root), "-f", "txt", cwd=root)
    assert code == 0
    assert sorted(p.name for p in (root / "build").iterdir()) == [
        "demo.notice.txt",
        "other.notice.txt",
    ]
    (root / "build" / "other.notice.txt").write_text("kept", encoding="utf-8")
    (root / "build" / "demo.notice.txt").unlink()
    code, _, err = run("render", "notice", "--root", str(root), "-f", "txt", cwd=root)
    assert code == 1 and "LX504" in err
    assert not (root / "build" / "demo.notice.txt").exists()  # refused before writing anything
    assert (root / "build" / "other.notice.txt").read_text(encoding="utf-8") == "kept"


def test_builtins_render_from_any_folder(tmp_path: Path) -> None:
    code, out, _ = run(
        "render", "notice", "yuncheng", "--root", str(REPO), "-f", "txt", cwd=tmp_path
    )
    assert code == 0 and out.decode().startswith("运城市人民政府办公室\n")


def test_members_csv_of_a_two_system_file_starts_with_a_bom() -> None:
    _, out, _ = run("render", "members", "yuncheng", "--root", str(REPO), "-f", "csv")
    assert io.BytesIO(out).read(3) == b"\xef\xbb\xbf"


# --- 会议纪要 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_minutes_golden(fmt: str, golden: Golden) -> None:
    code, out, err = run(
        "render", "minutes", "neimenggu", "--meeting", "2023-08-10", "--root", str(REPO), "-f", fmt
    )
    assert code == 0, err
    golden(out.decode("utf-8"), GOLDEN / f"neimenggu.minutes.{fmt}")


def test_minutes_docx_labels_in_heiti(tmp_path: Path) -> None:
    out = tmp_path / "m.docx"
    args = ("render", "minutes", "neimenggu", "--meeting", "2023-08-10", "--root", str(REPO))
    code, _, _ = run(*args, "-f", "docx", "-o", str(out))
    assert code == 0
    paragraphs = docx.Document(str(out)).paragraphs
    attend = next(p for p in paragraphs if p.text.startswith("出席："))
    assert [(r.text, _east_asia(r)) for r in attend.runs] == [
        ("出席：", "黑体"),
        ("卢颖石（自治区政府办公厅副主任）、各成员单位有关负责同志和联络员", "仿宋_GB2312"),
    ]
    _, txt, _ = run(*args, "-f", "txt")
    assert [p.text for p in paragraphs] == [x for x in txt.decode().splitlines() if x.strip()]


def test_minutes_for_a_day_without_a_meeting_is_a_usage_error() -> None:
    code, out, err = run(
        "render", "minutes", "neimenggu", "--meeting", "2023-08-11", "--root", str(REPO)
    )
    assert (code, out) == (2, b"")
    assert "LX901" in err and "2023-08-10" in err  # names the meetings that are recorded


@pytest.mark.parametrize(
    "args",
    [
        ("render", "notice", "yuncheng:nokey"),
        ("render", "members", "yuncheng:nokey"),
        ("meetings", "yuncheng:nokey"),
    ],
)
def test_a_key_the_file_does_not_have_is_a_usage_error(args: tuple[str, ...]) -> None:
    code, out, err = run(*args, "--root", str(REPO))
    assert (code, out) == (2, b"")
    assert "LX901" in err and "quality, ip" in err
