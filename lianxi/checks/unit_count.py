"""LX201: the declared unit count ("共35个部门和单位组成") matches the units listed.

A group entry (`group: 6`) counts as its number; an item that joins several units with 、 (LX305)
counts as the units it names, so that the one mistake is reported once. A group of unknown size (`group: true`) makes a
mismatch a warning, since the document does not say how many units the group stands for.

Passes: `declared_unit_count: 2` with units A, B.  Fails: `declared_unit_count: 3` with A, B.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, split_joined, systems
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.loader import LoadResult

CODE = "LX201"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        declared = system.declared_unit_count
        if declared is None:
            continue
        # an item joining several units (LX305) counts as the units it names
        counts = [
            (len(split_joined(u.name)) or 1) if u.count == 1 else u.count for u in system.units
        ]
        known = sum(c for c in counts if c is not None)
        unknown = sum(1 for c in counts if c is None)
        line, col = at(result, "systems", i, "declared_unit_count")
        if unknown == 0 and known != declared:
            yield dg.problem(CODE, result.file, line, col, declared=declared, known=known)
        elif unknown and known + unknown > declared:
            yield dg.problem(
                f"{CODE}/groups_over",
                result.file,
                line,
                col,
                declared=declared,
                total=known + unknown,
            )
        elif unknown and known + unknown <= declared:
            yield dg.problem(
                f"{CODE}/groups_unknown",
                result.file,
                line,
                col,
                severity=Severity.WARNING,
                declared=declared,
                known=known,
                groups=unknown,
            )
