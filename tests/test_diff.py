"""`lianxi diff`: peers aligned by function, revisions matched by identity; stable formats."""

from __future__ import annotations

import json

from lianxi import diff
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
