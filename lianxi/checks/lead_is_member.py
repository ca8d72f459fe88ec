"""LX203: the lead unit (牵头单位) is one of the units.

Passes: `lead_unit: 市市场监管局` with 市市场监管局 in units.  Fails: the lead unit missing from units.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi.checks._base import Context, member_keys, not_a_member, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX203"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        if (
            system.lead_unit
            and system.units
            and unit_key(system.lead_unit) not in member_keys(system)
        ):
            yield not_a_member(
                result,
                CODE,
                ("systems", i, "lead_unit"),
                system.lead_unit,
                system,
            )
