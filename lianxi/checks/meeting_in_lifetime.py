"""LX403: a meeting is dated while its system exists: not before `established`, not after
`abolished`.

Passes: established 2024-10-12 and a meeting on 2025-03-01.
Fails: a meeting on 2024-01-05 for a system established 2024-10-12.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX403"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        for m, meeting in enumerate(system.meetings):
            line, col = at(result, "systems", i, "meetings", m, "date")
            if system.established and meeting.date < system.established:
                yield dg.problem(
                    f"{CODE}/before",
                    result.file,
                    line,
                    col,
                    date=str(meeting.date),
                    established=str(system.established),
                )
            if system.abolished and meeting.date > system.abolished:
                yield dg.problem(
                    f"{CODE}/after",
                    result.file,
                    line,
                    col,
                    date=str(meeting.date),
                    abolished=str(system.abolished),
                )
