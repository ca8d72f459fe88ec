"""The whole notice → a definition: document facts, jurisdiction, level and every system."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lianxi.importer.draft import Draft, check_draft, dump, plain, prune
from lianxi.importer.review import Review, Todo
from lianxi.importer.structure import (
    Parsed,
    SystemText,
    is_org_line,
    is_report,
    is_system_title,
    join_broken,
    report_title,
    structure,
    system_of_title,
)
from lianxi.importer.system import read_system
from lianxi.importer.text import MAX_CHARS, clean_text, compact, document_number, parse_date
from lianxi.importer.units import Context
from lianxi.model import ID_PATTERN, Level

# The document and the definition.


def _jurisdiction_of(*texts: str | None) -> str | None:
    for text in texts:
        if not text:
            continue
        if text.startswith("国务院"):
            return "国务院"
        m = re.match(r"^([\u4e00-\u9fff]{2,7}?(?:自治区|自治州|省|市|盟|州|县|旗))", text)
        if m and not m[1].startswith(("全国", "全市", "全省", "各")):
            return m[1]
    return None


def _level_of(jurisdiction: str | None, text: str) -> Level:
    if "部际" in text or (jurisdiction or "").startswith("国务院"):
        return Level.national
    if "厅际" in text or (jurisdiction or "").endswith(("省", "自治区")):
        return Level.provincial
    if jurisdiction in ("北京市", "天津市", "上海市", "重庆市"):
        return Level.provincial
    if (jurisdiction or "").endswith(("县", "旗")) or "县级" in text:
        return Level.county
    return Level.city


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
    number, date = _number_and_date(parsed, review)
    doc = _read_document(parsed, number, date, review) if parsed.title else {}
    juris = jurisdiction or _jurisdiction_of(
        doc.get("issuer"),
        *(s.name for s in parsed.systems),
        parsed.meta.get("source"),
        parsed.title,
    )
    if not jurisdiction:
        if juris:
            review.guess(f"jurisdiction {juris}", f"行政区 {juris}")
        else:
            review.miss("jurisdiction: give --jurisdiction", "行政区：请用 --jurisdiction 指定")
    _ensure_a_system(parsed, review)
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
    data = _definition(ident, juris, parsed, doc, systems, source)
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


def _ensure_a_system(parsed: Parsed, review: Review) -> None:
    """A news report or a text without headings still yields one system to read."""
    if not parsed.systems and is_report(parsed):
        title = report_title(parsed) or ""
        name = re.sub(
            r"^\d{4}年第[一二三四五六七八九十]+次", "", re.sub(r"(召开|举行)$", "", title)
        )
        parsed.systems.append(SystemText(name=name + "制度"))
    if not parsed.systems and parsed.lines:
        name = next((compact(x) for x in parsed.lines if is_system_title(x)), "")
        name = name or system_of_title(parsed.title) or ""
        parsed.systems.append(SystemText(name=name or "联席会议制度", loose=[]))
        parsed.systems[0].sections["units"] = [x for x in parsed.body if "组成" in x]
        parsed.systems[0].preamble = []
        review.miss(
            "no system headings: read the text as one system",
            "未找到制度标题：整篇按一个制度读取",
        )


def _definition(
    ident: str,
    juris: str | None,
    parsed: Parsed,
    doc: dict[str, Any],
    systems: list[dict[str, Any]],
    source: str | None,
) -> dict[str, Any]:
    level = _level_of(juris, "".join(s["name"] for s in systems))
    data: dict[str, Any] = {"lianxi": 1, "id": ident}
    data["jurisdiction"] = juris or Todo("（未写明）", "请填写行政区，如 运城市")
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
