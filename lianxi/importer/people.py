"""Conveners and members: posts and names in sentences and in a 成员名单 roster."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lianxi.importer.review import Review
from lianxi.importer.text import compact, match_unit

ROLES = {"总召集人": "chief_convener", "副召集人": "deputy_convener", "召集人": "convener"}
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


_ROLE = "(总召集人|副召集人|召集人)"
#: `由X担任召集人`, `X担任联席会议召集人`
_SERVES = re.compile(r"(.{1,120}?)(?:担任|兼任|任)(?:联席会议)?" + _ROLE + "$")
#: `召集人由X担任`
_SERVED_BY = re.compile(_ROLE + r"由(.{1,120}?)(?:同志)?(?:担任|兼任)$")
#: `总召集人为常务副区长`, `(一)召集人：市政府分管民政工作的副市长`
_IS = re.compile(_ROLE + r"(?:为|[:：])(.{2,60})$")
#: a report's `文化部部长、全国文物安全工作部际联席会议召集人蔡武出席会议`
_REPORTED = re.compile(
    r"^([^、]{2,30})、[^、]{0,40}?" + _ROLE + r"[\u4e00-\u9fff]{2,4}?(?:出席|主持|参加|指出|强调)"
)


def read_conveners(paragraphs: Iterable[str]) -> list[dict[str, Any]]:
    """召集人 in sentences: `由X担任召集人`, `召集人由X担任`, `总召集人为X`, `召集人：X`."""
    out: list[dict[str, Any]] = []
    for p in paragraphs:
        for clause in re.split(r"[，,；;。]", p):
            clause = clause.strip()[-200:]  # a match spans at most 140 characters before the end
            if "召集人" in clause:
                out += _clause_conveners(clause)
    return out


def _clause_conveners(clause: str) -> list[dict[str, Any]]:
    m = _SERVES.search(clause)
    if m:
        text = m[1].split("由", 1)[-1]
        return [{"role": ROLES[m[2]], "post": post} for post in split_posts(text)]
    m = _SERVED_BY.search(clause) or _IS.search(clause)
    if m:
        out = []
        for post in split_posts(m[2]):
            post, name = split_person(post)
            entry = {"role": ROLES[m[1]], "post": post}
            if name:
                entry["name"] = name
            out.append(entry)
        return out
    m = _REPORTED.search(clause)
    return [{"role": ROLES[m[2]], "post": m[1]}] if m else []


#: a roster line's label: `召 集 人:`, `总召集人 杨秋红 …`, `成 员:` (a colon, or a space)
ROSTER_LABEL = re.compile(r"^([总副]?\s?召\s?集\s?人|成\s?员)(?:\s?[:：]\s?|\s)(.*)$")
#: the titles a post ends with, longest first: `市关工委办公室主任` → 市关工委
_TITLES = sorted(
    [
        "办公室主任",
        "纪检组长",
        "主任督学",
        "副巡视员",
        "巡视员",
        "总会计师",
        "总统计师",
        "厅长助理",
        "总队长",
        "副总队长",
        "秘书长",
        "副秘书长",
        "局长",
        "副局长",
        "主任",
        "副主任",
        "部长",
        "副部长",
        "厅长",
        "副厅长",
        "主席",
        "副主席",
        "书记",
        "副书记",
        "市长",
        "副市长",
        "省长",
        "副省长",
        "县长",
        "副县长",
        "区长",
        "副区长",
        "督学",
        "组长",
        "副组长",
        "负责人",
        "院长",
        "副院长",
        "行长",
        "副行长",
        "署长",
        "副署长",
        "处长",
        "副处长",
        "调研员",
        "副调研员",
        "检察长",
        "副检察长",
    ],
    key=len,
    reverse=True,
)


def unit_of_post(post: str) -> str | None:
    """The unit a post belongs to (`省科技厅厅长助理` → 省科技厅); None for the government itself."""
    title = next((t for t in _TITLES if post.endswith(t) and len(post) > len(t) + 1), None)
    if title is None:
        return None
    unit = post[: -len(title)]
    if unit.endswith(("政府", "国务院")) or unit in ("市", "省", "县", "区"):
        return None
    return unit


def roster_units(lines: list[str]) -> list[str]:
    """The units of a roster's lines, in order, each once (the government itself left out)."""
    out: list[str] = []
    for line in lines:
        m = ROSTER_LABEL.match(line)
        tokens = (m[2] if m else line).split()
        unit = unit_of_post(tokens[-1]) if len(tokens) >= 2 else None
        if unit and unit not in out:
            out.append(unit)
    return out


def read_roster(
    lines: list[str], members: list[dict[str, Any]], review: Review, key: str
) -> list[Any]:
    """召集人 from a 成员名单 (each 成员 is attached to its unit in MEMBERS): `召 集 人:张 工  市场监管总局局长`."""
    conveners: list[Any] = []
    role = "member"
    for line in lines:
        m = ROSTER_LABEL.match(line)
        if m:
            label = compact(m[1])
            role = ROLES.get(label, "member")
            line = m[2]
        tokens = line.split()
        if not tokens:
            continue
        person: str | None
        if len(tokens) >= 2:
            person, post = "".join(tokens[:-1]), tokens[-1]
        else:
            person, post = split_name_post(tokens[0], members)
        if not re.fullmatch(r"[\u4e00-\u9fff·]{2,5}", person or ""):
            review.miss(
                f"{key}: roster line not understood: {line}",
                f"{key}：成员名单中这一行未能识别：{line}",
            )
            continue
        unit = match_unit(post, members)
        if role != "member":
            entry = {"role": role, "post": post, "name": person}
            if unit:
                entry["unit"] = unit
            conveners.append(entry)
        elif unit:
            target = next(u for u in members if u["name"] == unit)
            target["member"] = {"name": person, "post": post}
        else:
            review.miss(
                f"{key}: roster member {person} ({post}) matches no unit",
                f"{key}：成员 {person}（{post}）对不上成员单位",
            )
    return conveners


def split_name_post(text: str, members: list[dict[str, Any]]) -> tuple[str | None, str]:
    for u in sorted(members, key=lambda u: -len(u["name"])):
        pos = text.find(u["name"])
        if pos > 0:
            return text[:pos], text[pos:]
    return None, text
