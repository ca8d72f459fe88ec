"""Mistakes people make editing a definition by hand, on a Chinese keyboard or pasting from web
pages and Word: each one diagnostic at the line and column of the mistake, worded in both
languages, the Chinese free of English outside codes, keys and quoted values."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lianxi.checks import Context, run_checks
from lianxi.diagnostics import Diagnostic
from lianxi.loader import load_text
from lianxi.report import format_text

from .conftest import REPO, VALID
from .test_cli import Build, invoke

MEETING = (
    "    meetings:\n      - date: 2025-01-05\n        decisions:\n"
    "          - text: 制定年度工作要点\n            owners: [市教育局，市发展改革委]\n"
)

UNITS = (
    "    units:\n      - 市发展改革委\n      - 市教育局\n      - name: 市市场监管局\n"
    "        member: {name: 张工, post: 局长}\n"
)

#: (id, text replaced, replacement, (code, line, col), words the Chinese hint holds)
CASES: list[tuple[str, str, str, tuple[str, int, int], tuple[str, ...]]] = [
    # --- YAML syntax: the line of the cause, not the line where the parser stopped ---
    ("fullwidth-colon", "lead_unit: 市", "lead_unit：市", ("LX003", 15, 14), ("全角冒号", "“: ”")),
    (
        "fullwidth-semicolon",
        "lead_unit: 市",
        "lead_unit；市",
        ("LX003", 15, 14),
        ("全角分号", "“: ”"),
    ),
    ("no-space-after-colon", "lead_unit: 市", "lead_unit:市", ("LX003", 15, 14), ("冒号后加",)),
    (
        "fullwidth-space-after-colon",
        "lead_unit: 市",
        "lead_unit:\u3000市",
        ("LX003", 15, 15),
        ("全角空格", "半角空格"),
    ),
    ("no-space-top-level", "level: city", "level:city", ("LX003", 5, 6), ("冒号后加",)),
    (
        "fullwidth-colon-top-level",
        "jurisdiction: 运城市",
        "jurisdiction：运城市",
        ("LX003", 4, 13),
        ("全角冒号",),
    ),
    (
        "ideographic-space-indent",
        "      - 市教育局\n",
        "\u3000\u3000\u3000- 市教育局\n",
        ("LX003", 18, 1),
        ("全角空格", "半角空格"),
    ),
    (
        "ideographic-space-after-spaces",
        "      - 市教育局\n",
        "    \u3000- 市教育局\n",
        ("LX003", 18, 5),
        ("全角空格",),
    ),
    ("tab-indent", "      - 市教育局\n", "\t  - 市教育局\n", ("LX003", 18, 1), ("制表符", "空格")),
    (
        "fullwidth-comma-in-mapping",
        "{unit: 市市场监管局, director",
        "{unit: 市市场监管局， director",
        ("LX003", 28, 26),
        ("全角“，”", "“, ”"),
    ),
    (
        "enumeration-comma-in-mapping",
        "{unit: 市市场监管局, director",
        "{unit: 市市场监管局、director",
        ("LX003", 28, 26),
        ("全角“、”",),
    ),
    (
        "fullwidth-colon-in-mapping",
        "{unit: 市市场监管局, director",
        "{unit：市市场监管局, director",
        ("LX103", 28, 18),
        ("全角冒号",),
    ),
    (
        "colon-space-in-value",
        "name: 运城市质量强市和标准化联席会议制度",
        "name: 运城市质量强市和标准化联席会议制度: 2024年",
        ("LX003", 13, 28),
        ("引号", "全角“：”"),
    ),
    ("unclosed-list", "      - 市教育局\n", "      - [市教育局\n", ("LX003", 18, 9), ("闭合",)),
    ("unclosed-quote", "      - 市教育局\n", '      - "市教育局\n', ("LX003", 18, 9), ("引号",)),
    (
        "value-starts-with-at",
        "      - 市教育局\n",
        "      - @市教育局\n",
        ("LX003", 18, 9),
        ("引号",),
    ),
    (
        "indentation-drift",
        "    lead_unit: 市市场监管局\n",
        "    lead_unit: 市市场监管局\n   note: x\n",
        ("LX003", 16, 4),
        ("对齐",),
    ),
    (
        "item-indented-deeper",
        "      - 市教育局\n",
        "        - 市教育局\n",
        ("LX010", 18, 9),
        ("对齐",),
    ),
    # --- shape and type: pydantic's error types in our words ---
    ("count-with-measure-word", "count: 3", "count: 35个", ("LX102", 21, 26), ("35", "只写数字")),
    ("count-in-chinese-numerals", "count: 3", "count: 三", ("LX102", 21, 26), ("阿拉伯数字",)),
    ("count-with-fraction", "count: 3", "count: 3.5", ("LX102", 21, 26), ("小数",)),
    ("count-negative", "count: 3", "count: -1", ("LX102", 21, 26), ("不小于 0",)),
    (
        "february-30",
        "established: 2024-10-12",
        "established: 2024-02-30",
        ("LX102", 14, 18),
        ("核对",),
    ),
    (
        "month-13",
        "established: 2024-10-12",
        "established: 2024-13-01",
        ("LX102", 14, 18),
        ("01 至 12",),
    ),
    (
        "chinese-date",
        "established: 2024-10-12",
        "established: 2024年10月12日",
        ("LX102", 14, 18),
        ("2024-10-12",),
    ),
    (
        "dotted-date",
        "established: 2024-10-12",
        "established: 2024.10.12",
        ("LX102", 14, 18),
        ("2024-10-12",),
    ),
    (
        "role-in-other-words",
        "role: 召集人",
        "role: 组长",
        ("LX102", 23, 15),
        ("总召集人", "副召集人"),
    ),
    ("level-in-other-words", "level: city", "level: 地级市", ("LX102", 5, 8), ("市级", "县级")),
    (
        "status-in-other-words",
        "    lead_unit:",
        "    status: 废止\n    lead_unit:",
        ("LX102", 15, 13),
        ("已撤销",),
    ),
    ("number-for-text", "issuer: 运城市人民政府办公室", "issuer: 123", ("LX102", 8, 11), ("引号",)),
    (
        "list-for-text",
        "lead_unit: 市市场监管局",
        "lead_unit: [市市场监管局]",
        ("LX102", 15, 16),
        ("一个值",),
    ),
    ("empty-name", "      - 市教育局\n", "      - ''\n", ("LX102", 18, 9), ("填写",)),
    ("empty-item", "      - 市教育局\n", "      -\n", ("LX102", 18, 8), ("删除这一行",)),
    (
        "text-for-a-mapping",
        "office: {unit: 市市场监管局, director: 市市场监管局分管同志}",
        "office: 市市场监管局",
        ("LX102", 28, 13),
        ("缩进",),
    ),
    (
        "units-joined-as-text",
        "    units:\n      - 市发展改革委\n      - 市教育局\n      - name: 市市场监管局\n"
        "        member: {name: 张工, post: 局长}\n",
        "    units: 市发展改革委、市教育局、市市场监管局\n",
        ("LX102", 16, 12),
        ("每项一行", "- "),
    ),
    (
        "group-in-words",
        "      - 市教育局\n",
        "      - {name: 各县区政府, group: 若干}\n",
        ("LX102", 18, 30),
        ("true", "阿拉伯数字"),
    ),
    (
        "yes-in-chinese",
        "    lead_unit:",
        "    rules: {minutes: 是}\n    lead_unit:",
        ("LX102", 15, 22),
        ("true", "false"),
    ),
    ("unknown-key", "lead_unit:", "lead:", ("LX103", 15, 5), ("lead_unit",)),
    ("key-in-chinese", "    lead_unit:", "    牵头单位:", ("LX103", 15, 5), ("英文", "lead_unit")),
    (
        "key-in-chinese-words",
        "    declared_unit_count: 3",
        "    成员单位数: 3",
        ("LX103", 21, 5),
        ("declared_unit_count",),
    ),
    (
        "list-without-space-after-dash",
        UNITS,
        "    units:\n      -市发展改革委\n      -市教育局\n      -市市场监管局\n",
        ("LX102", 17, 7),
        ("空格",),
    ),
    (
        "list-with-fullwidth-dash",
        UNITS,
        "    units:\n      － 市发展改革委\n      － 市教育局\n      － 市市场监管局\n",
        ("LX102", 17, 7),
        ("半角", "“－”"),
    ),
    (
        "list-numbered",
        UNITS,
        "    units:\n      1. 市发展改革委\n      2. 市教育局\n      3. 市市场监管局\n",
        ("LX102", 17, 7),
        ("去掉序号",),
    ),
    # --- consistency: a hint that names the right thing ---
    (
        "lead-typo",
        "lead_unit: 市市场监管局",
        "lead_unit: 市市场监督局",
        ("LX203", 15, 16),
        ("市市场监管局",),
    ),
    (
        "office-typo",
        "office: {unit: 市市场监管局,",
        "office: {unit: 市市场监督局,",
        ("LX204", 28, 20),
        ("市市场监管局",),
    ),
    (
        "owners-joined",
        "    office:",
        MEETING + "    office:",
        ("LX206", 32, 22),
        ("市教育局", "每项只写一个单位"),
    ),
    # --- unit names: invisible and full-width characters, several units in one item ---
    (
        "zero-width-space",
        "      - 市教育局\n",
        "      - 市教育局\u200b\n",
        ("LX304", 18, 9),
        ("删除",),
    ),
    (
        "fullwidth-space-in-name",
        "      - 市教育局\n",
        "      - 市教育\u3000局\n",
        ("LX304", 18, 9),
        ("空格",),
    ),
    (
        "fullwidth-letters",
        "      - 市教育局\n",
        "      - 市１２３局\n",
        ("LX304", 18, 9),
        ("半角", "市123局"),
    ),
    (
        "units-joined-with-dunhao",
        "      - 市教育局\n",
        "      - 市教育局、市科技局\n",
        ("LX305", 18, 9),
        ("单独一行", "市科技局"),
    ),
    (
        "units-joined-with-comma",
        "      - 市教育局\n",
        "      - 市教育局，市科技局\n",
        ("LX305", 18, 9),
        ("单独一行",),
    ),
]


def _diagnostics(old: str, new: str) -> list[Diagnostic]:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    result = load_text(text, "demo.yaml")
    return run_checks(result, Context(dt.date(2025, 3, 1)))


def _format_words() -> set[str]:
    """The format's own words: keys of every model and values of every enumeration."""
    import enum

    from pydantic import BaseModel

    from lianxi import model

    words = {"YAML", "UTF", "true", "false", "schema", "lianxi", "json", "YYYY", "MM", "DD"}
    for item in vars(model).values():
        if isinstance(item, type) and issubclass(item, BaseModel):
            words |= set(item.model_fields)
        elif isinstance(item, type) and issubclass(item, enum.Enum):
            words |= {str(m.value) for m in item}
    return words


#: words allowed in Chinese output: the format's own keys and values
_ALLOWED = _format_words()
_QUOTED = re.compile(r"'[^']*'|`[^`]*`|“[^”]*”|\"[^\"]*\"|\{[^}]*\}|\[[^\]]*\]")


def english_words(text: str) -> list[str]:
    """Words of Latin letters in `text` outside codes, keys, paths and quoted values."""
    text = _QUOTED.sub(" ", text)
    text = re.sub(r"\bLX\d{3}\b|U\+[0-9A-F]{4}|[\w.-]+\.(?:yaml|json)(?::\d+)*", " ", text)
    text = re.sub(r"[A-Za-z_][\w]*(?:\.[\w]+)+", " ", text)  # systems.0.lead_unit
    words = re.findall(r"[A-Za-z][A-Za-z_]+", text)
    return [w for w in words if w not in _ALLOWED]


@pytest.mark.parametrize(
    ("old", "new", "expected", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_mistake_is_one_diagnostic_at_its_place(
    old: str, new: str, expected: tuple[str, int, int], words: tuple[str, ...]
) -> None:
    diags = [d for d in _diagnostics(old, new) if d.code not in ("LX201",)]
    assert [(d.code, d.line, d.col) for d in diags] == [expected]
    (d,) = diags
    for lang in ("zh", "en"):
        assert d.message(lang) and d.hint(lang), lang
    hint = d.hint("zh") or ""
    assert all(w in hint for w in words), hint
    text = format_text(diags, None, "zh")
    assert english_words(text) == [], text
    assert re.search(r"[A-Za-z]{3,}", d.message("en") + (d.hint("en") or ""))


def test_english_words_finds_english() -> None:
    assert english_words("YAML 语法错误：could not find expected ':'") == [
        "could",
        "not",
        "find",
        "expected",
    ]
    assert english_words("systems.0.role：不是可用的取值（实际为 '组长'）") == []


def test_duplicates_are_found_through_invisible_characters() -> None:
    diags = _diagnostics("      - 市教育局\n", "      - 市教育局\n      - 市教育局\u200b\n")
    assert [(d.code, d.line) for d in diags if d.code != "LX201"] == [("LX202", 19), ("LX304", 19)]
    (lx304,) = [d for d in diags if d.code == "LX304"]
    assert "U+200B 零宽空格" in lx304.message("zh")
    assert "U+200B ZERO WIDTH SPACE" in lx304.message("en")


@pytest.mark.parametrize(
    "name",
    ["各县（市、区）人民政府", "市委宣传部（市新闻出版局、市版权局）", "市发展改革委", "市教育局"],
)
def test_a_unit_name_with_inner_separators_is_not_joined(name: str) -> None:
    diags = _diagnostics("      - 市教育局\n", f"      - {name}\n")
    assert [d.code for d in diags if d.code in ("LX305", "LX304")] == []


@pytest.mark.parametrize(
    "value",
    [
        "source: https://www.yuncheng.gov.cn/a.html",
        "note: 时间：2024年",
        "note: |\n      lead_unit：写在文本块中\n",
    ],
)
def test_what_looks_like_a_mistake_but_is_not(value: str) -> None:
    text = VALID.replace(
        "    lead_unit:", f"    {value}\n    lead_unit:".replace("source:", "note:")
    )
    assert [d.code for d in load_text(text, "demo.yaml").diagnostics] == []


def _readme_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Diagnostics", 1)[1].split("### LX001", 1)[0]
    return re.findall(r"```\n(.*?)```", section, re.S)


@pytest.mark.parametrize(
    ("index", "old", "new"),
    [(0, "lead_unit: 市", "lead_unit：市"), (1, "count: 3", "count: 35个")],
)
def test_the_readme_shows_what_validate_prints(
    workspace: Build, index: int, old: str, new: str
) -> None:
    root = workspace({"definitions/demo.yaml": VALID.replace(old, new, 1)})
    code, out, _ = invoke("validate", "--root", str(root), env={"LANG": "zh_CN.UTF-8"})
    assert code == 1
    assert out == _readme_blocks()[index]
