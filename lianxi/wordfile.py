"""Word files in the GB/T 9704-2012 党政机关公文格式, built from the text render. Pure: lines in, bytes out.

The notice's paragraphs are exactly the non-empty lines of its `txt` render; each is given the format its kind
calls for (发文机关标志, 发文字号, 标题, 主送机关, 一、 / （一） headings, body, 附件说明, 署名, 成文日期, 附注),
and the 版记 (抄送机关, 印发机关 and 印发日期) closes the last page in a table of its own.

The layout is the same in Word, WPS and LibreOffice: the page has a `lines` grid of 22 lines, every line is
exactly that pitch, and every character of 三号 text is narrowed by an exact character spacing so that 28 fill
the 156 mm line. A `linesAndChars` grid would do the same in Word, but LibreOffice snaps each 16 pt character
to two of its cells and prints 14 characters a line (#20).
"""

from __future__ import annotations

import copy
import functools
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
#: the official fonts a document asks for (a PDF made without them uses a fallback; see lianxi.pdf)
OFFICIAL_FONTS = (XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI)
ERHAO, SANHAO, SIHAO = 22, 16, 14  # 二号, 三号, 四号 in points
XIAOCHU = 36  # 小初, the usual size of a 发文机关标志

# GB/T 9704 §5.2.2: 版心 156 × 225 mm; §5.2.3: 22 lines of 28 characters of 三号 text.
TEXT_WIDTH_PT = Mm(156).pt  # 442.2 pt
#: 22 × 579 = 12,738 twips: 22 lines fit the 12,756-twip 版心 with less than a point to spare, 23 do not.
LINE_PITCH_TWIPS = 579
LINE_PITCH_PT = LINE_PITCH_TWIPS / 20
#: −0.25 pt after each 16 pt character: 28 take 441 pt of the 442.2 pt line, 29 would take 456.75 pt.
CHAR_SPACING_TWIPS = -5
CHAR_PT = SANHAO + CHAR_SPACING_TWIPS / 20
RED = RGBColor(0xE6, 0x00, 0x12)
RED_HEX = "E60012"

_H1 = re.compile(r"^[一二三四五六七八九十]+、[^。]{1,40}$")
_H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*[^。；;]{1,30}$")

Kinds = dict[str, str]
"""paragraph text → issuer | number | title | addressee | attachment | signature | date | note | roster
| minutes_mark | minutes_date | annex"""


@dataclass(frozen=True)
class Colophon:
    """The 版记 (GB/T 9704 §7.4): 抄送机关, 印发机关 and 印发日期 (e.g. 2024年10月12日印发)."""

    copies_to: Sequence[str] = ()
    printed_by: str | None = None
    printed_on: str | None = None

    def __bool__(self) -> bool:
        return bool(self.copies_to or self.printed_by or self.printed_on)


# --- characters and runs ---------------------------------------------------------------------------


#: the order of children that WordprocessingML requires (Word refuses a file that breaks it)
_ORDER = {
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
    "sectPr pPrChange",
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect "
    "bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "w:tblBorders": "top left start bottom right end insideH insideV",
    "w:tblCellMar": "top left start bottom right end",
    "w:pBdr": "top left bottom right between bar",
    "w:sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
}


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    """The child `tag` of `parent` (created in its schema position when missing) with `attrs` set."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        order = _ORDER.get(parent.tag.replace(qn("w:x")[:-1], "w:"), "").split()
        name = tag.removeprefix("w:")
        later = {qn(f"w:{t}") for t in order[order.index(name) + 1 :]} if name in order else set()
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(el)
        else:
            successor.addprevious(el)
    for k, v in attrs.items():
        el.set(qn(k), v)
    return el


#: run properties made once per (font, size, bold, colour) and copied into each new run: setting
#: them through python-docx's properties takes most of a notice's time
_RUN_PROPERTIES: dict[tuple[str, float, bool, str], Any] = {}


def _fonts(
    run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    """Set the font for Latin and East Asian text alike (w:eastAsia), never left to Word's fallback."""
    element = run._element
    if element.tag != qn("w:r") or element.rPr is not None:
        _format_run(run, name, size, bold=bold, color=color)  # a style, or a run with properties
        return
    key = (name, size, bold, str(color))
    properties = _RUN_PROPERTIES.get(key)
    if properties is None:
        from docx.text.run import Run

        scratch = OxmlElement("w:r")
        _format_run(Run(scratch, run._parent), name, size, bold=bold, color=color)
        properties = _RUN_PROPERTIES[key] = scratch.rPr
    element.insert(0, copy.copy(properties))  # lxml copies an element with all it holds


def _format_run(
    run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None
) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color if color is not None else RGBColor(0, 0, 0)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    if size != SANHAO:  # only 三号 text sits on the 28-character line; other sizes keep their width
        _set(rpr, "w:spacing", **{"w:val": "0"})


def _width(text: str) -> float:
    """Width in characters: digits and Latin letters take half a character."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def _exact(fmt: Any, points: float) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)


def _no_grid(paragraph: Any) -> None:
    """Lines of another size than 三号 keep their own pitch instead of snapping to the grid."""
    _set(paragraph._p.get_or_add_pPr(), "w:snapToGrid", **{"w:val": "0"})


# --- the page ---------------------------------------------------------------------------------------


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(37)  # 天头
    section.left_margin = Mm(28)  # 订口
    section.right_margin = Mm(210 - 28 - 156)
    section.bottom_margin = Mm(297 - 37 - 225)
    # §7.5: the 一字线 of the page number 7 mm under the 版心 (at 269 mm): a footer line of 17.5 pt
    # whose bottom is 25.3 mm above the edge puts the dashes there (measured in the PDF)
    section.header_distance, section.footer_distance = Mm(15), Mm(25.3)
    grid = _set(section._sectPr, "w:docGrid")
    for attr in ("w:charSpace",):
        if grid.get(qn(attr)) is not None:
            del grid.attrib[qn(attr)]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    # East Asian text is Chinese: a font fallback then takes a Simplified Chinese face, not a Japanese one.
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set(rpr_default, "w:lang", **{"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})
    normal = doc.styles["Normal"]
    _fonts(normal, FANGSONG, SANHAO)
    nrpr = normal.element.get_or_add_rPr()
    _set(nrpr, "w:spacing", **{"w:val": str(CHAR_SPACING_TWIPS)})
    _set(nrpr, "w:kern", **{"w:val": "0"})
    fmt = normal.paragraph_format
    _exact(fmt, LINE_PITCH_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False  # a full page holds 22 lines, not 21 and a carried-over pair
    settings = doc.settings.element
    # no punctuation squeezing: a line of 28 characters stays 28 characters in every suite
    _set(settings, "w:characterSpacingControl", **{"w:val": "doNotCompress"})


#: the parts of python-docx's default package that a notice never uses: Word 2010's copy of the
#: styles, the custom XML of its template, the numbering of its list styles and a thumbnail of a
#: page that is not this document's
_UNUSED_PARTS = ("/stylesWithEffects", "/customXml", "/numbering", "/thumbnail")
#: the styles the documents refer to; the defaults, and those they are based on, are kept as well
_USED_STYLES = ("Footer", "TableGrid")


def _slim(doc: Any) -> None:
    """Drop the parts and styles the documents never use: the default package holds 164 styles
    (780 kB of XML), and reading, writing and compressing them was most of a notice's time."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.endswith(_UNUSED_PARTS):
                del rels[r_id]
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    keep = {i for i, s in by_id.items() if s.get(qn("w:default")) == "1"} | set(_USED_STYLES)
    todo = list(keep)
    while todo:  # and the styles these are based on, continue with or are linked to
        style = by_id[todo.pop()]
        for link in ("w:basedOn", "w:next", "w:link"):
            el = style.find(qn(link))
            other = el.get(qn("w:val")) if el is not None else None
            if other in by_id and other not in keep:
                keep.add(other)
                todo.append(other)
    for style_id, el in by_id.items():
        if style_id not in keep:
            styles.remove(el)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:  # Word's list of the built-in styles it may add: it knows them itself
        styles.remove(latent)


@functools.cache
def _base_package(first_page_number: bool) -> bytes:
    """The package every document starts from: the page, the styles and the footers, made once."""
    doc = new_document()
    _slim(doc)
    doc.core_properties.author = "lianxi"  # not the template's "python-docx"
    doc.core_properties.comments = ""
    _page(doc)
    _footers(doc, doc.sections[0], first_page_number=first_page_number)
    return _save(doc)


def _new_document(*, first_page_number: bool = True) -> Any:
    """A Word document with the GB/T 9704 page and its page numbers (none on page 1 of a 函)."""
    return new_document(io.BytesIO(_base_package(first_page_number)))


@dataclass(frozen=True)
class _Base:
    """The base package opened once: its document serves the parts every copy shares."""

    document: Any
    rest: bytes  # a package of every part but the body, compressed once
    relationships: int


@functools.cache
def _base(first_page_number: bool) -> _Base:
    data = _base_package(first_page_number)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(buf, "w", _DEFLATED) as rest:
        for info in z.infolist():
            if info.filename != _BODY:
                rest.writestr(info, z.read(info))
    document = new_document(io.BytesIO(data))
    return _Base(document, buf.getvalue(), len(document.part.rels))


_BODY = "word/document.xml"
_DEFLATED = zipfile.ZIP_DEFLATED


def _body_document(first_page_number: bool) -> Any:
    """A document whose body alone is its own, over the base package's other parts: for a
    document that only adds paragraphs to its body (no section, picture, link or style)."""
    from docx.document import Document

    base = _base(first_page_number).document
    return Document(copy.deepcopy(base.element), base.part)


def _save_body(doc: Any, first_page_number: bool) -> bytes:
    """The base package with `doc`'s body added: the other parts are neither parsed, nor
    serialized, nor compressed again (the body is the package's last entry; no reader of OOXML
    depends on the order of the parts)."""
    from docx.opc.oxml import serialize_part_xml

    base = _base(first_page_number)
    if len(base.document.part.rels) != base.relationships:  # pragma: no cover - a bug here
        raise RuntimeError("a document built on the shared base package added a part")
    buf = io.BytesIO(base.rest)
    with zipfile.ZipFile(buf, "a", _DEFLATED) as z:
        z.writestr(_BODY, serialize_part_xml(doc.element))
    return buf.getvalue()


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


def _footers(doc: Any, section: Any, *, first_page_number: bool) -> None:
    """Odd pages right, even pages left, each one character in from the edge of the 版心."""
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(SIHAO)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(SIHAO)
    _page_number(even)
    for p in (odd, even):
        _exact(p.paragraph_format, SIHAO * 1.25)
        _no_grid(p)
    if not first_page_number:  # 信函格式 (§10.1): no page number on page 1, a red double rule
        section.different_first_page_header_footer = True  # (thin over thick) 20 mm above its foot
        foot = section.first_page_footer.paragraphs[0]
        _exact(foot.paragraph_format, 2)
        _no_grid(foot)
        _frame(foot, top_mm=297 - 20, width_mm=170)
        _border(foot, "top", "thickThinSmallGap", 12, 0, RED_HEX)


def _border(paragraph: Any, edge: str, val: str, eighths: int, space: int, color: str) -> None:
    """A rule along one edge of a paragraph, as wide as the paragraph (the 版心)."""
    bdr = _set(paragraph._p.get_or_add_pPr(), "w:pBdr")
    _set(
        bdr,
        f"w:{edge}",
        **{"w:val": val, "w:sz": str(eighths), "w:space": str(space), "w:color": color},
    )


def _red_rule(paragraph: Any, *, double: bool) -> None:
    """The red 分隔线 under the 版头, 4 mm (11 pt) below its last line; 信函格式: a thick-over-thin double."""
    _border(paragraph, "bottom", "thickThinSmallGap" if double else "single", 12, 11, RED_HEX)


def _frame(paragraph: Any, *, top_mm: float, width_mm: float) -> None:
    """Place a paragraph at a fixed height on the page, centred (信函格式: above the 版心)."""
    fr = _set(paragraph._p.get_or_add_pPr(), "w:framePr")
    for k, v in (
        ("w", str(round(Mm(width_mm).twips))),
        ("hSpace", "0"),
        ("wrap", "notBeside"),
        ("vAnchor", "page"),
        ("hAnchor", "page"),
        ("xAlign", "center"),
        ("y", str(round(Mm(top_mm).twips))),
    ):
        fr.set(qn(f"w:{k}"), v)


# --- the notice -------------------------------------------------------------------------------------


def _kind(line: str, kinds: Kinds) -> str:
    if line in kinds:
        return kinds[line]
    if _H1.match(line):
        return "h1"
    if _H2.match(line):
        return "h2"
    return "body"


def _mark_size(text: str, largest: float) -> float:
    """The largest size up to `largest` at which a 标志 fits one line of the 版心."""
    return max(ERHAO, min(largest, int(TEXT_WIDTH_PT / max(_width(text), 1))))


def _mark(p: Any, run: Any, text: str, *, largest: float = XIAOCHU, top_mm: float = 35) -> None:
    """A red 标志 in 小标宋, centred, its top edge `top_mm` below the top of the 版心 (§7.2.4, §10.3)."""
    size = _mark_size(text, largest)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = size * 1.25
    _exact(p.paragraph_format, line)
    _no_grid(p)
    # glyph top ≈ 80 % of the line (the baseline of an exact line) less the ascent (0.88 em)
    p.paragraph_format.space_before = Pt(max(0.0, Mm(top_mm).pt - (0.8 * line - 0.88 * size)))
    _fonts(run, XIAOBIAOSONG, size, color=RED)


def _signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents (in characters) of the 署名 and the 成文日期 of an unsealed document (§7.3.5.2).

    The 署名 is two characters in from the right and the date, on the next line, starts two characters
    further right than the 署名; when the date is the longer, the 署名 moves left so that the date ends two
    characters in from the right.
    """
    ws, wd = _width(signature), _width(date)
    if not date:
        return 2.0, 0.0
    date_right = max(2.0, ws - wd)
    return date_right + wd + 2 - ws, date_right


def _append(doc: Any, element: Any) -> None:
    """Add a block (paragraph or table) at the end of the body, before its section properties,
    in constant time: python-docx's own insertion searches all the body's children every time,
    which made a notice of 50,000 lines take 17 s."""
    _append_to(doc.element.body, element)


def _append_to(body: Any, element: Any) -> None:
    """`_append` to a body element already at hand (the lines of a notice)."""
    try:
        last = body[-1]  # from the end; len(body) would count every child
    except IndexError:
        last = None
    if last is not None and last.tag == _SECT_PR:
        last.addprevious(element)
    else:
        body.append(element)


_SECT_PR, _RUN, _TEXT, _SPACE = qn("w:sectPr"), qn("w:r"), qn("w:t"), qn("xml:space")


def _add_paragraph(doc: Any) -> Any:
    """`doc.add_paragraph()`, in constant time (see `_append`)."""
    from docx.text.paragraph import Paragraph

    element = OxmlElement("w:p")
    _append(doc, element)
    return Paragraph(element, doc._body)


def _with_text(paragraph: Any, text: str) -> Any:
    """A copy of a paragraph of one run of text, holding `text` instead."""
    p = copy.copy(paragraph)  # with all it holds: lxml's copy is deep, without deepcopy's memo
    t = p.find(_RUN).find(_TEXT)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")
    else:
        t.attrib.pop(_SPACE, None)
    return p


#: formatted paragraphs of one run by `_format_key`: every line of a notice is a copy of the
#: paragraph formatted alike, with its own text (python-docx's formatting was most of a notice's
#: time, and a registry's notices are alike). Bounded: cleared when it holds this many.
_PARAGRAPHS: dict[tuple[Any, ...], Any] = {}
_PARAGRAPHS_KEPT = 4096


def _format_key(
    kind: str,
    line: str,
    letter: bool,
    have_number: bool,
    previous: str,
    sig_right: float,
    date_right: float,
) -> tuple[Any, ...]:
    """Everything a paragraph's format depends on but its text: two lines of one key get the same
    properties from `notice_docx` (a test formats every line of the seeds both ways)."""
    if kind == "issuer":
        return (kind, letter, have_number, _mark_size(line, XIAOCHU))
    if kind == "minutes_mark":
        return (kind, letter, _mark_size(line, ERHAO + 4))
    if kind in ("title", "attached_title"):
        return (kind, letter, previous)
    if kind == "attachment":
        head = re.match(r"^(附件：)?(\d+[.．])?", line)
        number = _width(head[2]) if head and head[2] else 0.0
        return (kind, letter, bool(head and head[1]), number)
    if kind == "signature":
        return (kind, letter, sig_right)
    if kind == "date":
        return (kind, letter, date_right)
    return (kind, letter)


def notice_docx(
    text: str,
    kinds: Kinds,
    *,
    letter: bool = False,
    labels: tuple[str, ...] = (),
    colophon: Colophon | None = None,
) -> bytes:
    """A .docx of the notice whose `txt` render is `text`; `letter` lays it out in the 信函格式 (函).

    `labels` start the 纪要's lines of people (出席：, 请假：, 列席：), printed in 黑体 with the names
    aligned after the colon (§10.3).
    """
    doc = _body_document(not letter)
    body = doc.element.body
    lines = [line for line in text.splitlines() if line.strip()]
    have_number = any(kinds.get(line) == "number" for line in lines)
    date = next((k for k, v in kinds.items() if v == "date"), "")
    # the 署名 is most often the 发文机关 itself, and then `kinds` holds the text once, as the issuer
    signature = next((k for k, v in kinds.items() if v == "signature"), "") or next(
        (k for k, v in kinds.items() if v == "issuer"), ""
    )
    sig_right, date_right = _signature_indents(signature, date)
    date_right = date_right if signature else 4
    first_label = True
    previous = ""  # the kind of the paragraph before
    for line in lines:
        kind = _kind(line, kinds)
        if kind == "colophon":  # printed in the 版记 table at the end
            continue
        if kind == "issuer" and previous:  # the 发文机关 again, after the body: the 署名
            kind = "signature"
        label = next((x for x in labels if line.startswith(x)), None)
        key = None
        if label is None and "\t" not in line:
            key = _format_key(kind, line, letter, have_number, previous, sig_right, date_right)
            formatted = _PARAGRAPHS.get(key)
            if formatted is not None:  # a copy of a paragraph formatted alike, with this text
                _append_to(body, _with_text(formatted, line))
                previous = kind
                continue
        p = _add_paragraph(doc)
        fmt = p.paragraph_format
        if (
            label is not None
        ):  # 纪要: 出席 / 请假 / 列席 in 黑体, the names in 仿宋, aligned after the colon
            fmt.left_indent = Pt((2 + _width(label)) * CHAR_PT)
            fmt.first_line_indent = Pt(-_width(label) * CHAR_PT)
            if first_label:
                fmt.space_before = Pt(LINE_PITCH_PT)  # 正文下空一行
                first_label = False
            _fonts(p.add_run(label), HEITI, SANHAO)
            _fonts(p.add_run(line[len(label) :]), FANGSONG, SANHAO)
            continue
        run = p.add_run(line)
        if kind == "issuer":
            if letter:  # §10.1: 30 mm from the top edge of the page, a double rule 4 mm below
                size = _mark_size(line, XIAOCHU)
                _mark(p, run, line, top_mm=0)
                p.paragraph_format.space_before = Pt(0)
                # a line of 1.1 em puts the baseline (80 % down) an ascent (0.88 em) below its top:
                # the mark's top edge is the frame's, and the rule comes about 4 mm under the mark
                _exact(p.paragraph_format, 1.1 * size)
                _frame(p, top_mm=30, width_mm=170)
                _border(p, "bottom", "thickThinSmallGap", 12, 2, RED_HEX)
            else:
                _mark(p, run, line)
                if not have_number:
                    _red_rule(p, double=False)
        elif kind == "number":
            if letter:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # §10.1: 顶格居版心右边缘
            else:  # §7.2.5: 发文机关标志下空二行, centred, the red rule 4 mm below
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt.space_before = Pt(2 * LINE_PITCH_PT)
                _red_rule(p, double=False)
            _fonts(run, FANGSONG, SANHAO)
        elif kind in ("title", "attached_title"):  # §7.3.1: 二号小标宋, two lines below the rule
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            before = {"issuer": 2, "number": 2, "minutes_date": 2, "": 0, "annex": 1}
            if kind == "attached_title" and previous != "annex":  # §8: 另面编排, on line 3
                fmt.page_break_before = True
                before[previous] = 2
            fmt.space_before = Pt(before.get(previous, 1) * LINE_PITCH_PT)
            fmt.space_after = Pt(LINE_PITCH_PT)
            _exact(fmt, ERHAO * 1.5)
            _no_grid(p)
            fmt.keep_with_next = True
            _fonts(run, XIAOBIAOSONG, ERHAO)
        elif kind == "annex":  # §8: 附件 and its number in 三号黑体, top left of a new page
            fmt.page_break_before = True
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _fonts(run, HEITI, SANHAO)
        elif kind == "minutes_mark":  # §10.3: the red XXXX纪要, 35 mm below the top of the 版心
            _mark(p, run, line, largest=ERHAO + 4)
            fmt.keep_with_next = True
        elif kind == "minutes_date":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_before = Pt(LINE_PITCH_PT)
            _red_rule(p, double=False)
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "addressee":
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _fonts(run, FANGSONG, SANHAO)  # flush left, no indent
        elif kind == "h1":  # no keep-with-next: LibreOffice would move whole paragraphs with it
            fmt.first_line_indent = Pt(2 * CHAR_PT)
            fmt.keep_with_next = True
            _fonts(run, HEITI, SANHAO)
        elif kind == "h2":
            fmt.first_line_indent = Pt(2 * CHAR_PT)
            _fonts(run, KAITI, SANHAO)
        elif (
            kind == "attachment"
        ):  # §7.3.4: 正文下空一行, 左空二字, a long name aligned after 附件：1.
            head = re.match(r"^(附件：)?(\d+[.．])?", line)
            number = _width(head[2]) if head and head[2] else 0.0
            fmt.left_indent = Pt((2 + _width("附件：") + number) * CHAR_PT)
            fmt.first_line_indent = Pt(-_width(head[0] if head else "") * CHAR_PT)
            if line.startswith("附件："):
                fmt.space_before = Pt(LINE_PITCH_PT)
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "signature":  # §7.3.5.2: 正文（或附件说明）下空一行, 右空二字, body font
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(sig_right * CHAR_PT)
            fmt.space_before = Pt(LINE_PITCH_PT)
            fmt.keep_with_next = True
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "date":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.keep_with_next = True  # with the 附注 under it
            fmt.right_indent = Pt(date_right * CHAR_PT)
            _fonts(run, FANGSONG, SANHAO)
        elif kind == "roster":
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _fonts(run, FANGSONG, SANHAO)
        else:  # body and 附注: two-character first-line indent
            fmt.first_line_indent = Pt(2 * CHAR_PT)
            _fonts(run, FANGSONG, SANHAO)
        if key is not None:
            if len(_PARAGRAPHS) >= _PARAGRAPHS_KEPT:
                _PARAGRAPHS.clear()
            _PARAGRAPHS[key] = copy.deepcopy(p._p)
        previous = kind
    if colophon:
        _colophon(doc, colophon, rules=not letter)
    return _save_body(doc, not letter)


COLOPHON_PITCH_PT = (
    LINE_PITCH_PT  # the 版记's lines keep the page's pitch: its last rule meets the foot
)


def _colophon_lines(text: str, *, hang: float) -> int:
    """How many lines a 版记 paragraph of 四号 text takes: one character in from each side, and
    `hang` characters in on every line after the first."""
    per_line = TEXT_WIDTH_PT / SIHAO - 2
    first, rest = per_line, per_line - hang
    width = _width(text)
    return 1 if width <= first else 1 + int(-(-(width - first) // rest))


def _colophon(doc: Any, colophon: Colophon, *, rules: bool) -> None:
    """The 版记 (§7.4) at the foot of the last page's 版心: 抄送 above 印发, 四号仿宋, a thick rule
    (0.35 mm ≈ 1 pt) above the first element and under the last, a thin one (0.25 mm ≈ 0.75 pt)
    between; the last rule lies on the foot of the 版心. A 函 has only the 抄送, without rules (§10.1).

    Each element is a paragraph in a frame at a fixed height on the page, which Word, WPS and
    LibreOffice all place alike (LibreOffice lays a floating table out in the text flow instead).
    """
    rows: list[tuple[str, str]] = []
    if colophon.copies_to:
        rows.append(("抄送：" + "，".join(colophon.copies_to) + "。", ""))
    if rules and (colophon.printed_by or colophon.printed_on):
        date = f"{colophon.printed_on}印发" if colophon.printed_on else ""
        rows.append((colophon.printed_by or "", date))
    heights = [
        _colophon_lines(left + "  " + right, hang=3 if left.startswith("抄送：") else 0)
        * COLOPHON_PITCH_PT
        for left, right in rows
    ]
    bottom = Mm(37 + 225).pt
    tops = [bottom - sum(heights[i:]) for i in range(len(rows))]
    for i, ((left, right), top) in enumerate(zip(rows, tops, strict=True)):
        p = _add_paragraph(doc)
        fmt = p.paragraph_format
        _exact(fmt, COLOPHON_PITCH_PT)
        _no_grid(p)
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = Pt(SIHAO)  # 左空一字
        fmt.right_indent = Pt(SIHAO)  # 右空一字
        fr = _set(p._p.get_or_add_pPr(), "w:framePr")
        for k, v in (
            ("w", str(round(Mm(156).twips))),
            ("hSpace", "0"),
            ("wrap", "notBeside"),
            ("vAnchor", "page"),
            ("hAnchor", "margin"),
            ("x", "0"),
            ("y", str(round(top * 20))),
        ):
            fr.set(qn(f"w:{k}"), v)
        if rules:
            if i == 0:
                _border(p, "top", "single", 8, 0, "000000")
            last = i == len(rows) - 1
            _border(p, "bottom", "single", 8 if last else 6, 0, "000000")
        if right:  # 印发机关 on the left, 印发日期 at a right tab 右空一字
            tabs = _set(p._p.get_or_add_pPr(), "w:tabs")
            tab = OxmlElement("w:tab")
            tab.set(qn("w:val"), "right")
            tab.set(qn("w:pos"), str(round(Mm(156).twips) - 2 * SIHAO * 20))
            tabs.append(tab)
            _fonts(p.add_run(left), FANGSONG, SIHAO)
            _fonts(p.add_run("\t" + right), FANGSONG, SIHAO)
        else:
            if left.startswith("抄送："):  # 回行时与冒号后的首字对齐
                fmt.left_indent = Pt(4 * SIHAO)
                fmt.first_line_indent = Pt(-3 * SIHAO)
            _fonts(p.add_run(left), FANGSONG, SIHAO)
    # the paragraph the frames hang on in LibreOffice: 1 pt high and empty
    anchor = _add_paragraph(doc)
    _exact(anchor.paragraph_format, 1)
    _no_grid(anchor)


# --- the member table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberList:
    """One system's 成员名单: groups of rows (召集人, 副召集人, 成员, 联络员) under its title."""

    title: str
    header: Sequence[str]  # 序号, 单位, 姓名, 职务 (, 联系电话)
    groups: Sequence[tuple[str, Sequence[Sequence[str]]]]  # (group label, rows without 序号)


CELL_PAD_PT = 5.4  # Word's default left and right cell margins (0.19 cm)


def column_widths(header: Sequence[str], rows: Iterable[Sequence[str]], size: float) -> list[float]:
    """Widths in points that add up to the 版心: each column as wide as its longest cell when they fit;
    otherwise the unit column keeps its longest name on one line and the others share what is left."""
    rows = list(rows)
    natural = [
        max([_width(h), *(_width(r[i]) for r in rows)]) * size + 2 * CELL_PAD_PT + 1
        for i, h in enumerate(header)
    ]
    total = TEXT_WIDTH_PT
    if sum(natural) <= total:
        extra = total - sum(natural)
        grow = [0.0] + [1.0] * (len(natural) - 1)  # 序号 stays narrow
        return [w + extra * g / sum(grow) for w, g in zip(natural, grow, strict=True)]
    # too wide: the unit column (1) first, then 序号 and 姓名, the post (3, 4) takes the rest
    floor = [max(_width(h), 2) * size + 2 * CELL_PAD_PT + 1 for h in header]
    widths = list(floor)
    for i in (1, 0, 2, *range(4, len(header)), 3):
        widths[i] = max(floor[i], min(natural[i], total - (sum(widths) - widths[i])))
    widths[3] += total - sum(widths)
    return widths


def members_docx(lists: Iterable[MemberList]) -> bytes:
    """One table per system, under its title, as an office prints a 成员名单: 序号, 单位, 姓名, 职务,
    group rows (召集人, 成员…) across the table, the header row repeated on every page, rows never split."""
    doc = _new_document()
    first = True
    for member_list in lists:
        if not first:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            section.footer.is_linked_to_previous = True
        first = False
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact(p.paragraph_format, ERHAO * 1.5)
        _no_grid(p)
        p.paragraph_format.space_after = Pt(LINE_PITCH_PT)
        _fonts(p.add_run(member_list.title), XIAOBIAOSONG, ERHAO)
        _member_table(doc, member_list)
    return _save(doc)


def _member_table(doc: Any, member_list: MemberList) -> None:
    header = list(member_list.header)
    all_rows = [
        [str(n), *r] for n, r in enumerate((r for _, rows in member_list.groups for r in rows), 1)
    ]
    widths = column_widths(header, all_rows, SIHAO)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tpr = table._tbl.tblPr
    _set(tpr, "w:tblW", **{"w:w": str(round(TEXT_WIDTH_PT * 20)), "w:type": "dxa"})
    _set(tpr, "w:tblLayout", **{"w:type": "fixed"})
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Pt(w)
    for i, gc in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
        gc.set(qn("w:w"), str(round(widths[i] * 20)))

    def add(row: Any, texts: Sequence[str], font: str, *, center: Sequence[int]) -> None:
        trpr = row._tr.get_or_add_trPr()
        _set(trpr, "w:cantSplit")
        for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = Pt(widths[i])
            p = cell.paragraphs[0]
            _exact(p.paragraph_format, SIHAO * 1.6)
            _no_grid(p)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if i in center else WD_ALIGN_PARAGRAPH.LEFT
            _fonts(p.add_run(text), font, SIHAO)

    head = table.rows[0]
    add(head, header, HEITI, center=range(len(header)))
    _set(head._tr.get_or_add_trPr(), "w:tblHeader")  # repeated at the top of every page
    n = 0
    first: Any = None  # the first member row: the others are copies of it
    for label, rows in member_list.groups:
        if label:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            merged.width = Pt(sum(widths))
            p = merged.paragraphs[0]
            _exact(p.paragraph_format, SIHAO * 1.6)
            _no_grid(p)
            _fonts(p.add_run(label), HEITI, SIHAO)
            _set(row._tr.get_or_add_trPr(), "w:cantSplit")
            p.paragraph_format.keep_with_next = True
        for r in rows:
            n += 1
            texts = [str(n), *r]
            plain = not any("\t" in x or "\n" in x for x in texts)
            if plain and first is not None:  # a copy of the first row, with this row's texts
                table._tbl.append(_row_with_texts(first, texts))
                continue
            row = table.add_row()
            add(row, texts, FANGSONG, center=(0,))
            if plain:
                first = row._tr


def _row_with_texts(row: Any, texts: Sequence[str]) -> Any:
    """A copy of a table row whose cells hold one run each, holding `texts` instead: formatting
    thousands of cells one by one through python-docx took 3 ms a row."""
    copied = copy.deepcopy(row)
    for cell, text in zip(copied.iterchildren(qn("w:tc")), texts, strict=True):
        run = cell.find(qn("w:p")).find(qn("w:r"))
        for old in run.findall(qn("w:t")):
            run.remove(old)
        if text:
            t = OxmlElement("w:t")
            t.text = text
            if len(text.strip()) < len(text):
                t.set(qn("xml:space"), "preserve")
            run.append(t)
    return copied


def _save(doc: Any) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
