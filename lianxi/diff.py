"""Comparing systems: peers by unit function, or one system across revisions. Pure.

A peer comparison aligns units by their canonical function (市工信局 ≈ 市经信局), conveners by role
and by the rank their post implies, duties by text similarity. A revision comparison matches by
identity: units added, removed, renamed (along the catalog's history, 市工商局 → 市市场监管局),
moved; then every list item by item (duties, requirements, rules, conveners, meetings and their
decisions, history, sources …) as added, removed, changed or moved, aligned by identity (unit, date,
role) where the item has one and by text similarity otherwise; a changed text carries the changed
words as spans. Every scalar field with old → new.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lianxi import align
from lianxi.model import Definition, Role, System, Unit
from lianxi.textutil import inert

DUTY_SIMILARITY = 0.5  # below this, two duties are different duties
PAIR_SIMILARITY = 0.3  # below this, two systems of two files are not paired by name

ROLE_ZH = {
    Role.chief_convener: "总召集人",
    Role.convener: "召集人",
    Role.deputy_convener: "副召集人",
}

#: (keyword in a post, rank label): the first that matches wins, most specific first
RANKS: tuple[tuple[str, str], ...] = (
    ("国务院副总理", "副总理"),
    ("副省长", "副省长"),
    ("省长", "省长"),
    ("自治区副主席", "副主席"),
    ("自治区主席", "主席"),
    ("副市长", "副市长"),
    ("市长", "市长"),
    ("副县长", "副县长"),
    ("县长", "县长"),
    ("副区长", "副区长"),
    ("区长", "区长"),
    ("副秘书长", "副秘书长"),
    ("秘书长", "秘书长"),
    ("副主任", "副主任"),
    ("副部长", "副部长"),
    ("部长", "部长"),
    ("副局长", "副局长"),
    ("副厅长", "副厅长"),
    ("厅长", "厅长"),
    ("局长", "局长"),
    ("主要负责同志", "主要负责人"),
    ("主要负责人", "主要负责人"),
    ("分管负责同志", "分管负责人"),
    ("分管同志", "分管负责人"),
    ("分管负责人", "分管负责人"),
    ("有关负责同志", "有关负责人"),
)


def post_rank(post: str | None) -> str | None:
    """The rank a convener's post implies (副市长, 局长, 主要负责人 …), or None."""
    if not post:
        return None
    for needle, label in RANKS:
        if needle in post:
            return label
    return None


FunctionOf = Callable[[str], str]


def _default_function(name: str) -> str:
    from lianxi.names import function_key

    return function_key(name)


def _current_function(name: str) -> str:
    """Peers compare what a unit does today: 市工商局 in a 2014 list sits with 市市场监管局."""
    from lianxi.names import successor_key

    return successor_key(name)


# ---------------------------------------------------------------------------------------------
# Result records: plain data, so formatting and JSON are straightforward and stable.


ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned item; `a` or `b` is None when the item is on one side only."""

    key: str  # the function id, role, field path … that aligned them
    a: Any
    b: Any
    note: str | None = None
    kind: str | None = None  # revisions: added | removed | changed | moved
    spans: tuple[align.Span, ...] | None = None  # a changed text: equal, deleted, inserted runs
    at: tuple[int | None, int | None] | None = None  # 1-based positions in the old, new list

    @property
    def same(self) -> bool:
        return bool(self.a == self.b)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key}
        if self.kind is not None:
            out["kind"] = self.kind
        out["a"] = self.a
        out["b"] = self.b
        if self.at is not None:
            out["at"] = list(self.at)
        if self.spans is not None:
            out["spans"] = [{"op": op, "text": text} for op, text in self.spans]
        if self.note is not None:
            out["note"] = self.note
        return out


@dataclass(slots=True)
class Section:
    """A titled group of pairs: e.g. units shared, only in A, only in B."""

    name: str  # stable JSON key, e.g. "units.only_a"
    title_en: str
    title_zh: str
    items: list[Pair] = field(default_factory=list)
    counts_as_difference: bool = True
    show_key: bool = True  # print each item's key (a path, a unit); not for units added/removed

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@dataclass(slots=True)
class SystemDiff:
    a: str  # ref of side A (ID:KEY, maybe @REV)
    b: str
    mode: str  # "peers" | "revisions"
    paired_by: str  # how the two systems were paired
    sections: list[Section] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return sum(len(s.items) for s in self.sections if s.counts_as_difference)


@dataclass(slots=True)
class DiffResult:
    mode: str
    a: str
    b: str
    pairs: list[SystemDiff] = field(default_factory=list)
    unpaired_a: list[str] = field(default_factory=list)
    unpaired_b: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # --base: definitions added
    removed: list[str] = field(default_factory=list)  # --base: definitions removed

    @property
    def differences(self) -> int:
        return (
            sum(p.differences for p in self.pairs)
            + len(self.unpaired_a)
            + len(self.unpaired_b)
            + len(self.added)
            + len(self.removed)
        )


# ---------------------------------------------------------------------------------------------
# Peers


def _align_duties(a: Sequence[str], b: Sequence[str]) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Match duties by similarity (equal texts first); return (paired, only_a, only_b)."""
    matches = align.align(a, b, DUTY_SIMILARITY)
    used_a = {m.i for m in matches}
    used_b = {m.j for m in matches}
    paired = [Pair(f"{m.score:.2f}", a[m.i], b[m.j], spans=_spans(a[m.i], b[m.j])) for m in matches]
    only_a = [Pair(str(i + 1), x, None) for i, x in enumerate(a) if i not in used_a]
    only_b = [Pair(str(j + 1), None, y) for j, y in enumerate(b) if j not in used_b]
    return paired, only_a, only_b


def _spans(a: str, b: str) -> tuple[align.Span, ...] | None:
    """The changed words of `a` → `b`; None when nothing of the text stayed (open → done)."""
    if a == b:
        return None
    spans = tuple(align.spans(a, b))
    return spans if any(op == align.EQUAL and text.strip() for op, text in spans) else None


def _unit_index(units: Iterable[Unit], function_of: FunctionOf) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for u in units:
        for key in _keys(u.name, function_of):
            out.setdefault(key, []).append(u.name)
    return out


def _keys(name: str, function_of: FunctionOf) -> list[str]:
    """A merged bureau (区发展改革和工业信息化局) is a unit of each function it holds."""
    from lianxi import names

    if function_of not in (_current_function, _default_function):
        return [function_of(name)]
    return list(names.unit_keys(name, today=function_of is _current_function))


def _listed(system: System) -> int:
    return sum(u.count or 1 for u in system.units)


def compare_peers(
    a: System,
    b: System,
    ref_a: str,
    ref_b: str,
    paired_by: str,
    function_of: FunctionOf | None = None,
) -> SystemDiff:
    """Compare two different systems by function: units, lead, conveners, office, rules, duties.

    Units of abolished bodies count under their present-day successor, so a pre-2018 list compares with a
    current one by what each unit does now.
    """
    fn = function_of or _current_function
    out = SystemDiff(ref_a, ref_b, "peers", paired_by)
    ua, ub = _unit_index(a.units, fn), _unit_index(b.units, fn)
    shared = Section(
        "units.shared", "units in both", "双方都有的成员单位", counts_as_difference=False
    )
    renamed = Section("units.renamed", "same function, different name", "职能相同、名称不同")
    only_a = Section("units.only_a", f"units only in {ref_a}", f"仅 {ref_a} 有的成员单位")
    only_b = Section("units.only_b", f"units only in {ref_b}", f"仅 {ref_b} 有的成员单位")
    for key, names in ua.items():
        if key in ub:
            same = fn(names[0]) == fn(ub[key][0]) and _plain(names[0]) == _plain(ub[key][0])
            (shared if same else renamed).items.append(
                Pair(key, "、".join(names), "、".join(ub[key]))
            )
        else:
            only_a.items.append(Pair(key, "、".join(names), None))
    only_b.items.extend(Pair(k, None, "、".join(v)) for k, v in ub.items() if k not in ua)
    counts = Section("counts", "unit counts", "成员单位数量", counts_as_difference=False)
    counts.items = [
        Pair("declared", a.declared_unit_count, b.declared_unit_count),
        Pair("listed", _listed(a), _listed(b)),
    ]
    roles = Section("conveners", "conveners by role", "召集人（按角色）")
    for role in Role:
        pa = [c.post for c in a.conveners if c.role == role]
        pb = [c.post for c in b.conveners if c.role == role]
        if not pa and not pb:
            continue
        ra = "、".join(r for r in (post_rank(p) for p in pa) if r) or None
        rb = "、".join(r for r in (post_rank(p) for p in pb) if r) or None
        pair = Pair(
            role.value, "；".join(pa) or None, "；".join(pb) or None, f"{ra or '—'} / {rb or '—'}"
        )
        roles.items.append(pair)
    roles.items = [p for p in roles.items if not (p.same or _same_rank(p))]
    setup = Section(
        "setup", "lead unit, office, liaisons, rules", "牵头单位、办公室、联络员、工作规则"
    )
    lead_a, lead_b = a.lead_unit, b.lead_unit
    office_a = a.office.unit if a.office else None
    office_b = b.office.unit if b.office else None
    rules_a, rules_b = a.rules, b.rules
    for key, va, vb, by_function in (
        ("lead_unit", lead_a, lead_b, True),
        ("office.unit", office_a, office_b, True),
        (
            "office.director",
            a.office.director if a.office else None,
            b.office.director if b.office else None,
            False,
        ),
        (
            "liaisons.rule",
            a.liaisons.rule if a.liaisons else None,
            b.liaisons.rule if b.liaisons else None,
            False,
        ),
        (
            "rules.plenary_per_year",
            rules_a.plenary_per_year if rules_a else None,
            rules_b.plenary_per_year if rules_b else None,
            False,
        ),
        (
            "rules.liaison_per_year",
            rules_a.liaison_per_year if rules_a else None,
            rules_b.liaison_per_year if rules_b else None,
            False,
        ),
        (
            "rules.minutes",
            rules_a.minutes if rules_a else None,
            rules_b.minutes if rules_b else None,
            False,
        ),
    ):
        if by_function and isinstance(va, str) and isinstance(vb, str) and fn(va) == fn(vb):
            continue
        if va != vb:
            setup.items.append(Pair(key, va, vb))
    paired, da, db = _align_duties(a.duties, b.duties)
    duties_paired = Section(
        "duties.paired",
        "duties paired by similarity",
        "相似的主要职责",
        paired,
        counts_as_difference=False,
    )
    duties_a = Section("duties.only_a", f"duties only in {ref_a}", f"仅 {ref_a} 有的职责", da)
    duties_b = Section("duties.only_b", f"duties only in {ref_b}", f"仅 {ref_b} 有的职责", db)
    out.sections = [
        counts,
        shared,
        renamed,
        only_a,
        only_b,
        roles,
        setup,
        duties_paired,
        duties_a,
        duties_b,
    ]
    return out


def _same_rank(p: Pair) -> bool:
    ra, _, rb = (p.note or "").partition(" / ")
    return ra == rb and ra != "—"


def _plain(name: str) -> str:
    return "".join(name.split())


def pair_systems(
    a: Definition, b: Definition
) -> tuple[list[tuple[System, System, str]], list[System], list[System]]:
    """Pair the systems of two files by topic overlap, then by name similarity."""
    candidates = []
    for sa in a.systems:
        for sb in b.systems:
            topics = set(sa.topics) & set(sb.topics)
            ratio = align.similarity(_core_name(sa.name), _core_name(sb.name))
            if topics:
                candidates.append(
                    (2.0 + len(topics) + ratio, sa, sb, f"topic {'、'.join(sorted(topics))}")
                )
            elif ratio >= PAIR_SIMILARITY:
                candidates.append((ratio, sa, sb, f"name similarity {ratio:.2f}"))
    candidates.sort(key=lambda t: -t[0])
    used_a: set[str] = set()
    used_b: set[str] = set()
    pairs = []
    for _, sa, sb, how in candidates:
        if sa.key in used_a or sb.key in used_b:
            continue
        used_a.add(sa.key)
        used_b.add(sb.key)
        pairs.append((sa, sb, how))
    if not pairs and len(a.systems) == 1 and len(b.systems) == 1:
        pairs.append((a.systems[0], b.systems[0], "only system of each file"))
        used_a.add(a.systems[0].key)
        used_b.add(b.systems[0].key)
    pairs.sort(key=lambda t: [s.key for s in a.systems].index(t[0].key))
    return (
        pairs,
        [s for s in a.systems if s.key not in used_a],
        [s for s in b.systems if s.key not in used_b],
    )


def _core_name(name: str) -> str:
    """The part of a system's name that says what it is about (no place, no 联席会议制度)."""
    for tail in ("联席会议制度", "联席会议工作制度", "联席会议"):
        name = name.replace(tail, "")
    for marker in ("市", "省", "自治区", "全国"):
        head, sep, rest = name.partition(marker)
        if sep and len(head) <= 4:
            name = rest
            break
    return name


def diff_peers(
    a: Definition,
    b: Definition,
    key_a: str | None,
    key_b: str | None,
    label_a: str,
    label_b: str,
    function_of: FunctionOf | None = None,
) -> DiffResult:
    """Compare the systems of two definitions (or the two named by ID:KEY)."""
    result = DiffResult("peers", label_a, label_b)
    if key_a or key_b:
        sa = [s for s in a.systems if key_a is None or s.key == key_a]
        sb = [s for s in b.systems if key_b is None or s.key == key_b]
        da = a.model_copy(update={"systems": sa})
        db = b.model_copy(update={"systems": sb})
        pairs, un_a, un_b = pair_systems(da, db)
        if key_a and key_b and not pairs:
            pairs, un_a, un_b = [(sa[0], sb[0], "named on the command line")], [], []
    else:
        pairs, un_a, un_b = pair_systems(a, b)
    for sa_, sb_, how in pairs:
        result.pairs.append(
            compare_peers(sa_, sb_, f"{a.id}:{sa_.key}", f"{b.id}:{sb_.key}", how, function_of)
        )
    result.unpaired_a = [f"{a.id}:{s.key}" for s in un_a]
    result.unpaired_b = [f"{b.id}:{s.key}" for s in un_b]
    return result


# ---------------------------------------------------------------------------------------------
# Revisions

ITEM_SIMILARITY = 0.5  # below this, two texts of a list are two items (one removed, one added)


def _renamed_along_history(old: str, new: str) -> bool:
    """True when the catalog says `old` became `new` (same function, or a merger into it)."""
    return _successor(old) == _successor(new)


def _successor(name: str) -> str:
    from lianxi.names import successor_key

    return successor_key(name)


def _joined(item: Any) -> str:
    """The text of an item: a string itself; a mapping's values joined (for similarity)."""
    if isinstance(item, dict):
        return " ".join(_joined(v) for v in item.values())
    if isinstance(item, list):
        return "、".join(_joined(v) for v in item)
    return "" if item is None else str(item)


#: list fields whose items have an identity; the others are aligned by text similarity
IDENTITY: dict[str, Callable[[Any], str]] = {
    "conveners": lambda c: str(c["role"]),
    "people": lambda p: str(p["unit"]),  # liaisons.people
    "meetings": lambda m: str(m["date"]),
    "history": lambda h: str(h["date"]),
}

#: (English, Chinese) titles of the sections a revision diff can have besides units and roster
SECTION_TITLES: dict[str, tuple[str, str]] = {
    "topics": ("topics", "主题"),
    "duties": ("duties", "主要职责"),
    "units_text": ("unit paragraphs", "成员单位段落"),
    "conveners": ("conveners", "召集人"),
    "conveners_text": ("convener paragraphs", "召集人段落"),
    "office": ("office", "办公室"),
    "office_text": ("office paragraphs", "办公室段落"),
    "liaisons": ("liaisons", "联络员"),
    "rules": ("rules", "工作规则"),
    "requirements": ("requirements", "工作要求"),
    "other_duties": ("duties of units outside the list", "非成员单位职责分工"),
    "headings": ("headings", "章节标题"),
    "layout": ("layout", "排列方式"),
    "meetings": ("meetings", "会议记录"),
    "history": ("history", "沿革"),
    "sources": ("sources", "来源"),
    "document": ("document", "文件"),
}


def _scalar(path: str, old: Any, new: Any) -> Pair:
    kind = ADDED if old is None else REMOVED if new is None else CHANGED
    spans = _spans(old, new) if isinstance(old, str) and isinstance(new, str) else None
    return Pair(path, old, new, kind=kind, spans=spans)


def _changes(old: Any, new: Any, path: str, name: str) -> Iterator[Pair]:
    """Every difference between two dumped values, one Pair per item or scalar field."""
    if old == new:
        return
    if isinstance(old, dict | None) and isinstance(new, dict | None):
        o, n = old or {}, new or {}
        for key in [*o, *(k for k in n if k not in o)]:
            yield from _changes(o.get(key), n.get(key), f"{path}.{key}" if path else key, key)
    elif isinstance(old, list | None) and isinstance(new, list | None):
        yield from _list_changes(old or [], new or [], path, name)
    else:
        yield _scalar(path, old, new)


def _by_identity(old: list[Any], new: list[Any], ident: Callable[[Any], str]) -> list[align.Match]:
    """Items with the same identity are one item; several with one identity pair by text."""
    groups_a: dict[str, list[int]] = {}
    groups_b: dict[str, list[int]] = {}
    for i, x in enumerate(old):
        groups_a.setdefault(ident(x), []).append(i)
    for j, y in enumerate(new):
        groups_b.setdefault(ident(y), []).append(j)
    out: list[align.Match] = []
    for key, ia in groups_a.items():
        ib = groups_b.get(key, [])
        if len(ia) == len(ib) == 1:
            out.append(align.Match(ia[0], ib[0], 1.0))
        elif ib:
            sub = align.align([_joined(old[i]) for i in ia], [_joined(new[j]) for j in ib], 0.0)
            out += [align.Match(ia[m.i], ib[m.j], m.score) for m in sub]
    out.sort(key=lambda m: m.i)
    return out


def _labels(items: list[Any], ident: Callable[[Any], str] | None) -> list[str]:
    """How each item is named in a path: its identity (made unique), or its 1-based position."""
    if ident is None:
        return [str(n + 1) for n in range(len(items))]
    names = [ident(x) for x in items]
    total = Counter(names)
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        out.append(name if total[name] == 1 else f"{name}#{seen[name]}")
    return out


def _list_changes(old: list[Any], new: list[Any], path: str, name: str) -> Iterator[Pair]:
    """A list item by item: added, removed, changed (old → new) or moved; unchanged ones not."""
    ident = IDENTITY.get(name)
    if ident is not None:
        matches = _by_identity(old, new, ident)
    else:
        matches = align.align([_joined(x) for x in old], [_joined(y) for y in new], ITEM_SIMILARITY)
    keep = align.unmoved(matches)
    label_a, label_b = _labels(old, ident), _labels(new, ident)
    events: list[tuple[float, int, list[Pair]]] = []
    for n, m in enumerate(matches):
        x, y = old[m.i], new[m.j]
        key, at = f"{path}[{label_b[m.j]}]", (m.i + 1, m.j + 1)
        found: list[Pair] = []
        if n not in keep:
            found.append(Pair(key, x, y, kind=MOVED, at=at))
        if isinstance(x, dict) and isinstance(y, dict):
            found += _changes(x, y, key, name)
        elif x != y:
            found.append(replace(_scalar(key, x, y), at=at))
        events.append((m.j, len(events), found))
    matched_b = {m.j for m in matches}
    after: dict[int, int] = {m.i: m.j for m in matches}
    last = -1
    for i, x in enumerate(old):
        if i in after:
            last = after[i]
            continue
        gone = Pair(f"{path}[{label_a[i]}]", x, None, kind=REMOVED, at=(i + 1, None))
        events.append((last + 0.5, len(events), [gone]))
    for j, y in enumerate(new):
        if j not in matched_b:
            events.append(
                (
                    j,
                    len(events),
                    [Pair(f"{path}[{label_b[j]}]", None, y, kind=ADDED, at=(None, j + 1))],
                )
            )
    for _, _, found in sorted(events, key=lambda e: (e[0], e[1])):
        yield from found


def _sections(old: dict[str, Any], new: dict[str, Any], other: Section) -> list[Section]:
    """One section per list or mapping field that changed, in the model's order; scalars in `other`."""
    out: list[Section] = []
    for key in [*old, *(k for k in new if k not in old)]:
        va, vb = old.get(key), new.get(key)
        if va == vb:
            continue
        if isinstance(va, list | dict) or isinstance(vb, list | dict):
            en, zh = SECTION_TITLES.get(key, (key, key))
            out.append(Section(key, en, zh, list(_changes(va, vb, key, key))))
        else:
            other.items.append(_scalar(key, va, vb))
    return out


def compare_revisions(
    old: System,
    new: System,
    ref_old: str,
    ref_new: str,
    function_of: FunctionOf | None = None,
    renamed: Callable[[str, str], bool] | None = None,
) -> SystemDiff:
    """Compare one system at two revisions: units by identity, every list item by item."""
    fn = function_of or _default_function
    is_rename = renamed or _renamed_along_history
    out = SystemDiff(ref_old, ref_new, "revisions", "same system")
    old_names = [u.name for u in old.units]
    new_names = [u.name for u in new.units]
    old_set, new_set = set(old_names), set(new_names)
    removed = [n for n in old_names if n not in new_set]
    added = [n for n in new_names if n not in old_set]
    renames: list[Pair] = []
    by_function: dict[str, list[str]] = {}
    by_successor: dict[str, list[str]] = {}
    for n in added:
        by_function.setdefault(fn(n), []).append(n)
        if renamed is None:
            by_successor.setdefault(_successor(n), []).append(n)
    taken: set[str] = set()
    for name in removed:
        same = [n for n in by_function.get(fn(name), []) if n not in taken]
        if not same and renamed is None:
            same = [n for n in by_successor.get(_successor(name), []) if n not in taken]
        elif not same:
            same = [n for n in added if n not in taken and is_rename(name, n)][:1]
        match = same[0] if same else None
        if match is not None:
            renames.append(Pair(fn(match), name, match, kind=CHANGED))
            taken |= {name, match}
    removed = [n for n in removed if n not in taken]
    added = [n for n in added if n not in taken]
    # a unit kept or renamed is one item; those outside a longest run in the old order moved
    now = {p.a: p.b for p in renames}
    new_at = {n: k for k, n in enumerate(new_names)}
    matches = [
        align.Match(i, new_at[now.get(n, n)], 1.0)
        for i, n in enumerate(old_names)
        if now.get(n, n) in new_at
    ]
    keep = align.unmoved(matches)
    moved = sorted(
        (
            Pair(new_names[m.j], m.i + 1, m.j + 1, kind=MOVED, at=(m.i + 1, m.j + 1))
            for n, m in enumerate(matches)
            if n not in keep
        ),
        key=lambda p: p.b,
    )
    out.sections += [
        Section(
            "units.added",
            "units added",
            "新增成员单位",
            [Pair(fn(n), None, n, kind=ADDED) for n in added],
            show_key=False,
        ),
        Section(
            "units.removed",
            "units removed",
            "移除的成员单位",
            [Pair(fn(n), n, None, kind=REMOVED) for n in removed],
            show_key=False,
        ),
        Section("units.renamed", "units renamed", "更名的成员单位", renames),
        Section("units.moved", "units moved in the order", "顺序变动的成员单位", moved),
    ]
    roster = Section("roster", "roster changes", "成员名单变动")
    old_by = {u.name: u for u in old.units}
    new_by = {u.name: u for u in new.units}
    for p in renames:
        old_by[p.b] = old_by.pop(p.a)
    for name, unit in new_by.items():
        before = old_by.get(name)
        if before is None:
            continue
        ma = before.member.model_dump(exclude_none=True) if before.member else None
        mb = unit.member.model_dump(exclude_none=True) if unit.member else None
        if ma != mb:
            roster.items.append(_scalar(name, _member(ma), _member(mb)))
        for attr in ("duty", "group", "note"):
            va, vb = getattr(before, attr), getattr(unit, attr)
            if va != vb:
                roster.items.append(_scalar(f"{name}.{attr}", va, vb))
    out.sections.append(roster)
    fields = Section("fields", "other changes", "其他变动")
    dump_old = old.model_dump(mode="json", exclude_none=True, exclude={"units"})
    dump_new = new.model_dump(mode="json", exclude_none=True, exclude={"units"})
    _hide_phones(dump_old, dump_new)
    out.sections += _sections(dump_old, dump_new, fields)
    out.sections.append(fields)
    return out


PRIVATE = "(private)"


def _hide_phones(old: dict[str, Any], new: dict[str, Any]) -> None:
    """Liaison phones are private (DESIGN §2): a diff says that one changed, never the number."""
    before = {
        p["unit"]: p.pop("phone") for p in old.get("liaisons", {}).get("people", []) if "phone" in p
    }
    for p in old.get("liaisons", {}).get("people", []):
        if p["unit"] in before:
            p["phone"] = PRIVATE
    for p in new.get("liaisons", {}).get("people", []):
        if "phone" in p:
            same = before.get(p["unit"], p["phone"]) == p["phone"]
            p["phone"] = PRIVATE if same else "(private, changed)"


def _member(data: dict[str, Any] | None) -> str | None:
    if not data:
        return None
    return " ".join(str(data[k]) for k in ("name", "post") if k in data)


def diff_revisions(
    old: Definition | None,
    new: Definition | None,
    label_old: str,
    label_new: str,
    key: str | None = None,
    function_of: FunctionOf | None = None,
    renamed: Callable[[str, str], bool] | None = None,
) -> DiffResult:
    """Compare one definition at two revisions (None = the file does not exist there)."""
    result = DiffResult("revisions", label_old, label_new)
    if old is None or new is None:
        if old is None and new is not None:
            result.added.append(label_new)
        if new is None and old is not None:
            result.removed.append(label_old)
        return result
    old_sys = {s.key: s for s in old.systems if key is None or s.key == key}
    new_sys = {s.key: s for s in new.systems if key is None or s.key == key}
    for k, s in old_sys.items():
        if k in new_sys:
            result.pairs.append(
                compare_revisions(
                    s, new_sys[k], f"{label_old}:{k}", f"{label_new}:{k}", function_of, renamed
                )
            )
        else:
            result.unpaired_a.append(f"{label_old}:{k}")
    result.unpaired_b = [f"{label_new}:{k}" for k in new_sys if k not in old_sys]
    if key is None:
        fields = Section("fields", "file-level changes", "文件级变动")
        sections = _sections(
            old.model_dump(mode="json", exclude_none=True, exclude={"systems"}),
            new.model_dump(mode="json", exclude_none=True, exclude={"systems"}),
            fields,
        )
        if fields.items:
            sections.append(fields)
        if sections:
            sd = SystemDiff(label_old, label_new, "revisions", "same file", sections)
            result.pairs.insert(0, sd)
    return result


# ---------------------------------------------------------------------------------------------
# Formats: a summary first (counts per section), then one line per changed item.

SYMBOL = {ADDED: "+", REMOVED: "-", CHANGED: "~", MOVED: "↕"}
#: GitHub shows at most 1 MiB of a job summary; what does not fit is counted, not cut mid-line
MD_LIMIT = 1_000_000
#: a section with more items than this is collapsed in `md`
MD_OPEN_ITEMS = 10


def _show(value: Any) -> str:
    """A value on one line: a list joined with 、, a mapping's values with · (nested lists apart)."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        shown = [_show(v) for v in value.values() if not _is_records(v)]
        return " · ".join(s for s in shown if s != "—") or "—"
    if isinstance(value, list):
        return "、".join(_show(v) for v in value) or "—"
    return inert(str(value))


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, dict) for v in value)


def _sub_items(value: Any) -> list[tuple[str, str]]:
    """The nested records of an added or removed item (a meeting's decisions), one per line."""
    if not isinstance(value, dict):
        return []
    return [
        (f"{key}[{n}]", _show(item))
        for key, items in value.items()
        if _is_records(items)
        for n, item in enumerate(items, 1)
    ]


def _label(section: Section, p: Pair) -> str | None:
    """The item's path inside its section: `[3]`, `[2023-08-10].place`, `lead_unit`."""
    if not section.show_key:
        return None
    key = p.key
    if key.startswith(section.name) and key[len(section.name) : len(section.name) + 1] in "[.":
        key = key[len(section.name) :].lstrip(".")
    return key or None


def _positional(key: str) -> bool:
    head, _, last = key.rpartition("[")
    return bool(head) and last[:-1].isdigit()


def _item(
    section: Section,
    p: Pair,
    esc: Callable[[str], str],
    words: Callable[[Sequence[align.Span]], str],
) -> tuple[str, str]:
    """(label, value) of one revision item, `esc` applied to user text (not to the label)."""
    label = _label(section, p)
    value: str
    if p.kind == MOVED and p.at is not None:
        i, j = p.at
        if label is not None and _positional(p.key):
            label = label[: label.rindex("[")] + f"[{i} → {j}]"
            value = esc(_show(p.b))
        else:
            value = f"{i} → {j}"
    elif p.kind == CHANGED:
        value = words(p.spans) if p.spans else f"{esc(_show(p.a))} → {esc(_show(p.b))}"
    else:
        value = esc(_show(p.b if p.kind == ADDED else p.a))
    return label or "", value


#: characters of unchanged text kept on each side of a change; the rest of a long text is elided
CONTEXT = 20


def _context(spans: Sequence[align.Span]) -> list[align.Span]:
    """The spans with long unchanged stretches cut to CONTEXT characters around each change."""
    out: list[align.Span] = []
    last = len(spans) - 1
    for n, (op, text) in enumerate(spans):
        if op == align.EQUAL and len(text) > CONTEXT:
            if n == 0:
                text = "…" + text[-CONTEXT:]
            elif n == last:
                text = text[:CONTEXT] + "…"
            elif len(text) > 2 * CONTEXT + 1:
                text = text[:CONTEXT] + "…" + text[-CONTEXT:]
        out.append((op, text))
    return out


def _text_words(spans: Sequence[align.Span]) -> str:
    marks = {align.EQUAL: "{}", align.DELETE: "[-{}-]", align.INSERT: "{{+{}+}}"}
    return "".join(marks[op].format(inert(text)) for op, text in _context(spans))


def _text_line(section: Section, p: Pair) -> list[str]:
    if p.kind is None:
        return ["   " + _text_peer(section.name, p)]
    label, value = _item(section, p, inert, _text_words)
    head = f"   {SYMBOL[p.kind]} "
    if label:
        head += f"{inert(label)} " if label.endswith("]") else f"{inert(label)}: "
    sub = p.b if p.kind == ADDED else p.a if p.kind == REMOVED else None
    return [head + value, *(f"       · {k}: {v}" for k, v in _sub_items(sub))]


def _text_peer(section: str, item: Pair) -> str:
    if section.endswith("only_a"):
        return f"- {_show(item.a)}"
    if section.endswith("only_b"):
        return f"+ {_show(item.b)}"
    if section == "units.shared":
        return f"= {_show(item.a)}" if item.a == item.b else f"= {_show(item.a)} | {_show(item.b)}"
    note = f"  [{inert(item.note)}]" if item.note else ""
    if item.spans:
        return f"{inert(item.key)}: {_text_words(item.spans)}{note}"
    return f"{inert(item.key)}: {_show(item.a)} → {_show(item.b)}{note}"


#: how two systems were paired, in Chinese (JSON keeps the English)
PAIRED_BY_ZH = {
    "same system": "同一制度",
    "same file": "同一文件",
    "only system of each file": "两个文件各只有一个制度",
    "named on the command line": "命令行指定",
    "topic": "主题",
    "name similarity": "名称相似度",
}


def _paired_by(text: str, zh: bool) -> str:
    if not zh:
        return text
    for en, cn in PAIRED_BY_ZH.items():
        if text == en or text.startswith(en + " "):
            return cn + text[len(en) :]
    return text


def _lang(zh: bool) -> str:
    return "zh" if zh else "en"


def _counted(p: SystemDiff) -> list[Section]:
    return [s for s in p.sections if s.items and s.counts_as_difference]


def _plural(n: int, zh: bool) -> str:
    if zh:
        return f"{n} 处差异"
    return f"{n} difference{'' if n == 1 else 's'}"


def format_text(results: Sequence[DiffResult], lang: str = "en") -> str:
    """Per pair: a headline with its count, the counts per section, then one line per item."""
    zh = lang == "zh"
    out: list[str] = []
    for r in results:
        out.extend(_text_one(r, zh))
    total = sum(r.differences for r in results)
    out.append(("没有差异" if zh else "no differences") if total == 0 else _plural(total, zh))
    return "\n".join(out)


def _text_one(r: DiffResult, zh: bool) -> list[str]:
    out: list[str] = []
    for label, items in (
        (("新增定义" if zh else "definition added"), r.added),
        (("删除定义" if zh else "definition removed"), r.removed),
    ):
        out += [f"{label}: {inert(x)}" for x in items]
    for p in r.pairs:
        if not p.differences and r.mode == "revisions":
            continue
        out.append(
            f"== {inert(p.a)} ↔ {inert(p.b)}  ({'配对方式' if zh else 'paired by'}: "
            f"{inert(_paired_by(p.paired_by, zh))}; {_plural(p.differences, zh)})"
        )
        summary = [f"{s.title(_lang(zh))} {len(s.items)}" for s in _counted(p)]
        if summary:
            out.append("   " + " · ".join(summary))
        for s in p.sections:
            if not s.items:
                continue
            aside = "" if s.counts_as_difference else ("，不计入差异" if zh else ", not counted")
            out.append(f"-- {s.title(_lang(zh))} ({len(s.items)}{aside})")
            for item in s.items:
                out += _text_line(s, item)
        out.append("")
    for label, items in (
        (("未配对（A）" if zh else "unpaired in A"), r.unpaired_a),
        (("未配对（B）" if zh else "unpaired in B"), r.unpaired_b),
    ):
        if items:
            out.append(f"{label} ({len(items)}): {', '.join(inert(x) for x in items)}")
    return out


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!{}])")


def _md(text: str) -> str:
    """User text as inert Markdown on one line: no HTML, no emphasis, no table or link syntax."""
    text = inert(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _html(text: str) -> str:
    """User text inside an HTML element (a <summary>): entities only."""
    return inert(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return f"`{inert(text)}`" if "`" not in text else _md(text)


def _md_words(spans: Sequence[align.Span]) -> str:
    """`安排部署~~相关~~ **年度重点**工作任务`; a run that starts or ends with punctuation or a
    space uses <del>/<ins>, which Markdown would not read as emphasis there."""
    out: list[str] = []
    spans = _context(spans)
    for n, (op, text) in enumerate(spans):
        if op == align.EQUAL:
            out.append(_md(text))
            continue
        tight = text.strip() == text and text[0].isalnum() and text[-1].isalnum()
        if op == align.DELETE:
            out.append(f"~~{_md(text)}~~" if tight else f"<del>{_md(text)}</del>")
        else:
            space = " " if n and spans[n - 1][0] == align.DELETE else ""
            out.append(space + (f"**{_md(text)}**" if tight else f"<ins>{_md(text)}</ins>"))
    return "".join(out)


def _md_line(section: Section, p: Pair) -> list[str]:
    if p.kind is None:
        if p.spans:
            value = _md_words(p.spans)
        elif section.name.endswith(("only_a", "only_b")) or section.name == "units.shared":
            value = _md(_show(p.b if p.a is None else p.a))
        else:
            value = f"{_md(_show(p.a))} → {_md(_show(p.b))}"
        label = "" if section.name.endswith(("only_a", "only_b", "shared")) else _code(p.key)
        note = f" ({_md(p.note)})" if p.note else ""
        return [f"- {label + ': ' if label else ''}{value}{note}"]
    label, value = _item(section, p, _md, _md_words)
    head = f"- `{SYMBOL[p.kind]}` "
    if label:
        head += f"{_code(label)} " if label.endswith("]") else f"{_code(label)}: "
    sub = p.b if p.kind == ADDED else p.a if p.kind == REMOVED else None
    return [head + value, *(f"  - {_code(k)}: {_md(v)}" for k, v in _sub_items(sub))]


class _Page:
    """Lines of a Markdown page that stops before `limit` bytes and counts what it left out."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.limit = limit
        self.full = False
        self.left_out = 0  # differences not shown
        self.systems_cut: list[str] = []

    def add(self, *lines: str, force: bool = False) -> bool:
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if not force and (self.full or self.size + size > self.limit):
            self.full = True
            return False
        self.lines += lines
        self.size += size
        return True


def format_md(results: Sequence[DiffResult], lang: str = "en", limit: int = MD_LIMIT) -> str:
    """A pull-request summary: the total and a table per system first, then each file and system
    with its sections (long ones collapsed); stays under `limit` bytes and says what it left out."""
    zh = lang == "zh"
    total = sum(r.differences for r in results)
    page = _Page(limit - 2_000)  # room for the closing note
    page.add(
        f"**{_plural(total, zh)}**" if total else ("**没有差异**" if zh else "**No differences**"),
        "",
    )
    rows = [p for r in results for p in r.pairs if p.differences]
    extra = [
        (label, x)
        for r in results
        for label, xs in (
            ("新增定义" if zh else "definition added", r.added),
            ("删除定义" if zh else "definition removed", r.removed),
            ("未配对（A）" if zh else "unpaired in A", r.unpaired_a),
            ("未配对（B）" if zh else "unpaired in B", r.unpaired_b),
        )
        for x in xs
    ]
    if rows or extra:
        page.add(
            "| "
            + ("比较" if zh else "comparison")
            + " | "
            + ("差异" if zh else "differences")
            + " | "
            + ("各部分" if zh else "sections")
            + " |",
            "|---|---|---|",
        )
        for p in rows:
            parts = " · ".join(f"{_html(s.title(lang))} {len(s.items)}" for s in _counted(p))
            page.add(f"| {_code(p.a)} ↔ {_code(p.b)} | {p.differences} | {parts} |")
        for label, x in extra:
            page.add(f"| {_code(x)} | 1 | {label} |")
        page.add("")
    for r in results:
        shown = [p for p in r.pairs if p.differences or r.mode == "peers"]
        if shown and (len(results) > 1 or r.mode == "revisions"):
            page.add(f"### {_code(r.b)}", "")
        for p in shown:
            _md_pair(page, p, zh)
    if page.left_out:
        note = (
            f"**未显示 {page.left_out} 处差异**（{len(page.systems_cut)} 个比较），以免超过 GitHub "
            f"作业摘要 1 MB 的上限；完整内容请在本地运行 `lianxi diff --base` 或使用 `--format json`。"
            if zh
            else f"**{page.left_out} differences not shown** (in {len(page.systems_cut)} "
            f"comparison{'' if len(page.systems_cut) == 1 else 's'}), to stay under GitHub's 1 MB "
            "job summary limit; run `lianxi diff --base` locally or use `--format json` for all."
        )
        page.add(note, "", force=True)
    return "\n".join(page.lines) + "\n"


def _md_pair(page: _Page, p: SystemDiff, zh: bool) -> None:
    page.add(
        f"#### {_code(p.a)} ↔ {_code(p.b)}",
        "",
        f"{'配对方式' if zh else 'Paired by'}: {_md(_paired_by(p.paired_by, zh))} · {_plural(p.differences, zh)}",
        "",
    )
    cut = False
    for s in p.sections:
        if not s.items:
            continue
        aside = "" if s.counts_as_difference else ("，不计入差异" if zh else ", not counted")
        title = f"{_html(s.title(_lang(zh)))} ({len(s.items)}{aside})"
        collapse = len(s.items) > MD_OPEN_ITEMS
        opened = page.add(
            *((f"<details><summary>{title}</summary>", "") if collapse else (f"**{title}**", ""))
        )
        shown = 0
        if opened:
            for item in s.items:
                if not page.add(*_md_line(s, item)):
                    break
                shown += 1
            page.add(*(["", "</details>", ""] if collapse else [""]), force=True)
        if shown < len(s.items) and s.counts_as_difference:
            page.left_out += len(s.items) - shown
            cut = True
    if cut:
        page.systems_cut.append(p.b)


def to_data(results: Sequence[DiffResult]) -> dict[str, Any]:
    """Stable JSON: each item is one object with both sides (`a`, `b`), its kind and spans."""
    return {
        "differences": sum(r.differences for r in results),
        "comparisons": [
            {
                "mode": r.mode,
                "a": r.a,
                "b": r.b,
                "added": r.added,
                "removed": r.removed,
                "pairs": [
                    {
                        "a": p.a,
                        "b": p.b,
                        "paired_by": p.paired_by,
                        "differences": p.differences,
                        "sections": {s.name: [i.to_dict() for i in s.items] for s in p.sections},
                    }
                    for p in r.pairs
                ],
                "unpaired_a": r.unpaired_a,
                "unpaired_b": r.unpaired_b,
                "differences": r.differences,
            }
            for r in results
        ],
    }


def format_json(results: Sequence[DiffResult], lang: str = "en") -> str:  # noqa: ARG001
    return json.dumps(to_data(results), ensure_ascii=False, indent=2)


FORMATTERS: dict[str, Callable[[Sequence[DiffResult], str], str]] = {
    "text": format_text,
    "md": format_md,
    "json": format_json,
}
