"""What every check receives: the load result and the run's context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from lianxi import diagnostics as dg
from lianxi.diagnostics import Diagnostic
from lianxi.loader import LoadResult
from lianxi.model import Definition, System
from lianxi.names import unit_key

__all__ = ["Context", "at", "member_keys", "not_a_member", "systems", "unit_key"]


@dataclass(frozen=True, slots=True)
class Context:
    """Facts a check may depend on besides the file: fixed here so runs are reproducible."""

    today: dt.date = field(default_factory=dt.date.today)


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
    result: LoadResult, code: str, path: tuple[str | int, ...], unit: str, what: tuple[str, str]
) -> Diagnostic:
    """The shared shape of LX203–LX207: `unit`, named as `what`, is not among the units."""
    line, col = result.source.at(path)
    return dg.problem(code, result.file, line, col, unit=unit)
