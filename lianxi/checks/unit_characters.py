"""LX304: a unit name holds no invisible characters, odd spaces or full-width letters and digits.

Text pasted from web pages and Word brings zero-width spaces (U+200B), non-breaking and full-width
spaces; a full-width input mode types `ＸＸ局` for `XX局`. The name looks right and is compared
wrong. The warning names the character (`U+200B 零宽空格`).

Passes: `- 市教育局`.  Fails: `- 市教育局\u200b` (a zero-width space at the end).
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, odd_character, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX304"


def _places(result: LoadResult) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for i, system, _ in systems(result):
        for j, unit in enumerate(system.units):
            yield ("systems", i, "units", j), unit.name
        if system.lead_unit:
            yield ("systems", i, "lead_unit"), system.lead_unit
        if system.office and system.office.unit:
            yield ("systems", i, "office", "unit"), system.office.unit
        for j, convener in enumerate(system.conveners):
            if convener.unit:
                yield ("systems", i, "conveners", j, "unit"), convener.unit


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for path, name in _places(result):
        odd = odd_character(name)
        if odd is None:
            continue
        char, index = odd
        line, col = at(result, *path)
        code = f"U+{ord(char):04X}"
        if 0xFF10 <= ord(char) <= 0xFF5A:
            plain = "".join(chr(ord(c) - 0xFEE0) if 0xFF10 <= ord(c) <= 0xFF5A else c for c in name)
            yield dg.problem(
                f"{CODE}/fullwidth",
                result.file,
                line,
                col,
                name=name,
                char=code,
                index=index,
                plain=plain,
            )
        elif char.isspace() and char not in "\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029":
            yield dg.problem(
                f"{CODE}/space", result.file, line, col, name=name, char=code, index=index
            )
        else:
            yield dg.problem(CODE, result.file, line, col, name=name, char=code, index=index)
