"""LX201: the declared unit count ("共35个部门和单位组成") matches the units listed.

A group entry (`group: 6`) counts as its number. A group of unknown size (`group: true`) makes a
mismatch a warning, since the document does not say how many units the group stands for.

Passes: `declared_unit_count: 2` with units A, B.  Fails: `declared_unit_count: 3` with A, B.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.loader import LoadResult

CODE = "LX201"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    for i, system, _ in systems(result):
        declared = system.declared_unit_count
        if declared is None:
            continue
        counts = [u.count for u in system.units]
        known = sum(c for c in counts if c is not None)
        unknown = sum(1 for c in counts if c is None)
        line, col = at(result, "systems", i, "declared_unit_count")
        if unknown == 0 and known != declared:
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                f"declared_unit_count is {declared} but {known} units are listed",
                f"声明成员单位 {declared} 个，但名单列出 {known} 个",
                "check the list against the document; keep the count as printed",
                "请对照原文核对名单；声明数按原文填写",
            )
        elif unknown and known + unknown > declared:
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                f"declared_unit_count is {declared} but {known + unknown} entries are "
                "listed, even counting each group as one unit",
                f"声明成员单位 {declared} 个，但即使每个组合项只算 1 个，"
                f"名单也有 {known + unknown} 个",
            )
        elif unknown and known + unknown <= declared:
            yield dg.make(
                CODE,
                result.file,
                line,
                col,
                f"declared_unit_count is {declared}; {known} units are listed plus "
                f"{unknown} group(s) of unknown size, so the count cannot be confirmed",
                f"声明成员单位 {declared} 个；名单列出 {known} 个单位和 {unknown} 个"
                "数量不明的组合项，无法核对",
                "if the document says how many units the group stands for, write `group: N`",
                "如原文写明组合项包含几个单位，请写 `group: N`",
                severity=Severity.WARNING,
            )
