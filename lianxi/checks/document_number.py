"""LX208: the 文号 follows GB/T 9704-2012 §7.2.4: `机关代字〔年份〕序号号`.

The year is in 六角括号 〔〕, the number has no 第 and no leading zeros, and the year is the year of
the document's date.

Passes: `运政办函〔2024〕38号` dated 2024-10-12.
Fails: `运政办函[2024]38号`, `运政办函〔2024〕第38号`, `运政办函〔2024〕038号`, `〔2023〕` in a 2024 document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX208"
_SHAPE = re.compile(
    r"^(?P<org>\S+?)(?P<open>[〔\[【(（［])(?P<year>\d{4})(?P<close>[〕\]】)）］])"
    r"(?P<di>第?)(?P<seq>\d+)(?P<hao>号?)$"
)


def _problems(number: str, year: int | None) -> list[tuple[str, dict[str, dg.Arg]]]:
    """(variant, args) of each problem of `number`, for MESSAGES["LX208/variant"]."""
    m = _SHAPE.match(number.strip())
    if not m:
        return [("", {"number": number})]
    out: list[tuple[str, dict[str, dg.Arg]]] = []
    if m["open"] != "〔" or m["close"] != "〕":
        fixed = f"{m['org']}〔{m['year']}〕{int(m['seq'])}号"
        out.append(("brackets", {"number": number, "fixed": fixed}))
    if m["di"]:
        out.append(("di", {"number": number}))
    if m["seq"].startswith("0"):
        out.append(("zeros", {"number": number, "seq": int(m["seq"])}))
    if not m["hao"]:
        out.append(("hao", {"number": number}))
    if year is not None and int(m["year"]) != year:
        out.append(("year", {"number": number, "year": m["year"], "date_year": year}))
    return out


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    defn = result.definition
    assert defn is not None
    doc = defn.document
    if doc is None or not doc.number:
        return
    line, col = at(result, "document", "number")
    for variant, args in _problems(doc.number, doc.date.year if doc.date else None):
        key = f"{CODE}/{variant}" if variant else CODE
        yield dg.problem(key, result.file, line, col, args)
