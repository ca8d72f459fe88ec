"""LX105: `id` and every system `key` are lower-case ASCII words joined by `-` (`[a-z0-9-]+`).

Passes: `id: guojia-jiliang`, `key: quality`.  Fails: `id: Yuncheng_2024`, `key: 质量`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lianxi import diagnostics as dg
from lianxi.checks._base import Context, at, systems
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import ID_PATTERN

CODE = "LX105"
_OK = re.compile(ID_PATTERN)


def check(result: LoadResult, ctx: Context) -> Iterator[Diagnostic]:
    defn = result.definition
    assert defn is not None
    places: list[tuple[tuple[str | int, ...], str, str]] = [(("id",), defn.id, "id")]
    places += [(("systems", i, "key"), s.key, "key") for i, s, _ in systems(result)]
    for path, value, what in places:
        if not _OK.fullmatch(value):
            line, col = at(result, *path)
            yield dg.problem(CODE, result.file, line, col, what=what, value=value)
