"""LX402: a meeting decision (议定事项) still `open` after its `due` date.

The date compared against is `--today` (default: today), so runs are reproducible.

Passes: `status: done`; or `status: open` with `due: 2026-12-31` checked on 2026-11-22.
Fails: `status: open` with `due: 2025-06-30` checked on 2026-11-22.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import DecisionStatus

CODE = "LX402"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        for m, meeting in enumerate(system.meetings):
            for d, decision in enumerate(meeting.decisions):
                if decision.status != DecisionStatus.open or decision.due is None:
                    continue
                if decision.due < ctx.today:
                    late = (ctx.today - decision.due).days
                    line, col = at(result, "systems", i, "meetings", m, "decisions", d)
                    yield dg.problem(
                        CODE,
                        result.file,
                        line,
                        col,
                        meeting=str(meeting.date),
                        late=late,
                        due=str(decision.due),
                        text=decision.text[:30],
                    )
