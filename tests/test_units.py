"""`lianxi units`: every unit across the workspace by catalog function."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from .conftest import REPO, VALID, run_cli

Build = Callable[[dict[str, str | bytes]], Path]
OTHER = VALID.replace("id: demo", "id: other").replace("市发展改革委", "市发改委")


def invoke(*args: str) -> tuple[int, str, str]:
    result = run_cli(*args)
    return result.exit_code, result.stdout, result.stderr


def test_same_function_under_two_names_is_one_row(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "definitions/other.yaml": OTHER})
    code, out, _ = invoke("units", "发展改革", "--root", str(root), "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "function": "development-reform",
            "label": "发展改革",
            "names": ["市发展改革委", "市发改委"],
            "systems": ["demo:quality", "other:quality"],
        }
    ]


def test_query_by_name_label_or_id_finds_the_same_row(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "definitions/other.yaml": OTHER})
    outs = {
        invoke("units", q, "--root", str(root))[1]
        for q in ("市发改委", "发展改革", "development-reform")
    }
    assert outs == {
        "发展改革  [development-reform]  2 system(s)\n"
        "  市发展改革委、市发改委\n"
        "  demo:quality, other:quality\n"
    }


def test_query_matching_nothing_exits_1(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    assert invoke("units", "海关", "--root", str(root)) == (1, "no matching units\n", "")


def test_csv_has_a_header_and_one_row_per_function(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    result = run_cli("units", "--root", str(root), "--format", "csv")
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 4  # Excel reads Chinese
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert result.exit_code == 0
    assert rows[0] == ["function", "label", "names", "systems"]
    assert sorted(r[2] for r in rows[1:]) == ["市发展改革委", "市市场监管局", "市教育局"]


def test_repository_public_security_across_levels() -> None:
    code, out, _ = invoke("units", "公安", "--root", str(REPO), "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["names"] == ["市公安局", "公安部", "公安局", "公安厅"]
    assert row["systems"] == [
        "ezhou:standard",
        "guojia-jiliang:jiliang",
        "lianyungang:ip",
        "neimenggu:ip",
        "yuncheng:quality",
        "yuncheng:ip",
    ]


def test_every_repository_unit_is_in_the_catalog() -> None:
    code, out, _ = invoke("units", "--root", str(REPO), "--format", "json")
    assert code == 0
    assert [r["function"] for r in json.loads(out) if r["function"].startswith("?")] == []


def test_directory_ref_expands_to_its_files(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "definitions/other.yaml": OTHER})
    result = run_cli("validate", str(root / "definitions"))
    assert result.exit_code == 0
    assert result.stderr == "checked 2 files: no problems found\n"


def test_unknown_lists_unplaced_names_with_counts(workspace: Build) -> None:
    demo = VALID.replace("      - 市教育局\n", "      - 市教育局\n      - 市茶产业发展中心\n")
    demo = demo.replace("declared_unit_count: 3", "declared_unit_count: 4")
    other = OTHER.replace("      - 市教育局\n", "      - 市教育局\n      - 县茶产业发展中心\n")
    other = other.replace("declared_unit_count: 3", "declared_unit_count: 4")
    root = workspace({"definitions/demo.yaml": demo, "definitions/other.yaml": other})
    code, out, _ = invoke("units", "--unknown", "--root", str(root))
    assert code == 0
    assert out == (
        "茶产业发展中心  2 time(s) in 2 system(s)\n"
        "  市茶产业发展中心、县茶产业发展中心\n"
        "  demo:quality, other:quality\n"
        "2 of 6 distinct unit names are not in the catalog (66.7% resolve)\n"
    )
    code, out, _ = invoke("units", "--unknown", "--root", str(root), "-f", "json")
    assert json.loads(out) == [
        {
            "name": "茶产业发展中心",
            "count": 2,
            "names": ["市茶产业发展中心", "县茶产业发展中心"],
            "systems": ["demo:quality", "other:quality"],
        }
    ]
    code, out, _ = invoke("units", "--unknown", "--root", str(root), "-f", "csv", "--lang", "zh")
    assert out.splitlines()[:2] == [
        "\ufeffname,count,names,systems",
        "茶产业发展中心,2,市茶产业发展中心、县茶产业发展中心,demo:quality other:quality",
    ]
    # once the workspace catalog knows it, nothing is left
    (root / "catalog.yaml").write_text(
        "functions:\n  - id: tea-industry\n    label: 茶产业\n    city: [茶产业发展中心]\n"
        "    county: [茶产业发展中心]\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("units", "--unknown", "--root", str(root), "--lang", "zh")
    assert (code, out) == (0, "6 个不同的单位名称中 0 个不在名录中（100.0% 可识别）\n")


def test_merged_bureau_sits_in_each_of_its_functions(workspace: Build) -> None:
    demo = VALID.replace("level: city", "level: county").replace("市", "区")
    demo = demo.replace("      - 区教育局\n", "      - 区发展改革和工业信息化局\n")
    demo = demo.replace("      - 区发展改革委\n", "")
    demo = demo.replace("declared_unit_count: 3", "declared_unit_count: 2")
    root = workspace({"definitions/demo.yaml": demo})
    code, out, _ = invoke("units", "--root", str(root), "-f", "json")
    rows = {r["function"]: r for r in json.loads(out)}
    for fid, other in (
        ("development-reform", "industry-it"),
        ("industry-it", "development-reform"),
    ):
        assert rows[fid]["names"] == ["区发展改革和工业信息化局"]
        assert rows[fid]["also"] == {"区发展改革和工业信息化局": [other]}
    code, out, _ = invoke("units", "工业", "--root", str(root), "--lang", "zh")
    assert code == 0 and "  区发展改革和工业信息化局（兼发展改革）\n" in out


def test_unknown_has_no_workbook(workspace: Build) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    code, out, err = invoke("units", "--unknown", "-f", "xlsx", "--root", str(root))
    assert (code, out) == (2, "")
    assert "LX102" in err and "--unknown lists names as text, json or csv, not xlsx" in err
