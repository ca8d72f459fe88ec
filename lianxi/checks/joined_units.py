"""LX305: one item of `units` names one unit, not several joined with 、 ， ； or ` - `.

Documents print the member units in one sentence joined with 、; copied into `units` as one line,
they become one unit with a long name, and the count and every membership check go wrong.
Separators inside brackets (`各县（市、区）人民政府`) do not count.

Passes: `- 市教育局` and `- 市科技局` on two lines.  Fails: `- 市教育局、市科技局`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, split_joined, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX305"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        for j, unit in enumerate(system.units):
            parts = split_joined(unit.name)
            if not parts:
                continue
            sep = unit.name[len(parts[0]) :].lstrip()[:1] or "、"
            if unit.name[len(parts[0]) :].startswith(" - "):
                sep = "-"
            line, col = at(result, "systems", i, "units", j)
            yield dg.problem(
                CODE,
                result.file,
                line,
                col,
                name=unit.name,
                count=len(parts),
                sep=sep,
                parts=dg.join(parts),
            )
