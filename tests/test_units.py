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
