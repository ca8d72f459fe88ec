"""The placeholder language of phrasing fields (`units_sentence`): `{units}`, `{count}`, `{lead}`.

A phrasing field is text from the workspace, so it is not a `str.format` string: no attribute or
index access, no format specs, no positional fields. A placeholder is a known name in braces;
`{{` and `}}` are literal braces, and a brace that opens no placeholder is printed as it is.
Pure: no IO.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lianxi import diagnostics as dg

if TYPE_CHECKING:
    from lianxi.model import System

#: every placeholder a phrasing field may use, and the field it stands for
PLACEHOLDERS: dict[str, str] = {
    "units": "units",  # the member units, joined with 、
    "count": "declared_unit_count",
    "lead": "lead_unit",
    "name": "name",  # the system's name
    "short_name": "short_name",
}

#: parts that go away with their placeholder when its field is empty, as documents leave them out:
#: 由…等{count}个部门组成 → 由…等部门组成; ，{lead}为牵头单位 → nothing
OPTIONAL: dict[str, re.Pattern[str]] = {
    "count": re.compile(r"(?<=[等共])[ \t]*\{count\}[ \t]*个"),
    "lead": re.compile(r"[，,][ \t]*\{lead\}[ \t]*为牵头单位"),
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]{0,40})\}")


@dataclass(frozen=True, slots=True)
class Problem:
    """A placeholder that cannot be filled: `kind` is "unknown" or "empty"."""

    kind: str
    name: str
    offset: int  # in the field's text


def _drop_optional(pattern: str, values: Mapping[str, str | None]) -> str:
    for name, part in OPTIONAL.items():
        if not values.get(name):
            pattern = part.sub("", pattern)
    return pattern


def problems(pattern: str, values: Mapping[str, str | None]) -> list[Problem]:
    """Every placeholder in `pattern` that is unknown, or whose field is empty in `values`;
    one report per name, at its first place."""
    still = {m[1] for m in _TOKEN.finditer(_drop_optional(pattern, values)) if m[1] is not None}
    out: list[Problem] = []
    seen: set[str] = set()
    for m in _TOKEN.finditer(pattern):
        name = m[1]
        if name is None or name in seen:
            continue
        if name not in PLACEHOLDERS:
            out.append(Problem("unknown", name, m.start()))
        elif not values.get(name) and name in still:
            out.append(Problem("empty", name, m.start()))
        else:
            continue
        seen.add(name)
    return out


class PhrasingError(ValueError):
    def __init__(self, found: list[Problem]) -> None:
        super().__init__(", ".join(f"{p.kind} placeholder {{{p.name}}}" for p in found))
        self.problems = found


def fill(pattern: str, values: Mapping[str, str | None]) -> str:
    """`pattern` with its placeholders replaced; raises PhrasingError for unknown or empty ones.

    Linear in the length of the text: each placeholder is replaced once, never re-read.
    """
    found = problems(pattern, values)
    if found:
        raise PhrasingError(found)
    pattern = _drop_optional(pattern, values)

    def replace(m: re.Match[str]) -> str:
        token = m[0]
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values.get(m[1]) or ""

    return _TOKEN.sub(replace, pattern)


def values_of(system: System) -> dict[str, str | None]:
    """What each placeholder stands for in `system` (None when its field is empty)."""
    count = system.declared_unit_count
    return {
        "units": "、".join(u.name for u in system.units) or None,
        "count": None if count is None else str(count),
        "lead": system.lead_unit or None,
        "name": system.name or None,
        "short_name": system.short_name or None,
    }


FIELD = "units_sentence"


def diagnostic(problem: Problem, file: str, line: int, col: int) -> dg.Diagnostic:
    """LX212 for one placeholder of `units_sentence` that cannot be filled."""
    shown = "{" + (problem.name if len(problem.name) <= 40 else problem.name[:40] + "…") + "}"
    if problem.kind == "unknown":
        known = dg.join("{" + n + "}" for n in PLACEHOLDERS)
        return dg.problem("LX212/unknown", file, line, col, field=FIELD, name=shown, known=known)
    what = PLACEHOLDERS[problem.name]
    return dg.problem("LX212/empty", file, line, col, field=FIELD, name=shown, what=what)
