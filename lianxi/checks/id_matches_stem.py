"""LX104: `id` must equal the file name without `.yaml`.

Passes: `id: yuncheng` in `yuncheng.yaml`.  Fails: `id: yuncheng` in `ezhou.yaml`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult

CODE = "LX104"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    defn = result.definition
    assert defn is not None
    stem = result.stem
    if "@" in stem or stem in {"-", "<stdin>"}:
        return
    if defn.id != stem:
        line, col = at(result, "id")
        yield dg.problem(CODE, result.file, line, col, id=defn.id, stem=stem)
