"""Meeting records and open decisions across definitions, newest first. Pure."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lianxi.model import Decision, DecisionStatus, Definition, Meeting, MeetingKind

KIND_ZH = {
    MeetingKind.plenary: "全体会议",
    MeetingKind.thematic: "专题会议",
    MeetingKind.liaison: "联络员会议",
}


@dataclass(frozen=True, slots=True)
class MeetingRow:
    ref: str  # ID:KEY
    system: str
    meeting: Meeting


@dataclass(frozen=True, slots=True)
class OpenDecision:
    ref: str
    meeting_date: dt.date
    decision: Decision
    overdue_days: int  # 0 when not overdue or no due date

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def collect(
    defs: Sequence[tuple[Definition, str | None]], today: dt.date
) -> tuple[list[MeetingRow], list[OpenDecision]]:
    """Meetings newest first; open decisions, overdue ones first (most overdue first)."""
    rows: list[MeetingRow] = []
    open_: list[OpenDecision] = []
    for defn, key in defs:
        for system in defn.systems:
            if key is not None and system.key != key:
                continue
            ref = f"{defn.id}:{system.key}"
            for meeting in system.meetings:
                rows.append(MeetingRow(ref, system.name, meeting))
                for d in meeting.decisions:
                    if d.status == DecisionStatus.open:
                        late = (today - d.due).days if d.due and d.due < today else 0
                        open_.append(OpenDecision(ref, meeting.date, d, late))
    rows.sort(key=lambda r: (r.meeting.date, r.ref), reverse=True)
    open_.sort(key=lambda o: (-o.overdue_days, o.decision.due or dt.date.max, o.ref))
    return rows, open_


def _person(p: Any) -> str:
    return " ".join(x for x in (p.name, p.post) if x) if p else ""


def format_text(rows: list[MeetingRow], open_: list[OpenDecision], lang: str = "en") -> str:
    zh = lang == "zh"
    out: list[str] = []
    out.append(f"会议记录（{len(rows)}）" if zh else f"Meetings ({len(rows)})")
    for r in rows:
        m = r.meeting
        kind = KIND_ZH[m.kind] if zh else m.kind.value
        line = f"  {m.date}  {r.ref}  {kind}"
        if m.place:
            line += f"  {m.place}"
        if m.chair:
            line += f"  {'主持' if zh else 'chair'}: {_person(m.chair)}"
        out.append(line)
        for d in m.decisions:
            mark = "✓" if d.status == DecisionStatus.done else "·"
            out.append(f"      {mark} {d.text}")
    out.append("")
    out.append(f"未办结的议定事项（{len(open_)}）" if zh else f"Open decisions ({len(open_)})")
    for o in open_:
        flag = ""
        if o.overdue:
            flag = f"逾期 {o.overdue_days} 天  " if zh else f"OVERDUE {o.overdue_days}d  "
        due = o.decision.due.isoformat() if o.decision.due else ("无时限" if zh else "no due date")
        owners = "、".join(o.decision.owners) or "—"
        out.append(f"  {flag}{due}  {o.ref}  {owners}  {o.decision.text}")
    return "\n".join(out)


def format_json(rows: list[MeetingRow], open_: list[OpenDecision]) -> str:
    return json.dumps(
        {
            "meetings": [
                {
                    "ref": r.ref,
                    "system": r.system,
                    **r.meeting.model_dump(mode="json", exclude_none=True),
                }
                for r in rows
            ],
            "open_decisions": [
                {
                    "ref": o.ref,
                    "meeting_date": o.meeting_date.isoformat(),
                    "overdue": o.overdue,
                    "overdue_days": o.overdue_days,
                    **o.decision.model_dump(mode="json", exclude_none=True),
                }
                for o in open_
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
