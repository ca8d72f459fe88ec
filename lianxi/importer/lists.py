"""Lists as printed: items split outside brackets, numbered paragraphs, 一是……二是……."""

from __future__ import annotations

import re

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


ITEM_MARK = re.compile(
    r"^\s*(?:(?P<cn>（[一二三四五六七八九十]{1,3}）)|(?P<ascii>\([一二三四五六七八九十]{1,3}\))|"
    r"(?P<arabic>[0-9０-９]{1,2}\s*[.．、](?!\d))|(?P<cnnum>[一二三四五六七八九十]{1,3}、))\s*"
)
YISHI = re.compile(r"(?:^|(?<=[；;。，,]))\s*[一二三四五六七八九十]{1,3}是")


def _strip_item(text: str) -> str:
    return text.strip().rstrip("。；;，, ")


def _numbered(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The list style of paragraphs that each start with a number, and the items without it."""
    marks = [ITEM_MARK.match(p) for p in paragraphs]
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
    if not ITEM_MARK.match(paragraphs[0]) and paragraphs[0].rstrip().endswith(("：", ":")):
        intro, paragraphs = paragraphs[0].strip(), paragraphs[1:]
    style, items = _numbered(paragraphs)
    if style:
        return intro, [i.strip() for i in items], style
    if len(paragraphs) == 1 and not verbatim:
        text = paragraphs[0].strip()
        if len(YISHI.findall(text)) >= 2:
            head, _, rest = text.partition(YISHI.findall(text)[0].strip())
            parts = [p for p in YISHI.split(rest) if p.strip()]
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
