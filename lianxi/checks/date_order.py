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
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                f"abolished {system.abolished} is before established {system.established}",
                f"撤销日期 {system.abolished} 早于建立日期 {system.established}",
            )
        previous = None
        for j, entry in enumerate(system.history):
            line, col = at(result, "systems", i, "history", j, "date")
            if previous and entry.date < previous:
                yield dg.make(
                    CODE,
                    result.file,
                    line,
                    col,
                    f"history entry dated {entry.date} comes after one dated {previous}",
                    f"历史记录 {entry.date} 排在 {previous} 之后",
                    "list history in date order",
                    "请按日期顺序排列历史记录",
                )
            if system.established and entry.date < system.established:
                yield dg.make(
                    CODE,
                    result.file,
                    line,
                    col,
                    f"history entry dated {entry.date} is before the system was "
                    f"established ({system.established})",
                    f"历史记录 {entry.date} 早于制度建立日期 {system.established}",
                )
            previous = entry.date
        for m, meeting in enumerate(system.meetings):
            for d, decision in enumerate(meeting.decisions):
                if decision.due and decision.due < meeting.date:
                    line, col = at(result, "systems", i, "meetings", m, "decisions", d, "due")
                    yield dg.make(
                        CODE,
                        result.file,
                        line,
                        col,
                        f"decision due {decision.due} before its meeting {meeting.date}",
                        f"议定事项完成时限 {decision.due} 早于会议日期 {meeting.date}",
                    )
