"""Text → lines: one-line pages split, page markers joined, chrome and 信息公开 tables read;
and the containers the structure fills (Parsed, SystemText)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lianxi.importer.lists import ITEM_MARK
from lianxi.importer.text import SENTENCE_END, SPACE, compact, is_chrome, parse_date


@dataclass
class SystemText:
    name: str
    title: str | None = None
    preamble: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    roster: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # paragraphs outside any known section

    def add(self, section: str | None, line: str) -> None:
        if section is None:
            (self.preamble if not self.sections else self.loose).append(line)
        elif section == "roster":
            self.roster.append(line)
        else:
            self.sections.setdefault(section, []).append(line)


@dataclass
class Parsed:
    meta: dict[str, str] = field(default_factory=dict)  # from a 信息公开 table
    head: list[str] = field(default_factory=list)  # lines before the title
    title: str | None = None
    addressees: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: str | None = None
    date_line: str | None = None
    note: str | None = None
    systems: list[SystemText] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # every kept line, for whole-text searches
    publish_date: dt.date | None = None


#: a page that prints a whole notice on one line separates its parts by single spaces
_PART_GAP = re.compile(r"(?<=[\u4e00-\u9fff。：:；;）)”]) (?=[\u4e00-\u9fff（(“《])")
#: a document site's page marker inside a paragraph: `…市煤管局` / `2、、市农牧局…`
_PAGE_MARK = re.compile(r"^[0-9]{1,3}、(?=[、，,。；;])")


def _raw_lines(text: str) -> Iterator[str]:
    for raw in text.split("\n"):
        line = SPACE.sub(" ", raw).strip()
        if len(line) > 200 and len(_PART_GAP.findall(line)) >= 3:
            yield from _PART_GAP.split(line)
        else:
            yield line


def read_lines(text: str, parsed: Parsed) -> list[str]:
    """The text's lines without chrome; publish date, source and 信息公开 facts go to PARSED."""
    out: list[str] = []
    for line in _raw_lines(text):
        if not line:
            continue
        if out and _PAGE_MARK.match(line):
            out[-1] += _PAGE_MARK.sub("", line)
            continue
        c = compact(line)
        if c.startswith("发布时间") and parsed.publish_date is None:
            parsed.publish_date = parse_date(c)
        src = re.search(r"来源[:：]([^:：]{2,40}?)(?:字体|$)", c)
        if src and "source" not in parsed.meta:
            parsed.meta["source"] = src[1]
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            for label, value in zip(cells[::2], cells[1::2], strict=False):
                if label and value:
                    parsed.meta[compact(label)] = value
            continue
        if is_chrome(line):
            continue
        out.append(line)
    return out


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")


def join_broken(paragraphs: list[str]) -> list[str]:
    """Rejoin a paragraph a web page broke in two (`……可以提出` / `召开联席会议的建议。`)."""
    out: list[str] = []
    for p in paragraphs:
        p = _CJK_GAP.sub("", p)
        if (
            out
            and not out[-1].endswith(tuple(SENTENCE_END))
            and not ITEM_MARK.match(p)
            and not re.match(r"^[^：:，,。]{2,30}[：:]", p)
        ):
            out[-1] += p.strip()
        else:
            out.append(p.strip())
    return out
