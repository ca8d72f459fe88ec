"""A definition or one system → a readable summary or the normalized model as JSON. Pure."""

from __future__ import annotations

import json
from typing import Any

from lianxi.model import Definition, Role, System
from lianxi.workspace import pick_system

ROLE_ZH = {
    Role.chief_convener: "总召集人",
    Role.convener: "召集人",
    Role.deputy_convener: "副召集人",
}


def to_data(defn: Definition, key: str | None = None) -> dict[str, Any]:
    """The normalized model as JSON-ready data, keys as in the YAML format."""
    system = pick_system(defn, key)
    model = system if system is not None else defn
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return data


def format_json(defn: Definition, key: str | None = None) -> str:
    return json.dumps(to_data(defn, key), ensure_ascii=False, indent=2)


def _system_lines(s: System, zh: bool) -> list[str]:
    counted = sum(u.count or 1 for u in s.units)
    declared = f" / {s.declared_unit_count}" if s.declared_unit_count is not None else ""
    lines = [f"[{s.key}] {s.name}", f"  {'状态' if zh else 'status'}: {s.status.value}"]
    if s.established:
        lines.append(f"  {'建立' if zh else 'established'}: {s.established.isoformat()}")
    if s.lead_unit:
        lines.append(f"  {'牵头单位' if zh else 'lead unit'}: {s.lead_unit}")
    for c in s.conveners:
        who = f"{c.name}（{c.post}）" if c.name else c.post
        lines.append(f"  {ROLE_ZH[c.role]}: {who}")
    if s.office and s.office.unit:
        lines.append(f"  {'办公室' if zh else 'office'}: {s.office.unit}")
    lines.append(f"  {'成员单位' if zh else 'units'} ({counted}{declared}):")
    for i, u in enumerate(s.units, 1):
        extra = ""
        if u.member and (u.member.name or u.member.post):
            extra = "  — " + " ".join(p for p in (u.member.name, u.member.post) if p)
        if u.group is not None and u.group is not False:
            extra += "  (组合项)" if zh else "  (group)"
        lines.append(f"    {i:>2}. {u.name}{extra}")
    if s.duties:
        lines.append(f"  {'主要职责' if zh else 'duties'}: {len(s.duties)}")
    if s.meetings:
        lines.append(
            f"  {'会议记录' if zh else 'meetings'}: "
            + ", ".join(m.date.isoformat() for m in s.meetings)
        )
    return lines


def format_text(defn: Definition, key: str | None = None, lang: str = "en") -> str:
    """A readable summary: the document, then each system with its units."""
    system = pick_system(defn, key)
    lines = [f"{defn.id}: {defn.jurisdiction} ({defn.level.value})"]
    doc = defn.document
    if doc is not None and system is None:
        parts = [
            p for p in (doc.issuer, doc.number, doc.date.isoformat() if doc.date else None) if p
        ]
        lines.append("  " + " · ".join(parts))
        if doc.title:
            lines.append(f"  {doc.title}")
    for s in [system] if system is not None else defn.systems:
        lines.append("")
        lines.extend(_system_lines(s, lang == "zh"))
    return "\n".join(lines)
