"""The static registry of a workspace (`lianxi site`): pages, search index, downloads.

`build_site` reads the workspace in two passes (see "The model of the site") and writes every page
into the folder being built (`output.building`): the worker that renders a page writes it, so that
no process holds the pages of ten thousand definitions. The views and pages themselves are pure.
Every page is a Jinja template under `templates/site/` (overridable from the workspace's `templates/`),
fed plain data (dicts, lists, strings): the views are computed here. Paths are built only from ids,
keys and digests, never from user text, so nothing can name a file outside the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import os
import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lianxi import names
from lianxi.model import (
    DecisionStatus,
    Definition,
    HistoryKind,
    Level,
    MeetingKind,
    Role,
    Status,
    System,
)

if TYPE_CHECKING:
    from lianxi.diagnostics import Diagnostic
    from lianxi.loader import LoadResult
    from lianxi.output import Stage
    from lianxi.workbook import Sheet
    from lianxi.workspace import Ref

LEVEL_ZH = {
    Level.national: "部际",
    Level.provincial: "厅际",
    Level.city: "市级",
    Level.county: "县级",
}
STATUS_ZH = {Status.active: "有效", Status.abolished: "已撤销", Status.replaced: "已被替代"}
HISTORY_ZH = {
    HistoryKind.established: "建立",
    HistoryKind.adjusted: "调整",
    HistoryKind.abolished: "撤销",
}
MEETING_ZH = {
    MeetingKind.plenary: "全体会议",
    MeetingKind.thematic: "专题会议",
    MeetingKind.liaison: "联络员会议",
}
ROLE_ZH = {
    Role.chief_convener: "总召集人",
    Role.convener: "召集人",
    Role.deputy_convener: "副召集人",
}
#: how many peer comparisons each system links to (bounded: a topic shared by 10,000 systems must
#: not make 50 million pages)
PEERS_PER_SYSTEM = 3
HEAT_STEPS = 5
#: above this many systems in one jurisdiction, the systems × systems overlap table is left out
OVERLAP_LIMIT = 100
#: the file that marks a folder as a site lianxi wrote, so that a rebuild may replace it
MARKER = ".lianxi-site"


@dataclass(frozen=True, slots=True)
class SiteOptions:
    today: dt.date
    downloads: bool = True  # notice md/docx and member lists csv/xlsx for each system


def cn_date(date: dt.date | None) -> str:
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


def _safe_url(url: str | None) -> str | None:
    """Only web links become links: a `javascript:` URL escaped is still a script."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def _heat(value: int, top: int) -> int:
    """0 for nothing, else 1..HEAT_STEPS by share of the largest value."""
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_STEPS, round(HEAT_STEPS * value / top)))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


# ---------------------------------------------------------------------------------------------
# The model of the site. A site is built in two passes over the workspace (`workspace.scan`): the
# first sends back, for each system, only its facts (a row of the index, its units with their
# roles, its search terms); the parent process works out from them everything that needs the
# whole workspace (unit functions, peers, matrices, the search index); the second pass renders
# each definition's own pages in the workers, from the file and what the parent worked out. No
# process ever holds every model, and no process but the workers parses YAML.

Seat = tuple[str, str, tuple[str, ...]]  # (name as printed, function key, roles)


@dataclass(frozen=True, slots=True)
class SysFacts:
    """What the whole site needs to know of one system: small, plain, sent back by a worker."""

    def_id: str
    key: str
    file: str  # the definition's file as displayed: which REF renders its pages
    jurisdiction: str
    level: str  # Level value
    name: str
    short_name: str
    topics: tuple[str, ...]
    status: str  # Status value
    row: dict[str, Any]  # the index row (_system_row)
    unit_names: tuple[str, ...]  # as printed
    unit_fids: tuple[str, ...]  # their functions
    unit_roles: dict[int, tuple[str, ...]]  # by position, for the units that have a role
    successor: str | None
    text: str  # search terms
    snapshot: Where | None = None  # where the first pass kept the file's data (`Snapshots`)

    @property
    def units(self) -> Iterator[Seat]:
        """(name as printed, function key, roles) of each unit (kept as three compact parts: the
        parent holds the facts of every system of the workspace)."""
        roles = self.unit_roles
        for i, (name, fid) in enumerate(zip(self.unit_names, self.unit_fids, strict=True)):
            yield name, fid, roles.get(i, ())


@dataclass(slots=True)
class _Sys:
    facts: SysFacts
    slug: str  # ID.KEY, unique in the site
    ref: str = ""
    url: str = ""
    seat: dict[str, str] = field(default_factory=dict)  # what a unit's page says of the system

    def __post_init__(self) -> None:
        self.ref = f"{self.facts.def_id}:{self.facts.key}"
        self.url = f"systems/{self.slug}.html"
        self.seat = {
            "ref": self.ref,
            "url": self.url,
            "name": self.facts.name,
            "jurisdiction": self.facts.jurisdiction,
            "level": self.facts.row["level"],
            "status": self.facts.row["status"],
        }


@dataclass(slots=True)
class _Seat:
    """One unit of one system: where a function sits, as what, under which printed name."""

    sys: _Sys
    printed: str
    roles: tuple[str, ...]


@dataclass(slots=True)
class _Fn:
    fid: str
    label: str
    slug: str
    printed: dict[str, None] = field(default_factory=dict)  # in order of first use
    seats: list[_Seat] = field(default_factory=list)
    count: int = 0  # `systems`, once every seat is known

    @property
    def url(self) -> str:
        return f"units/{self.slug}.html"

    @property
    def systems(self) -> int:
        """How many systems it sits in (a system may list two units of one function)."""
        return self.count or len({s.sys.ref for s in self.seats})


def _fn_slug(fid: str) -> str:
    if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fid):
        return fid
    return "x-" + _digest(fid)  # an uncatalogued name: `?名称`


def _fn_url(fid: str) -> str:
    return f"units/{_fn_slug(fid)}.html"


def _same(a: str | None, b: str) -> bool:
    return a is not None and (a == b or names.normalize(a) == names.normalize(b))


def unit_roles(system: System, name: str) -> list[str]:
    """What a member unit is in its system besides a member: 牵头单位, 办公室, a convener's unit."""
    roles = []
    if _same(system.lead_unit, name):
        roles.append("牵头单位")
    if system.office and _same(system.office.unit, name):
        roles.append("办公室")
    for c in system.conveners:
        label = ROLE_ZH[c.role]
        if _same(c.unit, name) and label not in roles:
            roles.append(label)
    return roles


def system_facts(defn: Definition, system: System, file: str, today: dt.date) -> SysFacts:
    from sys import intern  # a name or function shared by thousands of systems is kept once

    roles = {i: tuple(r) for i, u in enumerate(system.units) if (r := unit_roles(system, u.name))}
    return SysFacts(
        def_id=defn.id,
        key=system.key,
        file=file,
        jurisdiction=intern(defn.jurisdiction),
        level=defn.level.value,
        name=system.name,
        short_name=system.short_name or "",
        topics=tuple(intern(t) for t in system.topics),
        status=system.status.value,
        row=_system_row(defn, system, today),
        unit_names=tuple(intern(u.name) for u in system.units),
        unit_fids=tuple(intern(names.unit_key(u.name)) for u in system.units),
        unit_roles=roles,
        successor=system.successor,
        text=_terms(
            system.name,
            system.short_name or "",
            defn.jurisdiction,
            f"{defn.id}:{system.key}",
            *system.topics,
            *(u.name for u in system.units),
        ),
    )


def definition_facts(defn: Definition, file: str, today: dt.date) -> list[SysFacts]:
    return [system_facts(defn, s, file, today) for s in defn.systems]


def unit_facts(defn: Definition, key: str | None) -> list[SysFacts]:
    """For `units -f xlsx` (`workspace.scan`): the facts of a file's systems (or of one)."""
    today = dt.date.today()
    return [system_facts(defn, s, defn.id, today) for s in defn.systems if key in (None, s.key)]


@dataclass(slots=True)
class _Site:
    systems: list[_Sys]
    functions: dict[str, _Fn]
    by_ref: dict[str, _Sys]


def _collect(facts: Sequence[SysFacts]) -> _Site:
    systems: list[_Sys] = []
    slugs: set[str] = set()
    for f in facts:
        slug = f"{f.def_id}.{f.key}"
        n = 2
        while slug in slugs:  # ID.yaml and ID.yml both present
            slug = f"{f.def_id}-{n}.{f.key}"
            n += 1
        slugs.add(slug)
        systems.append(_Sys(f, slug))
    functions: dict[str, _Fn] = {}
    for sy in systems:
        for printed, fid, roles in sy.facts.units:
            fn = functions.get(fid)
            if fn is None:
                found = names.function(fid)
                fn = functions[fid] = _Fn(fid, found.label if found else printed, _fn_slug(fid))
            fn.printed[printed] = None
            fn.seats.append(_Seat(sy, printed, roles))
    for fn in functions.values():
        fn.count = fn.systems
    return _Site(systems, functions, {sy.ref: sy for sy in systems})


# ---------------------------------------------------------------------------------------------
# Views: plain data for the templates.


def _catalog_names(fid: str) -> list[str]:
    f = names.function(fid)
    if f is None:
        return []
    out: list[str] = []
    for n in (*f.national, *f.provincial, *f.city, *f.county, *f.short, *f.aliases):
        if n not in out:
            out.append(n)
    return out


def _predecessors() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for f in names.functions():
        if f.successor:
            out[f.successor].append(f.id)
    return out


def _now_called(name: str) -> str | None:
    """For a unit of an abolished body: the label of the function that does its work today."""
    r = names.resolve(name)
    if r is None or r.function.successor is None:
        return None
    return names.current(r.function.id).label


def _history(system: System) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    if system.established and not any(h.kind == HistoryKind.established for h in system.history):
        events.append(
            {
                "date": cn_date(system.established),
                "iso": str(system.established),
                "kind": "建立",
                "note": "",
                "document": "",
                "added": [],
                "removed": [],
                "renamed": [],
            }
        )
    for h in system.history:
        removed = list(h.units_removed)
        added = list(h.units_added)
        renamed = []
        for old in list(removed):
            new = next(
                (a for a in added if names.successor_key(a) == names.successor_key(old)), None
            )
            if new is not None:
                renamed.append({"old": old, "new": new})
                removed.remove(old)
                added.remove(new)
        events.append(
            {
                "date": cn_date(h.date),
                "iso": str(h.date),
                "kind": HISTORY_ZH[h.kind],
                "note": h.note or "",
                "document": h.document or "",
                "added": added,
                "removed": removed,
                "renamed": renamed,
            }
        )
    if system.abolished and not any(h.kind == HistoryKind.abolished for h in system.history):
        events.append(
            {
                "date": cn_date(system.abolished),
                "iso": str(system.abolished),
                "kind": "撤销",
                "note": "",
                "document": "",
                "added": [],
                "removed": [],
                "renamed": [],
            }
        )
    events.sort(key=lambda e: str(e["iso"]))
    return events


def _meetings(system: System, today: dt.date) -> list[dict[str, Any]]:
    out = []
    for m in sorted(system.meetings, key=lambda m: m.date, reverse=True):
        decisions = []
        for d in m.decisions:
            late = (
                (today - d.due).days
                if (d.status == DecisionStatus.open and d.due and d.due < today)
                else 0
            )
            decisions.append(
                {
                    "text": d.text,
                    "owners": "、".join(d.owners),
                    "due": cn_date(d.due),
                    "done": d.status == DecisionStatus.done,
                    "overdue_days": late,
                }
            )
        chair = m.chair
        out.append(
            {
                "date": cn_date(m.date),
                "kind": MEETING_ZH[m.kind],
                "title": m.title or "",
                "place": m.place or "",
                "chair": " ".join(x for x in (chair.name, chair.post) if x) if chair else "",
                "decisions": decisions,
            }
        )
    return out


def _system_row(defn: Definition, s: System, today: dt.date) -> dict[str, Any]:
    open_ = [d for m in s.meetings for d in m.decisions if d.status == DecisionStatus.open]
    return {
        "ref": f"{defn.id}:{s.key}",
        "url": "",  # set by the parent, which knows every slug
        "name": s.name,
        "jurisdiction": defn.jurisdiction,
        "level": LEVEL_ZH[defn.level],
        "topics": list(s.topics),
        "status": STATUS_ZH[s.status],
        "status_value": s.status.value,
        "units": sum(u.count or 1 for u in s.units),
        "groups": any(u.count is None for u in s.units),
        "declared": s.declared_unit_count,
        "established": cn_date(s.established),
        "established_iso": str(s.established or ""),
        "abolished": cn_date(s.abolished),
        "abolished_iso": str(s.abolished or ""),
        "open_decisions": len(open_),
        "overdue": sum(1 for d in open_ if d.due and d.due < today),
    }


def _downloads(slug: str, options: SiteOptions) -> list[dict[str, str]]:
    if not options.downloads:
        return []
    return [
        {"label": "通知（Markdown）", "url": f"downloads/{_def_slug(slug)}.notice.md"},
        {"label": "通知（Word）", "url": f"downloads/{_def_slug(slug)}.notice.docx"},
        {"label": "成员名单（CSV）", "url": f"downloads/{slug}.members.csv"},
        {"label": "成员名单（Excel）", "url": f"downloads/{slug}.members.xlsx"},
    ]


def _def_slug(slug: str) -> str:
    return slug.rsplit(".", 1)[0]


def system_view(defn: Definition, s: System, page: _Page, options: SiteOptions) -> dict[str, Any]:
    """A system's page, from its model (in a worker) and what the parent worked out (`page`)."""
    doc = defn.document
    units = []
    for i, u in enumerate(s.units, 1):
        fid = names.unit_key(u.name)
        found = names.function(fid)
        m = u.member
        units.append(
            {
                "n": i,
                "name": u.name,
                "url": _fn_url(fid),
                "function": found.label if found else page.labels.get(fid, u.name),
                "roles": unit_roles(s, u.name),
                "member": " ".join(x for x in ((m.name, m.post) if m else ()) if x),
                "duty": u.duty or "",
                "group": ("" if u.count == 1 else f"{u.count}个单位" if u.count else "若干单位"),
                "now": _now_called(u.name) or "",
            }
        )
    successor = {"ref": s.successor, "url": page.successor_url} if s.successor else None
    return {
        **_system_row(defn, s, options.today),
        "url": f"systems/{page.slug}.html",
        "short_name": s.short_name or "",
        "document": {
            "kind": doc.kind or "",
            "issuer": doc.issuer or "",
            "number": doc.number or "",
            "date": cn_date(doc.date),
            "title": doc.title or "",
        }
        if doc
        else None,
        "lead_unit": s.lead_unit or "",
        "unit_list": units,
        "has_duties": any(u.duty for u in s.units),
        "conveners": [
            {"role": ROLE_ZH[c.role], "post": c.post, "name": c.name or "", "unit": c.unit or ""}
            for c in sorted(s.conveners, key=lambda c: list(Role).index(c.role))
        ],
        "office": {"unit": s.office.unit or "", "director": s.office.director or ""}
        if s.office
        else None,
        "liaison_rule": s.liaisons.rule or "" if s.liaisons else "",
        "duties": list(s.duties),
        "rules": list(s.rules.text) if s.rules else [],
        "plenary_per_year": s.rules.plenary_per_year if s.rules else None,
        "requirements": list(s.requirements),
        "history": _history(s),
        "meetings": _meetings(s, options.today),
        "sources": [
            {"title": src.title, "url": _safe_url(src.url), "note": src.note or ""}
            for src in defn.sources
        ],
        "downloads": _downloads(page.slug, options),
        "peers": page.links,
        "successor": successor,
        "note": s.note or "",
        "matrix": page.matrix,
    }


def function_view(fn: _Fn, predecessors: dict[str, list[str]], site: _Site) -> dict[str, Any]:
    f = names.function(fn.fid)
    succ = names.current(fn.fid) if f and f.successor else None

    def link(fid: str) -> dict[str, str]:
        g = names.function(fid)
        label = g.label if g else fid
        return {"label": label, "url": site.functions[fid].url if fid in site.functions else ""}

    rows = [{**seat.sys.seat, "printed": seat.printed, "roles": seat.roles} for seat in fn.seats]
    return {
        "id": fn.fid if f else "",
        "label": fn.label,
        "printed": list(fn.printed),
        "catalog_names": _catalog_names(fn.fid),
        "established": cn_date(f.established) if f else "",
        "abolished": cn_date(f.abolished) if f else "",
        "successor": link(succ.id) if succ else None,
        "predecessors": [link(p) for p in predecessors.get(fn.fid, [])],
        "rows": rows,
        "systems": fn.systems,
        "lead": sum(1 for s in fn.seats if "牵头单位" in s.roles),
        "note": f.note or "" if f else "",
    }


def _function_rows(site: _Site) -> list[dict[str, Any]]:
    fns = sorted(site.functions.values(), key=lambda f: (-f.systems, f.fid))
    top = max((f.systems for f in fns), default=0)
    return [
        {
            "label": f.label,
            "url": f.url,
            "printed": "、".join(f.printed),  # the keys, in order
            "systems": f.systems,
            "lead": sum(1 for s in f.seats if "牵头单位" in s.roles),
            "heat": _heat(f.systems, top),
            "catalogued": names.function(f.fid) is not None,
        }
        for f in fns
    ]


_MARKS = {"牵头单位": "牵", "办公室": "办", "总召集人": "召", "召集人": "召", "副召集人": "召"}
_NO_CELL = {"mark": "", "roles": "", "on": False}  # one object for every empty cell of a matrix


def _abbrev(roles: Sequence[str]) -> str:
    out = "".join(dict.fromkeys(_MARKS[r] for r in roles))
    return out or "●"


def _cell(roles: tuple[str, ...], cache: dict[tuple[str, ...], dict[str, Any]]) -> dict[str, Any]:
    found = cache.get(roles)
    if found is None:
        found = cache[roles] = {"mark": _abbrev(roles), "roles": "、".join(roles), "on": True}
    return found


def matrix_view(jurisdiction: str, systems: list[_Sys], site: _Site) -> dict[str, Any]:
    """Unit functions × the systems of one jurisdiction, and systems × systems by shared members."""
    refs = [sy.ref for sy in systems]
    fids: dict[str, dict[str, list[str]]] = {}
    for sy in systems:
        ref = sy.ref
        for _, fid, roles in sy.facts.units:
            cell = fids.setdefault(fid, {}).setdefault(ref, [])
            if roles:
                cell.extend(r for r in roles if r not in cell)
    rows: list[dict[str, Any]] = []
    top = max((len(c) for c in fids.values()), default=0)
    shared: dict[tuple[str, ...], dict[str, Any]] = {}  # cells of the same roles: one object
    for fid, cells in fids.items():
        fn = site.functions[fid]
        marks = {r: _cell(tuple(roles), shared) for r, roles in cells.items()}
        rows.append(
            {
                "label": fn.label,
                "url": fn.url,
                "total": len(cells),
                "heat": _heat(len(cells), top),
                "cells": [marks.get(r, _NO_CELL) for r in refs],
            }
        )
    rows.sort(key=lambda r: (-int(r["total"]), str(r["label"])))
    view = {
        "jurisdiction": jurisdiction,
        "columns": [
            {
                "ref": sy.ref,
                "name": sy.facts.name,
                "short": sy.facts.short_name,
                "url": sy.url,
            }
            for sy in systems
        ],
        "rows": rows,
        "overlap": [],
        "overlap_omitted": 0,
    }
    if len(refs) > OVERLAP_LIMIT:  # a table of k² cells stops being readable, and costs k²
        return {**view, "overlap_omitted": len(refs)}
    members: dict[str, set[str]] = {r: set() for r in refs}
    for fid, cells in fids.items():
        for r in cells:
            members[r].add(fid)
    shared_top = max(
        (len(members[a] & members[b]) for a in refs for b in refs if a != b), default=0
    )
    view["overlap"] = [
        {
            "name": sy.facts.name,
            "url": sy.url,
            "cells": [
                {
                    "count": len(members[sy.ref] & members[other]),
                    "self": sy.ref == other,
                    "heat": 0
                    if sy.ref == other
                    else _heat(len(members[sy.ref] & members[other]), shared_top),
                }
                for other in refs
            ],
        }
        for sy in systems
    ]
    return view


def _peer_pairs(site: _Site) -> dict[str, list[_Sys]]:
    """For each system, up to PEERS_PER_SYSTEM others sharing a topic: most topics shared, then
    same level, then nearest in the registry's order (files by name: most often the same province
    or city). Neighbours tend to choose each other, so one comparison page serves both."""
    by_topic: dict[str, list[_Sys]] = defaultdict(list)
    for sy in site.systems:
        for t in sy.facts.topics:
            by_topic[t].append(sy)
    position = {t: {sy.ref: i for i, sy in enumerate(group)} for t, group in by_topic.items()}
    order = {sy.ref: i for i, sy in enumerate(site.systems)}
    out: dict[str, list[_Sys]] = {}
    for sy in site.systems:
        seen: dict[str, int] = {}
        for t in sy.facts.topics:
            # a topic shared by very many systems: look at a bounded window around this one
            group = by_topic[t]
            if len(group) > 50:
                i = position[t][sy.ref]
                group = group[max(0, i - 25) : i + 25]
            for other in group:
                if other.ref != sy.ref and other.facts.def_id != sy.facts.def_id:
                    seen[other.ref] = seen.get(other.ref, 0) + 1
        ranked = sorted(
            seen,
            key=lambda r: (
                -seen[r],
                site.by_ref[r].facts.level != sy.facts.level,
                abs(order[r] - order[sy.ref]),
                r,
            ),
        )
        out[sy.ref] = [site.by_ref[r] for r in ranked[:PEERS_PER_SYSTEM]]
    return out


def _pair_slug(a: _Sys, b: _Sys) -> str:
    x, y = sorted((a.slug, b.slug))
    return f"peers/{x}__{y}.html"


def peer_view(
    a: System, b: System, a_info: dict[str, str], b_info: dict[str, str]
) -> dict[str, Any]:
    from lianxi import diff

    result = diff.compare_peers(a, b, a_info["ref"], b_info["ref"], "topic")
    sections = []
    for sec in result.sections:
        if not sec.items:
            continue
        sections.append(
            {
                "title": sec.title_zh,
                "name": sec.name,
                "counts": sec.counts_as_difference,
                "notes": any(p.note for p in sec.items),
                "rows": [
                    {"key": str(p.key), "a": _show(p.a), "b": _show(p.b), "note": p.note or ""}
                    for p in sec.items
                ],
            }
        )
    return {
        "a": a_info,
        "b": b_info,
        "topics": sorted(set(a.topics) & set(b.topics)),
        "differences": result.differences,
        "sections": sections,
    }


def _info(sy: _Sys) -> dict[str, str]:
    return {
        "ref": sy.ref,
        "name": sy.facts.name,
        "url": sy.url,
        "jurisdiction": sy.facts.jurisdiction,
    }


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


# ---------------------------------------------------------------------------------------------
# The search index: one JSON document, loaded by the page as a script so that it works from file://


def _terms(*texts: str) -> str:
    """Lower-case, width-folded, no spaces: what the page's script compares queries against."""
    return " ".join(names.clean(t).lower() for t in texts if t)


def search_index(site: _Site, predecessors: dict[str, list[str]]) -> dict[str, Any]:
    fids = list(site.functions)
    position = {fid: i for i, fid in enumerate(fids)}
    units = []
    for fid in fids:
        fn = site.functions[fid]
        former = [n for p in predecessors.get(fid, []) for n in _catalog_names(p)]
        units.append(
            {
                "label": fn.label,
                "url": fn.url,
                # catalog names say what a unit is; a printed name may also carry a place (运城海关),
                # so it finds the unit but not every system of that function
                "names": sorted({names.clean(n).lower() for n in _catalog_names(fid)}),
                "seen": sorted({names.clean(n).lower() for n in fn.printed}),
                "former": sorted({names.clean(n).lower() for n in former}),
                "printed": list(fn.printed),
                "systems": fn.systems,
            }
        )
    systems = [
        {
            "ref": sy.ref,
            "text": sy.facts.text,
            "units": sorted({position[fid] for _, fid, _ in sy.facts.units}),
        }
        for sy in site.systems
    ]
    return {"units": units, "systems": systems, "t2s": {}}


def index_chars(index: dict[str, Any]) -> str:
    """The CJK characters a search index holds, sorted, as one string."""
    chars: set[str] = set()
    for u in index["units"]:
        for n in (*u["names"], *u["former"], *u["seen"]):
            chars.update(n)
    for sy in index["systems"]:
        chars.update(sy["text"])
    return "".join(sorted(c for c in chars if ord(c) > 0x2E80))


def traditional(chars: str) -> dict[str, str]:
    """Traditional forms of `chars` (simplified), so that a query typed in traditional characters
    (運城, 連雲港) finds what the index holds in simplified ones. Its dictionaries take some 30 MB:
    with many files, a worker loads them."""
    import opencc

    convert = opencc.OpenCC("s2t").convert
    out: dict[str, str] = {}
    for c in chars:
        t = convert(c)
        if len(t) == 1 and t != c:
            out[t] = c
    return out


# ---------------------------------------------------------------------------------------------
# The site.


@dataclass(frozen=True, slots=True)
class _Pair:
    """A peer page the system renders: its path, and the other system (in another file, maybe)."""

    path: str
    own_first: bool  # this system is the page's `a`
    partner: Ref
    partner_key: str
    own: dict[str, str]
    other: dict[str, str]
    partner_at: Where | None = None


@dataclass(frozen=True, slots=True)
class _Page:
    """What the parent worked out for one system's pages: everything that needs the workspace."""

    slug: str
    links: list[dict[str, str]]  # its peers
    matrix: str
    successor_url: str
    labels: dict[str, str]  # labels of its uncatalogued units, as the site names them
    pairs: tuple[_Pair, ...]
    notice: bool  # the file's notice is offered for download with this system


def gather(
    today: dt.date, snapshots: Snapshots | None, result: LoadResult, ref: Ref
) -> tuple[list[SysFacts] | None, list[Diagnostic]]:
    """First pass (in a worker): a file's system facts, or the diagnostics that stop the build.

    A phrasing field with an unknown placeholder stops it too: the notice could not be rendered.
    With `snapshots`, the data the definition was validated from is kept there for the second
    pass, which then neither reads nor parses the file again.
    """
    from lianxi.checks import Context, phrasing_placeholders

    if result.definition is None:
        return None, result.diagnostics
    wrong = list(phrasing_placeholders.check(result, Context()))
    if wrong:
        return None, wrong
    facts = definition_facts(result.definition, ref.display, today)
    if snapshots is not None:
        where = snapshots.keep(result.data)
        facts = [dataclasses.replace(f, snapshot=where) for f in facts]
    return facts, []


#: (file name in the folder, offset, length) of one file's kept data
Where = tuple[str, int, int]
#: the open files of Snapshots in this process, by (folder, process id): appended to, read from
_SPILLS: dict[tuple[Path, int], Any] = {}
_READS: dict[tuple[Path, str], int] = {}


@dataclass(frozen=True, slots=True)
class Snapshots:
    """What the first pass loaded, kept for the second: each process appends the data of the
    files it loads (plain dicts, lists, text and numbers, in `marshal`'s format: read back, it is
    data again, never code) to one file of its own in `folder`, lianxi's temporary folder.
    One file per process, not per definition: creating ten thousand files costs more than
    reading ten thousand definitions again."""

    folder: Path

    def keep(self, data: Any) -> Where | None:
        """Append one file's data; None when it cannot be kept (then the file is read again)."""
        import marshal

        key = (self.folder, os.getpid())
        try:
            blob = marshal.dumps(data)
            spill = _SPILLS.get(key)
            if spill is None:
                spill = _SPILLS[key] = (self.folder / f"{key[1]}.marshal").open("ab")
            offset = spill.tell()
            spill.write(blob)
            spill.flush()  # read by another process in the second pass
        except (ValueError, OSError):
            return None
        return f"{key[1]}.marshal", offset, len(blob)

    def read(self, where: Where) -> Any:
        """The data kept at `where`; raises OSError or ValueError when it is not there."""
        import marshal

        name, offset, length = where
        if not re.fullmatch(r"\d+\.marshal", name):
            raise ValueError(name)
        fd = _READS.get((self.folder, name))
        if fd is None:
            fd = _READS[(self.folder, name)] = os.open(self.folder / name, os.O_RDONLY)
        data = os.pread(fd, length, offset)
        if len(data) != length:
            raise ValueError(name)
        return marshal.loads(data)

    def close(self) -> None:
        """Close what this process opened in the folder (a worker's files close as it ends)."""
        for spill in [k for k in _SPILLS if k[0] == self.folder]:
            _SPILLS.pop(spill).close()
        for read in [k for k in _READS if k[0] == self.folder]:
            os.close(_READS.pop(read))


def load_snapshot(
    snapshots: Snapshots | None, where: Where | None, ref: Ref, root: Path
) -> LoadResult:
    """The definition the first pass validated, from the data it kept: validated again from the
    same data, so it is the same definition. Without it, the file is loaded again."""
    from lianxi.loader import LoadResult
    from lianxi.model import Definition
    from lianxi.workspace import load_ref

    if snapshots is not None and where is not None:
        try:
            data = snapshots.read(where)
        except (OSError, ValueError, EOFError, TypeError):
            pass
        else:
            return LoadResult(ref.display, data, Definition.model_validate(data))
    return load_ref(ref, root)


class Plan:
    """The parent's share of a site: what needs the whole workspace, from the facts alone."""

    def __init__(self, facts: Sequence[SysFacts], refs: Sequence[Ref], options: SiteOptions):
        self.options = options
        self.site = _collect(facts)
        self.predecessors = _predecessors()
        self.refs = {r.display: r for r in refs}
        self.jurisdictions: dict[str, list[_Sys]] = {}
        for sy in self.site.systems:
            sy.facts.row["url"] = sy.url
            self.jurisdictions.setdefault(sy.facts.jurisdiction, []).append(sy)
        self.matrix_slugs = {
            j: f"matrix/{_def_slug(group[0].slug)}.html" for j, group in self.jurisdictions.items()
        }

    def jobs(self) -> Iterator[dict[str, _Page]]:
        """For each file, in order, the `_Page` of each of its systems (by key), made as the
        second pass asks for them: a file's systems are next to each other in the site's order."""
        site = self.site
        peers = _peer_pairs(site)
        order = {sy.ref: i for i, sy in enumerate(site.systems)}
        owners: dict[str, str] = {}  # peer page → the system that renders it: the later one,
        for sy in site.systems:  # whose partner its worker has most likely just loaded
            for p in peers[sy.ref]:
                path = _pair_slug(sy, p)
                later = sy if order[sy.ref] > order[p.ref] else p
                owners.setdefault(path, later.ref)
        labels = {
            fid: fn.label for fid, fn in site.functions.items() if names.function(fid) is None
        }
        by_file: dict[str, list[_Sys]] = {}
        for sy in site.systems:
            by_file.setdefault(sy.facts.file, []).append(sy)
        for display in self.refs:
            pages: dict[str, _Page] = {}
            for n, sy in enumerate(by_file.get(display, [])):
                pairs = []
                for p in peers[sy.ref]:
                    path = _pair_slug(sy, p)
                    if owners.get(path) == sy.ref:
                        del owners[path]
                        partner = self.refs[p.facts.file]
                        first = sy.slug < p.slug
                        pairs.append(
                            _Pair(
                                path,
                                first,
                                partner,
                                p.facts.key,
                                _info(sy),
                                _info(p),
                                p.facts.snapshot,
                            )
                        )
                successor = site.by_ref.get(sy.facts.successor or "")
                pages[sy.facts.key] = _Page(
                    slug=sy.slug,
                    links=[
                        {
                            "ref": p.ref,
                            "name": p.facts.name,
                            "url": _pair_slug(sy, p),
                            "jurisdiction": p.facts.jurisdiction,
                        }
                        for p in peers[sy.ref]
                    ],
                    matrix=self.matrix_slugs[sy.facts.jurisdiction],
                    successor_url=successor.url if successor else "",
                    labels={fid: labels[fid] for _, fid, _ in sy.facts.units if fid in labels},
                    pairs=tuple(pairs),
                    notice=n == 0,
                )
            yield pages

    def pages(self) -> Iterator[tuple[str, str, int, dict[str, Any]]]:
        """The pages that need the whole workspace, as (path, template, depth, context), made
        one at a time: a unit function's page may list thousands of seats."""
        site = self.site
        facets = {
            "jurisdictions": sorted(self.jurisdictions),
            "levels": [
                LEVEL_ZH[lv] for lv in Level if any(sy.facts.level == lv for sy in site.systems)
            ],
            "statuses": [
                STATUS_ZH[st] for st in Status if any(sy.facts.status == st for sy in site.systems)
            ],
            "topics": sorted({t for sy in site.systems for t in sy.facts.topics}),
        }
        matrices = [{"jurisdiction": j, "url": u} for j, u in sorted(self.matrix_slugs.items())]
        rows = [sy.facts.row for sy in site.systems]
        yield (
            "index.html",
            "index.html.j2",
            0,
            {"systems": rows, "facets": facets, "matrices": matrices},
        )
        yield "units/index.html", "units.html.j2", 1, {"units": _function_rows(site)}
        counts = [
            {
                "jurisdiction": j,
                "url": self.matrix_slugs[j].removeprefix("matrix/"),
                "systems": len(group),
            }
            for j, group in sorted(self.jurisdictions.items())
        ]
        yield "matrix/index.html", "matrices.html.j2", 1, {"matrices": counts}
        for fn in site.functions.values():
            yield fn.url, "unit.html.j2", 1, {"unit": function_view(fn, self.predecessors, site)}
        for j, group in self.jurisdictions.items():
            yield self.matrix_slugs[j], "matrix.html.j2", 1, {"matrix": matrix_view(j, group, site)}

    def search(self, workers: int) -> bytes:
        from lianxi.workspace import parallel

        index = search_index(self.site, self.predecessors)
        chars = [index_chars(index)]
        (index["t2s"],) = parallel(traditional, chars, chunk=1, workers=workers)
        return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- rendering, in whichever process does it: one compiled environment per process -------------

_ENVS: dict[tuple[Path | None, Path | None], Any] = {}


def _environment(templates: Path | None, root: Path | None) -> Any:
    """The sandbox when the workspace has its own site templates, else lianxi's own, unsandboxed."""
    from lianxi import render

    env = _ENVS.get((templates, root))
    if env is None:
        if render.overrides(templates, "site"):
            env = render.environment(templates, root)
        else:
            env = render.builtin_environment()
        _ENVS[(templates, root)] = env
    return env


@dataclass(frozen=True, slots=True)
class Renderer:
    """Renders site pages: plain data and paths only, so that it can be sent to a worker."""

    templates: Path | None
    root: Path | None
    today: dt.date
    snapshots: Snapshots | None = None  # the first pass's data of each file

    def page(self, name: str, depth: int, context: dict[str, Any]) -> bytes:
        from lianxi import render

        generated = f"{self.today.year}年{self.today.month}月{self.today.day}日"
        text = render.render_template(
            f"site/{name}",
            {"root": "../" * depth, "generated": generated, **context},
            self.templates,
            self.root,
            env=_environment(self.templates, self.root),
        )
        return text.encode("utf-8")

    def one(self, job: tuple[str, str, int, dict[str, Any]]) -> tuple[str, bytes]:
        path, name, depth, context = job
        return path, self.page(name, depth, context)

    def asset(self, name: str) -> bytes:
        from lianxi import render

        env = _environment(self.templates, self.root)
        return render.render_template(name, {}, self.templates, self.root, env=env).encode()


# Definitions a worker loaded last: the other system of a peer page is most often one of them.
_RECENT: OrderedDict[str, Definition] = OrderedDict()
RECENT = 300


def _remember(display: str, defn: Definition) -> None:
    _RECENT[display] = defn
    _RECENT.move_to_end(display)
    while len(_RECENT) > RECENT:
        _RECENT.popitem(last=False)


def _partner(ref: Ref, root: Path, snapshots: Snapshots | None, where: Where | None) -> Definition:
    from lianxi import diagnostics as dg

    defn = _RECENT.get(ref.display)
    if defn is None:
        result = load_snapshot(snapshots, where, ref, root)
        if result.definition is None:  # changed since the first pass
            raise dg.LianxiError(*result.diagnostics)
        defn = result.definition
    _remember(ref.display, defn)
    return defn


def file_pages(
    renderer: Renderer,
    options: SiteOptions,
    result: LoadResult,
    ref: Ref,
    systems: dict[str, _Page],
) -> list[tuple[str, bytes]]:
    """Second pass (in a worker): every page and download of one file."""
    from lianxi import diagnostics as dg

    defn = result.definition
    if defn is None:  # the file changed since the first pass
        raise dg.LianxiError(*result.diagnostics)
    _remember(ref.display, defn)
    out: list[tuple[str, bytes]] = []
    for s in defn.systems:
        page = systems.get(s.key)
        if page is None:
            continue
        view = system_view(defn, s, page, options)
        out.append(
            (f"systems/{page.slug}.html", renderer.page("system.html.j2", 1, {"system": view}))
        )
        for pair in page.pairs:
            root = renderer.root or Path()
            partner = _partner(pair.partner, root, renderer.snapshots, pair.partner_at)
            other = partner.system(pair.partner_key)
            if other is None:
                continue
            a, b = (s, other) if pair.own_first else (other, s)
            ai, bi = (pair.own, pair.other) if pair.own_first else (pair.other, pair.own)
            out.append(
                (pair.path, renderer.page("peer.html.j2", 1, {"peer": peer_view(a, b, ai, bi)}))
            )
        if options.downloads:
            out += _downloads_of(defn, s, page, renderer)
    if options.downloads:
        # a Word file and a workbook in the making are graphs of objects that point at each other,
        # and collection is off while a workspace is scanned: freed here, not at the chunk's end
        gc.collect(0)
    return out


def _downloads_of(
    defn: Definition, s: System, page: _Page, renderer: Renderer
) -> list[tuple[str, bytes]]:
    from lianxi import render

    out: list[tuple[str, bytes]] = []
    templates, root = renderer.templates, renderer.root
    if page.notice:
        d = _def_slug(page.slug)
        out.append(
            (
                f"downloads/{d}.notice.md",
                render.render_notice(defn, None, "md", templates, root).encode(),
            )
        )
        out.append(
            (f"downloads/{d}.notice.docx", render.render_notice_docx(defn, None, templates, root))
        )
    rows = render.member_rows(defn, s.key)
    out.append((f"downloads/{page.slug}.members.csv", render.members_csv(rows)))
    out.append((f"downloads/{page.slug}.members.xlsx", render.render_members_xlsx(defn, s.key)))
    return out


def _written(stage: Stage, files: list[tuple[str, bytes]]) -> int:
    for rel, data in files:
        stage.put(rel, data)
    return len(files)


def write_page(renderer: Renderer, stage: Stage, job: tuple[str, str, int, dict[str, Any]]) -> int:
    """A page that needs the whole workspace, rendered and written (in a worker)."""
    return _written(stage, [renderer.one(job)])


def write_file_pages(
    renderer: Renderer,
    options: SiteOptions,
    stage: Stage,
    job: tuple[Ref, dict[str, _Page], Where | None],
) -> int:
    """Second pass (in a worker): every page and download of one file, written where they go.
    Only a count goes back: the parent never holds a page."""
    ref, systems, where = job
    result = load_snapshot(renderer.snapshots, where, ref, renderer.root or Path())
    return _written(stage, file_pages(renderer, options, result, ref, systems))


def build_site(
    root: Path,
    refs: Sequence[Ref],
    facts: Sequence[SysFacts],
    options: SiteOptions,
    workspace_templates: Path | None,
    stage: Stage,
    tick: Callable[[int], None] | None = None,
    snapshots: Snapshots | None = None,
) -> int:
    """Write every file of the site into `stage` (`output.building`), from the first pass's
    `facts` (`gather`); return how many.

    Pages that need the whole workspace are rendered from the facts, each file's own pages in a
    second pass over the files; the workers that render them write them. Template problems
    raise LX501–LX507.
    """
    from functools import partial

    from lianxi.workspace import CHUNK, parallel, workers_for

    plan = Plan(facts, refs, options)
    renderer = Renderer(workspace_templates, root, options.today, snapshots)
    workers = workers_for(len(refs))
    data = plan.search(min(workers, 2))
    stage.put("search.json", data)
    stage.put("assets/search.js", b"".join((b"window.LIANXI_INDEX=", data, b";\n")))
    del data
    stage.put("assets/site.js", renderer.asset("site/site.js.j2"))
    stage.put("assets/site.css", renderer.asset("site/site.css.j2"))
    count = 4
    # one page a task: a unit function's page may list every system of the workspace
    write = partial(write_page, renderer, stage)
    count += sum(parallel(write, plan.pages(), chunk=1, workers=workers))
    pages = partial(write_file_pages, renderer, options, stage)
    kept = {f.file: f.snapshot for f in facts}
    jobs = ((ref, job, kept.get(ref.display)) for ref, job in zip(refs, plan.jobs(), strict=True))
    for written in parallel(pages, jobs, chunk=CHUNK, workers=workers):
        count += written
        if tick:
            tick(1)
    return count


#: systems (columns) in one matrix sheet: Excel holds 16,384 columns, three go to the function
MATRIX_COLUMNS = 16_384 - 3


def participation_sheets(
    facts: Sequence[SysFacts], keep: Callable[[str], bool] | None = None
) -> list[Sheet]:
    """The participation matrix of a workspace as worksheets: unit functions × systems (● member,
    牵 lead, 办 office, 召 convener's unit) with totals, most-burdened first; and the systems.
    More systems than a sheet has columns continue on further matrix sheets."""
    from lianxi.workbook import Sheet

    site = _collect(facts)
    refs = [sy.ref for sy in site.systems]
    cells_of: list[tuple[_Fn, dict[str, list[str]]]] = []
    for fn in sorted(site.functions.values(), key=lambda f: (-f.systems, f.fid)):
        if keep is not None and not keep(fn.fid):
            continue
        cells: dict[str, list[str]] = {}
        for seat in fn.seats:
            cell = cells.setdefault(seat.sys.ref, [])
            cell.extend(r for r in seat.roles if r not in cell)
        cells_of.append((fn, cells))
    parts = [refs[i : i + MATRIX_COLUMNS] for i in range(0, len(refs), MATRIX_COLUMNS)] or [[]]
    sheets = []
    for n, part in enumerate(parts, 1):
        rows: list[list[str | int]] = []
        for fn, cells in cells_of:
            marks: list[str | int] = [_abbrev(cells[r]) if r in cells else "" for r in part]
            rows.append([fn.label, "、".join(fn.printed), len(cells), *marks])
        more = len(parts) > 1
        sheets.append(
            Sheet(
                f"参与矩阵（{n}）" if more else "参与矩阵",
                f"联席会议成员单位参与矩阵（第{n}部分）" if more else "联席会议成员单位参与矩阵",
                ["职能", "文件中的名称", "合计", *part],
                rows,
                frozenset({2}),
                landscape=True,
            )
        )
    systems = Sheet(
        "制度",
        "联席会议制度",
        ["引用", "名称", "地区", "层级", "状态", "成员单位"],
        [
            [
                sy.ref,
                sy.facts.name,
                sy.facts.jurisdiction,
                sy.facts.row["level"],
                sy.facts.row["status"],
                sy.facts.row["units"],
            ]
            for sy in site.systems
        ],
        frozenset({5}),
    )
    return [*sheets, systems]
