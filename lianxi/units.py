"""Every unit across a workspace, by catalog function, with the systems it sits in. Pure."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lianxi import names
from lianxi.model import Definition
from lianxi.textutil import excel_csv


@dataclass(slots=True)
class UnitRow:
    """One function (or one uncatalogued name) and where it sits."""

    function: str  # catalog id, or `?` + normalized name when the catalog cannot place it
    label: str
    names: list[str] = field(default_factory=list)  # as written, first-seen order
    systems: list[str] = field(default_factory=list)  # ID:KEY refs
    also: dict[str, list[str]] = field(default_factory=dict)  # merged bureau → its other functions

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "function": self.function,
            "label": self.label,
            "names": self.names,
            "systems": self.systems,
        }
        if self.also:
            out["also"] = self.also
        return out


@dataclass(slots=True)
class UnknownRow:
    """A name the catalog cannot place: its comparison form, how it is written, how often."""

    stem: str
    names: list[str] = field(default_factory=list)
    count: int = 0  # unit entries across the workspace
    systems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.stem,
            "count": self.count,
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
                # a merged bureau (发展改革和工业信息化局) sits in the row of each of its functions
                out.extend((f.id, f.label, unit.name, ref) for f in r.functions)
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
    for unit_row in out:
        for name in unit_row.names:
            r = names.resolve(name)
            if r is not None and r.also:
                unit_row.also[name] = [f.id for f in r.functions if f.id != unit_row.function]
    return sorted(out, key=lambda r: (-len(r.systems), r.function))


def collect(defs: Sequence[tuple[Definition, str | None]]) -> list[UnitRow]:
    """Group every member unit of loaded definitions by function (see `merge`)."""
    return merge(entries(defn, key) for defn, key in defs)


def unknown(found: Iterable[Iterable[Entry]]) -> tuple[list[UnknownRow], int]:
    """The names the catalog cannot place, most frequent first, and how many distinct names there are."""
    rows: dict[str, UnknownRow] = {}
    seen: set[str] = set()
    for group in found:
        for fid, _, name, ref in group:
            seen.add(name)
            if not fid.startswith("?"):
                continue
            row = rows.setdefault(fid[1:], UnknownRow(fid[1:]))
            row.count += 1
            if name not in row.names:
                row.names.append(name)
            if ref not in row.systems:
                row.systems.append(ref)
    return sorted(rows.values(), key=lambda r: (-r.count, r.stem)), len(seen)


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
        out.append("  " + "、".join(_with_also(n, row.also.get(n), zh) for n in row.names))
        out.append("  " + ", ".join(row.systems))
    return "\n".join(out)


def _with_also(name: str, others: list[str] | None, zh: bool) -> str:
    if not others:
        return name
    labels = "、".join(f.label if (f := names.function(o)) else o for o in others)
    return f"{name}（兼{labels}）" if zh else f"{name} (also {labels})"


def format_unknown_text(rows: Sequence[UnknownRow], total: int, lang: str = "en") -> str:
    """Each unplaced name with its count, then how much of the workspace resolves."""
    zh = lang == "zh"
    out = []
    for row in rows:
        n = len(row.systems)
        if zh:
            out.append(f"{row.stem}  {row.count} 次，{n} 个制度")
        else:
            out.append(f"{row.stem}  {row.count} time(s) in {n} system(s)")
        out.append("  " + "、".join(row.names))
        out.append("  " + ", ".join(row.systems))
    unknown = sum(len(r.names) for r in rows)
    share = 100.0 * (total - unknown) / total if total else 100.0
    if zh:
        out.append(f"{total} 个不同的单位名称中 {unknown} 个不在名录中（{share:.1f}% 可识别）")
    else:
        out.append(
            f"{unknown} of {total} distinct unit names are not in the catalog ({share:.1f}% resolve)"
        )
    return "\n".join(out)


def format_unknown_json(rows: Sequence[UnknownRow]) -> str:
    return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2)


def format_unknown_csv(rows: Sequence[UnknownRow]) -> bytes:
    """As `format_csv`: UTF-8 with a byte-order mark and CRLF."""
    return excel_csv(
        ["name", "count", "names", "systems"],
        ([r.stem, r.count, "、".join(r.names), " ".join(r.systems)] for r in rows),
    )


def format_json(rows: Sequence[UnitRow]) -> str:
    return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2)


def format_csv(rows: Sequence[UnitRow]) -> bytes:
    """UTF-8 with a byte-order mark and CRLF, like the member list, so that Excel opens it as
    Chinese text."""
    return excel_csv(
        ["function", "label", "names", "systems"],
        ([r.function, r.label, "、".join(r.names), " ".join(r.systems)] for r in rows),
    )
