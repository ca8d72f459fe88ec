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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from lianxi.model import Level

#: the package's data: lianxi is installed as files (its templates are read from disk alike), and
#: importlib.resources would cost a one-file check some 6 ms of imports
DATA = Path(__file__).parent / "data"

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
    keywords: list[str] = Field(
        default_factory=list,
        description="词根：合并设置的机构名称由它们拼成（发展改革和工业信息化局）",
    )
    established: dt.date | None = None
    abolished: dt.date | None = None
    abolished_local: dt.date | None = None
    successor: str | None = None
    split_to: list[str] = Field(default_factory=list, description="分拆时承接部分职责的其他机构")
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


#: rename 更名 (交通部 → 交通运输部); merge 合并 (卫生部 + 人口计生委 → 卫计委); split 分拆 (铁道部 →
#: 国家铁路局 + 中国铁路总公司); absorb 划入, the work taken over by a body that goes on (法制办 → 司法部).
ChangeKind = Literal["rename", "merge", "split", "absorb"]


class Change(BaseModel):
    """One body's end in a reform: `old` stop existing, `new[0]` carries on, the rest share it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    kind: ChangeKind
    old: list[str] = Field(min_length=1)
    new: list[str] = Field(min_length=1)
    date: dt.date | None = Field(default=None, description="生效日期，默认为改革文件的日期")
    note: str | None = None


class Reform(BaseModel):
    """A dated reform and the document that decided it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    date: dt.date
    source: str = Field(min_length=1, description="决定改革的文件，如实照录标题")
    changes: list[Change] = Field(default_factory=list)


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    catalog: int
    functions: list[Function]
    reforms: list[Reform] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _history_from_reforms(cls, data: Any) -> Any:
        """A function's `abolished`, `successor` and `split_to` come from the reform that ended it."""
        if not isinstance(data, dict) or not isinstance(data.get("reforms"), list):
            return data
        raw = data.get("functions")
        copies = (
            [dict(f) if isinstance(f, dict) else f for f in raw] if isinstance(raw, list) else raw
        )
        data = {**data, "functions": copies}
        functions = {f.get("id"): f for f in copies or [] if isinstance(f, dict)}
        ended: dict[str, str] = {}
        for reform in data["reforms"]:
            if not isinstance(reform, dict):
                continue
            for change in reform.get("changes", []) or []:
                if not isinstance(change, dict):
                    continue
                new = list(change.get("new") or [])
                for old in change.get("old") or []:
                    f = functions.get(old)
                    if f is None:
                        raise ValueError(f"reform {reform.get('id')}: {old!r} is not a function id")
                    if old in ended:
                        raise ValueError(
                            f"{old}: ended twice, by {ended[old]} and {reform.get('id')}"
                        )
                    if "successor" in f or "abolished" in f or "split_to" in f:
                        raise ValueError(
                            f"{old}: abolished/successor/split_to come from reform "
                            f"{reform.get('id')}; do not repeat them in the function"
                        )
                    ended[old] = str(reform.get("id"))
                    f["abolished"] = change.get("date") or reform.get("date")
                    if new:
                        f["successor"] = new[0]
                        f["split_to"] = new[1:]
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        ids = [f.id for f in self.functions]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"function ids used twice: {dupes}")
        known = set(ids)
        for f in self.functions:
            for other in (f.successor, *f.split_to):
                if other is not None and other not in known:
                    raise ValueError(f"{f.id}: successor {other!r} is not a function id")
            for p in f.patterns:
                re.compile(p)
        if self.reforms:
            ended = {old for r in self.reforms for c in r.changes for old in c.old}
            for f in self.functions:
                if f.abolished is not None and f.id not in ended:
                    raise ValueError(f"{f.id}: abolished, but no reform names the document")
        return self


# ---------------------------------------------------------------------------------------------
# Cleaning: the character-level part of the normalization.

_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+[)）]")
_PLATE = re.compile(r"[(（]([^()（）]+)[)）]")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")
# invisible characters pasted with names from web pages and Word (zero-width spaces, BOM, soft
# hyphens): `市公安局` and `市公安局\u200b` are one unit (LX202); LX304 reports them
_INVISIBLE = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]"
)


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
    text = _PINYIN.sub("", _SPACE.sub("", _INVISIBLE.sub("", name)))
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
    weak: bool = False  # derived (国务院办公厅 → 办公厅): an explicit name elsewhere wins


@dataclass(frozen=True, slots=True)
class Resolved:
    """Where a name sits in the catalog."""

    name: str
    function: Function
    stem: str
    level: Level | None  # the level the name implies, None when it does not say
    plates: tuple[str, ...] = ()
    via: str = "name"  # name | alias | pattern | branch | keywords
    also: tuple[Function, ...] = ()  # further functions of a merged bureau (发展改革和工业信息化局)

    @property
    def functions(self) -> tuple[Function, ...]:
        return (self.function, *self.also)


@dataclass(slots=True)
class _Index:
    catalog: Catalog
    by_id: dict[str, Function]
    stems: dict[str, Entry]
    keywords: list[tuple[str, str]] = field(default_factory=list)  # longest first
    _patterns: list[tuple[re.Pattern[str], str]] | None = None

    @property
    def patterns(self) -> list[tuple[re.Pattern[str], str]]:
        """Compiled on first use: most names resolve by their stem, and compiling costs."""
        if self._patterns is None:
            fs = self.catalog.functions
            self._patterns = [(re.compile(p), f.id) for f in fs for p in f.patterns]
        return self._patterns


_DATES = ("established", "abolished", "abolished_local")


def load_catalog_source() -> Catalog:
    """catalog.yaml, the edited source, validated in full (the catalog's own tests use this)."""
    import yaml

    text = (DATA / "catalog.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalog.model_validate(yaml.load(text, Loader=loader))


def catalog_json(cat: Catalog) -> str:
    """The run-time snapshot of a validated catalog: what `catalog.json` must contain.

    Besides the catalog it holds the index of every name in comparison form, so that start-up
    neither converts nor folds a single catalog name.
    """
    index = build_index(cat)
    data = cat.model_dump(mode="json", exclude_defaults=True)
    data["index"] = {
        "stems": {
            k: [e.function, _level_bits(e.levels), int(e.weak)] for k, e in index.stems.items()
        },
        "keywords": [list(kv) for kv in index.keywords],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_catalog_json() -> None:
    """Regenerate lianxi/data/catalog.json after editing catalog.yaml (a test checks it is current)."""
    (DATA / "catalog.json").write_text(catalog_json(load_catalog_source()), encoding="utf-8")


def _level_bits(levels: frozenset[Level]) -> int:
    return sum(1 << i for i, level in enumerate(LEVELS) if level in levels)


_LEVEL_SETS = [frozenset(lv for i, lv in enumerate(LEVELS) if bits >> i & 1) for bits in range(16)]


@cache
def _snapshot() -> _Index:
    text = (DATA / "catalog.json").read_text(encoding="utf-8")
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
    reforms = []
    for r in data.get("reforms", []):
        changes = []
        for c in r.get("changes", []):
            day = dt.date.fromisoformat(c["date"]) if c.get("date") else None
            changes.append(
                Change.model_construct(
                    kind=c["kind"], old=c["old"], new=c["new"], date=day, note=c.get("note")
                )
            )
        reforms.append(
            Reform.model_construct(
                id=r["id"],
                date=dt.date.fromisoformat(r["date"]),
                source=r["source"],
                changes=changes,
            )
        )
    cat = Catalog.model_construct(catalog=data["catalog"], functions=functions, reforms=reforms)
    sets = _LEVEL_SETS
    stems = {
        k: Entry(fid, sets[bits], bool(weak))
        for k, (fid, bits, weak) in data["index"]["stems"].items()
    }
    keywords = [(k, fid) for k, fid in data["index"]["keywords"]]
    return _Index(cat, {f.id: f for f in functions}, stems, keywords)


class CatalogConflict(ValueError):
    """Two functions claim one name."""

    def __init__(self, name: str, first: str, second: str) -> None:
        super().__init__(f"catalog name {name!r} belongs to {first} and {second}")
        self.name, self.first, self.second = name, first, second


def _add_names(stems: dict[str, Entry], functions: Iterable[Function]) -> None:
    """Index every name of `functions` into `stems`; CatalogConflict when one is another's."""

    def add(name: str, fid: str, levels: frozenset[Level], weak: bool = False) -> None:
        key = clean(name)
        old = stems.get(key)
        if old is not None and old.function != fid:
            if weak:
                return
            if not old.weak:
                raise CatalogConflict(name, old.function, fid)
            old = None
        stems[key] = Entry(fid, (old.levels if old else frozenset()) | levels, weak)

    for f in functions:
        for level in LEVELS:
            for name in f.names_at(level):
                add(name, f.id, frozenset({level}))
                m = _PREFIXES[_NATIONAL][0].match(clean(name)) if level == Level.national else None
                if m and clean(name)[m.end() :] not in stems:
                    add(clean(name)[m.end() :], f.id, frozenset(), weak=True)
        for name in (*f.short, *f.aliases):
            add(name, f.id, frozenset())


def _keywords(functions: Iterable[Function]) -> list[tuple[str, str]]:
    found = {(clean(k), f.id) for f in functions for k in f.keywords}
    return sorted(found, key=lambda kv: (-len(kv[0]), kv[0]))


def build_index(cat: Catalog) -> _Index:
    """Index every name of `cat`; raises CatalogConflict when two functions claim one name."""
    stems: dict[str, Entry] = {}
    _add_names(stems, cat.functions)
    by_id = {f.id: f for f in cat.functions}
    return _Index(cat, by_id, stems, _keywords(cat.functions))


#: Functions a workspace adds (its catalog.yaml or [catalog] in lianxi.toml): see `extend`.
_EXTRA: tuple[Function, ...] = ()


@cache
def catalog() -> _Index:
    """The shipped catalog snapshot, with the workspace's own entries, indexed by every name."""
    index = _snapshot()
    if not _EXTRA:
        return index
    cat = merge_catalog(index.catalog, _EXTRA)
    stems = dict(index.stems)
    _add_names(stems, _EXTRA)
    by_id = {f.id: f for f in cat.functions}
    return _Index(cat, by_id, stems, _keywords(cat.functions))


def merge_catalog(cat: Catalog, extra: Iterable[Function]) -> Catalog:
    """`cat` with `extra` added: a new id is a new function, a known id gains the names given."""
    by_id = {f.id: f for f in cat.functions}
    added: list[Function] = []
    for e in extra:
        old = by_id.get(e.id)
        if old is None:
            added.append(e)
            continue
        grown = {
            key: [*getattr(old, key), *(n for n in getattr(e, key) if n not in getattr(old, key))]
            for key in ("national", "provincial", "city", "county", "short", "aliases", "plates")
        }
        by_id[e.id] = old.model_copy(update=grown)
    functions = [by_id[f.id] for f in cat.functions] + added
    return Catalog.model_construct(catalog=cat.catalog, functions=functions, reforms=cat.reforms)


def extend(extra: tuple[Function, ...]) -> None:
    """Use the shipped catalog plus a workspace's `extra` functions from now on (() = shipped only).

    Raises CatalogConflict when an entry claims a name the catalog gives another function.
    """
    global _EXTRA
    if extra == _EXTRA:
        return
    previous = _EXTRA
    _EXTRA = extra
    _clear()
    try:
        catalog()
    except CatalogConflict:
        _EXTRA = previous
        _clear()
        raise


def extension() -> tuple[Function, ...]:
    """The workspace entries in use (for worker processes, which start from the shipped catalog)."""
    return _EXTRA


def _clear() -> None:
    catalog.cache_clear()
    _FORMS.clear()
    _resolve.cache_clear()
    _KEYS.clear()
    _ALL_KEYS.clear()


_CONNECTORS = "和与及、"
_FILLERS = ("管理", "服务", "事务", "发展", "工作", "综合")
_BUREAU = re.compile(r"^(.{2,}?)(委员会|局|委|厅)$")


def _compose(rest: str, index: _Index) -> list[str]:
    """The functions a merged bureau's name is made of (发展改革和工业信息化局 → two), or []."""
    m = _BUREAU.match(rest)
    if not m:
        return []
    body, i = m.group(1), 0
    found: list[str] = []
    while i < len(body):
        if body[i] in _CONNECTORS and found:
            i += 1
            continue
        hit = next(((k, f) for k, f in index.keywords if body.startswith(k, i)), None)
        if hit is None:
            filler = next((w for w in _FILLERS if body.startswith(w, i)), None) if found else None
            if filler is None:
                return []
            i += len(filler)
            continue
        if hit[1] not in found:
            found.append(hit[1])
        i += len(hit[0])
    return found


_BRANCH = re.compile(r"^(.{2,}?)分局$")


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
    for rest, level in strips[1:]:
        # 区公安分局, 区市场监管分局: a district branch of the city's bureau
        m = _BRANCH.match(rest)
        entry = index.stems.get(m.group(1) + "局") if m else None
        if entry is not None:
            return Resolved(name, index.by_id[entry.function], rest, level, plates, "branch")
    for rest, level in strips:
        fids = _compose(rest, index)
        if fids:
            first, *more = (index.by_id[f] for f in fids)
            return Resolved(name, first, rest, level, plates, "keywords", tuple(more))
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


def function_keys(name: str) -> tuple[str, ...]:
    """Every function `name` holds: two or more for a merged bureau, else one (as `function_key`)."""
    r = _resolve(name)
    return tuple(f.id for f in r.functions) if r is not None else ("?" + normalize(name),)


_KEYS: dict[str, str] = {}
_ALL_KEYS: dict[tuple[str, bool], tuple[str, ...]] = {}


def unit_keys(name: str, *, today: bool = False) -> tuple[str, ...]:
    """Every function a unit name holds, its own first (a merged bureau, 区发展改革和工业信息化局,
    holds several); with `today`, each as the function that does its work today. Remembered per
    name, since a peer comparison asks for each unit of a system again and again."""
    key = (name, today)
    found = _ALL_KEYS.get(key)
    if found is None:
        first = successor_key(name) if today else function_key(name)
        more = function_keys(name)[1:]
        if today:
            more = tuple(current(k).id for k in more)
        found = _ALL_KEYS[key] = (first, *dict.fromkeys(k for k in more if k != first))
    return found


def unit_key(name: str) -> str:
    """The comparison key of a unit name (`function_key`, remembered per name)."""
    key = _KEYS.get(name)
    if key is None:
        key = _KEYS[name] = function_key(name)
    return key


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


def history(function_id: str) -> list[tuple[Reform, Change]]:
    """The reforms that led from `function_id` on to today's body, oldest first."""
    index = catalog()
    ends = {old: (r, c) for r in index.catalog.reforms for c in r.changes for old in c.old}
    out: list[tuple[Reform, Change]] = []
    fid: str | None = function_id
    while fid is not None and fid in ends and len(out) < 16:
        reform, change = ends[fid]
        out.append((reform, change))
        fid = change.new[0]
    return out


# Words every body's name has: a hint must share something more distinctive than these.
_GENERIC = re.compile(
    r"委员会|联合会|办公室|办公厅|管理|服务|中心|工作|事务|发展|监督|保护|保障|建设|促进|协会"
    r"|产业|有限|公司|集团|总局|分局|中国|国家|人民|[和与及局委厅办部会所站队处]"
)


def _core(stem: str) -> str:
    return _GENERIC.sub("", stem)


@dataclass(frozen=True)
class _Forms:
    """The catalog names `closest` may offer at one level: (function id, cleaned name, its core),
    and for each pair of adjacent characters the forms whose core holds it."""

    forms: list[tuple[str, str, str]]
    by_pair: dict[str, list[int]]


_FORMS: dict[Level | None, _Forms] = {}


def _forms(level: Level | None) -> _Forms:
    found = _FORMS.get(level)
    if found is None:
        forms: list[tuple[str, str, str]] = []
        by_pair: dict[str, list[int]] = {}
        for f in catalog().catalog.functions:
            if f.abolished is not None:
                continue  # never offer the name of a body that no longer exists
            names = f.names_at(level) if level else [*f.short, *f.city, *f.national, *f.aliases]
            for form in names:
                cleaned = clean(form)
                core = _core(cleaned)
                for pair in {core[i : i + 2] for i in range(len(core) - 1)}:
                    by_pair.setdefault(pair, []).append(len(forms))
                forms.append((f.id, cleaned, core))
        found = _FORMS[level] = _Forms(forms, by_pair)
    return found


def closest(name: str, n: int = 3) -> list[str]:
    """Up to `n` catalog names for "did you mean", best first, each of a different function.

    Only names of the level `name` is written at (市… → city forms, written with its own prefix) and
    only those that share a distinctive part with it (烟草 in 烟草专卖管理局), so a hint never
    offers an unrelated body because its name happens to look alike (市盐务局 is not 税务局).
    Only names whose core shares two adjacent characters with this one's are compared at all.
    """
    from difflib import SequenceMatcher

    base, _ = split_plates(name)
    scored: dict[str, tuple[int, float, str]] = {}
    strips = _strips(base)
    if any(level for _, level in strips):  # a name that says its level gets names of that level
        strips = [(rest, level) for rest, level in strips if level]
    for rest, level in strips:
        core = _core(rest)
        if len(core) < 2:
            continue
        prefix = base[: len(base) - len(rest)]
        index = _forms(level)
        candidates = sorted(
            {i for k in range(len(core) - 1) for i in index.by_pair.get(core[k : k + 2], ())}
        )
        for i in candidates:  # in the catalog's order, as before: ties keep the first
            function_id, cleaned, other = index.forms[i]
            match = SequenceMatcher(None, core, other, autojunk=False).find_longest_match()
            ratio = SequenceMatcher(None, rest, cleaned, autojunk=False).ratio()
            key = (match.size, ratio, prefix + cleaned)
            if function_id not in scored or key[:2] > scored[function_id][:2]:
                scored[function_id] = key
    best = sorted(scored.values(), key=lambda k: (-k[0], -k[1], k[2]))
    return [text for _, _, text in best[:n]]


def functions() -> list[Function]:
    return list(catalog().catalog.functions)


def shipped() -> list[Function]:
    """The functions of the shipped catalog alone, whatever a workspace adds."""
    return list(_snapshot().catalog.functions)


def function(function_id: str) -> Function | None:
    return catalog().by_id.get(function_id)
