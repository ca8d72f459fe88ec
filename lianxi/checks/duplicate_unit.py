"""LX202: a unit appears once in a system's list, after name normalization.

`市发改委` and `市发展改革委` are the same unit; so are `市科技局` and `市科技局（知识产权局）`.

Passes: units A, B.  Fails: units 市发改委, 市教育局, 市发展改革委.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX202"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        seen: dict[str, int] = {}
        for j, unit in enumerate(system.units):
            k = unit_key(unit.name)
            if k in seen:
                first = system.units[seen[k]].name
                fline = at(result, "systems", i, "units", seen[k])[0]
                line, col = at(result, "systems", i, "units", j)
                yield dg.problem(
                    CODE, result.file, line, col, unit=unit.name, first=first, first_line=fline
                )
            else:
                seen[k] = j
