"""Text as found on the web, made plain: bytes decoded, HTML and chrome removed, 汉字 numbers and dates read."""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.importer.review import Review
from lianxi.names import unit_key

MAX_CHARS = 2_000_000  # a notice is a few thousand characters; this is far beyond any real one

# ---------------------------------------------------------------------------------------------
# Cleaning text into lines.

_SCRIPT = re.compile(r"<(script|style)\b", re.I)
_BLOCK = re.compile(
    r"<\s*(?:/\s*)?(?:br|p|div|tr|li|h[1-6]|table|section|article|ul|ol)\b[^<>]*>", re.I
)
_CELL = re.compile(r"<\s*(?:/\s*)?t[dh]\b[^<>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z!][^<>]*>")
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")
SPACE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b\ufeff]+")
_CHROME = re.compile(
    r"^(今天是|您当前的位置|投诉电话|咨询热线|服务热线|举报电话|当前位置|您现在的位置|发布时间|来源[:：]|字体|"
    r"【?版权|更多好文|微信|QQ客服|电话客服|返回顶部|打印|关闭|分享到|扫一扫|您是本网站|"
    r"网站地图|联系我们|主办单位|承办单位|技术支持|ICP|京ICP|地址[:：]|相关行业分析|上一篇|下一篇|"
    r"责任编辑|浏览次数|阅读次数|附件下载)"
)
_CHROME_ANY = re.compile(r"版权所有|访客|公众号|ICP备|网安备|Copyright", re.I)
_PHONE = re.compile(r"^[0-9\-－—()（）\s+]{5,}$")
SENTENCE_END = "。；;：:！？!?”」）)"
PUNCT = "，,。；;：:、！？!?"


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


def compact(line: str) -> str:
    return SPACE.sub("", line)


def is_chrome(line: str) -> bool:
    c = compact(line)
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


def is_date_line(line: str) -> bool:
    c = compact(line)
    m = _DATE.fullmatch(c) or _ISO.fullmatch(c)
    return bool(m) and parse_date(c) is not None


NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[【(（［]\s*((?:19|20)\d{2})\s*[〕\]】)）］]\s*(第?)\s*(\d{1,6})\s*号"
)


def document_number(text: str) -> tuple[str, str] | None:
    """(normalized 文号, as printed): 〔〕 brackets, no 第, no leading zeros."""
    m = NUMBER.search(unicodedata.normalize("NFKC", text).replace("〔", "〔"))
    if not m:
        return None
    return f"{m[1]}〔{m[2]}〕{int(m[4])}号", m[0]


def _member_index(units: list[dict[str, Any]]) -> dict[str, str]:
    return {unit_key(u["name"]): u["name"] for u in units}


def match_unit(text: str, units: list[dict[str, Any]]) -> str | None:
    """The member named at the start of TEXT (longest first), as printed in the list."""
    t = names.clean(text)
    best = None
    for u in units:
        for form in {names.clean(u["name"]), names.split_plates(u["name"])[0]}:
            if form and t.startswith(form) and (best is None or len(form) > best[0]):
                best = (len(form), u["name"])
    return best[1] if best else None


def is_member(name: str, units: list[dict[str, Any]]) -> str | None:
    return _member_index(units).get(unit_key(name))


def search_first(pattern: str, texts: Iterable[str]) -> re.Match[str] | None:
    for t in texts:
        m = re.search(pattern, t)
        if m:
            return m
    return None


_STOPS = "，,。；;"


def clauses_before(
    pattern: str, texts: Iterable[str], limit: int = 60, stops: str = _STOPS
) -> Iterator[tuple[str, re.Match[str]]]:
    """(clause, match) for each PATTERN in TEXTS with the clause that leads up to it.

    The clause runs back to the nearest of STOPS, at most LIMIT characters: what
    `([^STOPS]{1,LIMIT}?)PATTERN` would capture, found without trying every start position."""
    compiled = re.compile(pattern)
    for t in texts:
        for m in compiled.finditer(t):
            start = max(0, m.start() - limit)
            cut = max(t.rfind(c, start, m.start()) for c in stops)
            clause = t[max(start, cut + 1) : m.start()]
            if clause:
                yield clause, m


def clause_before(
    pattern: str, texts: Iterable[str], limit: int = 60, stops: str = _STOPS
) -> str | None:
    """The first clause that leads up to PATTERN (see `clauses_before`)."""
    return next((c for c, _ in clauses_before(pattern, texts, limit, stops)), None)


def after_clause(text: str) -> str:
    """The last clause of TEXT: what follows its last punctuation mark."""
    return re.split(r"[，,。；;：:]", text)[-1].strip()


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
    review.guess("encoding GB18030 (not UTF-8)", "编码按 GB18030 读取（不是 UTF-8）")
    return text
