"""The static registry of a workspace (`lianxi site`): pages, search index, downloads. Pure.

`build_site` turns loaded definitions into (relative path, bytes) pairs, one at a time, so that ten
thousand definitions never sit in memory as rendered bytes; the CLI writes them (`output.write_tree`).
Every page is a Jinja template under `templates/site/` (overridable from the workspace's `templates/`),
fed plain data (dicts, lists, strings): the views are computed here. Paths are built only from ids,
keys and digests, never from user text, so nothing can name a file outside the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
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
    from lianxi.workbook import Sheet

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
# The model of the site: which systems, which unit functions, where each page lives.


@dataclass(slots=True)
class _Sys:
    defn: Definition
    system: System
    slug: str  # ID.KEY, unique in the site

    @property
    def ref(self) -> str:
        return f"{self.defn.id}:{self.system.key}"

    @property
    def url(self) -> str:
        return f"systems/{self.slug}.html"


@dataclass(slots=True)
class _Seat:
    """One unit of one system: where a function sits, as what, under which printed name."""

    sys: _Sys
    printed: str
    roles: list[str]


@dataclass(slots=True)
class _Fn:
    fid: str
    label: str
    slug: str
    printed: list[str] = field(default_factory=list)
    seats: list[_Seat] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"units/{self.slug}.html"

    def system_refs(self) -> list[str]:
        out: list[str] = []
        for s in self.seats:
            if s.sys.ref not in out:
                out.append(s.sys.ref)
        return out


def _fn_slug(fid: str) -> str:
    if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", fid):
        return fid
    return "x-" + _digest(fid)  # an uncatalogued name: `?名称`


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


@dataclass(slots=True)
class _Site:
    systems: list[_Sys]
    functions: dict[str, _Fn]
    by_ref: dict[str, _Sys]


def _collect(defs: Sequence[Definition]) -> _Site:
    systems: list[_Sys] = []
    slugs: set[str] = set()
    for defn in defs:
        for s in defn.systems:
            slug = f"{defn.id}.{s.key}"
            n = 2
            while slug in slugs:  # ID.yaml and ID.yml both present
                slug = f"{defn.id}-{n}.{s.key}"
                n += 1
            slugs.add(slug)
            systems.append(_Sys(defn, s, slug))
    functions: dict[str, _Fn] = {}
    for sy in systems:
        for u in sy.system.units:
            fid = names.unit_key(u.name)
            fn = functions.get(fid)
            if fn is None:
                f = names.function(fid)
                fn = functions[fid] = _Fn(fid, f.label if f else u.name, _fn_slug(fid))
            if u.name not in fn.printed:
                fn.printed.append(u.name)
            fn.seats.append(_Seat(sy, u.name, unit_roles(sy.system, u.name)))
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


def _system_row(sy: _Sys, today: dt.date) -> dict[str, Any]:
    s = sy.system
    open_ = [d for m in s.meetings for d in m.decisions if d.status == DecisionStatus.open]
    return {
        "ref": sy.ref,
        "url": sy.url,
        "name": s.name,
        "jurisdiction": sy.defn.jurisdiction,
        "level": LEVEL_ZH[sy.defn.level],
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


def _downloads(sy: _Sys, options: SiteOptions) -> list[dict[str, str]]:
    if not options.downloads:
        return []
    return [
        {"label": "通知（Markdown）", "url": f"downloads/{_def_slug(sy)}.notice.md"},
        {"label": "通知（Word）", "url": f"downloads/{_def_slug(sy)}.notice.docx"},
        {"label": "成员名单（CSV）", "url": f"downloads/{sy.slug}.members.csv"},
        {"label": "成员名单（Excel）", "url": f"downloads/{sy.slug}.members.xlsx"},
    ]


def _def_slug(sy: _Sys) -> str:
    return sy.slug.rsplit(".", 1)[0]


def system_view(
    sy: _Sys, site: _Site, peers: list[dict[str, str]], options: SiteOptions
) -> dict[str, Any]:
    s = sy.system
    doc = sy.defn.document
    units = []
    for i, u in enumerate(s.units, 1):
        fn = site.functions[names.unit_key(u.name)]
        m = u.member
        units.append(
            {
                "n": i,
                "name": u.name,
                "url": fn.url,
                "function": fn.label,
                "roles": unit_roles(s, u.name),
                "member": " ".join(x for x in ((m.name, m.post) if m else ()) if x),
                "duty": u.duty or "",
                "group": ("" if u.count == 1 else f"{u.count}个单位" if u.count else "若干单位"),
                "now": _now_called(u.name) or "",
            }
        )
    successor = None
    if s.successor:
        target = site.by_ref.get(s.successor)
        successor = {"ref": s.successor, "url": target.url if target else ""}
    return {
        **_system_row(sy, options.today),
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
            for src in sy.defn.sources
        ],
        "downloads": _downloads(sy, options),
        "peers": peers,
        "successor": successor,
        "note": s.note or "",
    }


def function_view(fn: _Fn, predecessors: dict[str, list[str]], site: _Site) -> dict[str, Any]:
    f = names.function(fn.fid)
    succ = names.current(fn.fid) if f and f.successor else None

    def link(fid: str) -> dict[str, str]:
        g = names.function(fid)
        label = g.label if g else fid
        return {"label": label, "url": site.functions[fid].url if fid in site.functions else ""}

    rows = [
        {
            "ref": seat.sys.ref,
            "url": seat.sys.url,
            "name": seat.sys.system.name,
            "jurisdiction": seat.sys.defn.jurisdiction,
            "level": LEVEL_ZH[seat.sys.defn.level],
            "printed": seat.printed,
            "roles": seat.roles,
            "status": STATUS_ZH[seat.sys.system.status],
        }
        for seat in fn.seats
    ]
    return {
        "id": fn.fid if f else "",
        "label": fn.label,
        "printed": fn.printed,
        "catalog_names": _catalog_names(fn.fid),
        "established": cn_date(f.established) if f else "",
        "abolished": cn_date(f.abolished) if f else "",
        "successor": link(succ.id) if succ else None,
        "predecessors": [link(p) for p in predecessors.get(fn.fid, [])],
        "rows": rows,
        "systems": len(fn.system_refs()),
        "lead": sum(1 for s in fn.seats if "牵头单位" in s.roles),
        "note": f.note or "" if f else "",
    }


def _function_rows(site: _Site) -> list[dict[str, Any]]:
    fns = sorted(site.functions.values(), key=lambda f: (-len(f.system_refs()), f.fid))
    top = max((len(f.system_refs()) for f in fns), default=0)
    return [
        {
            "label": f.label,
            "url": f.url,
            "printed": "、".join(f.printed),
            "systems": len(f.system_refs()),
            "lead": sum(1 for s in f.seats if "牵头单位" in s.roles),
            "heat": _heat(len(f.system_refs()), top),
            "catalogued": names.function(f.fid) is not None,
        }
        for f in fns
    ]


def _abbrev(roles: list[str]) -> str:
    marks = {"牵头单位": "牵", "办公室": "办", "总召集人": "召", "召集人": "召", "副召集人": "召"}
    out = "".join(dict.fromkeys(marks[r] for r in roles))
    return out or "●"


def matrix_view(jurisdiction: str, systems: list[_Sys], site: _Site) -> dict[str, Any]:
    """Unit functions × the systems of one jurisdiction, and systems × systems by shared members."""
    refs = [sy.ref for sy in systems]
    fids: dict[str, dict[str, list[str]]] = {}
    for sy in systems:
        ref = sy.ref
        for u in sy.system.units:
            cell = fids.setdefault(names.unit_key(u.name), {}).setdefault(ref, [])
            cell.extend(r for r in unit_roles(sy.system, u.name) if r not in cell)
    rows: list[dict[str, Any]] = []
    top = max((len(c) for c in fids.values()), default=0)
    for fid, cells in fids.items():
        fn = site.functions[fid]
        rows.append(
            {
                "label": fn.label,
                "url": fn.url,
                "total": len(cells),
                "heat": _heat(len(cells), top),
                "cells": [
                    {
                        "mark": _abbrev(cells[r]) if r in cells else "",
                        "roles": "、".join(cells.get(r, [])),
                        "on": r in cells,
                    }
                    for r in refs
                ],
            }
        )
    rows.sort(key=lambda r: (-int(r["total"]), str(r["label"])))
    view = {
        "jurisdiction": jurisdiction,
        "columns": [
            {
                "ref": sy.ref,
                "name": sy.system.name,
                "short": sy.system.short_name or "",
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
            "name": sy.system.name,
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
    """For each system, up to PEERS_PER_SYSTEM others sharing a topic (most topics shared, then
    same level, then by reference)."""
    by_topic: dict[str, list[_Sys]] = defaultdict(list)
    for sy in site.systems:
        for t in sy.system.topics:
            by_topic[t].append(sy)
    position = {t: {sy.ref: i for i, sy in enumerate(group)} for t, group in by_topic.items()}
    out: dict[str, list[_Sys]] = {}
    for sy in site.systems:
        seen: dict[str, int] = {}
        for t in sy.system.topics:
            # a topic shared by very many systems: look at a bounded window around this one
            group = by_topic[t]
            if len(group) > 50:
                i = position[t][sy.ref]
                group = group[max(0, i - 25) : i + 25]
            for other in group:
                if other.ref != sy.ref and other.defn.id != sy.defn.id:
                    seen[other.ref] = seen.get(other.ref, 0) + 1
        ranked = sorted(
            seen,
            key=lambda r: (-seen[r], site.by_ref[r].defn.level != sy.defn.level, r),
        )
        out[sy.ref] = [site.by_ref[r] for r in ranked[:PEERS_PER_SYSTEM]]
    return out


def _pair_slug(a: _Sys, b: _Sys) -> str:
    x, y = sorted((a.slug, b.slug))
    return f"peers/{x}__{y}.html"


def peer_view(a: _Sys, b: _Sys) -> dict[str, Any]:
    from lianxi import diff

    result = diff.compare_peers(a.system, b.system, a.ref, b.ref, "topic")
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
        "a": {
            "ref": a.ref,
            "name": a.system.name,
            "url": a.url,
            "jurisdiction": a.defn.jurisdiction,
        },
        "b": {
            "ref": b.ref,
            "name": b.system.name,
            "url": b.url,
            "jurisdiction": b.defn.jurisdiction,
        },
        "topics": sorted(set(a.system.topics) & set(b.system.topics)),
        "differences": result.differences,
        "sections": sections,
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
                "printed": fn.printed,
                "systems": len(fn.system_refs()),
            }
        )
    systems = []
    for sy in site.systems:
        s = sy.system
        systems.append(
            {
                "ref": sy.ref,
                "text": _terms(
                    s.name,
                    s.short_name or "",
                    sy.defn.jurisdiction,
                    sy.ref,
                    *s.topics,
                    *(u.name for u in s.units),
                ),
                "units": sorted({position[names.unit_key(u.name)] for u in s.units}),
            }
        )
    return {"units": units, "systems": systems, "t2s": _traditional(units, systems)}


def _traditional(units: list[dict[str, Any]], systems: list[dict[str, Any]]) -> dict[str, str]:
    """Traditional forms of the characters the index uses, so a query typed in traditional
    characters (運城, 連雲港) finds what the index holds in simplified ones."""
    import opencc

    chars: set[str] = set()
    for u in units:
        for n in (*u["names"], *u["former"], *u["seen"]):
            chars.update(n)
    for sy in systems:
        chars.update(sy["text"])
    convert = opencc.OpenCC("s2t").convert
    out: dict[str, str] = {}
    for c in sorted(c for c in chars if ord(c) > 0x2E80):
        t = convert(c)
        if len(t) == 1 and t != c:
            out[t] = c
    return out


# ---------------------------------------------------------------------------------------------
# The site.


def build_site(
    defs: Sequence[Definition],
    options: SiteOptions,
    workspace_templates: Path | None,
    root: Path | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (relative path, bytes). Template problems raise LX501–LX503."""
    from lianxi import render

    env = render.environment(workspace_templates)
    site = _collect(defs)
    predecessors = _predecessors()
    generated = f"{options.today.year}年{options.today.month}月{options.today.day}日"

    def page(name: str, depth: int, **context: Any) -> bytes:
        base = "../" * depth
        text = render.render_template(
            f"site/{name}",
            {"root": base, "generated": generated, **context},
            workspace_templates,
            root,
            env=env,
        )
        return text.encode("utf-8")

    rows = [_system_row(sy, options.today) for sy in site.systems]
    jurisdictions: dict[str, list[_Sys]] = {}
    for sy in site.systems:
        jurisdictions.setdefault(sy.defn.jurisdiction, []).append(sy)
    matrix_slugs = {j: f"matrix/{_def_slug(sys_[0])}.html" for j, sys_ in jurisdictions.items()}
    facets = {
        "jurisdictions": sorted(jurisdictions),
        "levels": [LEVEL_ZH[lv] for lv in Level if any(sy.defn.level == lv for sy in site.systems)],
        "statuses": [
            STATUS_ZH[st] for st in Status if any(sy.system.status == st for sy in site.systems)
        ],
        "topics": sorted({t for sy in site.systems for t in sy.system.topics}),
    }
    yield (
        "index.html",
        page(
            "index.html.j2",
            0,
            systems=rows,
            facets=facets,
            matrices=[{"jurisdiction": j, "url": u} for j, u in sorted(matrix_slugs.items())],
        ),
    )
    index = search_index(site, predecessors)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    yield "search.json", data.encode("utf-8")
    yield "assets/search.js", f"window.LIANXI_INDEX={data};\n".encode()
    yield (
        "assets/site.js",
        render.render_template("site/site.js.j2", {}, workspace_templates, root, env=env).encode(
            "utf-8"
        ),
    )
    yield (
        "assets/site.css",
        render.render_template("site/site.css.j2", {}, workspace_templates, root, env=env).encode(
            "utf-8"
        ),
    )

    peers = _peer_pairs(site)
    done_pairs: set[str] = set()
    for sy in site.systems:
        links = [
            {
                "ref": p.ref,
                "name": p.system.name,
                "url": _pair_slug(sy, p),
                "jurisdiction": p.defn.jurisdiction,
            }
            for p in peers[sy.ref]
        ]
        view = system_view(sy, site, links, options)
        view["matrix"] = matrix_slugs[sy.defn.jurisdiction]
        yield sy.url, page("system.html.j2", 1, system=view)
        for p in peers[sy.ref]:
            path = _pair_slug(sy, p)
            if path not in done_pairs:
                done_pairs.add(path)
                a, b = sorted((sy, p), key=lambda x: x.slug)
                yield path, page("peer.html.j2", 1, peer=peer_view(a, b))
    if options.downloads:
        yield from _download_files(site, workspace_templates, root)

    for fn in site.functions.values():
        yield fn.url, page("unit.html.j2", 1, unit=function_view(fn, predecessors, site))
    yield "units/index.html", page("units.html.j2", 1, units=_function_rows(site))
    for j, systems in jurisdictions.items():
        yield matrix_slugs[j], page("matrix.html.j2", 1, matrix=matrix_view(j, systems, site))
    yield (
        "matrix/index.html",
        page(
            "matrices.html.j2",
            1,
            matrices=[
                {
                    "jurisdiction": j,
                    "url": matrix_slugs[j].removeprefix("matrix/"),
                    "systems": len(s),
                }
                for j, s in sorted(jurisdictions.items())
            ],
        ),
    )


def _download_files(
    site: _Site, workspace_templates: Path | None, root: Path | None
) -> Iterator[tuple[str, bytes]]:
    from lianxi import render

    seen: set[str] = set()
    for sy in site.systems:
        d = _def_slug(sy)
        if d not in seen:
            seen.add(d)
            yield (
                f"downloads/{d}.notice.md",
                render.render_notice(sy.defn, None, "md", workspace_templates, root).encode(),
            )
            yield (
                f"downloads/{d}.notice.docx",
                render.render_notice_docx(sy.defn, None, workspace_templates, root),
            )
        rows = render.member_rows(sy.defn, sy.system.key)
        yield f"downloads/{sy.slug}.members.csv", render.members_csv(rows)
        yield (
            f"downloads/{sy.slug}.members.xlsx",
            render.render_members_xlsx(sy.defn, sy.system.key),
        )


def participation_sheets(
    defs: Sequence[Definition], keep: Callable[[str], bool] | None = None
) -> list[Sheet]:
    """The participation matrix of a workspace as worksheets: unit functions × systems (● member,
    牵 lead, 办 office, 召 convener's unit) with totals, most-burdened first; and the systems."""
    from lianxi.workbook import Sheet

    site = _collect(defs)
    refs = [sy.ref for sy in site.systems]
    rows: list[list[str | int]] = []
    for fn in sorted(site.functions.values(), key=lambda f: (-len(f.system_refs()), f.fid)):
        if keep is not None and not keep(fn.fid):
            continue
        cells: dict[str, list[str]] = {}
        for seat in fn.seats:
            cell = cells.setdefault(seat.sys.ref, [])
            cell.extend(r for r in seat.roles if r not in cell)
        marks: list[str | int] = [_abbrev(cells[r]) if r in cells else "" for r in refs]
        rows.append([fn.label, "、".join(fn.printed), len(cells), *marks])
    matrix = Sheet(
        "参与矩阵",
        "联席会议成员单位参与矩阵",
        ["职能", "文件中的名称", "合计", *refs],
        rows,
        frozenset({2}),
        landscape=True,
    )
    systems = Sheet(
        "制度",
        "联席会议制度",
        ["引用", "名称", "地区", "层级", "状态", "成员单位"],
        [
            [
                sy.ref,
                sy.system.name,
                sy.defn.jurisdiction,
                LEVEL_ZH[sy.defn.level],
                STATUS_ZH[sy.system.status],
                sum(u.count or 1 for u in sy.system.units),
            ]
            for sy in site.systems
        ],
        frozenset({5}),
    )
    return [matrix, systems]
