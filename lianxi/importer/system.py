"""One system's text → its part of the definition, one reader per section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lianxi.importer.lines import Parsed, SystemText, join_broken
from lianxi.importer.lists import read_list
from lianxi.importer.meeting import read_adjustment, read_meeting, report_units
from lianxi.importer.people import read_conveners, read_roster, roster_units
from lianxi.importer.review import Comment, Review, Todo
from lianxi.importer.structure import is_report, report_pars
from lianxi.importer.text import clause_before, cn_number, is_member, match_unit, search_first
from lianxi.importer.units import Context, read_office, read_unit_duties, read_units, unit_entries


@dataclass
class _Reader:
    """The state shared by the section readers of one system."""

    sys_text: SystemText
    parsed: Parsed
    ctx: Context
    s: dict[str, Any] = field(default_factory=dict)
    sec: dict[str, list[str]] = field(default_factory=dict)
    everything: list[str] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    layout: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return str(self.s["key"])

    @property
    def review(self) -> Review:
        return self.ctx.review


def read_system(sys_text: SystemText, parsed: Parsed, ctx: Context, index: int) -> dict[str, Any]:
    """The definition's part for one system: every section read by its own reader."""
    r = _Reader(sys_text, parsed, ctx)
    _read_name(r, index)
    _read_duties(r)
    rest, unit_pars = _read_units(r)
    conv_pars, office_pars = _read_units_text(r, rest)
    _read_conveners(r, conv_pars)
    _read_office(r, office_pars, unit_pars)
    _read_unit_duties(r)
    _read_rules(r)
    _read_history(r)
    return r.s


def _read_name(r: _Reader, index: int) -> None:
    name, s, ctx = r.sys_text.name, r.s, r.ctx
    if ctx.jurisdiction and name.startswith(("自治区", "省", "市", "县")):
        full = ctx.jurisdiction + name.removeprefix(re.match(r"自治区|省|市|县", name)[0])  # type: ignore[index]
        r.review.guess(f"name {full} (printed: {name})", f"制度名称 {full}（原文：{name}）")
        name = full
    s["key"] = _key(name, index, r.review)
    s["name"] = name
    s["short_name"] = "联席会议"
    topics = [w for w in _TOPICS if w in name]
    if topics:
        s["topics"] = topics
    if ctx.date and not is_report(r.parsed) and "调整" not in (r.parsed.title or ""):
        s["established"] = ctx.date
    if r.sys_text.title:
        s["title"] = r.sys_text.title
    pre = join_broken(r.sys_text.preamble)
    if pre:
        s["preamble"] = pre[0]
    r.sec = {k: join_broken(v) for k, v in r.sys_text.sections.items()}
    r.everything = [p for v in r.sec.values() for p in v] + pre + r.parsed.body + r.sys_text.loose


def _read_duties(r: _Reader) -> None:
    intro, duties, style = read_list(r.sec.get("duties", []))
    if intro:
        r.s["duties_intro"] = intro
    _found_or_todo(r, "duties", duties, "原文未写明主要职责", ("no 主要职责", "未找到主要职责"))
    if style and style != "inline":
        r.layout["duties"] = style


def _may_list_units(p: str) -> bool:
    return any(w in p for w in ("组成", "包括", "参加单位", "成员单位参加", "增加到"))


#: `市民政局负责联席会议的组织等日常工作，为社会救助联席会议牵头单位`: the sentence's subject
_SUBJECT_LEADS = re.compile(
    r"(?:^|[。；;])\s*(?:[（(][一二三四五六七八九十]{1,3}[)）])?([^，,。；;（(]{2,30}?)(?:负责|承担)"
    r"[^。；;]{0,60}?[，,]为[^，,。；;]{0,16}牵头单位"
)
#: `由你局牵头`: the unit the letter is addressed to
_ADDRESSEE = re.compile(r"^([^，,。：:]{2,20}(?:局|委|部|厅|办|院|会))[:：]$")


def _find_lead(r: _Reader, lead: str | None) -> str | None:
    """The lead unit stated outside the list's sentence, or the one that 履行牵头 (a guess)."""
    if not lead:
        lead = clause_before("为牵头(?:单位|$)", r.everything, stops="，,。；;：:由")
        m = None if lead else search_first(_SUBJECT_LEADS.pattern, r.everything)
        m = m or (
            None
            if lead
            else search_first(
                r"由([^，,。；;：:]{1,60}?)牵头", [*r.everything, r.parsed.title or ""]
            )
        )
        if m:
            lead = m[1]
        lead = lead.strip() if lead else None
    if lead and lead.startswith("你") and len(lead) <= 3:
        lead = next((m[1] for x in r.parsed.lines if (m := _ADDRESSEE.match(x))), lead)
    if not lead:
        lead = clause_before(
            "要?切实?履行牵头", r.everything + report_pars(r.parsed), stops="，,。；;：:"
        )
        if lead:
            r.review.guess(f"lead unit {lead} from 履行牵头", f"牵头单位 {lead}（据“履行牵头”）")
    return lead


def _read_units(r: _Reader) -> tuple[list[str], list[str]]:
    """成员单位, its count and the lead unit; returns the section's other paragraphs."""
    s = r.s
    unit_pars = r.sec.get("units", []) or [p for p in r.everything if _may_list_units(p)]
    units, count, sentence, rest, lead = read_units(unit_pars, r.key, r.ctx)
    lead = _find_lead(r, lead)
    if is_report(r.parsed):
        units = report_units(r.parsed, lead, r.review)
    if not units and r.sys_text.roster:
        units = roster_units(r.sys_text.roster)
    units = [u if isinstance(u, dict | Comment) else {"name": u} for u in units]
    r.members = [u for u in units if isinstance(u, dict)]
    if lead:
        printed = is_member(lead, r.members) or (None if r.members else lead)
        s["lead_unit"] = (
            printed
            if printed
            else Todo(None, f"原文牵头单位“{lead}”不在成员单位名单中，请核对后填写 lead_unit")
        )
        if printed and printed != lead:
            s["lead_unit"] = Todo(printed, f"原文写作“{lead}”，取名单中的写法")
    else:
        s["lead_unit"] = Todo(None, "原文未写明牵头单位：请核对后填写 lead_unit")
        r.review.miss(f"{r.key}: no lead unit", f"{r.key}：未写明牵头单位")
    if sentence:
        s["units_sentence"] = sentence
    if units:
        s["units"] = units
    else:
        r.review.miss(f"{r.key}: no 成员单位 list", f"{r.key}：未找到成员单位名单")
    if count is not None:
        _read_count(r, count)
    return rest, unit_pars


def _read_count(r: _Reader, count: int) -> None:
    listed = len(r.members)
    unknown_group = any(u.get("group") is True for u in r.members)
    if listed > count or (listed != count and not unknown_group):
        r.s["declared_unit_count"] = Todo(
            None,
            f"原文声明{count}个成员单位，名单中读出{listed}个：请核对名单后写 declared_unit_count: {count}",
        )
        r.review.miss(
            f"{r.key}: declared {count} units, read {listed}; declared_unit_count left as a TODO",
            f"{r.key}：原文声明{count}个成员单位，读出{listed}个，declared_unit_count 留作 TODO",
        )
    else:
        r.s["declared_unit_count"] = count


def _read_units_text(r: _Reader, rest: list[str]) -> tuple[list[str], list[str]]:
    """召集人, 办公室, 联络员 paragraphs of the 成员单位 section; the others are units_text."""
    conv_pars = [p for p in rest if "召集人" in p]
    office_pars = [p for p in rest if p not in conv_pars and ("办公室" in p or "联络员" in p)]
    other_pars = [p for p in rest if p not in conv_pars and p not in office_pars]
    if other_pars:
        r.s["units_text"] = other_pars
    return conv_pars, office_pars


def _read_conveners(r: _Reader, conv_pars: list[str]) -> None:
    """召集人: in the 成员单位 section, or anywhere in the system's text; a roster wins."""
    conveners: list[Any] = read_conveners(
        conv_pars or [p for p in r.everything + report_pars(r.parsed) if "召集人" in p]
    )
    roster_conveners = read_roster(r.sys_text.roster, r.members, r.review, r.key)
    if roster_conveners:
        if conveners:
            note = "；".join(f"{c['post']}" for c in conveners)
            roster_conveners[0] = Todo(roster_conveners[0], f"制度正文：{note}", todo=False)
        conveners = roster_conveners
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in conveners:
        entry = c.value if isinstance(c, Todo) else c
        unit = match_unit(entry["post"], r.members)
        if unit and "unit" not in entry:
            entry["unit"] = unit
        elif "unit" in entry and not is_member(entry["unit"], r.members):
            del entry["unit"]
        if (entry["role"], entry["post"]) not in seen:
            seen.add((entry["role"], entry["post"]))
            unique.append(c)
    _found_or_todo(r, "conveners", unique, "原文未写明召集人", ("no 召集人", "未找到召集人"))
    if conv_pars:
        r.s["conveners_text"] = conv_pars


def _found_or_todo(r: _Reader, key: str, value: Any, todo: str, missing: tuple[str, str]) -> None:
    """The system's `key` as found in the text, or a `# TODO` (`todo：请核对后填写 KEY`) and a
    `missing` line of the review (English, Chinese)."""
    if value:
        r.s[key] = value
    else:
        r.s[key] = Todo(None, f"{todo}：请核对后填写 {key}")
        r.review.miss(f"{r.key}: {missing[0]}", f"{r.key}：{missing[1]}")


def _read_office(r: _Reader, office_pars: list[str], unit_pars: list[str]) -> None:
    office = read_office(r.everything + report_pars(r.parsed), r.members, r.key, r.review)
    missing = ("no office unit", "未写明办公室所在单位")
    _found_or_todo(r, "office", office, "原文未写明办公室设在哪个单位", missing)
    if office_pars:
        r.s["office_text"] = office_pars
    elif unit_pars and office:
        r.s["office_text"] = Todo([], "办公室的句子不在成员单位一节中", todo=False)
    m = search_first(r"联络员由([^，,。；;]{1,60}?)担任", r.everything) or search_first(
        r"(各成员单位[^，,。；;]{0,60}?明确[0-9一二两三]名联络员)", r.everything
    )
    if m:
        r.s["liaisons"] = {"rule": m[1]}


def _read_unit_duties(r: _Reader) -> None:
    other, unplaced = read_unit_duties(r.sec.get("unit_duties", []), r.members, r.review, r.key)
    if unplaced:
        r.s["other_duties"] = Todo(
            other or None, "职责分工中未写明单位的段落：" + "；".join(unplaced)
        )
    elif other:
        r.s["other_duties"] = other
    if "units" in r.s:
        r.s["units"] = unit_entries(r.s["units"])


_PLENARY = re.compile(
    r"(?:每年(?:至少)?召开\s*([0-9一两二三])\s*次(?:全体)?会议)|"
    r"(?:全体会议(?:原则上)?每年(?:至少)?召开\s*([0-9一两二三])\s*次)|"
    r"(?:联席会议原则上每年(?:至少)?召开\s*([0-9一两二三])\s*次)"
)


def _read_rules(r: _Reader) -> None:
    """工作规则, 工作要求, the headings as printed and the list styles."""
    s = r.s
    rules_intro, rules, rules_style = read_list(r.sec.get("rules", []), verbatim=True)
    if rules_intro:
        rules.insert(0, rules_intro)
    if rules:
        out: dict[str, Any] = {}
        joined = "".join(rules)
        plenary = _PLENARY.search(joined)
        if plenary:
            out["plenary_per_year"] = cn_number(next(g for g in plenary.groups() if g))
        if "纪要" in joined:
            out["minutes"] = True
        out["text"] = rules
        s["rules"] = out
    _, requirements, req_style = read_list(r.sec.get("requirements", []), verbatim=True)
    if requirements:
        s["requirements"] = requirements
    headings = {k: v for k, v in r.sys_text.headings.items() if v != _DEFAULT_HEADINGS.get(k)}
    headings.pop("roster", None)
    headings.pop("office", None)
    if headings:
        s["headings"] = headings
    if rules_style and rules_style != "paragraphs":
        r.layout["rules"] = rules_style
    if req_style and req_style != "paragraphs":
        r.layout["requirements"] = req_style
    if r.layout:
        s["layout"] = r.layout


def _read_history(r: _Reader) -> None:
    if is_report(r.parsed):
        meeting, history = read_meeting(r.parsed, r.members, r.review)
        if meeting:
            r.s["meetings"] = [meeting]
    else:
        history = read_adjustment(r.everything, r.ctx)
    if history:
        r.s["history"] = [history]


_DEFAULT_HEADINGS = {
    "duties": "主要职责",
    "units": "成员单位",
    "rules": "工作规则",
    "requirements": "工作要求",
    "unit_duties": "职责分工",
}
_KEYS = {
    "知识产权": "ip",
    "质量": "quality",
    "标准化": "standard",
    "计量": "metrology",
    "食品安全": "food-safety",
    "安全生产": "work-safety",
    "消费": "consumer",
    "价格": "price",
    "反垄断": "antitrust",
    "社会救助": "social-assistance",
    "养老": "elderly-care",
    "就业": "employment",
    "农民工": "migrant-workers",
    "河长": "river-chief",
    "营商环境": "business-environment",
    "文物": "cultural-relics",
    "禁毒": "drug-control",
    "殡葬": "funeral",
    "留守": "left-behind-children",
    "市场监管": "market-regulation",
}
_TOPICS = list(_KEYS)


def _key(name: str, index: int, review: Review) -> str:
    for word, key in _KEYS.items():
        if word in name:
            return key
    review.guess(
        f"key system{index + 1} for {name}: give it a short English key",
        f"{name} 的 key 暂定为 system{index + 1}，请改为简短的英文 key",
    )
    return f"system{index + 1}"
