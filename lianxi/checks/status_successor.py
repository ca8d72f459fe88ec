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
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                "a replaced system names its successor",
                "被替代的制度应写明接续制度（successor）",
                "add `successor: ID:KEY`",
                "请添加 `successor: ID:KEY`",
            )
        elif system.successor and system.status != Status.replaced:
            line, col = at(result, "systems", i, "successor")
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                f"successor given but status is {system.status.value!r}",
                f"写了接续制度，但状态为 {system.status.value!r}",
                "set `status: replaced` or remove successor",
                "改为 `status: replaced`，或删去 successor",
            )
