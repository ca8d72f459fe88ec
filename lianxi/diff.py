"""Comparing systems: peers by unit function, or one system across revisions. Pure.

A peer comparison aligns units by their canonical function (市工信局 ≈ 市经信局), conveners by role
and by the rank their post implies, duties by text similarity. A revision comparison matches by
identity: units added, removed, renamed (along the catalog's history, 市工商局 → 市市场监管局),
moved; roster, conveners, office, and every other field with old → new.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lianxi.model import Definition, Role, System, Unit

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


@dataclass(frozen=True, slots=True)
class Pair:
    """One aligned item; `a` or `b` is None when the item is on one side only."""

    key: str  # the function id, role, field path … that aligned them
    a: Any
    b: Any
    note: str | None = None

    @property
    def same(self) -> bool:
        return bool(self.a == self.b)

    def to_dict(self) -> dict[str, Any]:
        out = {"key": self.key, "a": self.a, "b": self.b}
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
    """Greedy best-first matching of duties by similarity; return (paired, only_a, only_b)."""
    scores = sorted(
        (
            (difflib.SequenceMatcher(None, x, y, autojunk=False).ratio(), i, j)
            for i, x in enumerate(a)
            for j, y in enumerate(b)
        ),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    paired: list[tuple[int, Pair]] = []
    for score, i, j in scores:
        if score < DUTY_SIMILARITY:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        paired.append((i, Pair(f"{score:.2f}", a[i], b[j])))
    paired.sort(key=lambda t: t[0])
    only_a = [Pair(str(i + 1), x, None) for i, x in enumerate(a) if i not in used_a]
    only_b = [Pair(str(j + 1), None, y) for j, y in enumerate(b) if j not in used_b]
    return [p for _, p in paired], only_a, only_b


def _unit_index(units: Iterable[Unit], function_of: FunctionOf) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for u in units:
        out.setdefault(function_of(u.name), []).append(u.name)
    return out


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
            ratio = difflib.SequenceMatcher(None, _core_name(sa.name), _core_name(sb.name)).ratio()
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


def _renamed_along_history(old: str, new: str) -> bool:
    """True when the catalog says `old` became `new` (same function, or a merger into it)."""
    from lianxi.names import successor_key

    return successor_key(old) == successor_key(new)


def compare_revisions(
    old: System,
    new: System,
    ref_old: str,
    ref_new: str,
    function_of: FunctionOf | None = None,
    renamed: Callable[[str, str], bool] | None = None,
) -> SystemDiff:
    """Compare one system at two revisions, matching units by identity."""
    fn = function_of or _default_function
    is_rename = renamed or _renamed_along_history
    out = SystemDiff(ref_old, ref_new, "revisions", "same system")
    old_names = [u.name for u in old.units]
    new_names = [u.name for u in new.units]
    removed = [n for n in old_names if n not in new_names]
    added = [n for n in new_names if n not in old_names]
    renames: list[Pair] = []
    for name in list(removed):
        match = next((n for n in added if fn(n) == fn(name) or is_rename(name, n)), None)
        if match is not None:
            renames.append(Pair(fn(match), name, match))
            removed.remove(name)
            added.remove(match)
    kept_old = [n for n in old_names if n in new_names]
    kept_new = [n for n in new_names if n in old_names]
    moved = [
        Pair(n, kept_old.index(n) + 1, kept_new.index(n) + 1)
        for n in kept_new
        if kept_old.index(n) != kept_new.index(n)
    ]
    out.sections += [
        Section(
            "units.added", "units added", "新增成员单位", [Pair(fn(n), None, n) for n in added]
        ),
        Section(
            "units.removed",
            "units removed",
            "移除的成员单位",
            [Pair(fn(n), n, None) for n in removed],
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
            roster.items.append(Pair(name, _member(ma), _member(mb)))
        if before.duty != unit.duty:
            roster.items.append(Pair(f"{name} duty", before.duty, unit.duty))
    out.sections.append(roster)
    fields = Section("fields", "other changes", "其他变动")
    skip = {"units"}
    fields.items = _field_changes(
        old.model_dump(mode="json", exclude_none=True, exclude=skip),
        new.model_dump(mode="json", exclude_none=True, exclude=skip),
        "",
    )
    out.sections.append(fields)
    return out


def _member(data: dict[str, Any] | None) -> str | None:
    if not data:
        return None
    return " ".join(str(data[k]) for k in ("name", "post") if k in data)


def _field_changes(old: Any, new: Any, path: str) -> list[Pair]:
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[Pair] = []
        for key in sorted(set(old) | set(new)):
            out.extend(_field_changes(old.get(key), new.get(key), f"{path}.{key}" if path else key))
        return out
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(x, dict) for x in old + new)
    ):
        out = []
        for i, (x, y) in enumerate(zip(old, new, strict=True)):
            out.extend(_field_changes(x, y, f"{path}[{i}]"))
        return out
    return [Pair(path, _scalar_text(old), _scalar_text(new))]


def _scalar_text(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


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
        doc = _field_changes(
            old.model_dump(mode="json", exclude_none=True, exclude={"systems"}),
            new.model_dump(mode="json", exclude_none=True, exclude={"systems"}),
            "",
        )
        if doc:
            sd = SystemDiff(label_old, label_new, "revisions", "same file")
            sd.sections.append(Section("fields", "file-level changes", "文件级变动", doc))
            result.pairs.insert(0, sd)
    return result


# ---------------------------------------------------------------------------------------------
# Formats


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


def format_text(results: Sequence[DiffResult], lang: str = "en") -> str:
    zh = lang == "zh"
    out: list[str] = []
    for r in results:
        out.extend(_text_one(r, zh))
    total = sum(r.differences for r in results)
    if total == 0:
        out.append("没有差异" if zh else "no differences")
    else:
        out.append(f"共 {total} 处差异" if zh else f"{total} difference{'s' if total != 1 else ''}")
    return "\n".join(out)


def _text_one(r: DiffResult, zh: bool) -> list[str]:
    out: list[str] = []
    for label, items in (
        (("新增定义" if zh else "definition added"), r.added),
        (("删除定义" if zh else "definition removed"), r.removed),
    ):
        out += [f"{label}: {x}" for x in items]
    for p in r.pairs:
        out.append(
            f"== {p.a} ↔ {p.b}  ({'配对方式' if zh else 'paired by'}: {p.paired_by}; "
            f"{p.differences} {'处差异' if zh else 'differences'})"
        )
        summary = [f"{s.title('zh' if zh else 'en')} {len(s.items)}" for s in p.sections if s.items]
        if summary:
            out.append("   " + " · ".join(summary))
        for s in p.sections:
            if not s.items:
                continue
            out.append(f"-- {s.title('zh' if zh else 'en')} ({len(s.items)})")
            for item in s.items:
                out.append("   " + _text_item(s.name, item))
        out.append("")
    for label, items in (
        (("未配对（A）" if zh else "unpaired in A"), r.unpaired_a),
        (("未配对（B）" if zh else "unpaired in B"), r.unpaired_b),
    ):
        if items:
            out.append(f"{label}: {', '.join(items)}")
    return out


def _text_item(section: str, item: Pair) -> str:
    if section.endswith("only_a") or section in ("units.removed",):
        return f"- {_show(item.a)}"
    if section.endswith("only_b") or section in ("units.added",):
        return f"+ {_show(item.b)}"
    if section == "units.shared":
        return f"= {_show(item.a)}" if item.a == item.b else f"= {_show(item.a)} | {_show(item.b)}"
    note = f"  [{item.note}]" if item.note else ""
    return f"{item.key}: {_show(item.a)} → {_show(item.b)}{note}"


def format_md(results: Sequence[DiffResult], lang: str = "en") -> str:
    zh = lang == "zh"
    out: list[str] = []
    for r in results:
        for label, items in (
            (("新增定义" if zh else "Definition added"), r.added),
            (("删除定义" if zh else "Definition removed"), r.removed),
        ):
            out += [f"- **{label}**: `{x}`" for x in items]
        for p in r.pairs:
            out.append(f"### `{p.a}` ↔ `{p.b}`")
            out.append("")
            out.append(
                f"{'配对方式' if zh else 'Paired by'}: {p.paired_by} · "
                f"{p.differences} {'处差异' if zh else 'differences'}"
            )
            out.append("")
            for s in p.sections:
                if not s.items:
                    continue
                out.append(f"<details><summary>{s.title(lang)} ({len(s.items)})</summary>")
                out.append("")
                out.append(f"| | {p.a} | {p.b} |")
                out.append("|---|---|---|")
                for item in s.items:
                    out.append(f"| {_md(item.key)} | {_md(_show(item.a))} | {_md(_show(item.b))} |")
                out.append("")
                out.append("</details>")
                out.append("")
        for label, items in (
            (("未配对（A）" if zh else "Unpaired in A"), r.unpaired_a),
            (("未配对（B）" if zh else "Unpaired in B"), r.unpaired_b),
        ):
            if items:
                out.append(f"**{label}**: " + ", ".join(f"`{x}`" for x in items))
                out.append("")
    total = sum(r.differences for r in results)
    out.append(
        ("**没有差异**" if zh else "**No differences**")
        if total == 0
        else (f"**共 {total} 处差异**" if zh else f"**{total} differences**")
    )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_data(results: Sequence[DiffResult]) -> dict[str, Any]:
    """Stable JSON: each paired item is one object with both sides (`a`, `b`)."""
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
