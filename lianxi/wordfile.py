"""Word files in the GB/T 9704-2012 党政机关公文格式, built from the text render. Pure: lines in, bytes out.

The notice's paragraphs are exactly the non-empty lines of its `txt` render; each is given the format its kind
calls for (发文机关标志, 发文字号, 标题, 主送机关, 一、 / （一） headings, body, 署名, 成文日期, 附注).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
ERHAO, SANHAO, SIHAO = 22, 16, 14  # 二号, 三号, 四号 in points
# 版心 225 mm high holds 22 lines; 156 mm wide holds 28 characters of 三号 (16 pt).
LINE_PITCH_PT = Mm(225).pt / 22
CHAR_SPACE = round((Mm(156).pt / 28 - SANHAO) * 4096)  # w:charSpace, in 1/4096 pt
RED = RGBColor(0xE6, 0x00, 0x12)

_H1 = re.compile(r"^[一二三四五六七八九十]+、[^。]{1,40}$")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*[^。；;]{1,30}$")

Kinds = dict[
    str, str
]  # paragraph text → issuer | number | title | addressee | signature | date | note


def _fonts(
    run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    """Set the font for Latin and East Asian text alike (w:eastAsia), never left to Word's fallback."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(37)  # 天头
    section.left_margin = Mm(28)  # 订口
    section.right_margin = Mm(210 - 28 - 156)
    section.bottom_margin = Mm(297 - 37 - 225)
    section.header_distance, section.footer_distance = Mm(15), Mm(28 - 7)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    normal = doc.styles["Normal"]
    _fonts(normal, FANGSONG, SANHAO)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)


def _page_number(paragraph: Any) -> None:
    """`— 1 —` in 四号宋体, the number a PAGE field."""
    _fonts(paragraph.add_run("— "), SONGTI, SIHAO)
    run = paragraph.add_run()
    _fonts(run, SONGTI, SIHAO)
    for kind, text in (
        ("begin", None),
        (None, "PAGE"),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    _fonts(paragraph.add_run(" —"), SONGTI, SIHAO)


def _footers(doc: Any, *, first_page_number: bool) -> None:
    """Odd pages right, even pages left, each one character in from the edge of the 版心."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(SIHAO)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(SIHAO)
    _page_number(even)
    if not first_page_number:  # 信函格式: the first page carries no page number
        section.different_first_page_header_footer = True


def _border(paragraph: Any, *, double: bool) -> None:
    """The red line under the 版头 (double for the 信函格式)."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "double" if double else "single")
    bottom.set(qn("w:sz"), "12")
    bottom.set(qn("w:space"), "8")
    bottom.set(qn("w:color"), "E60012")
    bdr.append(bottom)
    ppr.append(bdr)


def _kind(line: str, kinds: Kinds) -> str:
    if line in kinds:
        return kinds[line]
    if _H1.match(line):
        return "h1"
    if _H2.match(line):
        return "h2"
    return "body"


def notice_docx(
    text: str, kinds: Kinds, *, letter: bool = False, labels: tuple[str, ...] = ()
) -> bytes:
    """A .docx of the notice whose `txt` render is `text`; `letter` lays it out in the 信函格式 (函)."""
    doc = new_document()
    _page(doc)
    _footers(doc, first_page_number=not letter)
    lines = [line for line in text.splitlines() if line.strip()]
    have_number = any(kinds.get(line) == "number" for line in lines)
    for line in lines:
        kind = _kind(line, kinds)
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        label = next((x for x in labels if line.startswith(x)), None)
        if label is not None:  # 纪要: 出席 / 列席 in 黑体, the names in 仿宋
            fmt.first_line_indent = Pt(2 * SANHAO)
            _fonts(p.add_run(label), HEITI, SANHAO)
            _fonts(p.add_run(line[len(label) :]), FANGSONG, SANHAO)
            continue
        run = p.add_run(line)
        if kind == "issuer":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _fonts(run, XIAOBIAOSONG, 26, color=RED)
            if letter or not have_number:
                _border(p, double=letter)
        elif kind == "number":
            if letter:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                fmt.right_indent = Pt(SANHAO)  # 右空一字
            else:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _border(p, double=False)
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_before = Pt(LINE_PITCH_PT)
            fmt.space_after = Pt(LINE_PITCH_PT)
            fmt.line_spacing = Pt(ERHAO * 1.5)
            _fonts(run, XIAOBIAOSONG, ERHAO)
        elif kind == "addressee":
            _fonts(run, FANGSONG, SANHAO)  # flush left, no indent
        elif kind == "h1":
            fmt.first_line_indent = Pt(2 * SANHAO)
            _fonts(run, HEITI, SANHAO)
        elif kind == "h2":
            fmt.first_line_indent = Pt(2 * SANHAO)
            _fonts(run, KAITI, SANHAO)
        elif kind == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            date = next((k for k, v in kinds.items() if v == "date"), "")
            extra = max(0.0, (_width(date) - _width(line)) / 2)
            fmt.right_indent = Pt((4 + extra) * SANHAO)  # centred over the date
            fmt.space_before = Pt(2 * LINE_PITCH_PT)
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "date":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(4 * SANHAO)  # 右空四字
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "roster":
            _fonts(run, FANGSONG, SANHAO)
        else:  # body and 附注: two-character first-line indent
            fmt.first_line_indent = Pt(2 * SANHAO)
            _fonts(run, FANGSONG, SANHAO)
    return _save(doc)


def _width(text: str) -> float:
    """Width in characters: digits and Latin letters take half a character."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def members_docx(title_rows: Iterable[tuple[str, list[list[str]]]], header: list[str]) -> bytes:
    """One table per system, under its title, in 仿宋 on the same A4 page as the notice."""
    doc = new_document()
    _page(doc)
    _footers(doc, first_page_number=True)
    first = True
    for title, rows in title_rows:
        if not first:
            doc.add_section(WD_SECTION.NEW_PAGE)
        first = False
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run(title), XIAOBIAOSONG, ERHAO)
        table = doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _fonts(cell.paragraphs[0].add_run(text), HEITI, SIHAO)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _fonts(cell.paragraphs[0].add_run(text), FANGSONG, SIHAO)
    return _save(doc)


def _save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
