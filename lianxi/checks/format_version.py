"""LX106: `lianxi:` names the format version, and this lianxi reads version 1.

Passes: `lianxi: 1`.  Fails: `lianxi: 2`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import FORMAT_VERSION

CODE = "LX106"


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    defn = result.definition
    assert defn is not None
    if defn.lianxi != FORMAT_VERSION:
        line, col = at(result, "lianxi")
        yield dg.problem(
            CODE,
            result.file,
            line,
            col,
            version=str(defn.lianxi),
            supported=str(FORMAT_VERSION),
        )
