"""LX212: a phrasing field (`units_sentence`) names only known placeholders, and only ones whose
field has a value.

Passes: `units_sentence: 联席会议由{units}组成，{lead}为牵头单位。` with `lead_unit` set.
Fails: `{unit}` (unknown), `{units.__class__}`, `{0}`, `{units:>20}` (not placeholders), or
`牵头单位为{lead}。` with no `lead_unit`. A `，{lead}为牵头单位` or `等{count}个` part is left out
when its field is empty, as documents do.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import phrasing
from lianxi.checks._base import Context, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX212"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        if not system.units_sentence:
            continue
        found = phrasing.problems(system.units_sentence, phrasing.values_of(system))
        if found:
            line, col = result.source.at(("systems", i, phrasing.FIELD))
            for p in found:
                yield phrasing.diagnostic(p, result.source.file, line, col)
