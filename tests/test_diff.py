"""`lianxi diff`: peers aligned by function, revisions matched by identity; stable formats."""

from __future__ import annotations

import json
import random

import pytest

from lianxi import align, diff
from lianxi.loader import load_text
from lianxi.model import Definition

from .conftest import VALID

FUNCTIONS = {
    "市工信局": "industry",
    "市经信局": "industry",
    "市工商局": "market",
    "市市场监管局": "market",
    "市发展改革委": "development",
    "市发改委": "development",
    "市教育局": "education",
    "市公安局": "police",
}


def fn(name: str) -> str:
    return FUNCTIONS.get(name, name)


def renamed(old: str, new: str) -> bool:
    return fn(old) == fn(new)


def defn(text: str, file: str = "demo.yaml") -> Definition:
    result = load_text(text, file)
    assert result.definition is not None, result.diagnostics
    return result.definition


A = defn(VALID)
B = defn(
    VALID.replace("id: demo", "id: peer")
    .replace("      - 市教育局\n", "      - 市公安局\n")
    .replace("市发展改革委", "市发改委"),
    "peer.yaml",
)


def sections(result: diff.DiffResult) -> dict[str, list[tuple[str, object, object]]]:
    (pair,) = result.pairs
    return {s.name: [(i.key, i.a, i.b) for i in s.items] for s in pair.sections if s.items}


def test_peers_align_units_by_function() -> None:
    result = diff.diff_peers(A, B, None, None, "demo", "peer", fn)
    got = sections(result)
    assert got["units.shared"] == [("market", "市市场监管局", "市市场监管局")]
    assert got["units.renamed"] == [("development", "市发展改革委", "市发改委")]
    assert got["units.only_a"] == [("education", "市教育局", None)]
    assert got["units.only_b"] == [("police", None, "市公安局")]
    assert result.pairs[0].paired_by == "name similarity 1.00"


def test_a_system_compared_with_itself_has_no_differences() -> None:
    result = diff.diff_revisions(A, A, "demo", "demo", None, fn, renamed)
    assert result.differences == 0
    assert diff.format_text([result]).endswith("no differences")


def with_units(units: str, lead: str = "市市场监管局") -> Definition:
    head = VALID[: VALID.index("    units:\n")]
    return defn(
        head.replace("lead_unit: 市市场监管局", f"lead_unit: {lead}") + "    units:\n" + units
    )


def test_revisions_added_removed_renamed_moved_roster() -> None:
    old = with_units(
        "      - 市发展改革委\n      - 市教育局\n      - 市公安局\n"
        "      - name: 市工商局\n        member: {name: 张工, post: 局长}\n",
        lead="市工商局",
    )
    new = with_units(
        "      - 市公安局\n      - 市发展改革委\n"
        "      - name: 市市场监管局\n        member: {name: 李四, post: 局长}\n"
        "      - 市财政局\n"
    )
    result = diff.diff_revisions(old, new, "demo@HEAD~1", "demo", None, fn, renamed)
    got = sections(result)
    assert got["units.added"] == [("市财政局", None, "市财政局")]
    assert got["units.removed"] == [("education", "市教育局", None)]
    assert got["units.renamed"] == [("market", "市工商局", "市市场监管局")]
    # of 市发展改革委 and 市公安局, which swapped places, one moved: the fewest moves explain the order
    assert got["units.moved"] == [("市发展改革委", 1, 2)]
    assert got["roster"] == [("市市场监管局", "张工 局长", "李四 局长")]
    assert got["fields"] == [("lead_unit", "市工商局", "市市场监管局")]
    text = diff.format_text([result])
    assert "-- units renamed (1)\n   ~ market: 市工商局 → 市市场监管局" in text
    assert "-- units moved in the order (1)\n   ↕ 市发展改革委: 1 → 2" in text


def test_json_is_stable_and_pairs_hold_both_sides() -> None:
    result = diff.diff_peers(A, B, None, None, "demo", "peer", fn)
    data = json.loads(diff.format_json([result]))
    assert list(data) == ["differences", "comparisons"]
    comparison = data["comparisons"][0]
    assert comparison["mode"] == "peers"
    renamed_units = comparison["pairs"][0]["sections"]["units.renamed"]
    assert renamed_units == [{"key": "development", "a": "市发展改革委", "b": "市发改委"}]
    assert diff.format_json([result]) == diff.format_json([result])


def test_duties_aligned_by_similarity() -> None:
    paired, only_a, only_b = diff._align_duties(
        ["研究制定全市实施质量强市和标准化战略相关政策措施", "协调解决相关重大问题"],
        ["研究制定全市标准化战略相关政策措施", "完成市委交办的其他事项"],
    )
    assert [(p.a, p.b) for p in paired] == [
        ("研究制定全市实施质量强市和标准化战略相关政策措施", "研究制定全市标准化战略相关政策措施")
    ]
    assert [p.a for p in only_a] == ["协调解决相关重大问题"]
    assert [p.b for p in only_b] == ["完成市委交办的其他事项"]


def test_post_rank() -> None:
    assert diff.post_rank("市政府分管市场监管工作的副市长") == "副市长"
    assert diff.post_rank("市场监管总局主要负责同志") == "主要负责人"
    assert diff.post_rank("自治区副主席") == "副主席"
    assert diff.post_rank("联络员") is None


# --- alignment and word spans ---------------------------------------------------------------


def test_align_pairs_equal_texts_first_then_similar_ones() -> None:
    a = ["甲项工作", "安排部署相关工作任务", "甲项工作", "协调解决相关重大问题"]
    b = [
        "甲项工作",
        "协调解决相关重大问题",
        "安排部署年度重点工作任务",
        "甲项工作",
        "完全不同的一项",
    ]
    got = [(m.i, m.j, round(m.score, 2)) for m in align.align(a, b)]
    assert got == [(0, 0, 1.0), (1, 2, 0.73), (2, 3, 1.0), (3, 1, 1.0)]


def test_unmoved_keeps_the_longest_run_in_order() -> None:
    matches = align.align(list("abcdef"), list("aebcdf"))
    keep = align.unmoved(matches)
    assert [(m.i, m.j) for n, m in enumerate(matches) if n not in keep] == [
        (4, 1)
    ]  # only e moved, from 5th to 2nd


@pytest.mark.parametrize(
    ("a", "b", "marked"),
    [
        (
            "安排部署相关工作任务",
            "安排部署年度重点工作任务",
            "安排部署[-相关-]{+年度重点+}工作任务",
        ),
        ("制定2024年工作要点", "制定2025年工作要点", "制定[-2024-]{+2025+}年工作要点"),
        (
            "完成市委、市政府交办的其他事项",
            "完成国家、省、市交办的其他事项",
            "完成[-市委、市政府-]{+国家、省、市+}交办的其他事项",
        ),
        ("研究制定政策", "研究制定政策措施", "研究制定政策{+措施+}"),
        ("市工商局", "市市场监管局", "市[-工商-]{+市场监管+}局"),
        # a stray equal character inside a rewrite is folded into the change
        ("加强的宏观指导", "推进和的统筹", "[-加强的宏观指导-]{+推进和的统筹+}"),
    ],
)
def test_spans_mark_changed_character_runs(a: str, b: str, marked: str) -> None:
    spans = align.spans(a, b)
    assert diff._text_words(spans) == marked
    assert "".join(t for op, t in spans if op != align.INSERT) == a
    assert "".join(t for op, t in spans if op != align.DELETE) == b


def test_large_lists_align_through_the_candidate_index() -> None:
    rng = random.Random(5)
    words = "研究制定统筹协调督促检查组织实施指导推动质量标准计量品牌检验认证市场营商环境"
    a = ["".join(rng.choice(words) for _ in range(24)) + f"第{n}项" for n in range(3000)]
    b = list(a)
    edited = rng.sample(range(3000), 600)  # more than FULL_SCAN allows to score pairwise
    for k in edited:
        b[k] = b[k][:10] + "年度重点" + b[k][12:]
    b.insert(0, b.pop(2500))
    order = list(range(3000))
    order.insert(0, order.pop(2500))
    assert len(edited) ** 2 > align.FULL_SCAN
    matches = align.align(a, b)
    at = {i: j for j, i in enumerate(order)}
    assert [(m.i, m.j) for m in matches] == [(i, at[i]) for i in range(3000)]
    assert {m.i for m in matches if m.score < 1} == set(edited)
    keep = align.unmoved(matches)
    assert [(m.i, m.j) for n, m in enumerate(matches) if n not in keep] == [(2500, 0)]


# --- formats ---------------------------------------------------------------------------------


def with_duties(duties: list[str]) -> Definition:
    return defn(
        VALID.replace(
            "    lead_unit:",
            "    duties:\n"
            + "".join(f"      - {json.dumps(d, ensure_ascii=False)}\n" for d in duties)
            + "    lead_unit:",
        )
    )


def test_md_stays_under_the_limit_and_says_what_it_left_out() -> None:
    old = with_duties([f"组织开展第{n}项质量提升专项行动" for n in range(2000)])
    new = with_duties([f"组织开展第{n}项质量提升专项行动（已完成）" for n in range(2000)])
    result = diff.diff_revisions(old, new, "demo@HEAD", "demo", None, fn, renamed)
    assert result.differences == 2000
    md = diff.format_md([result], "en", limit=20_000)
    assert len(md.encode("utf-8")) < 20_000
    shown = [line for line in md.splitlines() if line.startswith("- `~`")]
    assert 0 < len(shown) < 2000
    assert f"**{2000 - len(shown)} differences not shown** (in 1 comparison)" in md
    assert md.count("<details>") == md.count("</details>") == 1  # a long section is collapsed
    assert "**2000 differences**" in md.splitlines()[0]


def test_md_escapes_user_text() -> None:
    base = "研究制定全市实施质量强市和标准化战略相关政策措施"
    old = with_duties([base])
    new = with_duties([base + "<b>|*x*</b>\n二\x1b[31m"])
    result = diff.diff_revisions(old, new, "demo@HEAD", "demo", None, fn, renamed)
    md = diff.format_md([result], "en")
    (line,) = [line for line in md.splitlines() if line.startswith("- `~`")]
    assert line == (
        f"- `~` `[1]` …{base[-20:]}<ins>&lt;b&gt;\\|\\*x\\*&lt;/b&gt;↵二\\\\u001b\\[31m</ins>"
    )
    text = diff.format_text([result])
    assert f"…{base[-20:]}{{+<b>|*x*</b>↵二\\u001b[31m+}}" in text


def test_summary_in_chinese() -> None:
    old = with_duties(["安排部署相关工作任务"])
    new = with_duties(["安排部署年度重点工作任务"])
    result = diff.diff_revisions(old, new, "demo@HEAD", "demo", None, fn, renamed)
    assert diff.format_text([result], "zh").splitlines() == [
        "== demo@HEAD:quality ↔ demo:quality  (配对方式: 同一制度; 1 处差异)",
        "   主要职责 1",
        "-- 主要职责 (1)",
        "   ~ [1] 安排部署[-相关-]{+年度重点+}工作任务",
        "",
        "1 处差异",
    ]


def test_a_huge_changed_text_is_one_deletion_and_one_insertion() -> None:
    rng = random.Random(2)
    a = "".join(rng.choice("研究制定质量标准计量") for _ in range(200_000))
    b = "".join(rng.choice("研究制定质量标准计量") for _ in range(200_000))
    spans = align.spans("头" + a + "尾", "头" + b + "尾")
    assert [op for op, _ in spans] == ["=", "-", "+", "="]
    edited = a[:100_000] + "改" + a[100_001:]
    # scored on the head and tail of each, not in full
    assert [m.i for m in align.align([a, b], [edited])] == [0]


def test_liaison_phones_stay_private() -> None:
    def with_liaisons(people: str) -> Definition:
        return defn(
            VALID.replace("    office:", f"    liaisons:\n      people:\n{people}    office:")
        )

    old = with_liaisons(
        "        - {unit: 市教育局, name: 王五, phone: '13800000001'}\n"
        "        - {unit: 市发展改革委, name: 赵六, phone: '13800000002'}\n"
    )
    new = with_liaisons(
        "        - {unit: 市教育局, name: 王五, phone: '13900000009'}\n"
        "        - {unit: 市发展改革委, name: 赵七, phone: '13800000002'}\n"
        "        - {unit: 市市场监管局, name: 孙八, phone: '13700000003'}\n"
    )
    result = diff.diff_revisions(old, new, "demo@HEAD", "demo", None, fn, renamed)
    outputs = [f([result], "en") for f in diff.FORMATTERS.values()]
    assert not any(phone in out for out in outputs for phone in ("1380", "1390", "1370"))
    assert sections(result)["liaisons"] == [
        ("liaisons.people[市教育局].phone", "(private)", "(private, changed)"),
        ("liaisons.people[市发展改革委].name", "赵六", "赵七"),
        (
            "liaisons.people[市市场监管局]",
            None,
            {"unit": "市市场监管局", "name": "孙八", "phone": "(private)"},
        ),
    ]
