"""LX401: every full calendar year has the plenary meetings that `rules.plenary_per_year` asks for.

Years are counted from the year after `established` up to the last full year before `--today`
(or before the year the system was abolished). One warning per system names every year
that falls short. A system with no
meeting records at all is not checked: its file does not keep minutes, so silence proves nothing.

Passes: `plenary_per_year: 1`, established 2023-05-01, a plenary meeting recorded in 2024 and 2025,
checked on 2026-03-01.  Fails: the same with no plenary meeting in 2025.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import MeetingKind

CODE = "LX401"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        wanted = system.rules.plenary_per_year if system.rules else None
        if not wanted or system.established is None or not system.meetings:
            continue
        last = ctx.today.year - 1
        if system.abolished is not None:
            last = min(last, system.abolished.year - 1)
        held = Counter(m.date.year for m in system.meetings if m.kind == MeetingKind.plenary)
        missing = [
            year for year in range(system.established.year + 1, last + 1) if held[year] < wanted
        ]
        if missing:
            line, col = at(result, "systems", i, "rules", "plenary_per_year")
            yield dg.problem(
                CODE,
                result.file,
                line,
                col,
                key=system.key,
                years=dg.join(missing),
                wanted=wanted,
            )
