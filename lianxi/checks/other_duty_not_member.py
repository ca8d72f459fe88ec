"""LX209: a 职责分工 given to a unit that is not a member (a warning).

Documents sometimes assign duties to units outside the list (鄂州: 各区人民政府、葛店经开区、临空经济区管委会).
Record them under `other_duties` so nothing is lost; this check says that they are not members, so
that the office can decide whether the list or the duty is wrong. An `other_duties` entry naming a
unit that *is* a member is reported too: its duty belongs on the unit.

Passes: `other_duties` empty.  Fails: `other_duties: [{units: [各区人民政府], duty: …}]`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, member_keys, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX209"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        members = member_keys(system)
        for j, other in enumerate(system.other_duties):
            for k, unit in enumerate(other.units):
                line, col = at(result, "systems", i, "other_duties", j, "units", k)
                if unit_key(unit) in members:
                    yield dg.problem(f"{CODE}/member", result.file, line, col, unit=unit)
                else:
                    yield dg.problem(CODE, result.file, line, col, unit=unit)
