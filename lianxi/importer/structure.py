"""Lines → the document's parts: title, addressees, body, systems and their sections, signature."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from lianxi.importer.lines import Parsed, SystemText, read_lines
from lianxi.importer.lists import split_outside_brackets
from lianxi.importer.naming import GENERIC, system_of_title
from lianxi.importer.people import ROSTER_LABEL
from lianxi.importer.text import (
    NUMBER,
    PUNCT,
    compact,
    is_date_line,
)

# Lines → structure.

_H1 = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.+)$")
_H2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[)）]\s*(.+)$")
_SECTION_WORDS = [
    ("unit_duties", ("职责分工",)),
    ("roster", ("成员名单",)),
    ("duties", ("职责", "职能", "任务")),
    ("units", ("成员单位", "组成", "成员")),
    ("rules", ("规则", "机制", "会议制度", "运行")),
    ("requirements", ("要求",)),
    ("office", ("办公室",)),
]


def _section_of(heading: str) -> str | None:
    for section, words in _SECTION_WORDS:
        if any(w in heading for w in words):
            return section
    return None


def _is_heading_text(text: str) -> bool:
    c = compact(text)
    return 0 < len(c) <= 20 and not any(p in c for p in "。，,；;")


def is_system_title(line: str) -> bool:
    c = compact(line)
    return (
        c.endswith("制度")
        and "联席会议" in c
        and "关于" not in c
        and len(c) <= 60
        and not any(p in c for p in "。，,；;：:")
    )


_KIND_END = re.compile(r"的(通知|函|意见|决定|批复|通报|报告|复函|公告)$")


def is_title(c: str) -> bool:
    """A 关于……的通知 line (`关于` at least two characters before the closing 的)."""
    m = _KIND_END.search(c)
    return m is not None and "关于" in c[: max(m.start() - 2, 0)]


_ORG_END = (
    "办公室",
    "办公厅",
    "人民政府",
    "政府",
    "委员会",
    "局",
    "部",
    "厅",
    "委",
    "院",
    "总局",
    "会",
)


def is_org_line(line: str) -> bool:
    c = compact(line)
    return 2 <= len(c) <= 30 and c.endswith(_ORG_END) and not any(p in c for p in PUNCT + "《》")


def structure(text: str) -> Parsed:
    """Cut cleaned text into the document's parts. Never raises."""
    parsed = Parsed()
    lines = read_lines(text, parsed)
    parsed.lines = lines
    rest = _read_head(parsed, lines)
    walk = _Walk(parsed, rest)
    while walk.i < len(rest):
        line = rest[walk.i]
        c = compact(line)
        nxt = compact(rest[walk.i + 1]) if walk.i + 1 < len(rest) else ""
        at = _Line(line, c, nxt)
        step: int | None = None
        for reader in (walk.note, walk.attachment, walk.signature, walk.date, walk.system_title):
            step = reader(at)
            if step is not None:
                break
        if step is None:
            step = walk.heading(line, c)
        if step < 0:
            break
        walk.i += step
    return parsed


def _read_head(parsed: Parsed, lines: list[str]) -> list[str]:
    """The title, what precedes it and the addressees; returns the lines after them."""
    # The title: a 关于……的通知 line (spaces inside are how web pages break a long title).
    lines = _join_title(lines)
    t = next((i for i, line in enumerate(lines) if is_title(compact(line))), None)
    if t is None and "标题" in parsed.meta:
        parsed.title = compact(parsed.meta["标题"])
    if t is not None:
        parsed.title = compact(lines[t])
        parsed.head = lines[:t]
        rest = lines[t + 1 :]
    else:
        rest = lines
    rest = [x for x in rest if not NUMBER.fullmatch(unicodedata.normalize("NFKC", compact(x)))]
    if parsed.title:
        # A page that repeats the title, or prints the issuer again under it, says nothing new.
        issuer = parsed.title.split("关于")[0]
        rest = [x for x in rest if compact(x) != parsed.title]
        while rest and issuer and compact(rest[0]) == issuer:
            rest = rest[1:]
    if (
        t is not None
        and rest
        and rest[0].endswith(("：", ":"))
        and len(rest[0]) <= 120
        and not compact(rest[0]).startswith("附件")
    ):
        parsed.addressees = split_outside_brackets(rest[0].rstrip("：: "), "，,")
        rest = rest[1:]
    return rest


def _join_title(lines: list[str]) -> list[str]:
    """A title a page broke over two or three lines (`…关于建立广州市实施` / `“粤菜师傅”…的通知`)."""
    for i, line in enumerate(lines[:60]):
        c = compact(line)
        if is_title(c):
            return lines
        if "关于" not in c or len(c) > 60:
            continue
        for k in (2, 3):
            joined = "".join(compact(x) for x in lines[i : i + k])
            if len(joined) <= 120 and is_title(joined):
                return [*lines[:i], joined, *lines[i + k :]]
    return lines


_NOTE = re.compile(r"[（(]此件.{1,20}[)）]")
_ATTACHMENT = re.compile(r"^附件\d*[:：]?(.*)$")


class _Line(NamedTuple):
    line: str  # as printed, spaces kept
    c: str  # without spaces
    nxt: str  # the next line without spaces, or ""


@dataclass
class _Walk:
    """The walk over the body's lines: each reader returns how many lines it took, or None."""

    parsed: Parsed
    rest: list[str]
    i: int = 0
    current: SystemText | None = None
    section: str | None = None
    level1_is_system: bool = False

    def _start(self, system: SystemText, level1_is_system: bool = False) -> None:
        self.current = system
        self.parsed.systems.append(system)
        self.section, self.level1_is_system = None, level1_is_system

    def note(self, at: _Line) -> int | None:
        _, c, _ = at
        if _NOTE.fullmatch(c):
            self.parsed.note = c[1:-1]
            return 1
        return None

    def attachment(self, at: _Line) -> int | None:
        _, c, nxt = at
        m_att = _ATTACHMENT.match(c)
        if not (m_att and len(c) <= 60):
            return None
        step = 1
        name = m_att[1].strip()
        if not name and nxt and not nxt.endswith("。"):
            name, step = nxt, 2
            if name.endswith("名单"):
                step = 1  # a roster's heading: read it as one
        if name and name not in self.parsed.attachments:
            self.parsed.attachments.append(name)
            if is_system_title(name):
                self._start(SystemText(name=name, title=name))
        return step

    def signature(self, at: _Line) -> int | None:
        """A signature: followed by a date, or by nothing the document would contain."""
        line, c, nxt = at
        parsed = self.parsed
        if not (
            parsed.title
            and (self.current is not None or parsed.body)
            and is_org_line(line)
            and (is_date_line(nxt) or not nxt or not _continues(self.rest, self.i + 1))
        ):
            return None
        parsed.signature = parsed.signature or c
        step = 1
        if is_date_line(nxt):
            parsed.date_line = parsed.date_line or nxt
            step = 2
        return step if _continues(self.rest, self.i + step) else -1

    def date(self, at: _Line) -> int | None:
        line, c, _ = at
        if (
            is_date_line(line)
            and self.parsed.date_line is None
            and (self.current or self.parsed.body)
        ):
            self.parsed.date_line = c
            return 1
        return None

    def system_title(self, at: _Line) -> int | None:
        line, c, _ = at
        m1 = _H1.match(c)
        if is_system_title(line) or (m1 and is_system_title(m1[2])):
            name = m1[2] if m1 and is_system_title(m1[2]) else c
            if self.current is not None and self.current.name == name and not self.current.sections:
                return 1  # the attachment's name repeated as its title
            self._start(SystemText(name=name, title=None if m1 else name), bool(m1))
            return 1
        if c.endswith(("成员名单", "组成人员名单")) and len(c) <= 60:
            self.section = "roster"
            name = re.sub(r"(?:组成人员|成员)名单$", "", c).removeprefix("附件") + "制度"
            if self.current is None:
                self.current = SystemText(name=name)
                self.parsed.systems.append(self.current)
            elif self.current.name == GENERIC and "联席会议" in name:
                self.current.name = name
            return 1
        return None

    def heading(self, line: str, c: str) -> int:
        m1, m2 = _H1.match(c), _H2.match(c)
        heading = None
        if m1 and _is_heading_text(m1[2]) and not self.level1_is_system:
            heading = m1[2]
        elif m2 and _is_heading_text(m2[2]) and (self.level1_is_system or self.section is None):
            heading = m2[2]
        section = _section_of(heading) if heading is not None else None
        if section and self.current is None and m1:
            # 一、主要职责 straight after the notice's opening: the notice's own system.
            self.current = SystemText(name=system_of_title(self.parsed.title) or "联席会议制度")
            self.parsed.systems.append(self.current)
        if heading is not None and section and self.current is not None:
            self.section = section
            self.current.headings[section] = heading
        elif self.current is None:
            self.parsed.body.append(line)
        else:
            if ROSTER_LABEL.match(line):
                self.section = "roster"
            elif self.section == "roster" and ("。" in line or len(c) > 30):
                self.section = None  # a sentence after the roster is no roster line
            self.current.add(self.section, line)
        return 1


def _continues(lines: list[str], start: int) -> bool:
    """Whether the document goes on after a signature: a system, an attachment or a 附注 follows."""
    for line in lines[start : start + 3]:
        c = compact(line)
        if is_date_line(c):
            continue
        return bool(
            is_system_title(c)
            or re.match(r"^附件", c)
            or re.fullmatch(r"[（(]此件.{1,20}[)）]", c)
            or c.endswith("成员名单")
        )
    return False


# A news report of a meeting.

_REPORT_TITLE = re.compile(r"联席会议.{0,12}(召开|举行)$")


def is_report(parsed: Parsed) -> bool:
    return parsed.title is None and report_title(parsed) is not None


def report_title(parsed: Parsed) -> str | None:
    return next((compact(x) for x in parsed.lines if _REPORT_TITLE.search(compact(x))), None)


def report_pars(parsed: Parsed) -> list[str]:
    if not is_report(parsed):
        return []
    title = report_title(parsed)
    lines = [compact(x) for x in parsed.lines]
    start = lines.index(title) + 1 if title in lines else 0
    return [x for x in lines[start:] if len(x) > 20]
