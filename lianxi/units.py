"""Every unit across a workspace, by catalog function, with the systems it sits in. Pure."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lianxi import names
from lianxi.model import Definition


@dataclass(slots=True)
class UnitRow:
    """One function (or one uncatalogued name) and where it sits."""

    function: str  # catalog id, or `?` + normalized name when the catalog cannot place it
    label: str
    names: list[str] = field(default_factory=list)  # as written, first-seen order
    systems: list[str] = field(default_factory=list)  # ID:KEY refs

    def to_dict(self) -> dict[str, object]:
        return {
            "function": self.function,
            "label": self.label,
            "names": self.names,
            "systems": self.systems,
        }


Entry = tuple[str, str, str, str]  # (function, label, name as written, ID:KEY)


def entries(defn: Definition, key: str | None = None) -> list[Entry]:
    """Every member unit of one definition (or of its system `key`), placed in the catalog.

    Small plain tuples: this is what a worker sends back for one file (`workspace.scan`).
    """
    out: list[Entry] = []
    for system in defn.systems:
        if key is not None and system.key != key:
            continue
        ref = f"{defn.id}:{system.key}"
        for unit in system.units:
            r = names.resolve(unit.name)
            if r is not None:
                out.append((r.function.id, r.function.label, unit.name, ref))
            else:
                out.append(("?" + names.normalize(unit.name), unit.name, unit.name, ref))
    return out


def merge(found: Iterable[Iterable[Entry]]) -> list[UnitRow]:
    """Group entries by function; most-shared first, then by function id.

    Linear: names and systems are kept in insertion-ordered dicts, so a function shared by
    10,000 systems costs 10,000 steps, not 10,000² comparisons.
    """
    rows: dict[str, tuple[str, dict[str, None], dict[str, None]]] = {}
    for group in found:
        for fid, label, name, ref in group:
            row = rows.get(fid)
            if row is None:
                row = rows[fid] = (label, {}, {})
            row[1][name] = None
            row[2][ref] = None
    out = [UnitRow(fid, label, list(ns), list(ss)) for fid, (label, ns, ss) in rows.items()]
    return sorted(out, key=lambda r: (-len(r.systems), r.function))


def collect(defs: Sequence[tuple[Definition, str | None]]) -> list[UnitRow]:
    """Group every member unit of loaded definitions by function (see `merge`)."""
    return merge(entries(defn, key) for defn, key in defs)


def matches(row: UnitRow, query: str) -> bool:
    """True when `query` names this row's function (公安, 市公安局, public-security, 公安部 …)."""
    q = names.clean(query)
    if not q:
        return True
    if q == row.function or q in row.label:
        return True
    if any(q in names.clean(n) for n in row.names):
        return True
    r = names.resolve(query)
    return r is not None and r.function.id == row.function


def format_text(rows: Sequence[UnitRow], lang: str = "en") -> str:
    zh = lang == "zh"
    if not rows:
        return "没有匹配的单位" if zh else "no matching units"
    out = []
    for row in rows:
        n = len(row.systems)
        head = f"{row.label}  [{row.function}]  " + (f"{n} 个制度" if zh else f"{n} system(s)")
        out.append(head)
        out.append("  " + "、".join(row.names))
        out.append("  " + ", ".join(row.systems))
    return "\n".join(out)


def format_json(rows: Sequence[UnitRow]) -> str:
    return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2)


def format_csv(rows: Sequence[UnitRow]) -> bytes:
    """UTF-8 with a byte-order mark and CRLF, like the member list, so that Excel opens it as
    Chinese text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["function", "label", "names", "systems"])
    for r in rows:
        writer.writerow([r.function, r.label, "、".join(r.names), " ".join(r.systems)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
