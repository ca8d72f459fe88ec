"""Draft a definition from a notice as published on the web (DESIGN §6). Pure: text in, draft out.

The text is taken as found: HTML tags and entities, traditional characters, inline pinyin
(`發(fā)布`), site chrome, full- and half-width punctuation, 汉字 dates. It is cleaned into lines,
cut into the document's parts (header, one or more systems and their sections, a roster), and
each part is read by patterns that follow how such notices are written. Whatever is unsure
becomes a `# TODO` comment in the draft and a line in the review; the draft is then loaded and
checked exactly as `lianxi validate` would, so the caller knows whether it validates.

Every pattern is linear (no nested quantifiers) and the input is bounded in size, so no text
can make the import hang.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.loader import dump_scalar
from lianxi.model import ID_PATTERN, Level
from lianxi.names import unit_key

MAX_CHARS = 2_000_000  # a notice is a few thousand characters; this is far beyond any real one

# ---------------------------------------------------------------------------------------------
# Review: what the import found, what it could not find, what it guessed.


@dataclass
class Review:
    """Each note in English and in Chinese; review_text() shows one language."""

    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    found_zh: list[str] = field(default_factory=list)
    missing_zh: list[str] = field(default_factory=list)
    guessed_zh: list[str] = field(default_factory=list)

    def add(self, kind: str, en: str, zh: str) -> None:
        getattr(self, kind).append(en)
        getattr(self, kind + "_zh").append(zh)


@dataclass
class Draft:
    text: str  # the YAML draft
    data: dict[str, Any]  # the same, as plain data (comments left out)
    review: Review
    diagnostics: list[dg.Diagnostic]  # from checking the draft as `lianxi validate` does

    @property
    def errors(self) -> list[dg.Diagnostic]:
        return [d for d in self.diagnostics if d.severity == dg.Severity.ERROR]


class Todo:
    """A value with a `# TODO` (or plain) comment above its key; a None value emits only the comment."""

    def __init__(self, value: Any, comment: str, todo: bool = True) -> None:
        self.value = value
        self.comment = ("TODO " if todo else "") + comment


# ---------------------------------------------------------------------------------------------
# Cleaning text into lines.

_SCRIPT = re.compile(r"<(script|style)\b", re.I)
_BLOCK = re.compile(
    r"<\s*/?\s*(?:br|p|div|tr|li|h[1-6]|table|section|article|ul|ol)\b[^<>]*>", re.I
)
_CELL = re.compile(r"<\s*/?\s*t[dh]\b[^<>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>")
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")
_SPACE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b\ufeff]+")
_CHROME = re.compile(
    r"^(今天是|投诉电话|咨询热线|服务热线|举报电话|当前位置|您现在的位置|发布时间|来源[:：]|字体|"
    r"【?版权|更多好文|微信|QQ客服|电话客服|返回顶部|打印|关闭|分享到|扫一扫|您是本网站|"
    r"网站地图|联系我们|主办单位|承办单位|技术支持|ICP|京ICP|地址[:：]|相关行业分析|上一篇|下一篇|"
    r"责任编辑|浏览次数|阅读次数|附件下载)"
)
_CHROME_ANY = re.compile(r"版权所有|访客|公众号|ICP备|网安备|Copyright", re.I)
_PHONE = re.compile(r"^[0-9\-－—()（）\s+]{5,}$")
_SENTENCE_END = "。；;：:！？!?”」）)"
_PUNCT = "，,。；;：:、！？!?"


def clean_text(text: str) -> str:
    """HTML removed, entities decoded, simplified characters, no inline pinyin, NUL-free."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _drop_scripts(text)
        text = _BLOCK.sub("\n", text)
        text = _CELL.sub(" | ", text)
        text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _PINYIN.sub("", text)
    text = names.to_simplified(text)
    return _PINYIN.sub("", text)  # pinyin after characters that only became CJK after t2s


def _drop_scripts(text: str) -> str:
    """Remove <script> and <style> elements in one pass (an unclosed one runs to the end)."""
    out, pos = [], 0
    lower = text.lower()
    while True:
        m = _SCRIPT.search(text, pos)
        if not m:
            out.append(text[pos:])
            return "\n".join(out)
        out.append(text[pos : m.start()])
        end = lower.find(f"</{m[1].lower()}", m.end())
        if end < 0:
            return "\n".join(out)
        close = lower.find(">", end)
        pos = len(text) if close < 0 else close + 1


def _compact(line: str) -> str:
    return _SPACE.sub("", line)


def _is_chrome(line: str) -> bool:
    c = _compact(line)
    return bool(_CHROME.match(c) or _CHROME_ANY.search(c) or _PHONE.match(c))


# ---------------------------------------------------------------------------------------------
# Numbers and dates.

_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "０": 0, "0": 0}
_DIGITS.update({c: i for i, c in enumerate("一二三四五六七八九", 1)})
_DIGITS.update({c: i for i, c in enumerate("123456789", 1)})
_DIGITS["两"] = 2


def cn_number(text: str) -> int | None:
    """`28`, `二十八`, `十`, `一百零五` → int; None if not a number."""
    text = unicodedata.normalize("NFKC", text.strip())
    if text.isdigit():
        return int(text)
    if not text or any(c not in "零〇一二两三四五六七八九十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[c]
    return total + current


_CN_DIGIT = "〇○零ＯO０一二三四五六七八九0-9"
_DATE = re.compile(
    rf"([{_CN_DIGIT}]{{4}})\s*年\s*([一二三四五六七八九十0-9０-９]{{1,3}})\s*月\s*"
    r"([一二三四五六七八九十0-9０-９]{1,3})\s*日"
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> dt.date | None:
    """The first date in TEXT: `2024年10月12日`, `二○一四年五月七日` or `2014-05-07`."""
    m = _DATE.search(text)
    if m:
        year = "".join(str(_DIGITS.get(c, c)) for c in unicodedata.normalize("NFKC", m[1]))
        parts = [year, m[2], m[3]]
    else:
        m = _ISO.search(text)
        if not m:
            return None
        parts = [m[1], m[2], m[3]]
    values = [cn_number(p) for p in parts]
    if None in values:
        return None
    try:
        return dt.date(*values)  # type: ignore[arg-type]
    except ValueError:
        return None


def _is_date_line(line: str) -> bool:
    c = _compact(line)
    m = _DATE.fullmatch(c) or _ISO.fullmatch(c)
    return bool(m) and parse_date(c) is not None


_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[【(（［]\s*((?:19|20)\d{2})\s*[〕\]】)）］]\s*(第?)\s*(\d{1,6})\s*号"
)


def _document_number(text: str) -> tuple[str, str] | None:
    """(normalized 文号, as printed): 〔〕 brackets, no 第, no leading zeros."""
    m = _NUMBER.search(unicodedata.normalize("NFKC", text).replace("〔", "〔"))
    if not m:
        return None
    return f"{m[1]}〔{m[2]}〕{int(m[4])}号", m[0]


# ---------------------------------------------------------------------------------------------
# Splitting lists.


def split_outside_brackets(text: str, seps: str) -> list[str]:
    """Split on any of SEPS, but not inside （）/()/《》/【】; empty items dropped."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for c in text:
        if c in "（(《【[":
            depth += 1
        elif c in "）)》】]" and depth:
            depth -= 1
        if c in seps and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    out.append("".join(cur))
    return [s.strip() for s in out if s.strip()]


_ITEM_MARK = re.compile(
    r"^\s*(?:(?P<cn>（[一二三四五六七八九十]{1,3}）)|(?P<ascii>\([一二三四五六七八九十]{1,3}\))|"
    r"(?P<arabic>[0-9０-９]{1,2}\s*[.．、](?!\d))|(?P<cnnum>[一二三四五六七八九十]{1,3}、))\s*"
)
_YISHI = re.compile(r"(?:^|(?<=[；;。，,]))\s*[一二三四五六七八九十]{1,3}是")


def _strip_item(text: str) -> str:
    return text.strip().rstrip("。；;，, ")


def _numbered(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The list style of paragraphs that each start with a number, and the items without it."""
    marks = [_ITEM_MARK.match(p) for p in paragraphs]
    if not paragraphs or not all(marks):
        return None, paragraphs
    style = {"cn": "（一）", "ascii": "(一)", "arabic": "1.", "cnnum": "（一）"}
    kind = next(k for k, v in marks[0].groupdict().items() if v)  # type: ignore[union-attr]
    items = [p[m.end() :].strip() for p, m in zip(paragraphs, marks, strict=True) if m]
    return style[kind], items


def read_list(
    paragraphs: list[str], verbatim: bool = False
) -> tuple[str | None, list[str], str | None]:
    """(intro, items, layout) of a duties/rules/requirements section as printed.

    Duties lose their closing 。/；; VERBATIM items (rules, requirements) keep it."""
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        return None, [], None
    intro = None
    if not _ITEM_MARK.match(paragraphs[0]) and paragraphs[0].rstrip().endswith(("：", ":")):
        intro, paragraphs = paragraphs[0].strip(), paragraphs[1:]
    style, items = _numbered(paragraphs)
    if style:
        return intro, [i.strip() for i in items], style
    if len(paragraphs) == 1 and not verbatim:
        text = paragraphs[0].strip()
        if len(_YISHI.findall(text)) >= 2:
            head, _, rest = text.partition(_YISHI.findall(text)[0].strip())
            parts = [p for p in _YISHI.split(rest) if p.strip()]
            if head.strip() and intro is None:
                intro = head.strip()
            return intro, [_strip_item(p) for p in parts], "一是"
        parts = split_outside_brackets(text, "；;")
        if len(parts) >= 2:
            first = parts[0]
            if intro is None and "。" in first.rstrip("。"):
                cut = first.rstrip("。").rfind("。") + 1
                intro, parts[0] = first[:cut], first[cut:]
            return intro, [_strip_item(p) for p in parts if _strip_item(p)], "inline"
    return intro, [p.strip() for p in paragraphs], "paragraphs"


# ---------------------------------------------------------------------------------------------
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
    c = _compact(text)
    return 0 < len(c) <= 20 and not any(p in c for p in "。，,；;")


def _is_system_title(line: str) -> bool:
    c = _compact(line)
    return (
        c.endswith("制度")
        and "联席会议" in c
        and "关于" not in c
        and len(c) <= 60
        and not any(p in c for p in "。，,；;：:")
    )


_TITLE = re.compile(r"关于.{2,}的(通知|函|意见|决定|批复|通报|报告|复函|公告)$")
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


def _is_org_line(line: str) -> bool:
    c = _compact(line)
    return 2 <= len(c) <= 30 and c.endswith(_ORG_END) and not any(p in c for p in _PUNCT + "《》")


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


def _lines(text: str, parsed: Parsed) -> list[str]:
    out = []
    for raw in text.split("\n"):
        line = _SPACE.sub(" ", raw).strip()
        if not line:
            continue
        c = _compact(line)
        if c.startswith("发布时间") and parsed.publish_date is None:
            parsed.publish_date = parse_date(c)
        src = re.search(r"来源[:：]([^:：]{2,40}?)(?:字体|$)", c)
        if src and "source" not in parsed.meta:
            parsed.meta["source"] = src[1]
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            for label, value in zip(cells[::2], cells[1::2], strict=False):
                if label and value:
                    parsed.meta[_compact(label)] = value
            continue
        if _is_chrome(line):
            continue
        out.append(line)
    return out


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")


def _join_broken(paragraphs: list[str]) -> list[str]:
    """Rejoin a paragraph a web page broke in two (`……可以提出` / `召开联席会议的建议。`)."""
    out: list[str] = []
    for p in paragraphs:
        p = _CJK_GAP.sub("", p)
        if (
            out
            and not out[-1].endswith(tuple(_SENTENCE_END))
            and not _ITEM_MARK.match(p)
            and not re.match(r"^[^：:，,。]{2,30}[：:]", p)
        ):
            out[-1] += p.strip()
        else:
            out.append(p.strip())
    return out


def structure(text: str) -> Parsed:
    parsed = Parsed()
    lines = _lines(text, parsed)
    parsed.lines = lines
    # The title: a 关于……的通知 line (spaces inside are how web pages break a long title).
    t = next((i for i, line in enumerate(lines) if _TITLE.search(_compact(line))), None)
    if t is None and "标题" in parsed.meta:
        parsed.title = _compact(parsed.meta["标题"])
    if t is not None:
        parsed.title = _compact(lines[t])
        parsed.head = lines[:t]
        rest = lines[t + 1 :]
    else:
        rest = lines
    rest = [x for x in rest if not _NUMBER.fullmatch(unicodedata.normalize("NFKC", _compact(x)))]
    if (
        t is not None
        and rest
        and re.search(r"[：:]$", rest[0])
        and len(rest[0]) <= 120
        and not _compact(rest[0]).startswith("附件")
    ):
        parsed.addressees = split_outside_brackets(rest[0].rstrip("：: "), "，,")
        rest = rest[1:]
    current: SystemText | None = None
    section: str | None = None
    level1_is_system = False
    i = 0
    while i < len(rest):
        line = rest[i]
        c = _compact(line)
        nxt = _compact(rest[i + 1]) if i + 1 < len(rest) else ""
        if re.fullmatch(r"[（(]此件.{1,20}[)）]", c):
            parsed.note = c[1:-1]
            i += 1
            continue
        m_att = re.match(r"^附件\d*[:：]?(.*)$", c)
        if m_att and len(c) <= 60:
            name = m_att[1].strip()
            if not name and nxt and not nxt.endswith("。"):
                name = nxt
                i += 1
            if name:
                parsed.attachments.append(name)
                if _is_system_title(name):
                    current = SystemText(name=name, title=name)
                    parsed.systems.append(current)
                    section, level1_is_system = None, False
            i += 1
            continue
        # A signature: followed by a date, or by nothing the document would contain.
        if (
            parsed.title
            and (current is not None or parsed.body)
            and _is_org_line(line)
            and (_is_date_line(nxt) or not nxt or not _continues(rest, i + 1))
        ):
            parsed.signature = parsed.signature or c
            if _is_date_line(nxt):
                parsed.date_line = parsed.date_line or nxt
                i += 1
            if not _continues(rest, i + 1):
                break
            i += 1
            continue
        if _is_date_line(line) and parsed.date_line is None and (current or parsed.body):
            parsed.date_line = c
            i += 1
            continue
        m1 = _H1.match(c)
        if _is_system_title(line) or (m1 and _is_system_title(m1[2])):
            name = m1[2] if m1 and _is_system_title(m1[2]) else c
            if current is not None and current.name == name and not current.sections:
                i += 1
                continue  # the attachment's name repeated as its title
            current = SystemText(name=name, title=None if m1 else name)
            parsed.systems.append(current)
            section, level1_is_system = None, bool(m1)
            i += 1
            continue
        if c.endswith("成员名单") and len(c) <= 60:
            section = "roster"
            if current is None:
                current = SystemText(name=c.removesuffix("成员名单") + "制度")
                parsed.systems.append(current)
            i += 1
            continue
        m2 = _H2.match(c)
        heading = None
        if m1 and _is_heading_text(m1[2]) and not level1_is_system:
            heading = m1[2]
        elif m2 and _is_heading_text(m2[2]) and (level1_is_system or section is None):
            heading = m2[2]
        if heading is not None and current is None and m1 and _section_of(heading):
            # 一、主要职责 straight after the notice's opening: the notice's own system.
            current = SystemText(name=_system_of_title(parsed.title) or "联席会议制度")
            parsed.systems.append(current)
        if heading is not None and current is not None and _section_of(heading):
            section = _section_of(heading)
            current.headings[section or ""] = heading
            i += 1
            continue
        if current is None:
            parsed.body.append(line)
        else:
            current.add(section, line)
        i += 1
    return parsed


def _system_of_title(title: str | None) -> str | None:
    m = re.search(r"关于(?:建立|调整|印发|成立)?(.{1,80}?制度)", title or "")
    return m[1] if m and "联席会议" in m[1] else None


def _continues(lines: list[str], start: int) -> bool:
    """Whether the document goes on after a signature: a system, an attachment or a 附注 follows."""
    for line in lines[start : start + 3]:
        c = _compact(line)
        if _is_date_line(c):
            continue
        return bool(
            _is_system_title(c)
            or re.match(r"^附件", c)
            or re.fullmatch(r"[（(]此件.{1,20}[)）]", c)
            or c.endswith("成员名单")
        )
    return False


# ---------------------------------------------------------------------------------------------
# Reading the parts.

_ROLES = {"总召集人": "chief_convener", "副召集人": "deputy_convener", "召集人": "convener"}
_POST_END = ("长", "人", "志", "任", "记", "员", "席", "官", "理", "裁", "令", "书")
_NAME_AFTER_POST = re.compile(
    r"^(.*?(?:主席|市长|省长|州长|县长|区长|部长|局长|厅长|主任|书记|秘书长|委员|负责人|院长|行长|署长))"
    r"([\u4e00-\u9fff·]{2,4}?)(?:同志)?$"
)


def split_posts(text: str) -> list[str]:
    """`市政府协管副秘书长、市市场监管局主要负责人和市委宣传部有关负责同志` → three posts.

    和 splits only after a complete post (…长, …负责人): `市规划和自然资源局局长` stays whole.
    """
    posts, cur = [], ""
    for piece in re.split(r"(、|和|及)", text):
        if piece in ("、", "和", "及"):
            if cur.endswith(_POST_END):
                posts.append(cur)
                cur = ""
            else:
                cur += piece
        else:
            cur += piece
    if cur:
        posts.append(cur)
    return [p.strip() for p in posts if p.strip()]


def split_person(text: str) -> tuple[str, str | None]:
    """`自治区副主席奇巴图` → (`自治区副主席`, `奇巴图`); a post without a name → (post, None)."""
    m = _NAME_AFTER_POST.match(text.strip())
    if m and m[1]:
        return m[1], m[2]
    return text.strip(), None


def _conveners(paragraphs: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in paragraphs:
        for clause in re.split(r"[，,；;。]", p):
            clause = clause.strip()
            m = re.search(r"(?:由)?(.{1,120}?)(?:担任|兼任|任)(总召集人|副召集人|召集人)$", clause)
            if m:
                text = re.sub(r"^(?:联席会议|会议)?由", "", m[1])
                out += [{"role": _ROLES[m[2]], "post": post} for post in split_posts(text)]
                continue
            m = re.search(r"(总召集人|副召集人|召集人)由(.{1,120}?)(?:同志)?(?:担任|兼任)$", clause)
            if m:
                for post in split_posts(m[2]):
                    post, name = split_person(post)
                    entry = {"role": _ROLES[m[1]], "post": post}
                    if name:
                        entry["name"] = name
                    out.append(entry)
    return out


_COUNT = r"([0-9０-９]{1,3}|[一二三四五六七八九十百两]{1,4})?\s*个?\s*"
_UNITS = re.compile(
    r"由(?P<list>[^。]{1,4000}?)(?P<close>(?:共|等)\s*"
    + _COUNT
    + r"(?:部门|单位|成员单位)[^。]{0,12}?组成)"
)
_UNITS_ALT = re.compile(r"成员单位(?:包括|为|有)[:：]?(?P<list>[^。]{1,4000}?)(?P<close>。|$)")


def _member_index(units: list[dict[str, Any]]) -> dict[str, str]:
    return {unit_key(u["name"]): u["name"] for u in units}


def _match_unit(text: str, units: list[dict[str, Any]]) -> str | None:
    """The member named at the start of TEXT (longest first), as printed in the list."""
    t = names.clean(text)
    best = None
    for u in units:
        for form in {names.clean(u["name"]), names.split_plates(u["name"])[0]}:
            if form and t.startswith(form) and (best is None or len(form) > best[0]):
                best = (len(form), u["name"])
    return best[1] if best else None


def _is_member(name: str, units: list[dict[str, Any]]) -> str | None:
    return _member_index(units).get(unit_key(name))


def _search(pattern: str, texts: Iterable[str]) -> re.Match[str] | None:
    for t in texts:
        m = re.search(pattern, t)
        if m:
            return m
    return None


def _after_clause(text: str) -> str:
    """The last clause of TEXT: what follows its last punctuation mark."""
    return re.split(r"[，,。；;：:]", text)[-1].strip()


@dataclass
class Context:
    review: Review
    jurisdiction: str | None
    date: dt.date | None
    number: str | None


def read_system(sys_text: SystemText, parsed: Parsed, ctx: Context, index: int) -> dict[str, Any]:
    review = ctx.review
    s: dict[str, Any] = {}
    name = sys_text.name
    if ctx.jurisdiction and name.startswith(("自治区", "省", "市", "县")):
        full = ctx.jurisdiction + name.removeprefix(re.match(r"自治区|省|市|县", name)[0])  # type: ignore[index]
        review.add("guessed", f"name {full} (printed: {name})", f"制度名称 {full}（原文：{name}）")
        name = full
    s["key"] = _key(name, index, review)
    s["name"] = name
    s["short_name"] = "联席会议"
    topics = [w for w in _TOPICS if w in name]
    if topics:
        s["topics"] = topics
    if ctx.date and not _is_report(parsed) and "调整" not in (parsed.title or ""):
        s["established"] = ctx.date
    if sys_text.title:
        s["title"] = sys_text.title
    pre = _join_broken(sys_text.preamble)
    if pre:
        s["preamble"] = pre[0]
    sec = {k: _join_broken(v) for k, v in sys_text.sections.items()}
    everything = [p for v in sec.values() for p in v] + pre + parsed.body + sys_text.loose

    intro, duties, style = read_list(sec.get("duties", []))
    if intro:
        s["duties_intro"] = intro
    if duties:
        s["duties"] = duties
    else:
        review.add("missing", f"{s['key']}: no 主要职责", f"{s['key']}：未找到主要职责")

    # 成员单位
    unit_pars = sec.get("units", []) or [p for p in everything if "组成" in p]
    units, count, sentence, rest, lead = _units(unit_pars, s["key"], ctx)
    if not lead:
        m = _search(r"([^，,。；;：:由]{1,60}?)为牵头单位", everything) or _search(
            r"由([^，,。；;：:]{1,60}?)牵头", [*everything, parsed.title or ""]
        )
        if m:
            lead = m[1].strip()
    if not lead:
        m = _search(r"([^，,。；;：:]{1,60}?)要?切实?履行牵头", everything + _report_pars(parsed))
        if m:
            lead = _after_clause(m[1])
            review.add(
                "guessed", f"lead unit {lead} from 履行牵头", f"牵头单位 {lead}（据“履行牵头”）"
            )
    if _is_report(parsed):
        units = _report_units(parsed, lead, review)
    units = [u if isinstance(u, dict | _Comment) else {"name": u} for u in units]
    members = [u for u in units if isinstance(u, dict)]
    lead_entry: Any = None
    if lead:
        printed = _is_member(lead, members) or (None if members else lead)
        lead_entry = (
            printed
            if printed
            else Todo(None, f"原文牵头单位“{lead}”不在成员单位名单中，请核对后填写 lead_unit")
        )
        if printed and printed != lead:
            lead_entry = Todo(printed, f"原文写作“{lead}”，取名单中的写法")
    if lead_entry is not None:
        s["lead_unit"] = lead_entry
    if sentence:
        s["units_sentence"] = sentence
    if units:
        s["units"] = units
    else:
        review.add("missing", f"{s['key']}: no 成员单位 list", f"{s['key']}：未找到成员单位名单")
    if count is not None:
        listed = len(members)
        unknown_group = any(u.get("group") is True for u in members)
        if listed > count or (listed != count and not unknown_group):
            s["declared_unit_count"] = Todo(
                None,
                f"原文声明{count}个成员单位，名单中读出{listed}个：请核对名单后写 declared_unit_count: {count}",
            )
            review.add(
                "missing",
                f"{s['key']}: declared {count} units, read {listed}; declared_unit_count left as a TODO",
                f"{s['key']}：原文声明{count}个成员单位，读出{listed}个，declared_unit_count 留作 TODO",
            )
        else:
            s["declared_unit_count"] = count

    # 召集人, 办公室, 联络员: in the 成员单位 section, or anywhere in the system's text.
    conv_pars = [p for p in rest if "召集人" in p]
    office_pars = [p for p in rest if p not in conv_pars and ("办公室" in p or "联络员" in p)]
    other_pars = [p for p in rest if p not in conv_pars and p not in office_pars]
    if other_pars:
        s["units_text"] = other_pars
    conveners = _conveners(
        conv_pars or [p for p in everything + _report_pars(parsed) if "召集人" in p]
    )
    roster_conveners = _roster(sys_text.roster, members, review, s["key"])
    if roster_conveners:
        if conveners:
            note = "；".join(f"{c['post']}" for c in conveners)
            roster_conveners[0] = Todo(roster_conveners[0], f"制度正文：{note}", todo=False)
        conveners = roster_conveners
    for c in conveners:
        entry = c.value if isinstance(c, Todo) else c
        unit = _match_unit(entry["post"], members)
        if unit and "unit" not in entry:
            entry["unit"] = unit
        elif "unit" in entry and not _is_member(entry["unit"], members):
            del entry["unit"]
    seen: set[tuple[str, str]] = set()
    unique = []
    for c in conveners:
        entry = c.value if isinstance(c, Todo) else c
        if (entry["role"], entry["post"]) not in seen:
            seen.add((entry["role"], entry["post"]))
            unique.append(c)
    if unique:
        s["conveners"] = unique
    else:
        review.add("missing", f"{s['key']}: no 召集人", f"{s['key']}：未找到召集人")
    if conv_pars:
        s["conveners_text"] = conv_pars
    office = _office(everything + _report_pars(parsed), members, s["key"], review)
    if office:
        s["office"] = office
    if office_pars:
        s["office_text"] = office_pars
    elif unit_pars and office:
        s["office_text"] = Todo([], "办公室的句子不在成员单位一节中", todo=False)
    m = _search(r"联络员由([^，,。；;]{1,60}?)担任", everything) or _search(
        r"(各成员单位[^，,。；;]*?明确[0-9一二两三]名联络员)", everything
    )
    if m:
        s["liaisons"] = {"rule": m[1]}
    # 职责分工
    other, unplaced = _unit_duties(sec.get("unit_duties", []), members, review, s["key"])
    if unplaced:
        s["other_duties"] = Todo(
            other or None, "职责分工中未写明单位的段落：" + "；".join(unplaced)
        )
    elif other:
        s["other_duties"] = other
    if "units" in s:
        s["units"] = _unit_entries(s["units"])

    rules_intro, rules, rules_style = read_list(sec.get("rules", []), verbatim=True)
    if rules_intro:
        rules.insert(0, rules_intro)
    if rules:
        r: dict[str, Any] = {}
        joined = "".join(rules)
        plenary = re.search(
            r"(?:每年(?:至少)?召开\s*([0-9一两二三])\s*次(?:全体)?会议)|"
            r"(?:全体会议(?:原则上)?每年(?:至少)?召开\s*([0-9一两二三])\s*次)|"
            r"(?:联席会议原则上每年(?:至少)?召开\s*([0-9一两二三])\s*次)",
            joined,
        )
        if plenary:
            r["plenary_per_year"] = cn_number(next(g for g in plenary.groups() if g))
        if "纪要" in joined:
            r["minutes"] = True
        r["text"] = rules
        s["rules"] = r
    _, requirements, req_style = read_list(sec.get("requirements", []), verbatim=True)
    if requirements:
        s["requirements"] = requirements
    headings = {k: v for k, v in sys_text.headings.items() if v != _DEFAULT_HEADINGS.get(k)}
    headings.pop("roster", None)
    headings.pop("office", None)
    if headings:
        s["headings"] = headings
    layout = {}
    if style and style != "inline":
        layout["duties"] = style
    if rules_style and rules_style != "paragraphs":
        layout["rules"] = rules_style
    if req_style and req_style != "paragraphs":
        layout["requirements"] = req_style
    if layout:
        s["layout"] = layout
    if _is_report(parsed):
        meeting, history = _meeting(parsed, members, review)
        if meeting:
            s["meetings"] = [meeting]
        if history:
            s["history"] = [history]
    else:
        history = _adjustment(everything, ctx)
        if history:
            s["history"] = [history]
    return s


_DEFAULT_HEADINGS = {
    "duties": "主要职责",
    "units": "成员单位",
    "rules": "工作规则",
    "requirements": "工作要求",
    "unit_duties": "职责分工",
}
_TOPICS = ["知识产权", "质量", "标准化", "计量", "食品安全", "安全生产", "消费", "价格", "反垄断"]
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
}


def _key(name: str, index: int, review: Review) -> str:
    for word, key in _KEYS.items():
        if word in name:
            return key
    review.add(
        "guessed",
        f"key system{index + 1} for {name}: give it a short English key",
        f"{name} 的 key 暂定为 system{index + 1}，请改为简短的英文 key",
    )
    return f"system{index + 1}"


def _units(
    paragraphs: list[str], key: str, ctx: Context
) -> tuple[list[Any], int | None, str | None, list[str], str | None]:
    """(units, declared count, units_sentence, the section's other paragraphs, lead unit)."""
    for i, p in enumerate(paragraphs):
        m = _UNITS.search(p) or _UNITS_ALT.search(p)
        if not m:
            continue
        items = split_outside_brackets(m["list"], "、，,；;")
        count = cn_number(m.group(3)) if m.re is _UNITS and m.group(3) else None
        end = p.find("。", m.end())
        end = len(p) if end < 0 else end + 1
        sentence_text = p[:end]
        lead_m = re.search(
            r"[，,]\s*([^，,。；;]{1,60}?)为牵头单位", sentence_text[m.end() - m.start() :]
        )
        lead_m = lead_m or re.search(r"[，,]\s*([^，,。；;]{1,60}?)为牵头单位", sentence_text)
        lead = lead_m[1].strip() if lead_m else None
        pattern = _braces(p[: m.start("list")]) + "{units}" + _braces(p[m.end("list") : end])
        if count is not None and m.group(3):
            pattern = pattern.replace(m.group(3), "{count}", 1)
        if lead:
            pattern = pattern.replace(_braces(lead) + "为牵头单位", "{lead}为牵头单位", 1)
        rest_text = p[end:].strip()
        others = paragraphs[:i] + ([rest_text] if rest_text else []) + paragraphs[i + 1 :]
        ctx.review.add(
            "found",
            f"{key}: {len(items)} units" + (f" (declared {count})" if count else ""),
            f"{key}：成员单位{len(items)}个" + (f"（声明{count}个）" if count else ""),
        )
        return _unit_items(items, ctx), count, pattern, others, lead
    return [], None, None, paragraphs, None


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
        k = unit_key(name)
        if k in seen:
            ctx.review.add(
                "found", f"{name} listed twice; kept once", f"{name} 重复列出，只保留一次"
            )
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
            _Comment(
                f"原文如此：第一个单位之后省略了“{first_prefix}”字：{'、'.join(omitted[:6])}"
                + ("等" if len(omitted) > 6 else "")
            ),
        )
    return out


class _Comment:
    """A comment line inside a list."""

    def __init__(self, text: str) -> None:
        self.text = text


def _unit_entries(units: list[Any]) -> list[Any]:
    """Units with no duty and no member collapse to their name; groups stay mappings."""
    out = []
    for u in units:
        if isinstance(u, dict) and set(u) == {"name"}:
            out.append(u["name"])
        else:
            out.append(u)
    return out


def _office(
    texts: list[str], members: list[dict[str, Any]], key: str, review: Review
) -> dict[str, Any] | None:
    office: dict[str, Any] = {}
    m = _search(r"办公室(?:设在|设于)([^，,。；;]{1,60})", texts) or _search(
        r"办公地点设在([^，,。；;]{1,60})", texts
    )
    if m:
        unit = m[1].strip()
        printed = _is_member(unit, members) or _match_unit(unit, members)
        if printed or not members:
            office["unit"] = printed or unit
        else:
            office["unit"] = Todo(
                None, f"原文办公室设在“{unit}”，不在成员单位名单中，请核对后填写 unit"
            )
            review.add(
                "missing",
                f"{key}: office unit {unit} is not in the list",
                f"{key}：办公室所在单位 {unit} 不在成员单位名单中",
            )
    m = _search(r"办公室主任由([^，,。；;]{1,60}?)(?:担任|兼任)", texts)
    if m:
        office["director"] = m[1].strip()
    return office or None


def _roster(lines: list[str], members: list[dict[str, Any]], review: Review, key: str) -> list[Any]:
    """召集人 from a 成员名单 (each 成员 is attached to its unit in MEMBERS): `召 集 人:张 工  市场监管总局局长`."""
    conveners: list[Any] = []
    role = "member"
    for line in lines:
        m = re.match(r"^([总副]?\s*召\s*集\s*人|成\s*员)\s*[:：]\s*(.*)$", line)
        if m:
            label = _compact(m[1])
            role = _ROLES.get(label, "member")
            line = m[2]
        tokens = line.split()
        if not tokens:
            continue
        person: str | None
        if len(tokens) >= 2:
            person, post = "".join(tokens[:-1]), tokens[-1]
        else:
            person, post = _split_name_post(tokens[0], members)
        if not re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", person or ""):
            review.add(
                "missing",
                f"{key}: roster line not understood: {line}",
                f"{key}：成员名单中这一行未能识别：{line}",
            )
            continue
        unit = _match_unit(post, members)
        if role != "member":
            entry = {"role": role, "post": post, "name": person}
            if unit:
                entry["unit"] = unit
            conveners.append(entry)
        elif unit:
            target = next(u for u in members if u["name"] == unit)
            target["member"] = {"name": person, "post": post}
        else:
            review.add(
                "missing",
                f"{key}: roster member {person} ({post}) matches no unit",
                f"{key}：成员 {person}（{post}）对不上成员单位",
            )
    return conveners


def _split_name_post(text: str, members: list[dict[str, Any]]) -> tuple[str | None, str]:
    for u in sorted(members, key=lambda u: -len(u["name"])):
        pos = text.find(u["name"])
        if pos > 0:
            return text[:pos], text[pos:]
    return None, text


def _unit_duties(
    paragraphs: list[str], members: list[dict[str, Any]], review: Review, key: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Attach each `单位：职责` line to its member; the rest are other_duties, or unplaced text."""
    other: list[dict[str, Any]] = []
    unplaced: list[str] = []
    for p in paragraphs:
        m = re.match(r"^([^：:。]{2,40}?)[：:](.+)$", p)
        if not m:
            unplaced.append(p)
            review.add(
                "missing",
                f"{key}: a 职责分工 paragraph names no unit: {p[:30]}…",
                f"{key}：职责分工中有一段未写明单位：{p[:30]}……",
            )
            continue
        who, duty = m[1].strip(), m[2].strip()
        target = _is_member(who, members)
        if target:
            next(u for u in members if u["name"] == target)["duty"] = duty
        else:
            other.append({"units": split_outside_brackets(who, "，,、"), "duty": duty})
    return other, unplaced


# ---------------------------------------------------------------------------------------------
# A news report of a meeting.

_REPORT_TITLE = re.compile(r"联席会议.{0,12}(召开|举行)$")


def _is_report(parsed: Parsed) -> bool:
    return parsed.title is None and _report_title(parsed) is not None


def _report_title(parsed: Parsed) -> str | None:
    return next((_compact(x) for x in parsed.lines if _REPORT_TITLE.search(_compact(x))), None)


def _report_pars(parsed: Parsed) -> list[str]:
    if not _is_report(parsed):
        return []
    title = _report_title(parsed)
    lines = [_compact(x) for x in parsed.lines]
    start = lines.index(title) + 1 if title in lines else 0
    return [x for x in lines[start:] if len(x) > 20]


def _report_units(parsed: Parsed, lead: str | None, review: Review) -> list[Any]:
    units: list[Any] = [lead] if lead else []
    m = _search(r"([^，,。；;]{1,60}?)作了工作情况汇报", _report_pars(parsed))
    if m:
        for name in split_outside_brackets(_after_clause(m[1]), "、，,"):
            if name not in units:
                units.append(name)
    if units:
        units.insert(0, _Comment("TODO 报道只点名了这些单位，请依据制度文件补全成员单位名单"))
        review.add(
            "guessed",
            "units: only those the report names",
            "成员单位：只有报道中点名的单位",
        )
    return units


def _meeting(
    parsed: Parsed, members: list[dict[str, Any]], review: Review
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    title = _report_title(parsed) or ""
    pars = _report_pars(parsed)
    year_m = re.match(r"^(\d{4})年", title)
    year = int(year_m[1]) if year_m else (parsed.publish_date.year if parsed.publish_date else None)
    day = _search(r"(\d{1,2})月(\d{1,2})日", pars)
    date = None
    if year and day:
        try:
            date = dt.date(year, int(day[1]), int(day[2]))
        except ValueError:
            date = None
    if date is None:
        review.add("missing", "the meeting's date", "会议日期")
        return None, None
    meeting: dict[str, Any] = {"date": date}
    kind = "plenary"
    if "专题" in title:
        kind = "thematic"
    elif "联络员" in title:
        kind = "liaison"
    meeting["kind"] = kind
    meeting["title"] = re.sub(r"(召开|举行)$", "", title)
    place = _search(r"在([^，,。；;]{2,12}?)(?:召开|举行)", pars)
    if place:
        meeting["place"] = place[1]
    chair = _search(r"([^，,。；;]{1,60}?)主持(?:会议|召开)", pars)
    if chair:
        post, name = split_person(_after_clause(chair[1]))
        meeting["chair"] = {"name": name, "post": post} if name else {"post": post}
    reporters = []
    m = _search(r"([^，,。；;]{1,60}?)就有关工作作了通报", pars)
    if m:
        post, name = split_person(m[1])
        person: dict[str, Any] = {"post": post}
        if name:
            person = {"name": name, "post": post}
        unit = _match_unit(post, members)
        if unit:
            person["unit"] = unit
        reporters.append(person)
    m = _search(r"([^，,。；;]{1,60}?)作了工作情况汇报", pars)
    if m:
        reporters += [{"unit": u} for u in split_outside_brackets(_after_clause(m[1]), "、")]
    if reporters:
        meeting["reporters"] = reporters
    attendees = []
    for pattern in (r"([^，,。；;]{1,60}?)出席会议", r"([^，,。；;]{1,60}?)参加会议"):
        m = _search(pattern, pars)
        if m:
            post, name = split_person(_after_clause(m[1]))
            attendees.append({"name": name, "post": post} if name else {"post": post})
    if attendees:
        meeting["attendees"] = attendees
    decisions = []
    summary = []
    for p in pars:
        items = _YISHI.findall(p)
        if len(items) >= 2:
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
        else:
            summary.append(p)
    meeting["summary"] = [x for x in summary if x]
    if decisions:
        meeting["decisions"] = Todo(
            decisions, "议定事项按原文“一是……二是……”拆分，请核对责任单位和时限"
        )
    source = parsed.meta.get("source")
    if source:
        meeting["source"] = source + (
            f" {parsed.publish_date.isoformat()} 报道" if parsed.publish_date else ""
        )
    review.add("found", f"a meeting on {date.isoformat()}", f"会议记录 {date.isoformat()}")
    history = None
    m = _search(r"决定调整[^。]*。", pars)
    if m:
        history = {"date": date, "kind": "adjusted", "note": m[0].rstrip("。")}
    return meeting, history


def _adjustment(texts: list[str], ctx: Context) -> dict[str, Any] | None:
    added: list[str] = []
    removed: list[str] = []
    for t in texts:
        for m in re.finditer(r"增加([^。；;]{1,200}?)为(?:联席会议)?成员单位", t):
            added += split_outside_brackets(_after_clause(m[1]) or m[1], "、，,和")
        for m in re.finditer(r"([^。；;]{1,200}?)不再(?:作为|担任|是)(?:联席会议)?成员单位", t):
            removed += split_outside_brackets(_after_clause(m[1]), "、，,和")
    if not (added or removed) or ctx.date is None:
        return None
    entry: dict[str, Any] = {"date": ctx.date, "kind": "adjusted"}
    if ctx.number:
        entry["document"] = ctx.number
    if added:
        entry["units_added"] = added
    if removed:
        entry["units_removed"] = removed
    ctx.review.add(
        "found",
        f"an adjustment: +{len(added)} −{len(removed)} units",
        f"调整：增加{len(added)}个、减少{len(removed)}个成员单位",
    )
    return entry


# ---------------------------------------------------------------------------------------------
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
        review.add(
            "missing", f"text cut at {MAX_CHARS} characters", f"文本超过{MAX_CHARS}字，已截断"
        )
    parsed = structure(clean_text(text))
    doc: dict[str, Any] = {}
    number = None
    for candidate in [parsed.meta.get("文号", ""), *parsed.head, *parsed.lines[:40]]:
        found = _document_number(candidate)
        if found:
            number, printed = found
            if printed != number:
                review.add(
                    "guessed",
                    f"文号 {number} (printed {printed})",
                    f"文号 {number}（原文 {printed}）",
                )
            break
    date = parse_date(parsed.date_line or "") or parse_date(parsed.meta.get("发文日期", ""))
    if number and date and f"〔{date.year}〕" not in number:
        review.add(
            "missing",
            f"文号 {number} does not match the year {date.year}; left as a TODO",
            f"文号 {number} 与成文年份 {date.year} 不符，留作 TODO",
        )
        number = None
    if parsed.title:
        kind = re.search(r"的(通知|函|意见|决定|批复|通报|报告|复函|公告)$", parsed.title)
        doc["kind"] = kind[1] if kind else None
        issuer = parsed.signature or parsed.meta.get("发布机构")
        prefix = parsed.title.split("关于")[0]
        if not issuer and prefix:
            issuer = prefix
        if not issuer:
            issuer = next((_compact(x) for x in parsed.head if _is_org_line(x)), None)
        doc["issuer"] = issuer
        doc["number"] = number
        doc["date"] = date
        doc["title"] = parsed.title
        if parsed.addressees:
            doc["addressees"] = parsed.addressees
        body = _join_broken(parsed.body)
        if body and parsed.systems and not parsed.attachments and not parsed.systems[0].title:
            doc["preamble"] = body[0]
            body = body[1:]
        if body:
            doc["body"] = body
        if parsed.attachments:
            doc["attachments"] = parsed.attachments
        if parsed.signature:
            doc["signature"] = parsed.signature
        if parsed.note:
            doc["note"] = parsed.note
        doc = {k: v for k, v in doc.items() if v is not None}
        facts = [str(doc[k]) for k in ("kind", "issuer", "number", "date") if k in doc]
        review.add("found", "document: " + " · ".join(facts), "文件：" + " · ".join(facts))
        for what, en, zh in (
            ("number", "文号", "文号"),
            ("date", "成文日期", "成文日期"),
            ("issuer", "发文机关", "发文机关"),
        ):
            if what not in doc:
                review.add("missing", en, zh)
    juris = jurisdiction or _jurisdiction_of(
        doc.get("issuer"),
        *(s.name for s in parsed.systems),
        parsed.meta.get("source"),
        parsed.title,
    )
    if not jurisdiction:
        if juris:
            review.add("guessed", f"jurisdiction {juris}", f"行政区 {juris}")
        else:
            review.add(
                "missing", "jurisdiction: give --jurisdiction", "行政区：请用 --jurisdiction 指定"
            )
    ctx = Context(review, juris, date, number)
    if not parsed.systems and _is_report(parsed):
        title = _report_title(parsed) or ""
        name = re.sub(
            r"^\d{4}年第[一二三四五六七八九十]+次", "", re.sub(r"(召开|举行)$", "", title)
        )
        parsed.systems.append(SystemText(name=name + "制度"))
    if not parsed.systems and parsed.lines:
        # No heading: read the whole text as one system.
        name = next((_compact(x) for x in parsed.lines if _is_system_title(x)), "")
        name = name or _system_of_title(parsed.title) or ""
        parsed.systems.append(SystemText(name=name or "联席会议制度", loose=[]))
        parsed.systems[0].sections["units"] = [x for x in parsed.body if "组成" in x]
        parsed.systems[0].preamble = []
        review.add(
            "missing",
            "no system headings: read the text as one system",
            "未找到制度标题：整篇按一个制度读取",
        )
    systems = [read_system(s, parsed, ctx, i) for i, s in enumerate(parsed.systems)]
    keys: set[str] = set()
    for s in systems:
        base, n = s["key"], 2
        while s["key"] in keys:
            s["key"] = f"{base}{n}"
            n += 1
        keys.add(s["key"])
    if not re.match(ID_PATTERN, ident):
        review.add(
            "guessed",
            f"id {ident!r} is not valid; using draft",
            f"id {ident!r} 不合格式，改用 draft",
        )
        ident = "draft"
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
    for s in systems:
        review.add(
            "found",
            f"system {s['key']}: {s['name']}",
            f"制度 {s['key']}：{s['name']}",
        )
    data = _prune(data)
    yaml_text = dump(data)
    return Draft(yaml_text, _plain(data), review, _check(yaml_text, ident))


def _check(text: str, ident: str) -> list[dg.Diagnostic]:
    from lianxi.checks import Context as CheckContext
    from lianxi.checks import run_checks
    from lianxi.loader import load_text

    return run_checks(load_text(text, f"{ident}.yaml"), CheckContext())


def _prune(value: Any) -> Any:
    """Empty strings out of every list and mapping: a draft never holds an empty name or item."""
    if isinstance(value, Todo):
        value.value = _prune(value.value)
        return value
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if not _blank(v)}
    if isinstance(value, list):
        return [_prune(v) for v in value if not _blank(v)]
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(value: Any) -> bool:
    return isinstance(value, str) and not value.strip()


def _plain(value: Any) -> Any:
    if isinstance(value, Todo):
        return _plain(value.value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if _plain(v) is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value if not isinstance(v, _Comment)]
    return value


# ---------------------------------------------------------------------------------------------
# YAML with comments.

HEADER = "# yaml-language-server: $schema=../schema/lianxi.schema.json\n"


def _emit(value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, Todo):
                yield f"{pad}# {v.comment}"
                v = v.value
                if v is None:
                    continue
            if v is None:
                continue
            if isinstance(v, dict | list) and not v:
                yield f"{pad}{k}: {'{}' if isinstance(v, dict) else '[]'}"
            elif isinstance(v, dict | list):
                yield f"{pad}{k}:"
                yield from _emit(v, indent + 2)
            else:
                yield f"{pad}{k}: {dump_scalar(v)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, _Comment):
                yield f"{pad}# {item.text}"
                continue
            if isinstance(item, Todo):
                yield f"{pad}# {item.comment}"
                item = item.value
            if isinstance(item, dict) and item:
                lines = list(_emit(item, indent + 2))
                first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
                yield from lines[:first]
                yield f"{pad}- {lines[first].lstrip()}"
                yield from lines[first + 1 :]
            elif isinstance(item, list):
                yield f"{pad}- {dump_scalar(_plain(item))}"
            else:
                yield f"{pad}- {dump_scalar(item)}"


def dump(data: dict[str, Any]) -> str:
    return HEADER + "\n".join(_emit(data, 0)) + "\n"


# ---------------------------------------------------------------------------------------------
# Bytes as found on disk or on stdin.


def decode(data: bytes, file: str, review: Review) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (what Chinese sites use).

    Raises LianxiError for an empty input (LX008), binary content (LX009) or one over the size
    limit (LX006)."""
    from lianxi.loader import MAX_BYTES

    if len(data) > MAX_BYTES:
        raise dg.LianxiError(dg.problem("LX006/input", file, 0, 0, size=len(data), limit=MAX_BYTES))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if not data.strip():
        raise dg.LianxiError(dg.problem("LX008/input", file, 0, 0))
    if b"\x00" in data[:65536]:
        raise dg.LianxiError(dg.problem("LX009/input", file, 0, 0))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("gb18030", errors="replace")
    review.add("guessed", "encoding GB18030 (not UTF-8)", "编码按 GB18030 读取（不是 UTF-8）")
    return text


def review_text(draft: Draft, file: str, output: str, lang: str = "en") -> str:
    """The review for stderr: what was found, guessed and missed, and how the draft checks."""
    zh = lang == "zh"
    lines = [f"lianxi import: {file} → {output}"]
    labels = (
        ("found", "找到", "found"),
        ("guessed", "推测", "guessed"),
        ("missing", "未找到", "missing"),
    )
    for attr, zh_label, en_label in labels:
        label = f"{zh_label}：" if zh else f"{en_label:<8} "
        items = getattr(draft.review, f"{attr}_zh" if zh else attr)
        lines.extend(f"  {label}{item}" for item in items)
    errors = len(draft.errors)
    warnings = len(draft.diagnostics) - errors
    todos = draft.text.count("# TODO")
    if zh:
        lines.append(f"  检查     {errors} 个错误，{warnings} 个警告，{todos} 处 TODO")
    else:
        lines.append(f"  check    {errors} errors, {warnings} warnings, {todos} TODO comments")
    return "\n".join(lines)
