"""LX303: a unit's name is of the system's level (a warning).

A 部 or 总局 in a city system, or a 市…局 in a national one, is usually a copying slip. Only names
that say their level count: a jurisdiction prefix (市, 省, 自治区, 国家) or a form that exists at one
high level only (教育部, 公安厅). Entries standing for several units (`group`) are not checked.

Passes: 市教育局 in a city system.  Fails: 教育部 in a city system.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import Level

CODE = "LX303"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, defn in systems(result):
        for j, unit in enumerate(system.units):
            if unit.group:
                continue
            r = names.resolve(unit.name)
            if r is None or r.level is None or r.level == defn.level:
                continue
            if {r.level, defn.level} == {Level.city, Level.county}:
                continue  # 区 prefixes and county-level cities blur this line; not worth a warning
            expected = r.function.display(defn.level)
            line, col = at(result, "systems", i, "units", j)
            yield dg.problem(
                CODE,
                result.file,
                line,
                col,
                unit=unit.name,
                level=r.level.value,
                system_level=defn.level.value,
                expected=expected,
            )
