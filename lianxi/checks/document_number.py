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


def _problems(number: str, year: int | None) -> list[tuple[str, str, str, str]]:
    m = _SHAPE.match(number.strip())
    if not m:
        return [
            (
                f"{number!r} is not a 文号 of the form 机关代字〔年份〕序号号",
                f"{number!r} 不符合 机关代字〔年份〕序号号 的文号格式",
                "for example 运政办函〔2024〕38号",
                "例如 运政办函〔2024〕38号",
            )
        ]
    out = []
    if m["open"] != "〔" or m["close"] != "〕":
        fixed = f"{m['org']}〔{m['year']}〕{int(m['seq'])}号"
        out.append(
            (
                f"文号 {number!r}: the year goes in 六角括号 〔〕",
                f"文号 {number!r} 的年份应使用六角括号〔〕",
                f"write {fixed}",
                f"应为 {fixed}",
            )
        )
    if m["di"]:
        out.append(
            (
                f"文号 {number!r}: no 第 before the number",
                f"文号 {number!r} 的序号前不加“第”",
                "remove 第",
                "删去“第”",
            )
        )
    if m["seq"].startswith("0"):
        out.append(
            (
                f"文号 {number!r}: the number has no leading zeros",
                f"文号 {number!r} 的序号不编虚位（不加前导 0）",
                f"write {int(m['seq'])}",
                f"应为 {int(m['seq'])}",
            )
        )
    if not m["hao"]:
        out.append(
            (
                f"文号 {number!r} must end with 号",
                f"文号 {number!r} 应以“号”结尾",
                "add 号",
                "加上“号”",
            )
        )
    if year is not None and int(m["year"]) != year:
        out.append(
            (
                f"文号 {number!r} has year {m['year']} but the document is dated {year}",
                f"文号 {number!r} 的年份 {m['year']} 与成文日期的年份 {year} 不一致",
                "check the number and the date",
                "请核对文号和成文日期",
            )
        )
    return out


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    defn = result.definition
    assert defn is not None
    doc = defn.document
    if doc is None or not doc.number:
        return
    line, col = at(result, "document", "number")
    for en, zh, hint_en, hint_zh in _problems(doc.number, doc.date.year if doc.date else None):
        yield dg.make(CODE, result.file, line, col, en, zh, hint_en, hint_zh)
