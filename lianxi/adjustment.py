"""The 调整通知 (`lianxi render adjustment`): what changed in one system between two revisions, in the
phrasing adjustment notices use, with the full new member list; and the `history:` entry that keeps
the event in the definition. Pure: two models in, a view and text out.

Structure, as such notices are published: title 关于调整…联席会议成员单位（及组成人员）的通知; 主送机关;
the reason and approval (因机构改革和工作需要，经市政府同意，现将…调整如下：); numbered parts for the units
(增加…为成员单位 / …不再作为成员单位 / …更名为…), the conveners (…由…调整为…), the lead unit and office;
调整后，联席会议成员单位共N个：…; the rule for later changes; 署名, 成文日期, 附注; the 成员名单 as 附件.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lianxi import diff
from lianxi.model import Definition, Level, Role, System

ROLE_ZH = {
    Role.chief_convener: "总召集人",
    Role.convener: "召集人",
    Role.deputy_convener: "副召集人",
}
ROLE_ORDER = [Role.chief_convener, Role.convener, Role.deputy_convener]
LATER_CHANGES = (
    "今后，联席会议成员单位和成员如有变动，由成员单位提出，联席会议办公室报召集人同意后调整，"
    "不再另行发文。"
)


@dataclass
class Part:
    heading: str  # 成员单位调整, 召集人调整 …
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)  # for the history note


@dataclass
class AdjustmentView:
    """Plain data for the templates (`adjustment.md.j2`, `adjustment.txt.j2`)."""

    issuer: str | None
    title: str
    addressees: str | None
    opening: str
    parts: list[Part]
    total: str  # 调整后，联席会议成员单位共N个：…
    office: str | None
    closing: str
    attachment: str  # the 成员名单 title
    signature: str | None
    date: str
    note: str | None
    roster: list[dict[str, str]]  # conveners first (role), then the units numbered (n)
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str]]

    def context(self) -> dict[str, Any]:
        return {
            "adjustment": {
                "issuer": self.issuer,
                "title": self.title,
                "addressees": self.addressees,
                "opening": self.opening,
                "parts": [{"heading": p.heading, "paragraphs": p.paragraphs} for p in self.parts],
                "total": self.total,
                "office": self.office,
                "closing": self.closing,
                "attachment": self.attachment,
                "signature": self.signature,
                "date": self.date,
                "note": self.note,
                "roster": self.roster,
            }
        }


def _cn(n: int) -> str:
    from lianxi.render import cn_number

    return cn_number(n)


def cn_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def approver(defn: Definition) -> str:
    """Whose consent a notice of this jurisdiction cites: 国务院, 省政府, 自治区政府, 市政府, 县政府 …"""
    if defn.level == Level.national:
        return "国务院"
    j = defn.jurisdiction
    for suffix in ("自治区", "自治州", "省", "市", "县", "区", "旗", "盟"):
        if j.endswith(suffix):
            return f"{suffix}政府"
    return {Level.provincial: "省政府", Level.city: "市政府", Level.county: "县政府"}.get(
        defn.level, "政府"
    )


def _meeting_name(system: System) -> str:
    """运城市质量强市和标准化联席会议制度 → 运城市质量强市和标准化联席会议"""
    name = system.name
    for tail in ("工作制度", "制度"):
        if name.endswith(tail) and "联席会议" in name:
            return name.removesuffix(tail)
    return name


def _who(post: str, name: str | None) -> str:
    return f"{post}{name}同志" if name else post


def _conveners(old: System, new: System) -> list[str]:
    out = []
    for role in ROLE_ORDER:
        a = [_who(c.post, c.name) for c in old.conveners if c.role == role]
        b = [_who(c.post, c.name) for c in new.conveners if c.role == role]
        label = ROLE_ZH[role]
        if a == b:
            continue
        if a and b:
            out.append(f"{label}由{'、'.join(a)}调整为{'、'.join(b)}。")
        elif b:
            out.append(f"增设{label}，由{'、'.join(b)}担任。")
        else:
            out.append(f"不再设{label}。")
    return out


def _setup(old: System, new: System) -> list[str]:
    out = []
    if old.lead_unit != new.lead_unit and new.lead_unit:
        out.append(f"联席会议牵头单位调整为{new.lead_unit}。")
    oa = old.office.unit if old.office else None
    ob = new.office.unit if new.office else None
    da = old.office.director if old.office else None
    db = new.office.director if new.office else None
    if oa != ob and ob:
        out.append(f"联席会议办公室调整设在{ob}" + (f"，办公室主任由{db}担任。" if db else "。"))
    elif da != db and db:
        out.append(f"联席会议办公室主任调整为{db}。")
    return out


def unit_changes(old: System, new: System) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(added, removed, renamed) from the revision diff; a rename is a change along the catalog.

    Where a reform merged several bodies into one (市工商局, 市质监局 → 市市场监管局), every removed unit
    whose work the new one does today joins that rename, so the notice says so in one sentence.
    """
    from lianxi.names import successor_key

    result = diff.compare_revisions(old, new, "old", "new")
    by_name = {s.name: s for s in result.sections}
    added = [str(p.b) for p in by_name["units.added"].items]
    removed = [str(p.a) for p in by_name["units.removed"].items]
    renamed = [(str(p.a), str(p.b)) for p in by_name["units.renamed"].items]
    merged = []
    for _, b in renamed:
        now = successor_key(b)
        with_it = [r for r in removed if successor_key(r) == now and not now.startswith("?")]
        removed = [r for r in removed if r not in with_it]
        merged += [(r, b) for r in with_it]
    return added, removed, renamed + merged


def _rename_sentences(renamed: list[tuple[str, str]]) -> list[str]:
    """One sentence per new name: 市工商局更名为市市场监管局 / 市工商局、市质监局调整为市市场监管局."""
    targets: dict[str, list[str]] = {}
    for a, b in renamed:
        targets.setdefault(b, []).append(a)
    return [
        f"{olds[0]}更名为{b}。" if len(olds) == 1 else f"{'、'.join(olds)}调整为{b}。"
        for b, olds in targets.items()
    ]


def _listed(system: System) -> int:
    return sum(u.count or 1 for u in system.units)


def adjustment_view(
    defn: Definition, old: System, new: System, date: dt.date
) -> AdjustmentView | None:
    """The 调整通知 for `old` → `new` of one system, or None when nothing it announces changed."""
    added, removed, renamed = unit_changes(old, new)
    conveners = _conveners(old, new)
    setup = _setup(old, new)
    if not (added or removed or renamed or conveners or setup):
        return None
    meeting = _meeting_name(new)
    short = new.short_name or "联席会议"
    unit_lines = []
    if added:
        unit_lines.append(f"增加{'、'.join(added)}为{short}成员单位。")
    if removed:
        unit_lines.append(f"{'、'.join(removed)}不再作为{short}成员单位。")
    unit_lines += _rename_sentences(renamed)
    parts = []
    if unit_lines:
        parts.append(Part("成员单位调整", ["".join(unit_lines)], unit_lines))
    if conveners:
        parts.append(Part("召集人调整", ["".join(conveners)], conveners))
    if setup:
        parts.append(Part("牵头单位和办公室调整", ["".join(setup)], setup))
    for i, p in enumerate(parts, 1):
        p.heading = f"{_cn(i)}、{p.heading}"
    units_changed = bool(added or removed or renamed)
    people_changed = bool(conveners)
    what = (
        "成员单位及组成人员"
        if units_changed and people_changed
        else ("成员单位" if units_changed or setup else "组成人员")
    )
    doc = defn.document
    issuer = doc.issuer if doc else None
    title = f"{issuer or ''}关于调整{meeting}{what}的通知"
    reason = "因机构改革和工作需要" if renamed else "根据工作需要"
    opening = f"{reason}，经{approver(defn)}同意，现将{meeting}{what}调整如下："
    count = _listed(new)
    groups = any(u.count is None for u in new.units)
    total = (
        f"调整后，{short}成员单位共{count}个{'以上' if groups else ''}："
        f"{'、'.join(u.name for u in new.units)}。"
    )
    office = None
    if new.office and new.office.unit and not setup:
        office = f"{short}办公室设在{new.office.unit}，承担{short}日常工作。"
    roster: list[dict[str, str]] = []
    roster += [
        {"role": ROLE_ZH[role], "n": "", "unit": c.unit or "", "name": c.name or "", "post": c.post}
        for role in ROLE_ORDER
        for c in new.conveners
        if c.role == role
    ]
    for i, u in enumerate(new.units, 1):
        m = u.member
        roster.append(
            {
                "role": "",
                "n": str(i),
                "unit": u.name,
                "name": (m.name or "") if m else "",
                "post": (m.post or "") if m else "",
            }
        )
    return AdjustmentView(
        issuer=issuer,
        title=title,
        addressees=("，".join(doc.addressees) + "：") if doc and doc.addressees else None,
        opening=opening,
        parts=parts,
        total=total,
        office=office,
        closing=LATER_CHANGES,
        attachment=f"{meeting}成员名单",
        signature=(doc.signature or doc.issuer) if doc else None,
        date=cn_date(date),
        note=f"（{doc.note}）" if doc and doc.note else None,
        roster=roster,
        added=added,
        removed=removed,
        renamed=renamed,
    )


def history_entry(view: AdjustmentView, date: dt.date, document: str | None = None) -> str:
    """The `history:` item that records this adjustment, as YAML to add under the system.

    A rename is recorded as the old name removed and the new one added, which is how the site's
    timeline and the importer read it back.
    """
    from lianxi.loader import dump_scalar as yaml_scalar

    added = [*view.added, *dict.fromkeys(b for _, b in view.renamed)]
    removed = [*view.removed, *(a for a, _ in view.renamed)]
    summary = "；".join(x.rstrip("。") for part in view.parts for x in part.sentences)
    lines = [
        f"- date: {date.isoformat()}",
        "  kind: adjusted",
        f"  note: {yaml_scalar(summary)}",
    ]
    if document:
        lines.append(f"  document: {yaml_scalar(document)}")
    if added:
        lines.append("  units_added: [" + ", ".join(yaml_scalar(n) for n in added) + "]")
    if removed:
        lines.append("  units_removed: [" + ", ".join(yaml_scalar(n) for n in removed) + "]")
    return "\n".join(lines) + "\n"


FORMATS = ("md", "txt", "docx")


def _tidy(text: str) -> str:
    """At most one blank line between paragraphs, none at the ends, one final newline."""
    import re

    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def render_adjustment(
    view: AdjustmentView, fmt: str, workspace_templates: Path | None, root: Path | None = None
) -> bytes:
    """The notice as `fmt` (md, txt through the templates; docx per GB/T 9704 from the txt)."""
    from lianxi.render import render_template

    name = "txt" if fmt == "docx" else fmt
    text = _tidy(
        render_template(f"adjustment.{name}.j2", view.context(), workspace_templates, root)
    )
    if fmt != "docx":
        return text.encode("utf-8")
    from lianxi.wordfile import notice_docx

    kinds = {"附件": "addressee", view.attachment: "title", view.title: "title", view.date: "date"}
    for kind, line in (
        ("issuer", view.issuer),
        ("addressee", view.addressees),
        ("signature", view.signature),
        ("note", view.note),
    ):
        if line:
            kinds.setdefault(line, kind)
    return notice_docx(text, kinds)
