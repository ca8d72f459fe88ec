"""Excel workbooks (XlsxWriter): the 成员名单 and the participation matrix, as offices keep them. Pure but
for the temporary files of a very large workbook, removed when it is written.

Every cell written from a definition is text: a unit named `=HYPERLINK(…)` stays a name, never a
formula (a workspace is untrusted input), and characters Excel cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

#: characters the xlsx format cannot store: control characters, lone surrogates and non-characters
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a title (printed as the page header), a header row, rows of text or numbers."""

    name: str
    title: str
    header: list[str]
    rows: list[list[str | int]]
    numeric: frozenset[int] = frozenset()  # columns (0-based) that hold numbers
    landscape: bool = False


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _text(value: str) -> str:
    return _ILLEGAL.sub("", value)


@functools.lru_cache(maxsize=1 << 16)
def _cell(value: str) -> tuple[str, int]:
    """A cell's text as stored and the columns it takes: a registry's member lists repeat the
    same unit names and posts thousands of times, measured once each."""
    text = _text(value)
    return text, display_width(text)


def _utf16_cut(text: str, units: int) -> str:
    """The longest start of `text` that takes at most `units` UTF-16 code units, as Excel counts."""
    used = 0
    for i, c in enumerate(text):
        used += 2 if ord(c) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters (UTF-16 units), none of []:*?/\\, no `'` at either end,
    not `History` (Excel's own), unique in the workbook whatever the case."""
    base = _text(re.sub(r"[\[\]:*?/\\]", "", name)).strip("'")
    base = _utf16_cut(base, 31).rstrip("'") or "Sheet"
    out, n = base, 2
    while out.lower() in used or out.lower() == "history":
        suffix = f"({n})"
        out = _utf16_cut(base, 31 - len(suffix)).rstrip("'") + suffix
        n += 1
    used.add(out.lower())
    return out


#: Excel's longest page header (UTF-16 units), less the codes that centre it and set its font
_HEADER_ROOM = 255 - len('&C&"仿宋_GB2312,Bold"&14')
#: cells above which a workbook is written row by row through temporary files, not held in memory
LARGE = 200_000


def _header_text(text: str) -> str:
    """A page header's text: `&` starts a code there, so a literal one is doubled; cut to Excel's room."""
    # XlsxWriter reads `&[Picture]` as a picture's place, even after a doubled `&`: a zero-width
    # space keeps the text as it prints
    text = _text(text).replace("&[Picture]", "&[\u200bPicture]")
    out, used = [], 0
    for c in text:
        piece = "&&" if c == "&" else c
        used += len(piece.encode("utf-16-le")) // 2
        if used > _HEADER_ROOM:
            break
        out.append(piece)
    return "".join(out)


def workbook(sheets: Sequence[Sheet], created: dt.datetime | None = None) -> bytes:
    """The sheets as an xlsx file: bold frozen header row, fitted widths, A4, title as page header.

    Every cell is written with XlsxWriter as text (or as a number in a `numeric` column), never as a
    formula or a link. A workbook of more than `LARGE` cells (a participation matrix of ten thousand
    systems is millions) is written row by row: no row is kept once written.
    """
    import tempfile
    from contextlib import nullcontext

    import xlsxwriter

    large = sum(len(s.rows) + 1 for s in sheets for _ in s.header) > LARGE
    buf = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="lianxi-") if large else nullcontext() as tmp:
        wb = xlsxwriter.Workbook(
            buf,
            {
                "in_memory": not large,
                "constant_memory": large,
                "tmpdir": tmp,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        wb.set_properties({"created": created or dt.datetime(2000, 1, 1), "author": "lianxi"})
        edge = {"border": 1, "border_color": "#808080"}
        head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", **edge})
        body = wb.add_format({"valign": "top", "text_wrap": True, **edge})
        used: set[str] = set()
        for sheet in sheets:
            ws = wb.add_worksheet(_sheet_name(sheet.name, used))
            numeric = sheet.numeric
            widths = [display_width(h) for h in sheet.header]
            for row in sheet.rows:
                for c, value in enumerate(row):
                    if value == "":
                        continue
                    width = _cell(str(value))[1]
                    if width > widths[c]:
                        widths[c] = width
            for i, w in enumerate(widths):
                ws.set_column(i, i, min(MAX_WIDTH, w + 2))
            ws.freeze_panes(1, 0)
            ws.repeat_rows(0)  # the header row repeats on every printed page
            ws.set_paper(9)  # A4
            if sheet.landscape:
                ws.set_landscape()
            ws.fit_to_pages(1, 0)
            ws.center_horizontally()
            ws.set_header('&C&"仿宋_GB2312,Bold"&14' + _header_text(sheet.title))
            ws.set_footer("&C第 &P 页，共 &N 页")
            for c, text in enumerate(sheet.header):
                ws.write_string(0, c, _text(text), head)
            for r, row in enumerate(sheet.rows, 1):
                for c, value in enumerate(row):
                    if c in numeric and isinstance(value, int):
                        ws.write_number(r, c, value, body)
                    elif value == "":  # a blank cell, bordered
                        ws.write_blank(r, c, None, body)
                    else:  # text, even when it starts with `=`
                        ws.write_string(r, c, _cell(str(value))[0], body)
        wb.close()
    return buf.getvalue()
