"""成员单位: the list, its declared count, the lead unit, the office, each unit's duties."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from lianxi import names
from lianxi.importer.lists import split_outside_brackets
from lianxi.importer.review import Comment, Review, Todo
from lianxi.importer.text import cn_number, is_member, match_unit, search_first

_COUNT = r"(?:([0-9０-９]{1,3}|[一二三四五六七八九十百两]{1,4})\s*)?(?:个\s*)?"
#: the close of a list: `等21个部门和单位组成`, `共3个部门组成`
_CLOSE = re.compile(
    r"(?:共|等)\s*" + _COUNT + r"(?:部门|单位|成员单位)[^。]{0,12}?组成"
    r"|等[^。，,、]{0,8}?成员单位参加"
)
#: `成员单位包括…`, `参加单位为：…`, `成员包括…等单位分管负责同志`, `由29个成员单位组成，包括…`
_OPEN_ALT = re.compile(r"(?:(?:成员单位|参加单位|成员)(?:包括|为|有)|组成[，,]?包括)[:：]?")
#: `由29个成员单位组成`, `由原来的13个单位增加到现在的32个单位`
_COUNT_ALONE = re.compile(
    r"由\s*" + _COUNT + r"(?:成员单位|部门和单位|部门|单位)组成"
    r"|增加到(?:现在的)?\s*" + _COUNT + r"(?:成员单位|部门|单位)"
)
#: what opens a list and runs to the end of a cut-off page
_OPEN_CUT = re.compile(r"联席会议由|成员单位(?:包括|为|有)[:：]?")
#: an organizer named before the list: `由市安委会办公室组织，市安监局、…`
_ORGANIZER = re.compile(r"^[^、，,。]{2,30}?(?:组织|负责)[，,]")
_MAX_LIST = 4000


@dataclass(frozen=True)
class _ListAt:
    """Where a list of units sits in a paragraph: the items, the count as printed, the end."""

    start: int  # of the list
    end: int  # of the list
    close_end: int  # of the close (`等…组成`, or the sentence)
    count: str | None
    cut: bool = False  # the page ends inside the list


def _find_list(p: str) -> _ListAt | None:
    """The first `由…等N个部门组成` list, else the first `成员单位包括…`; linear in len(P)."""
    found = _find_closed_list(p)
    if found:
        return found
    start = 0
    while start <= len(p):
        stop = p.find("。", start)
        stop = len(p) if stop < 0 else stop
        m = _OPEN_ALT.search(p, start, stop)
        if m and 1 <= stop - m.end() <= _MAX_LIST:
            count = _COUNT_ALONE.search(p, start, stop)
            end = _list_end(p, m.end(), stop)
            return _ListAt(m.end(), end, stop, count and (count[1] or count[2]))
        start = stop + 1
    m = _OPEN_CUT.search(p)
    if m and "。" not in p[m.end() :] and "、" in p[m.end() : m.end() + _MAX_LIST]:
        # The page ends inside the list: keep the items before the last 、, never the fragment.
        return _ListAt(m.end(), p.rfind("、", m.end(), m.end() + _MAX_LIST), len(p), None, True)
    return None


def _list_end(p: str, start: int, stop: int) -> int:
    """Where an open list ends: before `，X为牵头单位` and before the `等` of its last item."""
    lead = p.find("牵头", start, stop)
    if lead >= 0:
        comma = max(p.rfind("，", start, lead), p.rfind(",", start, lead))
        stop = comma if comma > start else stop
    last = max(p.rfind("、", start, stop), start)
    deng = p.find("等", last, stop)
    return deng if deng > start else stop


def _find_closed_list(p: str) -> _ListAt | None:
    """由 + up to 4000 characters of the same sentence + a close; the leftmost 由 wins."""
    j = p.find("由")
    while j >= 0:
        stop = p.find("。", j)
        stop = len(p) if stop < 0 else stop
        close = _CLOSE.search(p, j + 2, stop)
        if close is None:
            j = p.find("由", stop)  # no close in this sentence after any of its 由
            continue
        if close.start() - (j + 1) <= _MAX_LIST:
            return _ListAt(j + 1, close.start(), close.end(), close.group(1))
        j = p.find("由", close.start() - _MAX_LIST - 1, close.start())
        if j < 0:
            j = p.find("由", close.start())
    return None


@dataclass
class Context:
    review: Review
    jurisdiction: str | None
    date: dt.date | None
    number: str | None


def read_units(
    paragraphs: list[str], key: str, ctx: Context
) -> tuple[list[Any], int | None, str | None, list[str], str | None]:
    """(units, declared count, units_sentence, the section's other paragraphs, lead unit)."""
    for i, p in enumerate(paragraphs):
        at = _find_list(p)
        if not at:
            continue
        listed = p[at.start : at.end]
        listed = _ORGANIZER.sub("", listed, count=1)
        items = split_outside_brackets(listed, "、，,；;")
        if at.cut:
            ctx.review.miss(
                f"{key}: the text breaks off inside the list of units; {len(items)} kept",
                f"{key}：成员单位名单在原文中断，保留完整的{len(items)}个",
            )
        count = cn_number(at.count) if at.count else None
        end = p.find("。", at.close_end)
        end = len(p) if end < 0 else end + 1
        sentence_text = p[:end]
        lead_m = _LEAD_AFTER.search(sentence_text, at.close_end - at.start + 1)
        lead_m = lead_m or _LEAD_AFTER.search(sentence_text)
        lead = lead_m[1].strip() if lead_m else None
        pattern = _braces(p[: at.start]) + "{units}" + _braces(p[at.end : end])
        if count is not None and at.count:
            pattern = pattern.replace(at.count, "{count}", 1)
        if lead:
            pattern = pattern.replace(_braces(lead) + "为牵头单位", "{lead}为牵头单位", 1)
        rest_text = p[end:].strip()
        others = paragraphs[:i] + ([rest_text] if rest_text else []) + paragraphs[i + 1 :]
        ctx.review.find(
            f"{key}: {len(items)} units" + (f" (declared {count})" if count else ""),
            f"{key}：成员单位{len(items)}个" + (f"（声明{count}个）" if count else ""),
        )
        return _unit_items(items, ctx), count, pattern, others, lead
    return _bare_list(paragraphs, key, ctx)


def _bare_list(
    paragraphs: list[str], key: str, ctx: Context
) -> tuple[list[Any], int | None, str | None, list[str], str | None]:
    """A list printed alone under its heading (`成员单位` / `民政部、中央宣传部、…`), or only a
    count (`由原来的13个单位增加到现在的32个单位`)."""
    for i, p in enumerate(paragraphs):
        items = split_outside_brackets(p, "、")
        if len(items) >= 3 and "。" not in p and all(len(x) <= 24 for x in items):
            ctx.review.find(f"{key}: {len(items)} units", f"{key}：成员单位{len(items)}个")
            return _unit_items(items, ctx), None, None, paragraphs[:i] + paragraphs[i + 1 :], None
    for p in paragraphs:
        m = _COUNT_ALONE.search(p)
        if m and (m[1] or m[2]):
            return [], cn_number(m[1] or m[2]), None, paragraphs, None
    return [], None, None, paragraphs, None


_LEAD_AFTER = re.compile(r"[，,]([^，,。；;]{1,60}?)为牵头(?:单位|$)")


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _unit_items(items: list[str], ctx: Context) -> list[Any]:
    out: list[Any] = []
    seen: set[str] = set()
    first_prefix = None
    if items and items[0][0] in "市省县区" and not items[0].startswith(("市场", "市政", "区域")):
        first_prefix = items[0][0]
    omitted = []
    for item in items:
        name = item.strip().removeprefix("和").removeprefix("及").strip()
        if not name:
            continue
        k = names.clean(name)  # the same name twice; two names of one function are two units
        if k in seen:
            ctx.review.find(f"{name} listed twice; kept once", f"{name} 重复列出，只保留一次")
            continue
        seen.add(k)
        if name.startswith("各"):
            out.append({"name": name, "group": True})
            continue
        if (
            first_prefix
            and not name.startswith((first_prefix, "中共", "国家", "中国"))
            and name.endswith(("委", "局", "办", "厅"))
            and names.resolve(first_prefix + name) is not None
            and not (ctx.jurisdiction and name.startswith(ctx.jurisdiction[:2]))
        ):
            omitted.append(name)
        out.append(name)
    if omitted:
        out.insert(
            0,
            Comment(
                f"原文如此：第一个单位之后省略了“{first_prefix}”字：{'、'.join(omitted[:6])}"
                + ("等" if len(omitted) > 6 else "")
            ),
        )
    return out


def unit_entries(units: list[Any]) -> list[Any]:
    """Units with no duty and no member collapse to their name; groups stay mappings."""
    out = []
    for u in units:
        if isinstance(u, dict) and set(u) == {"name"}:
            out.append(u["name"])
        else:
            out.append(u)
    return out


def read_office(
    texts: list[str], members: list[dict[str, Any]], key: str, review: Review
) -> dict[str, Any] | None:
    office: dict[str, Any] = {}
    m = (
        search_first(r"办公室设(?:在|于)?([^，,。；;]{1,60})", texts)
        or search_first(r"办公地点设在([^，,。；;]{1,60})", texts)
        or search_first(r"日常工作由([^，,。；;]{1,60}?)承担", texts)
    )
    if m:
        unit = m[1].strip()
        printed = is_member(unit, members) or match_unit(unit, members)
        if printed or not members:
            office["unit"] = printed or unit
        else:
            office["unit"] = Todo(
                None, f"原文办公室设在“{unit}”，不在成员单位名单中，请核对后填写 unit"
            )
            review.miss(
                f"{key}: office unit {unit} is not in the list",
                f"{key}：办公室所在单位 {unit} 不在成员单位名单中",
            )
    m = search_first(r"办公室主任由([^，,。；;]{1,60}?)(?:担任|兼任)", texts)
    if m:
        office["director"] = m[1].strip()
    return office or None


def read_unit_duties(
    paragraphs: list[str], members: list[dict[str, Any]], review: Review, key: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Attach each `单位：职责` line to its member; the rest are other_duties, or unplaced text."""
    other: list[dict[str, Any]] = []
    unplaced: list[str] = []
    for p in paragraphs:
        m = re.match(r"^([^：:。]{2,40}?)[：:](.+)$", p)
        if not m:
            unplaced.append(p)
            review.miss(
                f"{key}: a 职责分工 paragraph names no unit: {p[:30]}…",
                f"{key}：职责分工中有一段未写明单位：{p[:30]}……",
            )
            continue
        who, duty = m[1].strip(), m[2].strip()
        target = is_member(who, members)
        if target:
            next(u for u in members if u["name"] == target)["duty"] = duty
        else:
            other.append({"units": split_outside_brackets(who, "，,、"), "duty": duty})
    return other, unplaced
