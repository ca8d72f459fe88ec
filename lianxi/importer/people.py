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


def read_conveners(paragraphs: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in paragraphs:
        for clause in re.split(r"[，,；;。]", p):
            clause = clause.strip()[-200:]  # a match spans at most 140 characters before the end
            if "召集人" not in clause:
                continue
            m = re.search(r"(?:由)?(.{1,120}?)(?:担任|兼任|任)(总召集人|副召集人|召集人)$", clause)
            if m:
                text = re.sub(r"^(?:联席会议|会议)?由", "", m[1])
                out += [{"role": ROLES[m[2]], "post": post} for post in split_posts(text)]
                continue
            m = re.search(r"(总召集人|副召集人|召集人)由(.{1,120}?)(?:同志)?(?:担任|兼任)$", clause)
            if m:
                for post in split_posts(m[2]):
                    post, name = split_person(post)
                    entry = {"role": ROLES[m[1]], "post": post}
                    if name:
                        entry["name"] = name
                    out.append(entry)
    return out


def read_roster(
    lines: list[str], members: list[dict[str, Any]], review: Review, key: str
) -> list[Any]:
    """召集人 from a 成员名单 (each 成员 is attached to its unit in MEMBERS): `召 集 人:张 工  市场监管总局局长`."""
    conveners: list[Any] = []
    role = "member"
    for line in lines:
        m = re.match(r"^([总副]?\s*召\s*集\s*人|成\s*员)\s*[:：]\s*(.*)$", line)
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
