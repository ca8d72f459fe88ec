"""LX207: every unit in the liaison roster (联络员名单) is one of the units.

Passes: `liaisons: {people: [{unit: 市教育局}]}` with it listed.  Fails: a roster unit not listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi.checks._base import Context, member_keys, not_a_member, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX207"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        if not system.liaisons or not system.units:
            continue
        members = member_keys(system)
        for j, person in enumerate(system.liaisons.people):
            if unit_key(person.unit) not in members:
                yield not_a_member(
                    result,
                    CODE,
                    ("systems", i, "liaisons", "people", j, "unit"),
                    person.unit,
                    system,
                )
