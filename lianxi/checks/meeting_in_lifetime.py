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
                yield dg.make(
                    CODE,
                    result.file,
                    line,
                    col,
                    f"meeting on {meeting.date} is before the system was established "
                    f"({system.established})",
                    f"会议日期 {meeting.date} 早于制度建立日期 {system.established}",
                    "check the meeting date and `established`",
                    "请核对会议日期和建立日期",
                )
            if system.abolished and meeting.date > system.abolished:
                yield dg.make(
                    CODE,
                    result.file,
                    line,
                    col,
                    f"meeting on {meeting.date} is after the system was abolished "
                    f"({system.abolished})",
                    f"会议日期 {meeting.date} 晚于制度撤销日期 {system.abolished}",
                )
