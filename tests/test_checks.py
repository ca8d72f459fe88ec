"""Each check: a failing and a passing example, asserted by code and position."""

from __future__ import annotations

import datetime as dt

import pytest

from lianxi.checks import CHECKS, Context, run_checks
from lianxi.diagnostics import Severity
from lianxi.loader import load_text

from .conftest import VALID

CTX = Context(dt.date(2026, 11, 22))


def diags(text: str, file: str = "demo.yaml") -> list[tuple[str, int, int, str]]:
    return [
        (d.code, d.line, d.col, d.severity.value) for d in run_checks(load_text(text, file), CTX)
    ]


def test_valid_definition_has_no_diagnostics() -> None:
    assert diags(VALID) == []


MEETING = """\
    meetings:
      - date: 2025-03-01
        kind: 全体会议
        decisions:
          - text: 制定年度工作要点
            owners: [市市场监管局]
            due: 2025-06-30
            status: done
"""

TAIL = "      - name: 市市场监管局\n        member: {name: 张工, post: 局长}\n    declared_unit_count: 3"

CASES = [
    # (code, old, new, expected (line, col, severity) of the first diagnostic of that code)
    ("LX104", "id: demo", "id: other", (3, 5, "error")),
    ("LX105", "key: quality", "key: Quality_1", (12, 10, "error")),
    ("LX106", "lianxi: 1", "lianxi: 2", (2, 9, "error")),
    (
        "LX107",
        "    office:",
        "  - key: quality\n    name: 第二个制度\n    office:",
        (28, 10, "error"),
    ),
    ("LX201", "declared_unit_count: 3", "declared_unit_count: 35", (21, 26, "error")),
    (
        "LX201",
        "      - 市教育局\n",
        "      - 市教育局\n      - {name: 各县区政府, group: true}\n      - 市公安局\n",
        (23, 26, "error"),
    ),
    (
        "LX201",
        TAIL,
        TAIL.replace("      - name", "      - {name: 各县区, group: true}\n      - name").replace(
            ": 3", ": 10"
        ),
        (22, 26, "warning"),
    ),
    ("LX202", "      - 市教育局\n", "      - 市教育局\n      - 市教育局\n", (19, 9, "error")),
    ("LX203", "lead_unit: 市市场监管局", "lead_unit: 市财政局", (15, 16, "error")),
    ("LX204", "office: {unit: 市市场监管局,", "office: {unit: 市财政局,", (28, 20, "error")),
    ("LX205", "        unit: 市市场监管局", "        unit: 市财政局", (27, 15, "error")),
    (
        "LX206",
        "    office:",
        MEETING.replace("[市市场监管局]", "[市财政局]") + "    office:",
        (33, 22, "error"),
    ),
    (
        "LX207",
        "    office:",
        "    liaisons:\n      people:\n        - {unit: 市财政局, name: 李四}\n    office:",
        (30, 18, "error"),
    ),
    ("LX208", "运政办函〔2024〕38号", "运政办函〔2024〕第38号", (9, 11, "error")),
    ("LX208", "运政办函〔2024〕38号", "运政办函[2024]38号", (9, 11, "error")),
    ("LX208", "运政办函〔2024〕38号", "运政办函〔2024〕038号", (9, 11, "error")),
    ("LX208", "运政办函〔2024〕38号", "运政办函〔2023〕38号", (9, 11, "error")),
    (
        "LX209",
        "    office:",
        "    other_duties:\n      - units: [各区人民政府]\n        duty: 负责本辖区工作\n"
        "    office:",
        (29, 17, "warning"),
    ),
    (
        "LX210",
        "    office:",
        MEETING.replace("due: 2025-06-30", "due: 2025-01-01") + "    office:",
        (34, 18, "error"),
    ),
    ("LX211", "    established:", "    status: replaced\n    established:", (14, 13, "error")),
    (
        "LX212",
        "    lead_unit: 市市场监管局\n",
        "    units_sentence: 牵头单位为{lead}。\n",
        (15, 21, "error"),
    ),
    *[
        (
            "LX212",
            "    established:",
            f"    units_sentence: 由{p}组成。\n    established:",
            (14, 21, "error"),
        )
        for p in ("{unit}", "{units.__class__}", "{0}", "{lead[99]}", "{units:>2000000000}", "{}")
    ],
    ("LX301", "      - 市教育局\n", "      - 市公按局\n", (18, 9, "warning")),
    ("LX302", "      - 市教育局\n", "      - 市工商局\n", (18, 9, "warning")),
    ("LX303", "      - 市教育局\n", "      - 教育部\n", (18, 9, "warning")),
    ("LX303", "      - 市教育局\n", "      - 山西省教育厅\n", (18, 9, "warning")),
    ("LX304", "      - 市教育局\n", "      - 市教育局\u200b\n", (18, 9, "warning")),
    ("LX305", "      - 市教育局\n", "      - 市教育局、市科技局\n", (18, 9, "warning")),
]


@pytest.mark.parametrize(
    ("code", "old", "new", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_check_fails(code: str, old: str, new: str, expected: tuple[int, int, str]) -> None:
    assert old in VALID
    found = [d[1:] for d in diags(VALID.replace(old, new, 1)) if d[0] == code]
    assert found[:1] == [expected]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("    office:", MEETING + "    office:", id="LX206-LX210-meeting-ok"),
        pytest.param(
            TAIL,
            TAIL.replace(
                "      - name", "      - {name: 各县区政府, group: 2}\n      - name"
            ).replace(": 3", ": 5"),
            id="LX201-group-with-number",
        ),
        pytest.param(
            "    established:",
            "    status: replaced\n    successor: ezhou\n    established:",
            id="LX211-replaced-with-successor",
        ),
        pytest.param("运政办函〔2024〕38号", "国办函〔2024〕7号", id="LX208-other-number"),
        pytest.param(
            "    established:",
            "    units_sentence: 由{units}等{count}个部门组成，{lead}为牵头单位。{{注}}\n    established:",
            id="LX212-known-placeholders",
        ),
        pytest.param(
            "    lead_unit: 市市场监管局\n",
            "    units_sentence: 由{units}共 {count} 个部门组成，{lead}为牵头单位。\n",
            id="LX212-empty-lead-left-out",
        ),
        pytest.param("      - 市教育局\n", "      - 運城市教育局\n", id="LX301-traditional"),
        pytest.param("      - 市教育局\n", "      - 市教育局（市语委）\n", id="LX301-plate"),
        pytest.param("      - 市教育局\n", "      - 人行运城市分行\n", id="LX303-vertical-body"),
    ],
)
def test_check_passes(old: str, new: str) -> None:
    assert diags(VALID.replace(old, new, 1)) == []


def test_abolished_name_is_fine_before_the_reform() -> None:
    text = VALID.replace("      - 市教育局\n", "      - 市工商局\n      - 质监局\n")
    text = text.replace("〔2024〕38号", "〔2014〕67号").replace("2024-10-12", "2014-05-07")
    text = text.replace("declared_unit_count: 3", "declared_unit_count: 4")
    assert diags(text) == []


def test_abolished_name_hint_names_the_successor() -> None:
    found = run_checks(
        load_text(VALID.replace("      - 市教育局\n", "      - 市工商局\n"), "d.yaml")
    )
    lx302 = [d for d in found if d.code == "LX302"]
    assert len(lx302) == 1
    assert "2019-03-31" in lx302[0].message("en")
    assert lx302[0].hint("en") == "its work passed to 市场监管: write 市市场监管局"


@pytest.mark.parametrize(
    ("unit", "offered", "never"),
    [
        ("市生态环竟局", "市生态环境局", "国家"),  # a slip: the city form, with the name's prefix
        ("区烟草专卖管理处", "区烟草专卖局", "林草局"),
        ("市盐务管理处", "市盐务管理局", "税务局"),
        ("县知识产权保护中心", "县知识产权局", "环境保护"),
        ("市公按局", "", "局"),  # 按 for 安 shares nothing distinctive: no guess at all
    ],
)
def test_unknown_unit_hint_offers_the_same_function_at_the_same_level(
    unit: str, offered: str, never: str
) -> None:
    found = run_checks(
        load_text(VALID.replace("      - 市教育局\n", f"      - {unit}\n"), "d.yaml")
    )
    (lx301,) = [d for d in found if d.code == "LX301"]
    hint = lx301.hint("en")
    assert hint is not None
    if offered:
        assert hint.split(": ")[1].split(", ")[0] == offered
        assert never not in hint.split(": ", 1)[1]
    else:
        assert hint.startswith("check the spelling")


def test_duplicate_unit_after_normalization() -> None:
    text = VALID.replace("      - 市教育局\n", "      - 市教育局\n      - 市发改委\n")
    text = text.replace("declared_unit_count: 3", "declared_unit_count: 4")
    assert [d[:3] for d in diags(text) if d[0] == "LX202"] == [("LX202", 19, 9)]


def test_every_registered_check_has_a_failing_case() -> None:
    practice_codes = {"LX401", "LX402", "LX403"}  # tested below with their own dates
    assert set(CHECKS) <= {c[0] for c in CASES} | practice_codes


def test_every_check_is_documented_in_its_docstring() -> None:
    for code, module in CHECKS.items():
        assert module.__doc__ and module.__doc__.startswith(code), code
        assert "Passes:" in module.__doc__ and "Fails:" in module.__doc__, code


def test_severity_overrides_and_off() -> None:
    text = VALID.replace("declared_unit_count: 3", "declared_unit_count: 35")
    result = load_text(text, "demo.yaml")
    assert [d.severity for d in run_checks(result, CTX, {"LX201": Severity.WARNING})] == [
        Severity.WARNING
    ]
    assert run_checks(result, CTX, {"LX201": None}) == []


MEETINGS_BASE = VALID.replace("    established: 2024-10-12", "    established: 2023-05-01").replace(
    "    office:", "    rules:\n      plenary_per_year: 1\n    meetings:\n@MEETINGS@    office:"
)


def meeting(date: str, kind: str = "plenary", decisions: str = "") -> str:
    return f"      - date: {date}\n        kind: {kind}\n" + decisions


def decision(due: str, status: str) -> str:
    return (
        f"        decisions:\n          - text: 制定年度工作要点\n            owners: [市市场监管局]\n"
        f"            due: {due}\n            status: {status}\n"
    )


def practice(meetings: str, today: dt.date) -> list[tuple[str, int, int, str]]:
    text = MEETINGS_BASE.replace("@MEETINGS@", meetings)
    return [
        (d.code, d.line, d.col, d.message("en"))
        for d in run_checks(load_text(text, "demo.yaml"), Context(today))
    ]


def test_lx401_year_missed_names_the_year() -> None:
    found = practice(meeting("2024-03-01"), dt.date(2026, 3, 1))
    assert found == [
        (
            "LX401",
            29,
            25,
            "quality: fewer plenary meetings recorded than the rules ask for (1 a year) in 2025",
        )
    ]


def test_lx401_once_per_system_with_every_year_it_concerns() -> None:
    found = practice(meeting("2023-06-01", "专题会议"), dt.date(2027, 3, 1))
    assert found == [
        (
            "LX401",
            29,
            25,
            "quality: fewer plenary meetings recorded than the rules ask for (1 a year) in "
            "2024, 2025, 2026",
        )
    ]


def test_lx401_years_kept() -> None:
    assert practice(meeting("2024-03-01") + meeting("2025-12-30"), dt.date(2026, 3, 1)) == []


def test_lx401_thematic_meeting_does_not_count() -> None:
    found = practice(meeting("2024-03-01") + meeting("2025-03-01", "专题会议"), dt.date(2026, 3, 1))
    assert [f[0] for f in found] == ["LX401"]


def test_lx402_decision_overdue_at_its_line() -> None:
    found = practice(
        meeting("2024-03-01", decisions=decision("2024-06-30", "open")), dt.date(2025, 1, 1)
    )
    assert [(c, line, col) for c, line, col, _ in found] == [("LX402", 34, 13)]
    assert "185 days after its due date 2024-06-30" in found[0][3]


@pytest.mark.parametrize(
    ("due", "status"), [("2024-06-30", "done"), ("2025-06-30", "open")], ids=["done", "not-yet-due"]
)
def test_lx402_passes(due: str, status: str) -> None:
    assert (
        practice(meeting("2024-03-01", decisions=decision(due, status)), dt.date(2025, 1, 1)) == []
    )


def test_lx403_meeting_before_established() -> None:
    found = practice(meeting("2023-01-05") + meeting("2024-03-01"), dt.date(2025, 1, 1))
    assert [(c, line, col) for c, line, col, _ in found] == [("LX403", 31, 15)]


def test_lx403_meeting_after_abolished() -> None:
    text = MEETINGS_BASE.replace(
        "    established: 2023-05-01", "    established: 2023-05-01\n    abolished: 2024-01-01"
    )
    text = text.replace("@MEETINGS@", meeting("2024-03-01"))
    found = [d.code for d in run_checks(load_text(text, "demo.yaml"), Context(dt.date(2025, 1, 1)))]
    assert found == ["LX403"]


def test_lx401_silent_without_any_meeting_records() -> None:
    text = MEETINGS_BASE.replace("    meetings:\n@MEETINGS@", "")
    assert "meetings" not in text
    assert run_checks(load_text(text, "demo.yaml"), Context(dt.date(2026, 3, 1))) == []
