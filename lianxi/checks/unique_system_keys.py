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
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                f"system key {system.key!r} is used twice (first at line {first})",
                f"制度 key {system.key!r} 重复（首次出现在第 {first} 行）",
                "give each system its own key",
                "每个制度使用不同的 key",
            )
        else:
            seen[system.key] = i
