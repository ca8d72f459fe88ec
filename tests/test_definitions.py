"""The definitions under definitions/ hold what their source documents print.

Each test reads the source document itself (tests/seeds/, converted to simplified characters with inline pinyin
removed, as the definitions are) and extracts the facts independently of the definition files.
"""

from __future__ import annotations

import json
import re
from functools import cache

import opencc
import pytest
from typer.testing import CliRunner

from lianxi.cli import app
from lianxi.loader import load_path
from lianxi.model import Definition, System

from .conftest import REPO, SEEDS

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
IDS = ["yuncheng", "ezhou", "neimenggu", "lianyungang", "guojia-jiliang"]


@cache
def seed(doc_id: str) -> str:
    raw = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
    return PINYIN.sub("", opencc.OpenCC("t2s").convert(raw)).replace("\xa0", " ")


@cache
def definition(doc_id: str) -> Definition:
    loaded = load_path(REPO / "definitions" / f"{doc_id}.yaml")
    assert loaded.definition is not None, [d.message("en") for d in loaded.diagnostics]
    return loaded.definition


def system(doc_id: str, key: str) -> System:
    return next(s for s in definition(doc_id).systems if s.key == key)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# (id, key, pattern of the sentence listing the units, which match, separators)
UNIT_SENTENCES = [
    (
        "yuncheng",
        "quality",
        r"由(?P<units>[^由]*?)共\s*(?P<n>\d+)\s*个部门和单位组成,(?P<lead>.*?)为牵头单位",
        0,
    ),
    (
        "yuncheng",
        "ip",
        r"由(?P<units>[^由]*?)共\s*(?P<n>\d+)\s*个部门和单位组成,(?P<lead>.*?)为牵头单位",
        1,
    ),
    ("ezhou", "standard", r"联席会议由(?P<units>.*?)等部门（单位）组成", 0),
    ("lianyungang", "ip", r"联席会议由(?P<units>.*?)等(?P<n>\d+)个部门和单位组成", 0),
    (
        "guojia-jiliang",
        "jiliang",
        r"联席会议由(?P<units>.*?)等(?P<n>\d+)个部门组成,(?P<lead>.*?)为牵头单位",
        0,
    ),
]


@pytest.mark.parametrize(
    ("doc_id", "key", "pattern", "nth"),
    UNIT_SENTENCES,
    ids=[f"{r[0]}:{r[1]}" for r in UNIT_SENTENCES],
)
def test_units_as_printed_in_order_with_count_and_lead(
    doc_id: str, key: str, pattern: str, nth: int
) -> None:
    match = list(re.finditer(pattern, seed(doc_id)))[nth]
    printed = [u.strip() for u in re.split(r"[、,，]", match["units"])]
    s = system(doc_id, key)
    assert [u.name for u in s.units] == printed
    declared = match.groupdict().get("n")
    assert s.declared_unit_count == (int(declared) if declared else None)
    lead = match.groupdict().get("lead")
    assert s.lead_unit == lead


# (id, key, pattern giving the office unit, which match)
OFFICES = [
    ("yuncheng", "quality", r"联席会议办公室设在(.*?),", 0),
    ("yuncheng", "ip", r"联席会议办公室设在(.*?),", 1),
    ("ezhou", "standard", r"联席会议办公室设在(.*?)，", 0),
    ("lianyungang", "ip", r"联席会议下设办公室,办公地点设在(.*?),", 0),
    ("guojia-jiliang", "jiliang", r"联席会议办公室设在(.*?),", 0),
    ("neimenggu", "ip", r"联席会议办公室设在(.*?)。", 0),
]


@pytest.mark.parametrize(
    ("doc_id", "key", "pattern", "nth"), OFFICES, ids=[f"{r[0]}:{r[1]}" for r in OFFICES]
)
def test_office_unit(doc_id: str, key: str, pattern: str, nth: int) -> None:
    office = system(doc_id, key).office
    assert office is not None
    assert office.unit == re.findall(pattern, seed(doc_id))[nth]


def test_yuncheng_one_notice_two_systems() -> None:
    d = definition("yuncheng")
    assert d.document is not None
    assert d.document.number == "运政办函〔2024〕38号"
    assert [s.key for s in d.systems] == ["quality", "ip"]
    assert [len(s.units) for s in d.systems] == [35, 27]
    roles = [c.role.value for c in system("yuncheng", "ip").conveners]
    assert roles == ["chief_convener", "convener", "convener", "convener"]


def test_ezhou_duties_on_every_unit_and_non_members_kept() -> None:
    s = system("ezhou", "standard")
    text = squeeze(seed("ezhou"))
    for unit in s.units:
        assert unit.duty, unit.name
        assert squeeze(unit.duty) in text, unit.name
    groups = [o.units for o in s.other_duties]
    assert ["各区人民政府", "葛店经开区", "临空经济区管委会"] in groups
    assert not {"各区人民政府", "葛店经开区"} & {u.name for u in s.units}
    assert [c.role.value for c in s.conveners] == ["chief_convener", "convener", "convener"]


def test_lianyungang_group_entry_and_declared_count_kept() -> None:
    s = system("lianyungang", "ip")
    assert [u.name for u in s.units if u.group] == ["各县区政府"]
    assert s.declared_unit_count == 28 and len(s.units) == 22
    assert definition("lianyungang").document.number == "连政办发〔2014〕67号"  # type: ignore[union-attr]


def test_guojia_jiliang_roster_from_the_list() -> None:
    text = seed("guojia-jiliang")
    roster = text.split("成员名单", 1)[1].split("国务院办公厅", 1)[0]
    people = re.findall(r"(?:^|:)\s*(\S(?: *\S){1,3}?)\s{2,}(\S+)\s*$", roster, re.M)
    expected = [(re.sub(r"\s", "", name), post) for name, post in people]
    s = system("guojia-jiliang", "jiliang")
    conveners = [(c.name, c.post) for c in s.conveners]
    members = [(u.member.name, u.member.post) for u in s.units if u.member]
    assert conveners + members == expected
    assert len(expected) == 26
    for unit in s.units:
        if unit.member:
            assert unit.member.post is not None and unit.member.post.startswith(unit.name)


def test_neimenggu_meeting_record() -> None:
    text = seed("neimenggu")
    s = system("neimenggu", "ip")
    reported = re.search(r"会议期间,(.*?)作了工作情况汇报", text)
    assert reported is not None
    assert [u.name for u in s.units][1:] == reported[1].split("、")
    (meeting,) = s.meetings
    assert str(meeting.date) == "2023-08-10"
    assert meeting.place == "呼和浩特" and meeting.place in text
    assert meeting.chair is not None and meeting.chair.name == "奇巴图"
    assert [r.name or r.unit for r in meeting.reporters] == ["吴振清", *reported[1].split("、")]
    assert [d.text[:2] for d in meeting.decisions] == ["一是", "二是", "三是", "四是"]
    assert meeting.decisions[3].owners == ["自治区市场监管局"]
    assert [h.kind.value for h in s.history] == ["adjusted"]
    assert "奇巴图" in (s.history[0].note or "")


@pytest.mark.parametrize("doc_id", IDS)
def test_every_text_is_verbatim(doc_id: str) -> None:
    """Duties, rules, requirements, preambles and meeting texts appear in the source as printed."""
    text = squeeze(seed(doc_id))
    for s in definition(doc_id).systems:
        pieces = [*s.duties, *(s.rules.text if s.rules else []), *s.requirements, *s.conveners_text]
        pieces += [*(s.office_text or []), *s.units_text]
        pieces += [p for p in (s.preamble, s.duties_intro) if p]
        pieces += [u.duty for u in s.units if u.duty]
        pieces += [o.duty for o in s.other_duties]
        for m in s.meetings:
            pieces += [*m.summary, *(d.text for d in m.decisions)]
        assert pieces
        for piece in pieces:
            assert squeeze(piece) in text, piece[:40]


@pytest.mark.parametrize("doc_id", IDS)
def test_sources_present(doc_id: str) -> None:
    assert definition(doc_id).sources


def test_validate_repository_exits_zero_with_only_source_warnings() -> None:
    result = CliRunner().invoke(app, ["validate", "--root", str(REPO), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    warned = sorted({(d["file"].split("/")[-1], d["code"]) for d in report["diagnostics"]})
    assert warned == [("ezhou.yaml", "LX209"), ("lianyungang.yaml", "LX201")]


@pytest.mark.parametrize("doc_id", IDS)
def test_show_json_for_each_id(doc_id: str) -> None:
    result = CliRunner().invoke(app, ["show", doc_id, "--root", str(REPO), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["id"] == doc_id
    assert shown["systems"][0]["units"][0]["name"]
