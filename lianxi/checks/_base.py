"""What every check receives: the load result and the run's context."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lianxi import diagnostics as dg
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import Definition, System
from lianxi.names import unit_key

__all__ = [
    "Context",
    "at",
    "closest_member",
    "member_keys",
    "not_a_member",
    "odd_character",
    "split_joined",
    "systems",
    "unit_key",
    "visible",
]


@dataclass(frozen=True, slots=True)
class Context:
    """Facts a check may depend on besides the file: fixed here so runs are reproducible."""

    today: dt.date = field(default_factory=dt.date.today)


# Characters a unit name never holds on purpose: pasted from web pages and Word, or typed with a
# full-width input mode. Full-width brackets （） are ordinary in names and not among them.
_INVISIBLE = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]"
)
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u3000]")
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def visible(name: str) -> str:
    """`name` without invisible characters and odd spaces, full-width letters and digits made
    half-width."""
    if name.isascii():
        return name
    name = _ODD_SPACE.sub("", _INVISIBLE.sub("", name))
    return _FULLWIDTH.sub(lambda m: chr(ord(m.group()) - 0xFEE0), name)


def odd_character(name: str) -> tuple[str, int] | None:
    """The first invisible, odd-space or full-width letter/digit character of `name` and its
    1-based position, or None."""
    if name.isascii() and name.isprintable():
        return None
    for i, c in enumerate(name):
        if _INVISIBLE.match(c) or _ODD_SPACE.match(c) or _FULLWIDTH.match(c):
            return c, i + 1
    return None


_UNIT_END = re.compile(
    r"(局|委|办|厅|部|会|院|处|室|署|行|社|团|联|站|所|队|中心|公司|政府|集团|协会|分行)$"
)
_JOINERS = re.compile(r"[、，,；;]| - ")


def split_joined(name: str) -> list[str]:
    """The unit names of `name` when it is several joined with 、 ， ； or ` - `
    (`市教育局、市科技局`), else []. Separators inside brackets (`各县（市、区）政府`) do not count."""
    if not _JOINERS.search(name):
        return []
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(name):
        c = name[i]
        if c in "（(［[":
            depth += 1
        elif c in "）)］]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = _JOINERS.match(name, i)
            if m:
                parts.append(name[start:i].strip())
                start = i = m.end()
                continue
        i += 1
    parts.append(name[start:].strip())
    if len(parts) < 2 or not all(_UNIT_END.search(p) for p in parts):
        return []
    return parts


def closest_member(system: System, name: str) -> str | None:
    """The member of `system` whose name is closest to `name` (a typo, a shortened name)."""
    import difflib

    names = [u.name for u in system.units]
    close = difflib.get_close_matches(visible(name), names, n=1, cutoff=0.6)
    return close[0] if close else None


_MEMBERS: dict[int, tuple[System, frozenset[str]]] = {}


def member_keys(system: System) -> frozenset[str]:
    """The comparison keys of a system's units, computed once per system object."""
    hit = _MEMBERS.get(id(system))
    if hit is not None and hit[0] is system:
        return hit[1]
    if len(_MEMBERS) > 64:
        _MEMBERS.clear()
    keys = frozenset(unit_key(u.name) for u in system.units)
    _MEMBERS[id(system)] = (system, keys)
    return keys


def systems(result: LoadResult) -> Iterator[tuple[int, System, Definition]]:
    defn = result.definition
    assert defn is not None
    for i, system in enumerate(defn.systems):
        yield i, system, defn


def at(result: LoadResult, *path: str | int, key: bool = False) -> tuple[int, int]:
    return result.source.at(path, key=key)


def not_a_member(
    result: LoadResult, code: str, path: tuple[str | int, ...], unit: str, system: System
) -> Diagnostic:
    """The shared shape of LX203–LX207: `unit` is not among the units of `system`. The hint
    names the member it most likely means, or the units it joins."""
    line, col = result.source.at(path)
    parts = split_joined(unit)
    if parts:
        return dg.problem(f"{code}/joined", result.file, line, col, unit=unit, parts=dg.join(parts))
    closest = closest_member(system, unit)
    if closest:
        return dg.problem(f"{code}/closest", result.file, line, col, unit=unit, closest=closest)
    return dg.problem(code, result.file, line, col, unit=unit)
