"""Meeting records and open decisions across definitions, newest first. Pure.

Each definition is turned into short rendered entries (`entries`, run in worker processes by
`workspace.scan` for a whole workspace); `merge` sorts them and `format_*` joins them, so a
national workspace never holds its meeting records as models.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lianxi.model import Decision, DecisionStatus, Definition, Meeting, MeetingKind
from lianxi.textutil import inert

KIND_ZH = {
    MeetingKind.plenary: "全体会议",
    MeetingKind.thematic: "专题会议",
    MeetingKind.liaison: "联络员会议",
}
FORMATS = ("text", "json")


@dataclass(slots=True)
class Entries:
    """One definition's meetings and open decisions, each a sort key and its rendered text."""

    meetings: list[tuple[tuple[dt.date, str], str]] = field(default_factory=list)
    open_decisions: list[tuple[tuple[int, dt.date, str], str]] = field(default_factory=list)


def entries(defn: Definition, key: str | None, today: dt.date, fmt: str, lang: str) -> Entries:
    """Render the meetings and open decisions of one definition (or of its system `key`)."""
    out = Entries()
    for system in defn.systems:
        if key is not None and system.key != key:
            continue
        ref = f"{defn.id}:{system.key}"
        for meeting in system.meetings:
            text = (
                _meeting_json(ref, system.name, meeting)
                if fmt == "json"
                else _meeting_text(ref, meeting, lang)
            )
            out.meetings.append(((meeting.date, ref), text))
            for d in meeting.decisions:
                if d.status == DecisionStatus.open:
                    late = (today - d.due).days if d.due and d.due < today else 0
                    text = (
                        _open_json(ref, meeting.date, d, late)
                        if fmt == "json"
                        else _open_text(ref, d, late, lang)
                    )
                    out.open_decisions.append(((-late, d.due or dt.date.max, ref), text))
    return out


def merge(found: Iterable[Entries]) -> tuple[list[str], list[str]]:
    """Meetings newest first; open decisions, most overdue first, then by due date."""
    meetings: list[tuple[tuple[dt.date, str], str]] = []
    open_: list[tuple[tuple[int, dt.date, str], str]] = []
    for e in found:
        meetings += e.meetings
        open_ += e.open_decisions
    # sort by key only (stable), as the rendered text must not decide the order of equal keys
    meetings.sort(key=lambda m: m[0], reverse=True)
    open_.sort(key=lambda o: o[0])
    return [text for _, text in meetings], [text for _, text in open_]


def _person(p: Any) -> str:
    return inert(" ".join(x for x in (p.name, p.post) if x)) if p else ""


def _meeting_text(ref: str, m: Meeting, lang: str) -> str:
    zh = lang == "zh"
    kind = KIND_ZH[m.kind] if zh else m.kind.value
    line = f"  {m.date}  {inert(ref)}  {kind}"
    if m.place:
        line += f"  {inert(m.place)}"
    if m.chair:
        line += f"  {'主持' if zh else 'chair'}: {_person(m.chair)}"
    out = [line]
    for d in m.decisions:
        mark = "✓" if d.status == DecisionStatus.done else "·"
        out.append(f"      {mark} {inert(d.text)}")
    return "\n".join(out)


def _open_text(ref: str, d: Decision, late: int, lang: str) -> str:
    zh = lang == "zh"
    flag = ""
    if late > 0:
        flag = f"逾期 {late} 天  " if zh else f"OVERDUE {late}d  "
    due = d.due.isoformat() if d.due else ("无时限" if zh else "no due date")
    owners = inert("、".join(d.owners)) or "—"
    return f"  {flag}{due}  {inert(ref)}  {owners}  {inert(d.text)}"


def _item(data: dict[str, Any]) -> str:
    """One item of a top-level list, as `json.dumps(..., indent=2)` of the whole would write it."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.split("\n"))


def _meeting_json(ref: str, system: str, m: Meeting) -> str:
    return _item({"ref": ref, "system": system, **m.model_dump(mode="json", exclude_none=True)})


def _open_json(ref: str, meeting_date: dt.date, d: Decision, late: int) -> str:
    return _item(
        {
            "ref": ref,
            "meeting_date": meeting_date.isoformat(),
            "overdue": late > 0,
            "overdue_days": late,
            **d.model_dump(mode="json", exclude_none=True),
        }
    )


def format_text(meetings: list[str], open_: list[str], lang: str = "en") -> str:
    zh = lang == "zh"
    out = [f"会议记录（{len(meetings)}）" if zh else f"Meetings ({len(meetings)})", *meetings, ""]
    out.append(f"未办结的议定事项（{len(open_)}）" if zh else f"Open decisions ({len(open_)})")
    out += open_
    return "\n".join(out)


def format_json(meetings: list[str], open_: list[str]) -> str:
    def array(items: list[str]) -> str:
        return "[\n" + ",\n".join(items) + "\n  ]" if items else "[]"

    return f'{{\n  "meetings": {array(meetings)},\n  "open_decisions": {array(open_)}\n}}'
