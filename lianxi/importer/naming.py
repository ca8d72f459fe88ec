"""A system's name, jurisdiction and level, from the title, the body and the issuer."""

from __future__ import annotations

import re

from lianxi.model import Level

GENERIC = "联席会议制度"
_VERB = r"(?:同意|批准|决定)?(?:调整设立|调整完善|建立|设立|成立|印发|调整|完善)?"
#: `关于建立X制度的通知`, `关于印发《X制度》的通知`
_OF_TITLE = re.compile(r"关于" + _VERB + r"《?([^《》]{1,80}?制度)")
#: `建立X联席会议（以下简称联席会议）制度`, `同意建立由民政部牵头的X联席会议制度`
_IN_BODY = re.compile(
    r"(?:建立|设立|成立|完善|修改|修订)(?:由[^，,。；;]{1,30}?牵头(?:负责)?的)?"
    r"([^，,。；;《》：:]{2,60}?联席会议)"
    r"(?:[（(]以下简称[^）)]{1,20}[）)])?(工作)?制度"
)
_LEADING_VERB = re.compile(r"^" + _VERB + r"(?:由[^，,。；;]{1,30}?牵头(?:负责)?的)?")
#: a headline around the name: `合水县政府常务会讨论修订社会救助部门联席会议制度`
_HEADLINE_VERB = re.compile(r"^.{0,30}(?:讨论修订|讨论修改|讨论通过|审议通过|研究修订)")
#: 该县 in `讨论修改该县社会救助部门联席会议制度`: the jurisdiction the text speaks of
_DEICTIC = re.compile(r"^(?:该|本|我)(?:省|市|县|区|州|旗)")
_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,7}?(?:自治区|自治州|省|市|盟|州|县|旗))")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def system_of_title(title: str | None) -> str | None:
    """The system a `关于建立……制度的通知` title names."""
    m = _OF_TITLE.search(title or "")
    return m[1] if m and "联席会议" in m[1] else None


def names_in_body(texts: list[str]) -> list[str]:
    """Every `建立X联席会议（以下简称联席会议）制度` in TEXTS, in order."""
    return [m[1] + (m[2] or "") + "制度" for t in texts for m in _IN_BODY.finditer(t)]


def best_name(candidates: list[str | None], jurisdiction: str | None) -> str:
    """The first name that says more than 联席会议制度, lengthened where another candidate ends
    with it (`农村留守…制度` → `陇南市农村留守…制度`), with 该县 read as the jurisdiction."""
    names = [_HEADLINE_VERB.sub("", c) for c in candidates if c]
    names = [_LEADING_VERB.sub("", c).strip("《》") for c in names]
    names = [n for n in names if len(n) > len(GENERIC) and "联席会议" in n]
    if not names:
        return GENERIC
    name = names[0]
    longer = [n for n in names if n.endswith(name) and len(n) > len(name)]
    if longer:
        name = max(longer, key=len)
    if jurisdiction and _DEICTIC.match(name):
        name = jurisdiction + name[2:]
    return name


def jurisdiction_of(issuer: str | None, *texts: str | None) -> str | None:
    """The place whose system it is: the issuing government's, else the first place named."""
    if issuer and issuer.startswith("国务院"):
        return "国务院"
    if issuer and "人民政府" in issuer:
        place = issuer.split("人民政府")[0]
        if len(place) >= 3 and _PLACE.match(place):
            return place
    for text in (issuer, *texts):
        if not text:
            continue
        if text.startswith("国务院"):
            return "国务院"
        m = _PLACE.match(text)
        if m and not m[1].startswith(("全国", "全市", "全省", "各", "该", "本", "我")):
            return m[1]
    return None


def level_of(jurisdiction: str | None, names: str, text: str) -> Level:
    """部际 and the State Council are national, 厅际 and provinces provincial, 县, 区 and a city
    whose subordinates are 镇 and 街道 county, any other city a city."""
    place = jurisdiction or ""
    if "部际" in names or "部省际" in names or place.startswith("国务院"):
        return Level.national
    if "厅际" in names or place.endswith(("省", "自治区")) or place in _MUNICIPALITIES:
        return Level.provincial
    if place.endswith(("县", "旗", "区")) or "县级" in text:
        return Level.county
    if (
        place.endswith("市")
        and re.search(r"各(?:乡)?镇|街道办事处|各镇", text)
        and "各县" not in text
    ):
        return Level.county
    return Level.city
