"""The message table: every code worded in both languages, with the same facts; the language is
chosen when a diagnostic is shown."""

from __future__ import annotations

import json
import string

import pytest

from lianxi import report
from lianxi.diagnostics import CODES, MESSAGES, Diagnostic, Severity, problem


def _fields(template: str | None) -> set[str]:
    if template is None:
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_wording_has_both_languages_with_the_same_facts(key: str) -> None:
    entry = MESSAGES[key]
    assert key.split("/")[0] in CODES
    assert entry.en and entry.zh
    assert (entry.hint_en is None) == (entry.hint_zh is None)
    # the Chinese wording may leave out a fact that is only the parser's English (`problem`)
    assert _fields(entry.zh) <= _fields(entry.en)
    assert _fields(entry.hint_zh) == _fields(entry.hint_en)


def test_every_code_has_a_wording() -> None:
    worded = {key.split("/")[0] for key in MESSAGES}
    assert sorted(set(CODES) - worded) == []


def test_the_language_is_chosen_when_shown() -> None:
    d = problem("LX202", "d.yaml", 7, 9, unit="市发改委", first="市发展改革委", first_line=5)
    assert d.args == {"unit": "市发改委", "first": "市发展改革委", "first_line": 5}
    assert d.message("en") == "unit '市发改委' is already listed as '市发展改革委' (line 5)"
    assert d.message("zh") == "成员单位 '市发改委' 与第 5 行的 '市发展改革委' 重复"
    assert report.format_text([d], lang="zh").splitlines() == [
        "d.yaml:7:9: LX202 [错误] 成员单位 '市发改委' 与第 5 行的 '市发展改革委' 重复",
        "  提示: 删除其中一项",
    ]


def test_a_list_fact_is_joined_in_each_language() -> None:
    d = problem("LX301", "d.yaml", 3, 7, name="市公按局", near="市公安局\n市交通局")
    assert d.hint("en") == "closest: 市公安局, 市交通局"
    assert d.hint("zh") == "最接近的名称：市公安局、市交通局"


def test_json_keeps_code_and_args_and_words_message_and_hint_in_the_chosen_language() -> None:
    d = problem("LX104", "d.yaml", 2, 5, id="xian", stem="xi-an")
    data = json.loads(report.format_json([d], None, "zh"))
    assert data["diagnostics"] == [
        {
            "file": "d.yaml",
            "line": 2,
            "col": 5,
            "code": "LX104",
            "severity": "error",
            "message": "id 'xian' 与文件名 'xi-an' 不一致",
            "hint": "改为 `id: xi-an`，或把文件改名为 xian.yaml",
            "args": {"id": "xian", "stem": "xi-an"},
        }
    ]


def test_diagnostics_sort_by_position_and_survive_a_set() -> None:
    a = Diagnostic("a.yaml", 2, 1, "LX103", Severity.ERROR, {"key": "x"})
    b = Diagnostic("a.yaml", 1, 5, "LX103", Severity.ERROR, {"key": "y"})
    c = Diagnostic("a.yaml", 1, 5, "LX103", Severity.ERROR, {"key": "x"})
    assert sorted([a, b, c]) == [c, b, a]
    assert len({a, b, c, Diagnostic("a.yaml", 2, 1, "LX103", Severity.ERROR, {"key": "x"})}) == 3
