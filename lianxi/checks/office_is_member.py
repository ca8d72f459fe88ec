"""LX204: the unit that hosts the office (办公室设在…) is one of the units.

Passes: `office: {unit: 市市场监管局}` with it in units.  Fails: an office unit not in units.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi.checks._base import Context, member_keys, not_a_member, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX204"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        office = system.office
        if (
            office
            and office.unit
            and system.units
            and unit_key(office.unit) not in member_keys(system)
        ):
            yield not_a_member(
                result,
                CODE,
                ("systems", i, "office", "unit"),
                office.unit,
                system,
            )
