"""LX301: every unit name can be placed in the catalog of government functions (a warning).

A name the catalog cannot place is never guessed: the hint lists the closest catalog names, so a
typo (市公按局) is caught and a genuinely local body can be added to the catalog.

Passes: units 市发展改革委, 運城市市場監管局.  Fails: units 市公按局.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.checks._base import Context, at, odd_character, split_joined, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX301"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        for j, unit in enumerate(system.units):
            name = unit.name
            if names.resolve(name) is not None:
                continue
            if split_joined(name) or odd_character(name):
                continue  # LX305 or LX304 says what is wrong with it

            near = names.closest(name)
            line, col = at(result, "systems", i, "units", j)
            if near:
                yield dg.problem(CODE, result.file, line, col, name=name, near=dg.join(near))
            else:
                yield dg.problem(f"{CODE}/unknown", result.file, line, col, name=name)
