"""The loader: every bad input is a diagnostic at the right place, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lianxi.loader import MAX_BYTES, compose_text, load_bytes, load_path, load_text

from .conftest import VALID

LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=False)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("id: [a\n", [("LX003", 1, 5)], id="syntax-error"),
        pytest.param("a: 1\nb: x\na: 2\n", [("LX004", 3, 1)], id="duplicate-key"),
        pytest.param("a:\n  b: 1\n  b: 2\n", [("LX004", 3, 3)], id="duplicate-nested-key"),
        pytest.param("a: 1\n---\nb: 2\n", [("LX005", 3, 1)], id="two-documents"),
        pytest.param("a:\n\tb: 1\n", [("LX003", 2, 1)], id="tab-indent"),
        pytest.param("", [("LX008", 1, 1)], id="empty"),
        pytest.param("# only a comment\n", [("LX008", 1, 1)], id="only-comments"),
        pytest.param("a: &a [*a]\n", [("LX007", 1, 4)], id="recursive-alias"),
        # libyaml would compose these recursively in C and crash the process
        pytest.param("a: " + "[" * 50_000, [("LX007", 1, 203)], id="deep-flow"),
        pytest.param("- " * 50_000 + "x\n", [("LX007", 1, 401)], id="deep-compact-sequence"),
        pytest.param(
            "".join(" " * i + "a:\n" for i in range(300)), [("LX007", 201, 201)], id="deep-indent"
        ),
        pytest.param(
            "".join(" " * i + "a:\r" for i in range(300)),
            [("LX007", 201, 201)],
            id="deep-indent-cr",
        ),
        pytest.param("a: '" + "[" * 5_000 + "'\n", [("LX101", 1, 1)], id="brackets-in-a-string"),
        pytest.param(  # many shallow flow mappings: counted as deep, found shallow, not refused
            "a:\n" + "".join(f"  - {{n: {i}, [x]: y}}\n" for i in range(300)) + "b: [1, ",
            [("LX003", 302, 8)],
            id="many-shallow-flow-collections-then-a-syntax-error",
        ),
        pytest.param(
            "a:\n" + "".join(f"  - {{n: {i}}}\n" for i in range(300)),
            [("LX101", 1, 1)],
            id="many-shallow-flow-collections",
        ),
        pytest.param("- 1\n- 2\n", [("LX102", 1, 1)], id="not-a-mapping"),
        pytest.param("[a]: 1\n", [("LX102", 1, 1)], id="complex-key"),
    ],
)
def test_load_text_diagnostics(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(d.code, d.line, d.col) for d in load_text(text, "t.yaml").diagnostics[:1]] == expected


def test_tab_indent_has_a_hint() -> None:
    (d,) = load_text("a:\n\tb: 1\n", "t.yaml").diagnostics
    assert "tab" in (d.hint("en") or "").lower()


def test_duplicate_key_names_the_first_line() -> None:
    (d,) = compose_text("a: 1\nb: x\na: 2\n", "t.yaml").diagnostics
    assert "first at line 1" in d.message("en")


def test_every_repeat_of_a_key_is_reported_against_its_first_line() -> None:
    text = "b: 0\n" + "".join(f"k{i}: 1\nb: {i}\n" for i in range(3)) + "c:\n  b: 1\n  b: 2\n"
    found = [(d.code, d.line, d.args["first"]) for d in compose_text(text, "t.yaml").diagnostics]
    assert found == [("LX004", 3, 1), ("LX004", 5, 1), ("LX004", 7, 1), ("LX004", 10, 9)]


def test_billion_laughs_ends_fast_with_a_diagnostic() -> None:
    start = time.perf_counter()
    result = load_text(LAUGHS, "t.yaml")
    # a hang guard, not a speed test: expansion is refused before it grows
    assert time.perf_counter() - start < 10
    assert [d.code for d in result.diagnostics] == ["LX007"]


@pytest.mark.parametrize(
    ("data", "code", "needle"),
    [
        pytest.param("名称: 运城市\n".encode("gbk"), "LX002", "GB18030", id="gbk"),
        pytest.param("a: 1\n".encode("utf-16"), "LX002", "UTF-16", id="utf16"),
        pytest.param(bytes(range(256)) * 4, "LX009", "binary", id="binary-garbage"),
        pytest.param(b"a: 1\n\xff\xfe\xfd garbage", "LX009", "UTF-8", id="invalid-utf8"),
    ],
)
def test_load_bytes_encoding(data: bytes, code: str, needle: str) -> None:
    (d,) = load_bytes(data, "t.yaml").diagnostics
    assert d.code == code
    assert needle.lower() in (d.message("en") + (d.hint("en") or "")).lower()


def test_gbk_diagnostic_says_how_to_convert() -> None:
    (d,) = load_bytes("a: 1\n名称: 运城市\n".encode("gbk"), "t.yaml").diagnostics
    assert (d.line, d.col) == (2, 1)
    assert "iconv -f GB18030 -t UTF-8" in (d.hint("en") or "")


def test_utf8_bom_is_accepted() -> None:
    result = load_bytes(b"\xef\xbb\xbf" + VALID.encode(), "demo.yaml")
    assert result.diagnostics == []
    assert result.definition is not None


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    assert [d.code for d in load_path(big).diagnostics] == ["LX006"]


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    assert [d.code for d in load_path(tmp_path / "missing.yaml").diagnostics] == ["LX001"]


def test_yaml11_surprises_are_text() -> None:
    """Decision: scalars follow YAML 1.2 core. `NO`, `yes`, `on` stay text; a date stays text
    where text is expected and is parsed by the model where a date is expected."""
    text = VALID.replace("      - 市教育局\n", "      - NO\n      - 2024-01-01\n      - yes\n")
    text = text.replace("declared_unit_count: 3", "declared_unit_count: 5")
    result = load_text(text, "demo.yaml")
    assert result.diagnostics == []
    assert result.definition is not None
    names = [u.name for u in result.definition.systems[0].units]
    assert names[1:4] == ["NO", "2024-01-01", "yes"]
    assert str(result.definition.systems[0].established) == "2024-10-12"


def test_number_where_text_is_expected_says_quote_it() -> None:
    result = load_text(VALID.replace("issuer: 运城市人民政府办公室", "issuer: 123"), "demo.yaml")
    (d,) = result.diagnostics
    assert (d.code, d.line, d.col) == ("LX102", 8, 11)
    assert d.hint("en") == "put the value in quotes"


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        # pydantic alone would call it a timestamp with a time
        ("20241012", "not a date in the form YYYY-MM-DD (got 20241012)", "write 2024-10-12"),
        ("2024-13-45", "no such date: there is no month 13 (got '2024-13-45')", None),
        ("2024-02-30", "no such date: 2024-02 has no day 30 (got '2024-02-30')", None),
        (
            "2024年10月12日",
            "not a date in the form YYYY-MM-DD (got '2024年10月12日')",
            "write 2024-10-12",
        ),
        ("2024-10-12T10:00:00", "not a date (got '2024-10-12T10:00:00')", None),
    ],
)
def test_a_bad_date_says_how_to_write_one(value: str, message: str, hint: str | None) -> None:
    result = load_text(VALID.replace("established: 2024-10-12", f"established: {value}"), "d.yaml")
    (d,) = result.diagnostics
    assert d.code == "LX102" and d.message("en") == f"systems.0.established: {message}"
    if hint:
        assert d.hint("en") == hint


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        pytest.param(
            "    lead_unit:",
            "    duties: 统筹推进质量工作\n    lead_unit:",
            "should be a list (got '统筹推进质量工作')",
            "a list: one item per line, each starting with `- `",
            id="text-for-a-list",
        ),
        pytest.param(
            "    units:\n      - 市发展改革委\n      - 市教育局\n",
            "    units: 市发展改革委、市教育局\n    x:\n",
            "should be a list (got '市发展改革委、市教育局')",
            "a list: one item per line, each starting with `- `, not separated by 、 or ，",
            id="units-in-one-line",
        ),
        pytest.param(
            "    office: {unit: 市市场监管局, director: 市市场监管局分管同志}",
            "    office: 市市场监管局",
            "should be a mapping of keys (unit:, director:) (got '市市场监管局')",
            "write the keys on the lines below, indented",
            id="text-for-a-mapping",
        ),
        pytest.param(
            "role: 召集人",
            "role: 组长",
            "not one of the accepted values (got '组长')",
            "write one of: chief_convener, convener, deputy_convener; or in Chinese: 总召集人, "
            "召集人, 副召集人",
            id="enum-with-chinese-names",
        ),
    ],
)
def test_a_wrong_shape_says_how_to_write_it(
    old: str, new: str, message: str, hint: str | None
) -> None:
    assert old in VALID
    diags = load_text(VALID.replace(old, new), "d.yaml").diagnostics
    first = diags[0]
    assert (first.code, first.message("en").split(": ", 1)[1], first.hint("en")) == (
        "LX102",
        message,
        hint,
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("lead_unit:", "laed_unit:", ("LX103", 15, 5), id="unknown-key"),
        pytest.param("jurisdiction: 运城市\n", "", ("LX101", 2, 1), id="missing-field"),
        pytest.param("level: city", "level: town", ("LX102", 5, 8), id="bad-enum"),
        pytest.param(
            "declared_unit_count: 3",
            "declared_unit_count: many",
            ("LX102", 21, 26),
            id="wrong-type",
        ),
    ],
)
def test_shape_diagnostics(old: str, new: str, expected: tuple[str, int, int]) -> None:
    result = load_text(VALID.replace(old, new), "demo.yaml")
    assert [(d.code, d.line, d.col) for d in result.diagnostics] == [expected]


def test_unknown_key_did_you_mean() -> None:
    (d,) = load_text(VALID.replace("lead_unit:", "lead:"), "demo.yaml").diagnostics
    assert d.hint("en") == "did you mean 'lead_unit'?"


def test_chinese_enum_names_are_accepted() -> None:
    text = VALID.replace("level: city", "level: 市级")
    result = load_text(text, "demo.yaml")
    assert result.definition is not None
    assert result.definition.level == "city"
    assert result.definition.systems[0].conveners[0].role == "convener"
