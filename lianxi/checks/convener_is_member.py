"""LX205: a convener's `unit`, when given, is one of the units.

Passes: a deputy convener with `unit: 市市场监管局` listed.  Fails: `unit: 市财政局` not listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi.checks._base import Context, member_keys, not_a_member, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX205"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        members = member_keys(system)
        for j, convener in enumerate(system.conveners):
            if convener.unit and system.units and unit_key(convener.unit) not in members:
                yield not_a_member(
                    result,
                    CODE,
                    ("systems", i, "conveners", j, "unit"),
                    convener.unit,
                    system,
                )
