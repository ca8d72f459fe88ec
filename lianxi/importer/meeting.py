"""What happened to a system: a meeting a news report tells of, an adjustment a notice makes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lianxi.importer.lines import Parsed
from lianxi.importer.lists import YISHI, split_outside_brackets
from lianxi.importer.people import split_person
from lianxi.importer.review import Comment, Review, Todo
from lianxi.importer.structure import report_pars, report_title
from lianxi.importer.text import (
    after_clause,
    clause_before,
    clauses_before,
    match_unit,
    search_first,
)
from lianxi.importer.units import Context


def report_units(parsed: Parsed, lead: str | None, review: Review) -> list[Any]:
    units: list[Any] = [lead] if lead else []
    clause = clause_before("作了工作情况汇报", report_pars(parsed))
    if clause:
        for name in split_outside_brackets(clause, "、，,"):
            if name not in units:
                units.append(name)
    if units:
        units.insert(0, Comment("TODO 报道只点名了这些单位，请依据制度文件补全成员单位名单"))
        review.guess(
            "units: only those the report names",
            "成员单位：只有报道中点名的单位",
        )
    return units


def read_meeting(
    parsed: Parsed, members: list[dict[str, Any]], review: Review
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(meeting, history entry) from a news report; (None, None) without the meeting's date."""
    title = report_title(parsed) or ""
    pars = report_pars(parsed)
    date = _meeting_date(parsed, title, pars)
    if date is None:
        review.miss("the meeting's date", "会议日期")
        return None, None
    meeting: dict[str, Any] = {"date": date}
    kind = "plenary"
    if "专题" in title:
        kind = "thematic"
    elif "联络员" in title:
        kind = "liaison"
    meeting["kind"] = kind
    meeting["title"] = re.sub(r"(召开|举行)$", "", title)
    place = search_first(r"在([^，,。；;]{2,12}?)(?:召开|举行)", pars)
    if place:
        meeting["place"] = place[1]
    chair = clause_before("主持(?:会议|召开)", pars)
    if chair:
        post, name = split_person(chair)
        meeting["chair"] = {"name": name, "post": post} if name else {"post": post}
    _read_people(meeting, pars, members)
    _read_decisions(meeting, pars, members)
    source = parsed.meta.get("source")
    if source:
        meeting["source"] = source + (
            f" {parsed.publish_date.isoformat()} 报道" if parsed.publish_date else ""
        )
    review.find(f"a meeting on {date.isoformat()}", f"会议记录 {date.isoformat()}")
    history = None
    m = search_first(r"决定调整[^。]{0,400}。", pars)
    if m:
        history = {"date": date, "kind": "adjusted", "note": m[0].rstrip("。")}
    return meeting, history


def _meeting_date(parsed: Parsed, title: str, pars: list[str]) -> dt.date | None:
    year_m = re.match(r"^(\d{4})年", title)
    year = int(year_m[1]) if year_m else (parsed.publish_date.year if parsed.publish_date else None)
    day = search_first(r"(\d{1,2})月(\d{1,2})日", pars)
    if not (year and day):
        return None
    try:
        return dt.date(year, int(day[1]), int(day[2]))
    except ValueError:
        return None


def _read_people(meeting: dict[str, Any], pars: list[str], members: list[dict[str, Any]]) -> None:
    """Who reported and who attended."""
    reporters = []
    clause = clause_before("就有关工作作了通报", pars)
    if clause:
        post, name = split_person(clause)
        person: dict[str, Any] = {"post": post}
        if name:
            person = {"name": name, "post": post}
        unit = match_unit(post, members)
        if unit:
            person["unit"] = unit
        reporters.append(person)
    clause = clause_before("作了工作情况汇报", pars)
    if clause:
        reporters += [{"unit": u} for u in split_outside_brackets(clause, "、")]
    if reporters:
        meeting["reporters"] = reporters
    attendees = []
    for pattern in ("出席会议", "参加会议"):
        clause = clause_before(pattern, pars)
        if clause:
            post, name = split_person(clause)
            attendees.append({"name": name, "post": post} if name else {"post": post})
    if attendees:
        meeting["attendees"] = attendees


def _read_decisions(
    meeting: dict[str, Any], pars: list[str], members: list[dict[str, Any]]
) -> None:
    """The summary, and the decisions a report lists as 一是……二是……."""
    decisions = []
    summary = []
    for p in pars:
        items = YISHI.findall(p)
        if len(items) < 2:
            summary.append(p)
            continue
        head, _, rest = p.partition(items[0].strip())
        parts = [items[0].strip() + rest.split(items[1].strip(), 1)[0]]
        for a, b in zip(items[1:], [*items[2:], None], strict=False):
            chunk = rest.split(a.strip(), 1)[1]
            parts.append(a.strip() + (chunk.split(b.strip(), 1)[0] if b else chunk))
        summary.append(head.strip())
        for text in parts:
            d: dict[str, Any] = {"text": text.strip()}
            owners = [u["name"] for u in members if u["name"] in text]
            if owners:
                d["owners"] = owners
            decisions.append(d)
    meeting["summary"] = [x for x in summary if x]
    if decisions:
        meeting["decisions"] = Todo(
            decisions, "议定事项按原文“一是……二是……”拆分，请核对责任单位和时限"
        )


def read_adjustment(texts: list[str], ctx: Context) -> dict[str, Any] | None:
    added: list[str] = []
    removed: list[str] = []
    for t in texts:
        for m in re.finditer(r"增加([^。；;]{1,200}?)为(?:联席会议)?成员单位", t):
            added += split_outside_brackets(after_clause(m[1]) or m[1], "、，,和")
        for clause, _ in clauses_before(
            "不再(?:作为|担任|是)(?:联席会议)?成员单位", [t], 200, "。；;"
        ):
            removed += split_outside_brackets(after_clause(clause), "、，,和")
    if not (added or removed) or ctx.date is None:
        return None
    entry: dict[str, Any] = {"date": ctx.date, "kind": "adjusted"}
    if ctx.number:
        entry["document"] = ctx.number
    if added:
        entry["units_added"] = added
    if removed:
        entry["units_removed"] = removed
    ctx.review.find(
        f"an adjustment: +{len(added)} −{len(removed)} units",
        f"调整：增加{len(added)}个、减少{len(removed)}个成员单位",
    )
    return entry


# ---------------------------------------------------------------------------------------------
