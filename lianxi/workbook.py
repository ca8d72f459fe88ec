"""Excel workbooks (openpyxl): the 成员名单 and the participation matrix, as offices keep them. Pure.

Every cell written from a definition is text: a unit named `=HYPERLINK(…)` stays a name, never a
formula (a workspace is untrusted input), and characters Excel cannot hold are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: control characters that the xlsx format cannot store (openpyxl raises on them)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
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


def _sheet_name(name: str, used: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "", name).strip("'") or "Sheet"
    base = base[:31]
    out, n = base, 2
    while out.lower() in used:
        suffix = f"({n})"
        out = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(out.lower())
    return out


def _header_text(text: str) -> str:
    """A page header's text: `&` starts a code there, so a literal one is doubled."""
    return _text(text).replace("&", "&&")


def workbook(sheets: Sequence[Sheet], created: dt.datetime | None = None) -> bytes:
    """The sheets as an xlsx file: bold frozen header row, fitted widths, A4, title as page header.

    Written row by row (openpyxl's write-only mode): a participation matrix of ten thousand
    systems is millions of cells, and none of them is kept once written.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    stamp = created or dt.datetime(2000, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "lianxi"
    used: set[str] = set()
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    # two named styles, set on each cell by name: setting a font, border and alignment on each
    # of a million cells would compare style objects a million times
    wb.add_named_style(
        NamedStyle(
            "表头",
            font=Font(bold=True),
            alignment=Alignment(horizontal="center", vertical="center"),
            border=border,
        )
    )
    wb.add_named_style(
        NamedStyle("表格", alignment=Alignment(vertical="top", wrap_text=True), border=border)
    )
    for sheet in sheets:
        ws: Any = wb.create_sheet(_sheet_name(sheet.name, used))
        widths = [display_width(h) for h in sheet.header]
        for row in sheet.rows:  # widths first: a write-only sheet takes them before its rows
            for c, value in enumerate(row):
                widths[c] = max(widths[c], display_width(str(value)))
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, w + 2)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"  # the header row repeats on every printed page
        ws.page_setup.paperSize = "9"  # A4 (PAPERSIZE_A4)
        ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.oddHeader.center.text = _header_text(sheet.title)
        ws.oddHeader.center.size = 14
        ws.oddHeader.center.font = "仿宋_GB2312,Bold"
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        head = []
        for text in sheet.header:
            cell = WriteOnlyCell(ws, value=_text(text))
            cell.data_type = "s"
            cell.style = "表头"
            head.append(cell)
        ws.append(head)
        for row in sheet.rows:
            cells = []
            for c, value in enumerate(row):
                if isinstance(value, int) and c in sheet.numeric:
                    cell = WriteOnlyCell(ws, value=value)
                else:
                    cell = WriteOnlyCell(ws, value=_text(str(value)))
                    cell.data_type = "s"  # text, even when it starts with `=`
                cell.style = "表格"
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
