"""The Word files' XML (valid for Word, which refuses children out of order), the 版记, the member table,
and `-f pdf` with a stand-in LibreOffice: missing (LX520), failing or hanging (LX521), fonts (LX522)."""

from __future__ import annotations

import io
import stat
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from lianxi import pdf
from lianxi.wordfile import _ORDER, Colophon, _signature_indents, column_widths, notice_docx

from .conftest import REPO, VALID, run_cli

Build = Callable[[dict[str, str | bytes]], Path]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COLOPHON = VALID.replace(
    "  date: 2024-10-12\n",
    "  date: 2024-10-12\n  signature: 运城市人民政府办公室\n"
    "  copies_to: [市委办公室, 市人大常委会办公室]\n"
    "  printed_by: 运城市人民政府办公室\n  printed_on: 2024-10-12\n",
)


def render(*args: str) -> tuple[int, str]:
    result = run_cli(*args)
    return result.exit_code, result.stderr


def docx_files(tmp_path: Path) -> list[Path]:
    out = []
    for doc in ("yuncheng", "guojia-jiliang", "lianyungang", "ezhou"):
        out.append(tmp_path / f"{doc}.docx")
        render("render", "notice", doc, "--root", str(REPO), "-f", "docx", "-o", str(out[-1]))
    out.append(tmp_path / "members.docx")
    render(
        "render", "members", "yuncheng", "--private", "--root", str(REPO), "-f", "docx",
        "-o", str(out[-1]),
    )  # fmt: skip
    out.append(tmp_path / "minutes.docx")
    render(
        "render", "minutes", "neimenggu", "--meeting", "2023-08-10", "--root", str(REPO),
        "-f", "docx", "-o", str(out[-1]),
    )  # fmt: skip
    return out


def test_every_property_list_is_in_schema_order(tmp_path: Path) -> None:
    """pPr, rPr, tblPr, sectPr…: WordprocessingML fixes the order of their children."""
    wrong = []
    for path in docx_files(tmp_path):
        with zipfile.ZipFile(path) as z:
            parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
            for part in parts:
                root = docx.oxml.parse_xml(z.read(part))
                for parent in root.iter(*(qn(t) for t in _ORDER)):
                    order = _ORDER[parent.tag.replace(W, "w:")].split()
                    names = [c.tag.replace(W, "") for c in parent if c.tag.startswith(W)]
                    ranks = [order.index(n) for n in names if n in order]
                    if ranks != sorted(ranks):
                        wrong.append((path.name, part, parent.tag.replace(W, ""), names))
    assert wrong == []


def test_every_file_holds_only_what_it_uses_and_every_reference_resolves(tmp_path: Path) -> None:
    """No thumbnail of another document, no Word 2010 copy of the styles, no unused list styles: each
    relationship points at a part in the file, and each style a paragraph, run or table names exists."""
    for path in docx_files(tmp_path):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            assert not names & {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"}, path.name
            assert not any(n.startswith("customXml/") for n in names), path.name
            fixed = sum(z.getinfo(n).file_size for n in names if n != "word/document.xml")
            assert fixed < 40_000, path.name  # 830 kB before
            for rels in (n for n in names if n.endswith(".rels")):
                base = rels.replace("_rels/", "").removesuffix(".rels").rsplit("/", 1)[0]
                for rel in docx.oxml.parse_xml(z.read(rels)):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = rel.get("Target").lstrip("/")
                    full = target if rels.startswith("_rels/") else f"{base}/{target}"
                    assert full in names, (path.name, rels, target)
            styles = docx.oxml.parse_xml(z.read("word/styles.xml"))
            defined = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
            used = {
                el.get(qn("w:val"))
                for part in names
                if part.startswith("word/") and part.endswith(".xml")
                for el in docx.oxml.parse_xml(z.read(part)).iter(
                    qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle")
                )
            }
            assert used <= defined, (path.name, used - defined)
            core = z.read("docProps/core.xml").decode()
            assert "<dc:creator>lianxi</dc:creator>" in core and "python-docx" not in core


@pytest.mark.parametrize(
    ("signature", "date", "expected"),
    [
        ("运城市人民政府办公室", "2024年10月12日", (2.0, 3.0)),  # date starts two characters right
        ("国务院办公厅", "2024年10月12日", (5.0, 2.0)),  # a longer date: the 署名 moves left
        ("国务院办公厅", "", (2.0, 0.0)),  # no date: 右空二字
    ],
)
def test_signature_and_date_indents_follow_7_3_5_2(
    signature: str, date: str, expected: tuple[float, float]
) -> None:
    assert _signature_indents(signature, date) == expected


def test_the_colophon_closes_the_notice_with_its_rules(workspace: Build, tmp_path: Path) -> None:
    root = workspace({"definitions/demo.yaml": COLOPHON})
    out = tmp_path / "n.docx"
    code, err = render(
        "render", "notice", "demo", "--root", str(root), "-f", "docx", "-o", str(out)
    )
    assert code == 0, err
    paragraphs = docx.Document(str(out)).paragraphs
    copies, printed, anchor = paragraphs[-3:]
    assert copies.text == "抄送：市委办公室，市人大常委会办公室。"
    assert printed.text == "运城市人民政府办公室\t2024年10月12日印发"
    assert anchor.text == ""
    xml = copies._p.xml + printed._p.xml
    assert xml.count("<w:framePr") == 2 and 'w:vAnchor="page"' in xml
    # thick rule over the first element and under the last, a thin one between (§7.4.1)
    assert '<w:top w:val="single" w:sz="8"' in copies._p.xml
    assert '<w:bottom w:val="single" w:sz="6"' in copies._p.xml
    assert '<w:bottom w:val="single" w:sz="8"' in printed._p.xml
    # the last rule lies on the foot of the 版心: 262 mm = 14,853 twips from the top of the page
    y_last = int(printed._p.pPr.find(qn("w:framePr")).get(qn("w:y")))
    assert y_last + 579 == pytest.approx(14853, abs=2)
    txt = run_cli("render", "notice", "demo", "--root", str(root), "-f", "txt").stdout
    assert txt.endswith(
        "抄送：市委办公室，市人大常委会办公室。\n\n运城市人民政府办公室  2024年10月12日印发\n"
    )


def test_a_letter_keeps_only_the_copies_without_rules() -> None:
    data = notice_docx(
        "国务院办公厅\n\n标题\n\n正文。\n",
        {"国务院办公厅": "issuer", "标题": "title"},
        letter=True,
        colophon=Colophon(["市场监管总局"], "国务院办公厅", "2024年1月2日"),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    assert "抄送：市场监管总局。" in body and "印发" not in body
    assert '<w:top w:val="single"' not in body and '<w:bottom w:val="single"' not in body


def test_members_private_adds_the_phone_column(tmp_path: Path) -> None:
    out = tmp_path / "m.docx"
    args = ("render", "members", "guojia-jiliang", "--root", str(REPO), "-f", "docx")
    assert render(*args, "--private", "-o", str(out))[0] == 0
    assert [c.text for c in docx.Document(str(out)).tables[0].rows[0].cells] == [
        "序号", "单位", "姓名", "职务", "联系电话",
    ]  # fmt: skip
    assert render(*args, "-o", str(tmp_path / "p.docx"))[0] == 0
    public = docx.Document(str(tmp_path / "p.docx")).tables[0]
    assert "联系电话" not in [c.text for c in public.rows[0].cells]


def test_column_widths_fill_the_line_and_keep_unit_names_whole() -> None:
    header = ["序号", "单位", "姓名", "职务"]
    rows = [["1", "国家金融监督管理总局运城监管分局", "张三", "市政府分管市场监管工作的副市长"]]
    widths = column_widths(header, rows, 14)
    assert sum(widths) == pytest.approx(442.2, abs=0.5)  # the 版心, 156 mm
    assert widths[1] >= 16 * 14  # the unit's 16 characters on one line
    short = column_widths(header, [["1", "教育部", "钟登华", "教育部副部长"]], 14)
    assert sum(short) == pytest.approx(442.2, abs=0.5) and short[0] == min(short)


def test_the_minutes_mark_is_red_and_the_people_labels_black_heiti(tmp_path: Path) -> None:
    out = tmp_path / "m.docx"
    args = ("render", "minutes", "neimenggu", "--meeting", "2023-08-10", "--root", str(REPO))
    assert render(*args, "-f", "docx", "-o", str(out))[0] == 0
    paragraphs = docx.Document(str(out)).paragraphs
    mark = paragraphs[0]
    assert mark.text.endswith("纪要") and mark.runs[0].font.color.rgb == (0xE6, 0x00, 0x12)
    assert all(
        r.font.color.rgb == (0, 0, 0) for p in paragraphs[1:] for r in p.runs
    )  # red only in the 版头


# --- -f pdf with a stand-in LibreOffice --------------------------------------------------------------


def fake(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH with only the stand-ins this test writes (and sh, sleep, cp for them)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("sleep", "printf", "cat", "echo"):
        src = next(
            (Path(d) / tool for d in ("/usr/bin", "/bin") if (Path(d) / tool).exists()), None
        )
        if src is not None:
            (folder / tool).symlink_to(src)
    monkeypatch.setenv("PATH", str(folder))
    return folder


@pytest.mark.usefixtures("bin_dir")
def test_pdf_without_libreoffice_is_lx520_with_the_install_line(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    code, err = render(
        "render", "notice", "yuncheng", "--root", str(REPO), "-f", "pdf", "-o", str(out)
    )
    assert code == 1 and "LX520" in err
    assert "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils" in err
    assert not out.exists()


def test_pdf_when_libreoffice_fails_is_lx521(bin_dir: Path, tmp_path: Path) -> None:
    fake(bin_dir, "soffice", 'echo "Error: source file could not be loaded"\nexit 1\n')
    out = tmp_path / "n.pdf"
    code, err = render(
        "render", "members", "yuncheng", "--root", str(REPO), "-f", "pdf", "-o", str(out)
    )
    assert code == 1 and "LX521" in err and "source file could not be loaded" in err
    assert not out.exists() and "Traceback" not in err


def test_pdf_that_hangs_is_stopped_with_everything_it_started(
    bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    fake(bin_dir, "soffice", f"sleep 60 &\necho $! > {pids}\nwait\n")
    monkeypatch.setattr(pdf, "TIMEOUT_S", 1)
    out = tmp_path / "n.pdf"
    started = time.monotonic()
    code, err = render(
        "render", "notice", "yuncheng", "--root", str(REPO), "-f", "pdf", "-o", str(out)
    )
    assert time.monotonic() - started < 30
    assert code == 1 and "LX521" in err and "within 1 s" in err
    assert not out.exists()
    child = int(pids.read_text())
    time.sleep(0.2)
    status = Path(f"/proc/{child}/status")
    if status.exists():  # ended, and perhaps not yet reaped by the init process: a zombie
        assert "State:\tZ" in status.read_text()


def test_pdf_is_written_atomically_with_a_font_report(bin_dir: Path, tmp_path: Path) -> None:
    """soffice converts in a fresh profile folder; missing official fonts are named (LX522)."""
    log = tmp_path / "args"
    fake(
        bin_dir,
        "soffice",
        f'echo "$@" > {log}\nfor a; do out=$a; done\n'
        'echo "%PDF-1.4" > "${out%/*}/document.pdf"\n',
    )
    fake(bin_dir, "fc-list", 'echo "Noto Serif CJK SC,Noto Serif CJK SC Regular"\necho "黑体"\n')
    out = tmp_path / "n.pdf"
    code, err = render(
        "render", "notice", "yuncheng", "--root", str(REPO), "-f", "pdf", "-o", str(out)
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-1.4")
    assert "LX522" in err and "仿宋_GB2312 → Noto Serif CJK SC" in err
    assert "黑体 →" not in err  # installed
    args = log.read_text()
    assert "-env:UserInstallation=file:///" in args and "--headless" in args
    profile = args.split("-env:UserInstallation=file://")[1].split()[0]
    assert not Path(profile).exists()  # the temporary folder is gone
    code, err = render(
        "render", "notice", "yuncheng", "--root", str(REPO), "-f", "pdf", "-o", str(out)
    )
    assert code == 1 and "LX504" in err  # no overwriting without --force, checked before printing


@pytest.mark.parametrize(
    ("font", "size", "bold", "red"),
    [
        ("仿宋_GB2312", 16.0, False, False),
        ("方正小标宋简体", 22.0, True, True),
        ("黑体", 14.0, False, False),
    ],
)
def test_copied_run_properties_are_those_set_one_by_one(
    font: str, size: float, bold: bool, red: bool
) -> None:
    """A run's font, size, weight, colour and spacing read the same in the XML whether they were
    copied from the ones made for the first such run or set through each property."""
    from lxml import etree

    from lianxi.wordfile import RED, _fonts, _format_run

    color = RED if red else None
    paragraph = docx.Document().add_paragraph()
    first, second, third = (paragraph.add_run(t) for t in ("甲", "乙", "丙"))
    _fonts(first, font, size, bold=bold, color=color)
    _fonts(second, font, size, bold=bold, color=color)  # copied
    _format_run(third, font, size, bold=bold, color=color)  # set one by one
    xml = [etree.tostring(r._element.rPr) for r in (first, second, third)]
    assert xml[0] == xml[1] == xml[2]
    assert second._element.rPr is not first._element.rPr  # a copy, not the same element
    assert qn("w:eastAsia") in second._element.rPr.find(qn("w:rFonts")).attrib


def test_paragraphs_of_one_kind_share_the_format_and_keep_their_own_text() -> None:
    """Body paragraphs after the first are copies of it: same properties, their own text, spaces kept."""
    text = "一、总体要求\n第一段正文。\n  第二段以空格开头。\n二、职责\n第三段\t有制表符。\n"
    body = docx.Document(io.BytesIO(notice_docx(text, {}))).paragraphs
    assert [p.text for p in body] == text.splitlines()
    one, two, three = body[1], body[2], body[4]
    assert one._p.pPr.xml == two._p.pPr.xml == three._p.pPr.xml
    assert one.runs[0]._r.rPr.xml == two.runs[0]._r.rPr.xml
    assert body[0]._p.pPr.xml == body[3]._p.pPr.xml  # the two 一、 headings
    assert two._p.xml.count('xml:space="preserve"') == 1
    assert one._p.xml.count('xml:space="preserve"') == 0


def test_notices_made_one_after_another_share_no_text() -> None:
    """Each notice is its own body over the shared package: nothing of one reaches the next."""
    from lianxi.wordfile import _base

    first = docx.Document(io.BytesIO(notice_docx("第一份通知的正文。\n", {})))
    second = docx.Document(io.BytesIO(notice_docx("第二份通知的正文。\n", {})))
    assert [p.text for p in first.paragraphs] == ["第一份通知的正文。"]
    assert [p.text for p in second.paragraphs] == ["第二份通知的正文。"]
    assert [c.tag.rsplit("}", 1)[1] for c in _base(True).document.element.body] == ["sectPr"]
    assert len(second.sections[0].footer.paragraphs[0].runs) > 0  # the page numbers are there


def test_member_rows_after_the_first_are_copies_with_their_own_texts() -> None:
    """Same cell properties in every member row; each row's own texts, empty cells and spaces kept."""
    from lianxi.wordfile import MemberList, members_docx

    rows = [["市教育局", "张三", "局长"], ["市公安局", "", ""], [" 市民政局", "李四", "副\t局长"]]
    rows += [["市财政局", "王五", "副局长 "]]
    data = members_docx(
        [MemberList("成员名单", ["序号", "单位", "姓名", "职务"], [("成员", rows)])]
    )
    table = docx.Document(io.BytesIO(data)).tables[0]
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[0] == ["序号", "单位", "姓名", "职务"] and texts[1] == ["成员"] * 4  # merged
    assert texts[2:] == [[str(i), *r] for i, r in enumerate(rows, 1)]
    first, copied = table.rows[2]._tr, table.rows[5]._tr
    assert [tc.tcPr.xml for tc in first.tc_lst] == [tc.tcPr.xml for tc in copied.tc_lst]


class _NeverKept(dict):  # type: ignore[type-arg]
    """A paragraph cache that keeps nothing: every line formatted through python-docx."""

    def get(self, *_: object) -> object:
        return None

    def __setitem__(self, *_: object) -> None:
        pass


#: 署名 and 成文日期 of different widths: the indents of both depend on the two together
SIGNED = [
    ("运城市人民政府办公室", "2024年10月12日"),
    ("国家市场监督管理总局", "2024年1月2日"),
    ("市政府", "2024年10月12日"),
    ("市政府", ""),
]


def _bodies(folder: Path) -> list[bytes]:
    folder.mkdir()
    files = docx_files(folder)
    out = [zipfile.ZipFile(f).read("word/document.xml") for f in files]
    for signature, date in SIGNED:
        kinds = {"关于调整的通知": "title", signature: "signature", date: "date"}
        text = f"关于调整的通知\n正文。\n{signature}\n{date}\n"
        doc = zipfile.ZipFile(io.BytesIO(notice_docx(text, kinds)))
        out.append(doc.read("word/document.xml"))
    return out


def test_a_line_copied_from_a_formatted_paragraph_equals_one_formatted_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines are copies of the paragraph formatted for their `_format_key`, kept across documents:
    the seeds' notices (one a 函), a 纪要 and a member list come out byte for byte as when every
    line is formatted through python-docx, after the cache has seen every other document."""
    from lianxi import wordfile

    with monkeypatch.context() as m:
        m.setattr(wordfile, "_PARAGRAPHS", _NeverKept())
        fresh = _bodies(tmp_path / "fresh")
    wordfile._PARAGRAPHS.clear()
    _bodies(tmp_path / "warm-up")
    assert len(wordfile._PARAGRAPHS) > 10
    copied = _bodies(tmp_path / "copied")
    assert len(fresh) == 6 + len(SIGNED)
    assert copied == fresh


def test_the_package_is_the_base_with_the_body_last() -> None:
    """The shared parts are the base package's, compressed once; the body comes last, once."""
    from lianxi.wordfile import _base

    names = zipfile.ZipFile(io.BytesIO(notice_docx("正文。\n", {}))).namelist()
    assert names[0] == "[Content_Types].xml"
    assert names[-1] == "word/document.xml"
    assert names.count("word/document.xml") == 1
    assert names[:-1] == zipfile.ZipFile(io.BytesIO(_base(True).rest)).namelist()
