"""LX210: dates are in order.

A system is not abolished before it was established; history entries are in date order and not
before the system was established; a decision is not due before the meeting that made it.

Passes: established 2024-10-12, history 2024-10-12 then 2025-03-01.
Fails: abolished 2020-01-01 before established 2024-10-12; a decision due before its meeting.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX210"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        if system.established and system.abolished and system.abolished < system.established:
            line, col = at(result, "systems", i, "abolished")
            yield dg.problem(
                f"{CODE}/abolished",
                result.file,
                line,
                col,
                abolished=str(system.abolished),
                established=str(system.established),
            )
        previous = None
        for j, entry in enumerate(system.history):
            line, col = at(result, "systems", i, "history", j, "date")
            if previous and entry.date < previous:
                yield dg.problem(
                    f"{CODE}/history_order",
                    result.file,
                    line,
                    col,
                    date=str(entry.date),
                    previous=str(previous),
                )
            if system.established and entry.date < system.established:
                yield dg.problem(
                    f"{CODE}/history_early",
                    result.file,
                    line,
                    col,
                    date=str(entry.date),
                    established=str(system.established),
                )
            previous = entry.date
        for m, meeting in enumerate(system.meetings):
            for d, decision in enumerate(meeting.decisions):
                if decision.due and decision.due < meeting.date:
                    line, col = at(result, "systems", i, "meetings", m, "decisions", d, "due")
                    yield dg.problem(
                        f"{CODE}/due",
                        result.file,
                        line,
                        col,
                        due=str(decision.due),
                        meeting=str(meeting.date),
                    )
