"""LX107: each system's `key` is unique within its file (it is how `ID:KEY` finds it).

Passes: keys `quality` and `ip`.  Fails: two systems with `key: quality`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX107"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for i, system, _ in systems(result):
        if system.key in seen:
            line, col = at(result, "systems", i, "key")
            first = at(result, "systems", seen[system.key], "key")[0]
            yield dg.problem(CODE, result.file, line, col, key=system.key, first=first)
        else:
            seen[system.key] = i
