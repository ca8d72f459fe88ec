"""Unit names: the catalog of government functions and the one normalization every comparison uses.

`normalize` turns a name as printed into its comparison form: traditional → simplified (OpenCC),
full/half-width folding, no whitespace or inline pinyin, plates in brackets set aside, and the
jurisdiction prefix (市, 省, 自治区, 国家, 运城, 連云港 …) removed. `resolve` places a name in the
catalog: its function, the level the name implies, its plates. A name it cannot place resolves to
None; `closest` then offers candidates. Nothing here guesses silently.

Pure: the catalog is package data, read once on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lianxi.model import Level

LEVELS: tuple[Level, ...] = (Level.national, Level.provincial, Level.city, Level.county)


class Function(BaseModel):
    """One canonical government function and every name it goes by."""

    # Built only when catalog.yaml is validated (tests, `write_catalog_json`); at run time the
    # shipped JSON snapshot is trusted and constructed without validation, which keeps start-up fast.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    label: str
    national: list[str] = Field(default_factory=list)
    provincial: list[str] = Field(default_factory=list)
    city: list[str] = Field(default_factory=list)
    county: list[str] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list, description="规范简称")
    aliases: list[str] = Field(default_factory=list, description="俗称、旧式简称")
    plates: list[str] = Field(default_factory=list, description="常见的加挂牌子")
    patterns: list[str] = Field(default_factory=list, description="垂直管理机构的名称规律")
    established: dt.date | None = None
    abolished: dt.date | None = None
    abolished_local: dt.date | None = None
    successor: str | None = None
    note: str | None = None

    def names_at(self, level: Level) -> list[str]:
        return list(getattr(self, level.value))

    def abolished_at(self, level: Level | None) -> dt.date | None:
        """When this function's names stopped being valid at `level` (national date if unknown)."""
        if level is None or level == Level.national:
            return self.abolished
        return self.abolished_local or self.abolished

    def display(self, level: Level | None) -> str:
        """The name to suggest at `level`: the 规范简称 form with the level's prefix."""
        if level == Level.national or level is None:
            return (self.national or self.short or self.city or [self.label])[0]
        names = self.names_at(level) or self.city or self.provincial
        best = min(names, key=len) if names else self.label
        return PREFIX_OF_LEVEL[level] + best


PREFIX_OF_LEVEL = {Level.provincial: "省", Level.city: "市", Level.county: "县"}


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    catalog: int
    functions: list[Function]

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        ids = [f.id for f in self.functions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"function ids used twice: {dupes}")
        for f in self.functions:
            if f.successor is not None and f.successor not in ids:
                raise ValueError(f"{f.id}: successor {f.successor!r} is not a function id")
            for p in f.patterns:
                re.compile(p)
        return self


# ---------------------------------------------------------------------------------------------
# Cleaning: the character-level part of the normalization.

_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+[)）]")
_PLATE = re.compile(r"[(（]([^()（）]+)[)）]")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")


@cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s); ASCII text is returned as is."""
    if text.isascii():
        return text
    return str(_opencc().convert(text))


@cache
def clean(name: str) -> str:
    """Simplified characters, NFKC width folding, no whitespace, no inline pinyin."""
    text = _PINYIN.sub("", _SPACE.sub("", name))
    text = unicodedata.normalize("NFKC", to_simplified(text))
    return text.strip("、，,。;；:：")


def split_plates(name: str) -> tuple[str, tuple[str, ...]]:
    """`市科技局（知识产权局）` → (`市科技局`, (`知识产权局`,)); the name is cleaned first."""
    text = clean(name)
    plates = tuple(p for p in _PLATE.findall(text) if p)
    base = _PLATE.sub("", text) or text
    return base, plates


# ---------------------------------------------------------------------------------------------
# Jurisdiction prefixes.

PROVINCES = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
]
#: Cities of the shipped definitions and other frequent peers; any `XX市` is recognised anyway.
CITIES = [
    "运城",
    "鄂州",
    "连云港",
    "呼和浩特",
    "太原",
    "武汉",
    "南京",
    "苏州",
    "杭州",
    "宁波",
    "深圳",
    "广州",
    "厦门",
    "青岛",
    "大连",
    "成都",
    "西安",
    "长沙",
    "郑州",
    "合肥",
    "济南",
    "石家庄",
    "沈阳",
    "长春",
    "哈尔滨",
    "南昌",
    "福州",
    "南宁",
    "昆明",
    "贵阳",
    "兰州",
    "西宁",
    "银川",
    "乌鲁木齐",
    "拉萨",
    "海口",
]

_PLACE_SUFFIX = "自治区|自治州|地区|省|市|盟|州|县|区|旗"
_LEVEL_OF_SUFFIX = {
    "自治区": Level.provincial,
    "省": Level.provincial,
    "市": Level.city,
    "自治州": Level.city,
    "地区": Level.city,
    "盟": Level.city,
    "州": Level.city,
    "县": Level.county,
    "区": Level.county,
    "旗": Level.county,
}
_PREFIXES: list[tuple[re.Pattern[str], Level | None]] = [
    (re.compile(r"^中共"), None),
    (re.compile(r"^(国家|国务院|中国)"), Level.national),
    (
        re.compile(
            rf"^(?:{'|'.join(PROVINCES)})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?(?:党委|委)?"
        ),
        Level.provincial,
    ),
    (re.compile(rf"^(?:{'|'.join(CITIES)})市?(?:委)?"), Level.city),
    (re.compile(r"^(自治区|省|市|县|区|州|盟|旗)(?:党委|委)?"), None),
    (re.compile(rf"^(?!自治|各)[\u4e00-\u9fff]{{2,4}}?({_PLACE_SUFFIX})(?:党委|委)?"), None),
]
_NATIONAL = 1  # the index of the national prefix in _PREFIXES


def _strips(text: str) -> list[tuple[str, Level | None]]:
    """Every (remainder, level) reachable by removing up to three jurisdiction prefixes."""
    out: list[tuple[str, Level | None]] = [(text, None)]
    frontier: list[tuple[str, Level | None]] = [(text, None)]
    for _ in range(3):
        nxt: list[tuple[str, Level | None]] = []
        for rest, level in frontier:
            for pattern, plevel in _PREFIXES:
                m = pattern.match(rest)
                if not m or m.end() >= len(rest):
                    continue
                found = plevel
                if found is None and m.lastindex:
                    found = _LEVEL_OF_SUFFIX.get(m.group(1))
                item = (rest[m.end() :], level or found)
                if item not in out:
                    out.append(item)
                    nxt.append(item)
        frontier = nxt
    return out


# ---------------------------------------------------------------------------------------------
# The index and resolution.


@dataclass(frozen=True, slots=True)
class Entry:
    function: str
    levels: frozenset[Level]


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a name sits in the catalog."""

    name: str
    function: Function
    stem: str
    level: Level | None  # the level the name implies, None when it does not say
    plates: tuple[str, ...] = ()
    via: str = "name"  # name | alias | pattern


@dataclass(slots=True)
class _Index:
    catalog: Catalog
    by_id: dict[str, Function]
    stems: dict[str, Entry]
    patterns: list[tuple[re.Pattern[str], str]]
    display: list[str] = field(default_factory=list)


_DATES = ("established", "abolished", "abolished_local")


def load_catalog_source() -> Catalog:
    """catalog.yaml, the edited source, validated in full (the catalog's own tests use this)."""
    import yaml

    text = resources.files("lianxi").joinpath("data/catalog.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalog.model_validate(yaml.load(text, Loader=loader))


def catalog_json(cat: Catalog) -> str:
    """The run-time snapshot of a validated catalog: what `catalog.json` must contain."""
    return cat.model_dump_json(indent=1, exclude_defaults=True) + "\n"


def write_catalog_json() -> None:
    """Regenerate lianxi/data/catalog.json after editing catalog.yaml (a test checks it is current)."""
    path = Path(str(resources.files("lianxi").joinpath("data/catalog.json")))
    path.write_text(catalog_json(load_catalog_source()), encoding="utf-8")


def _snapshot() -> Catalog:
    text = resources.files("lianxi").joinpath("data/catalog.json").read_text(encoding="utf-8")
    data = json.loads(text)
    # Every field given, so that model_construct computes no defaults (that is slow in pydantic).
    lists = [k for k, f in Function.model_fields.items() if f.default_factory is list]
    nones = [k for k, f in Function.model_fields.items() if f.default is None]
    functions = []
    for f in data["functions"]:
        for key in _DATES:
            if f.get(key):
                f[key] = dt.date.fromisoformat(f[key])
        full = {**dict.fromkeys(nones), **{k: [] for k in lists}, **f}
        functions.append(Function.model_construct(**full))
    return Catalog.model_construct(catalog=data["catalog"], functions=functions)


@cache
def catalog() -> _Index:
    """Load the shipped catalog snapshot and index every name it knows."""
    cat = _snapshot()
    stems: dict[str, Entry] = {}

    def add(name: str, fid: str, levels: frozenset[Level]) -> None:
        key = clean(name)
        old = stems.get(key)
        if old is not None and old.function != fid:
            raise ValueError(f"catalog name {name!r} belongs to {old.function} and {fid}")
        stems[key] = Entry(fid, (old.levels if old else frozenset()) | levels)

    for f in cat.functions:
        for level in LEVELS:
            for name in f.names_at(level):
                add(name, f.id, frozenset({level}))
                m = _PREFIXES[_NATIONAL][0].match(clean(name)) if level == Level.national else None
                if m and clean(name)[m.end() :] not in stems:
                    add(clean(name)[m.end() :], f.id, frozenset())
        for name in (*f.short, *f.aliases):
            add(name, f.id, frozenset())
    patterns = [(re.compile(p), f.id) for f in cat.functions for p in f.patterns]
    by_id = {f.id: f for f in cat.functions}
    return _Index(cat, by_id, stems, patterns, sorted(stems))


@cache
def _resolve(name: str) -> Resolved | None:
    index = catalog()
    base, plates = split_plates(name)
    if not base:
        return None
    strips = _strips(base)
    for rest, level in strips:
        entry = index.stems.get(rest)
        if entry is not None:
            if level is None and len(entry.levels) == 1:
                # only forms that exist at one high level alone say it (教育部, 公安厅)
                (only,) = entry.levels
                level = only if only in (Level.national, Level.provincial) else None
            via = "name" if entry.levels else "alias"
            return Resolved(name, index.by_id[entry.function], rest, level, plates, via)
    for rest, level in strips:
        for pattern, fid in index.patterns:
            if pattern.match(rest):
                return Resolved(name, index.by_id[fid], rest, level, plates, "pattern")
    return None


def resolve(name: str) -> Resolved | None:
    """Place `name` in the catalog, or return None when it cannot be placed."""
    return _resolve(name)


def normalize(name: str) -> str:
    """The comparison form of a name: cleaned, plates set aside, jurisdiction prefix removed."""
    r = _resolve(name)
    if r is not None:
        return r.stem
    base, _ = split_plates(name)
    strips = _strips(base)
    return strips[1][0] if len(strips) > 1 else base


def function_key(name: str) -> str:
    """The catalog function id of `name`, or `?` + its normalized form when it is not in the catalog."""
    r = _resolve(name)
    return r.function.id if r is not None else "?" + normalize(name)


def current(function_id: str) -> Function:
    """Follow the catalog's successor chain to the function that does this work today."""
    index = catalog()
    f = index.by_id[function_id]
    seen = {f.id}
    while f.successor is not None and f.successor not in seen:
        f = index.by_id[f.successor]
        seen.add(f.id)
    return f


def successor_key(name: str) -> str:
    """Like `function_key`, but names of abolished bodies give their present-day successor."""
    r = _resolve(name)
    return current(r.function.id).id if r is not None else "?" + normalize(name)


def closest(name: str, n: int = 3) -> list[str]:
    """Up to `n` catalog names nearest to `name`, best first (for "did you mean")."""
    import difflib

    index = catalog()
    base, _ = split_plates(name)
    strips = _strips(base)
    query = strips[-1][0] if len(strips) > 1 else base
    found: list[str] = []
    for cand in (base, query):
        for match in difflib.get_close_matches(cand, index.display, n=n, cutoff=0.5):
            if match not in found:
                found.append(match)
    if not found:  # a name that shares a distinctive part, e.g. 知识产权 in 知识产权保护中心
        found = [s for s in index.display if len(s) >= 2 and s in query][:n]
    return found[:n]


def functions() -> list[Function]:
    return list(catalog().catalog.functions)


def function(function_id: str) -> Function | None:
    return catalog().by_id.get(function_id)
