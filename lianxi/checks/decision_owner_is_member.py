"""LX206: every owner of a meeting decision (议定事项) is one of the units.

Passes: `owners: [市市场监管局]` with it listed.  Fails: `owners: [市财政局]` not listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi.checks._base import Context, member_keys, not_a_member, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.names import unit_key

CODE = "LX206"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        members = member_keys(system)
        if not system.units:
            continue
        for m, meeting in enumerate(system.meetings):
            for d, decision in enumerate(meeting.decisions):
                for o, owner in enumerate(decision.owners):
                    if unit_key(owner) not in members:
                        path = ("systems", i, "meetings", m, "decisions", d, "owners", o)
                        yield not_a_member(result, CODE, path, owner, system)
