"""LX211: `status: replaced` names its `successor`, and only a replaced system has one.

Passes: `status: replaced` with `successor: yuncheng:quality`.
Fails: `status: replaced` without a successor; `successor:` on an active system.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import Status

CODE = "LX211"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        if system.status == Status.replaced and not system.successor:
            line, col = at(result, "systems", i, "status")
            yield dg.problem(f"{CODE}/successor_missing", result.file, line, col)
        elif system.successor and system.status != Status.replaced:
            line, col = at(result, "systems", i, "successor")
            yield dg.problem(
                f"{CODE}/not_replaced", result.file, line, col, status=system.status.value
            )
