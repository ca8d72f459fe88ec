"""LX302: a unit is not named after a body abolished before the document's date (a warning).

市工商局 in a 2014 document is right; in a 2020 document the body no longer existed (the 2018
reform merged it into 市场监管局), so the hint names the successor. The date is the document's,
else the system's `established`; local bodies use the date local reforms were completed.

Passes: 工商局 in a 2014 document.  Fails: 市工商局 in a 2020 document.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX302"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, defn in systems(result):
        date = (defn.document.date if defn.document else None) or system.established
        if date is None:
            continue
        for j, unit in enumerate(system.units):
            r = names.resolve(unit.name)
            if r is None:
                continue
            level = r.level or defn.level
            gone = r.function.abolished_at(level)
            if gone is None or gone >= date:
                continue
            now = names.current(r.function.id)
            new = now.display(level)
            line, col = at(result, "systems", i, "units", j)
            yield dg.problem(
                CODE,
                result.file,
                line,
                col,
                unit=unit.name,
                function=r.function.label,
                gone=str(gone),
                date=str(date),
                now=now.label,
                new=new,
            )
