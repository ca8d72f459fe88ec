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
            TAIL.replace("      - name", "      - {name: 各县区, group: 2}\n      - name").replace(
                ": 3", ": 5"
            ),
            id="LX201-group-with-number",
        ),
        pytest.param(
            "    established:",
            "    status: replaced\n    successor: ezhou\n    established:",
            id="LX211-replaced-with-successor",
        ),
        pytest.param("运政办函〔2024〕38号", "国办函〔2024〕7号", id="LX208-other-number"),
    ],
)
def test_check_passes(old: str, new: str) -> None:
    assert diags(VALID.replace(old, new, 1)) == []


def test_every_registered_check_has_a_failing_case() -> None:
    assert set(CHECKS) <= {c[0] for c in CASES}


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
