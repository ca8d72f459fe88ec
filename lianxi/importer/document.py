"""The whole notice → a definition: document facts, jurisdiction, level and every system."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lianxi.importer.draft import Draft, check_draft, dump, plain, prune
from lianxi.importer.lines import Parsed, SystemText, join_broken
from lianxi.importer.naming import (
    best_name,
    jurisdiction_of,
    level_of,
    names_in_body,
    system_of_title,
)
from lianxi.importer.review import Review, Todo
from lianxi.importer.structure import (
    is_org_line,
    is_report,
    is_system_title,
    report_title,
    structure,
)
from lianxi.importer.system import read_system
from lianxi.importer.text import MAX_CHARS, clean_text, compact, document_number, parse_date
from lianxi.importer.units import Context
from lianxi.model import ID_PATTERN, Level

# The document and the definition.


def import_text(
    text: str,
    ident: str = "draft",
    jurisdiction: str | None = None,
    source: str | None = None,
) -> Draft:
    """Read a notice's text and return the draft definition with its review. Never raises."""
    review = Review()
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        review.miss(f"text cut at {MAX_CHARS} characters", f"文本超过{MAX_CHARS}字，已截断")
    parsed = structure(clean_text(text))
    _check_cut(parsed.lines, review)
    number, date = _number_and_date(parsed, review)
    doc = _read_document(parsed, number, date, review) if parsed.title else {}
    _ensure_a_system(parsed, review)
    printed = [s.name for s in parsed.systems]
    _name_systems(parsed)
    juris = jurisdiction or jurisdiction_of(
        doc.get("issuer") or parsed.meta.get("发布机构") or parsed.signature,
        *(s.name for s in parsed.systems),
        *printed,
        *names_in_body(parsed.lines),
        parsed.meta.get("source"),
        parsed.title,
    )
    level = level_of(juris, "".join(s.name for s in parsed.systems), "\n".join(parsed.lines))
    if level == Level.national and not juris:
        juris = "国务院"
    for part in parsed.systems:
        part.name = best_name([part.name], juris)
    if not jurisdiction:
        if juris:
            review.guess(f"jurisdiction {juris}", f"行政区 {juris}")
        else:
            review.miss("jurisdiction: give --jurisdiction", "行政区：请用 --jurisdiction 指定")
    ctx = Context(review, juris, date, number)
    systems = [read_system(s, parsed, ctx, i) for i, s in enumerate(parsed.systems)]
    keys: set[str] = set()
    for s in systems:
        base, n = s["key"], 2
        while s["key"] in keys:
            s["key"] = f"{base}{n}"
            n += 1
        keys.add(s["key"])
        review.find(f"system {s['key']}: {s['name']}", f"制度 {s['key']}：{s['name']}")
    if not re.match(ID_PATTERN, ident):
        review.guess(
            f"id {ident!r} is not valid; using draft", f"id {ident!r} 不合格式，改用 draft"
        )
        ident = "draft"
    data = _definition(ident, juris, level, parsed, doc, systems, source)
    yaml_text = dump(data)
    return Draft(yaml_text, plain(data), review, check_draft(yaml_text, ident))


def _number_and_date(parsed: Parsed, review: Review) -> tuple[str | None, dt.date | None]:
    """The 文号 (normalized) and the date the document was signed."""
    number = None
    for candidate in [parsed.meta.get("文号", ""), *parsed.head, *parsed.lines[:40]]:
        found = document_number(candidate)
        if found:
            number, printed = found
            if printed != number:
                review.guess(
                    f"文号 {number} (printed {printed})", f"文号 {number}（原文 {printed}）"
                )
            break
    date = parse_date(parsed.date_line or "") or parse_date(parsed.meta.get("发文日期", ""))
    if number and date and f"〔{date.year}〕" not in number:
        review.miss(
            f"文号 {number} does not match the year {date.year}; left as a TODO",
            f"文号 {number} 与成文年份 {date.year} 不符，留作 TODO",
        )
        number = None
    return number, date


def _read_document(
    parsed: Parsed, number: str | None, date: dt.date | None, review: Review
) -> dict[str, Any]:
    """The notice itself: kind, issuer, 文号, date, title, addressees, body, attachments."""
    title = parsed.title or ""
    doc: dict[str, Any] = {}
    kind = re.search(r"的(通知|函|意见|决定|批复|通报|报告|复函|公告)$", title)
    doc["kind"] = kind[1] if kind else None
    issuer: str | None = parsed.signature or parsed.meta.get("发布机构") or title.split("关于")[0]
    if not issuer:
        issuer = next((compact(x) for x in parsed.head if is_org_line(x)), None)
    doc.update(issuer=issuer, number=number, date=date, title=title)
    if parsed.addressees:
        doc["addressees"] = parsed.addressees
    body = join_broken(parsed.body)
    if body and parsed.systems and not parsed.attachments and not parsed.systems[0].title:
        doc["preamble"] = body[0]
        body = body[1:]
    doc.update(body=body, attachments=parsed.attachments)
    doc.update(signature=parsed.signature, note=parsed.note)
    doc = {k: v for k, v in doc.items() if v is not None and v != []}
    facts = [str(doc[k]) for k in ("kind", "issuer", "number", "date") if k in doc]
    review.find("document: " + " · ".join(facts), "文件：" + " · ".join(facts))
    for what, en, zh in (
        ("number", "文号", "文号"),
        ("date", "成文日期", "成文日期"),
        ("issuer", "发文机关", "发文机关"),
    ):
        if what not in doc:
            review.miss(en, zh)
    return doc


_TAIL = re.compile(r"以上文章|本网|编辑|记者|关键词|不支持|电话|责任编辑|来源")
_ENDS = ("。", "；", ";", "！", "？", "!", "?", "”", "）", ")", "》", "」")


def _check_cut(lines: list[str], review: Review) -> None:
    """Say so when the page stops mid-sentence (`…请按照会议总召集人要`): the draft lacks what
    followed, and nothing is read from the broken sentence's last fragment."""
    for line in reversed(lines):
        c = compact(line).strip("|")
        if len(c) <= 4 or is_org_line(c) or (parse_date(c) and len(c) <= 16) or _TAIL.search(c):
            continue
        if not c.endswith(_ENDS):
            tail = c[-12:]
            review.miss(
                f"the text breaks off: …{tail}; what followed is not in the draft",
                f"原文在此中断：……{tail}；其后的内容不在草稿中",
            )
        return


def _name_systems(parsed: Parsed) -> None:
    """Each system's fullest name: its heading, the notice's title, the body's 建立X制度."""
    found = names_in_body(parsed.lines)
    for i, s in enumerate(parsed.systems):
        title = system_of_title(parsed.title) if i == 0 else None
        s.name = best_name([s.name, title, *found], None)


def _ensure_a_system(parsed: Parsed, review: Review) -> None:
    """A news report or a text without headings still yields one system to read."""
    if not parsed.systems and is_report(parsed):
        title = re.sub(r"^\d{4}年第[一二三四五六七八九十]+次", "", report_title(parsed) or "")
        name = title[: title.index("联席会议") + 4] if "联席会议" in title else title
        parsed.systems.append(SystemText(name=name + "制度"))
    if not parsed.systems and parsed.lines:
        name = next((compact(x) for x in parsed.lines if is_system_title(x)), "")
        name = name or system_of_title(parsed.title) or ""
        parsed.systems.append(SystemText(name=name or "联席会议制度", loose=[]))
        parsed.systems[0].sections["units"] = _unit_lines(parsed.body)
        parsed.systems[0].preamble = []
        review.miss(
            "no system headings: read the text as one system",
            "未找到制度标题：整篇按一个制度读取",
        )


def _unit_lines(lines: list[str]) -> list[str]:
    """The lines of a text without headings that may hold the list of units."""
    out = []
    for i, line in enumerate(lines):
        after_heading = i > 0 and compact(lines[i - 1]) in ("成员单位", "成员单位：", "成员单位:")
        if after_heading or any(w in line for w in ("组成", "包括", "参加单位", "增加到")):
            out.append(line)
    return out


def _definition(
    ident: str,
    juris: str | None,
    level: Level,
    parsed: Parsed,
    doc: dict[str, Any],
    systems: list[dict[str, Any]],
    source: str | None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"lianxi": 1, "id": ident}
    # Never a placeholder: without a jurisdiction the draft does not validate until one is written.
    data["jurisdiction"] = juris or Todo(None, "原文未写明行政区：请填写 jurisdiction，如 运城市")
    data["level"] = Todo(level.value, "由制度名称和发文机关推断，请核对")
    src: dict[str, Any] = {
        "title": parsed.title or (parsed.systems[0].name if parsed.systems else "") or "（未写明）"
    }
    if source:
        src["note"] = f"由 lianxi import 从 {source} 生成的草稿"
    data["sources"] = [src]
    if doc:
        data["document"] = doc
    listed: list[Any] = list(systems)
    data["systems"] = listed or [
        Todo({"key": "system1", "name": "（未找到）"}, "未找到联席会议制度")
    ]
    pruned: dict[str, Any] = prune(data)
    return pruned
