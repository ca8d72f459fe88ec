"""Excel output: `render members -f xlsx` and `units -f xlsx`, opened with openpyxl, cell by cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianxi.workbook import Sheet, display_width, workbook

from .conftest import REPO, VALID, run_cli

Build = Callable[[dict[str, str | bytes]], Path]


def _open(path: Path) -> Any:
    return openpyxl.load_workbook(path)


def _values(ws: Any, row: int) -> list[Any]:
    return [c.value for c in ws[row]]


def test_members_xlsx_has_conveners_first_then_numbered_units(tmp_path: Path) -> None:
    out = tmp_path / "成员.xlsx"
    result = run_cli(
        "render", "members", "guojia-jiliang", "-f", "xlsx", "-o", str(out), "--root", str(REPO)
    )
    assert result.exit_code == 0, result.output
    wb = _open(out)
    assert wb.sheetnames == ["成员名单"]
    ws = wb["成员名单"]
    assert _values(ws, 1) == ["序号", "角色", "单位", "姓名", "职务"]
    assert _values(ws, 2) == [None, "召集人", "市场监管总局", "张工", "市场监管总局局长"]
    assert _values(ws, 3) == [None, "副召集人", "市场监管总局", "秦宜智", "市场监管总局副局长"]
    assert _values(ws, 4) == [1, "成员单位", "市场监管总局", None, None]
    assert _values(ws, 5) == [2, "成员单位", "教育部", "钟登华", "教育部副部长"]
    assert ws.max_row == 1 + 2 + 25  # header, two conveners, 25 units
    assert ws.cell(ws.max_row, 1).value == 25
    assert ws["A1"].font.b is True
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.paperSize == 9  # A4 in the OOXML paper-size table
    assert ws.oddHeader.center.text == "全国计量工作部际联席会议成员名单"
    longest = max(display_width(str(c.value or "")) for c in ws["E"])
    # the width Excel shows, in characters; the file adds the cell's padding (5 pixels of 7)
    assert int(ws.column_dimensions["E"].width) == min(60, longest + 2)
    assert int(ws.column_dimensions["A"].width) == display_width("序号") + 2


def test_members_xlsx_private_adds_the_liaison_sheet(workspace: Build) -> None:
    text = VALID + (
        "    liaisons:\n      rule: 各成员单位承办科室负责同志\n      people:\n"
        "        - {unit: 市教育局, name: 李四, post: 科长, phone: '0359-1234567'}\n"
    )
    root = workspace({"definitions/demo.yaml": text})
    out = root / "m.xlsx"
    public = run_cli("render", "members", "demo", "-f", "xlsx", "-o", str(out), "--root", str(root))
    assert public.exit_code == 0, public.output
    assert _open(out).sheetnames == ["成员名单"]
    assert "0359-1234567" not in str([_values(r, 1) for r in _open(out).worksheets])
    private = run_cli(
        "render",
        "members",
        "demo",
        "-f",
        "xlsx",
        "-o",
        str(out),
        "--force",
        "--private",
        "--root",
        str(root),
    )
    assert private.exit_code == 0, private.output
    wb = _open(out)
    assert wb.sheetnames == ["成员名单", "联络员"]
    ws = wb["联络员"]
    assert _values(ws, 1) == ["序号", "单位", "姓名", "职务", "电话"]
    assert _values(ws, 2) == [1, "市教育局", "李四", "科长", "0359-1234567"]
    assert ws.oddHeader.center.text == "运城市质量强市和标准化联席会议联络员名单"
    assert all(r[1] != "联络员" for r in wb["成员名单"].iter_rows(values_only=True))


def test_xlsx_cells_from_a_definition_are_text_never_formulas(workspace: Build) -> None:
    evil = VALID.replace("市教育局", '\'=HYPERLINK("http://x","点我")\'').replace(
        "name: 张工", 'name: "@SUM(1+1)\\x07"'
    )
    root = workspace({"definitions/demo.yaml": evil})
    out = root / "m.xlsx"
    result = run_cli("render", "members", "demo", "-f", "xlsx", "-o", str(out), "--root", str(root))
    assert result.exit_code == 0, result.output
    ws = _open(out)["成员名单"]
    cells = {c.coordinate: c for row in ws.iter_rows() for c in row}
    formula = next(c for c in cells.values() if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    assert "@SUM(1+1)" in [c.value for c in cells.values()]  # the bell character is dropped


def test_sheet_names_follow_excels_rules() -> None:
    long = "名" * 40
    data = workbook(
        [
            Sheet(long, "t", ["a"], []),
            Sheet(long, "t", ["a"], []),
            Sheet("a/b:c*?[d]", "A & B", ["a"], []),
        ]
    )
    path = Path(__file__).parent / "_never_written.xlsx"
    assert not path.exists()
    import io

    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["名" * 31, "名" * 28 + "(2)", "abcd"]
    assert wb["abcd"].oddHeader.center.text == "A && B"  # & is a header code; doubled, it prints &


def test_units_xlsx_is_the_participation_matrix(tmp_path: Path) -> None:
    out = tmp_path / "units.xlsx"
    result = run_cli("units", "-f", "xlsx", "-o", str(out), "--root", str(REPO))
    assert result.exit_code == 0, result.output
    wb = _open(out)
    assert wb.sheetnames == ["参与矩阵", "制度"]
    ws = wb["参与矩阵"]
    head = _values(ws, 1)
    assert head[:3] == ["职能", "文件中的名称", "合计"]
    assert head[3:] == [
        "ezhou:standard",
        "guojia-jiliang:jiliang",
        "lianyungang:ip",
        "neimenggu:ip",
        "yuncheng:quality",
        "yuncheng:ip",
    ]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    market = rows["市场监管"]
    assert market[head.index("yuncheng:quality")] == "牵办召"
    assert market[head.index("neimenggu:ip")] == "牵办"
    totals = [r[2] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert totals == sorted(totals, reverse=True)  # the most-burdened first
    assert ws.page_setup.orientation == "landscape"
    systems = wb["制度"]
    assert _values(systems, 2)[:3] == [
        "ezhou:standard",
        "鄂州市标准化协调推进工作联席会议制度",
        "鄂州市",
    ]


def test_more_systems_than_excel_has_columns_continue_on_another_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lianxi import site

    monkeypatch.setattr(site, "MATRIX_COLUMNS", 4)  # Excel's 16,381 free columns, made small
    out = tmp_path / "units.xlsx"
    result = run_cli("units", "-f", "xlsx", "-o", str(out), "--root", str(REPO))
    assert result.exit_code == 0, result.output
    wb = _open(out)
    assert wb.sheetnames == ["参与矩阵（1）", "参与矩阵（2）", "制度"]
    assert _values(wb["参与矩阵（1）"], 1)[3:] == [
        "ezhou:standard",
        "guojia-jiliang:jiliang",
        "lianyungang:ip",
        "neimenggu:ip",
    ]
    second = wb["参与矩阵（2）"]
    assert _values(second, 1)[3:] == ["yuncheng:quality", "yuncheng:ip"]
    rows = {r[0]: r for r in second.iter_rows(min_row=2, values_only=True)}
    first = {r[0]: r for r in wb["参与矩阵（1）"].iter_rows(min_row=2, values_only=True)}
    assert rows["市场监管"][2] == first["市场监管"][2] == 5  # the total counts every part
    assert rows["市场监管"][3] == "牵办召"


@pytest.mark.parametrize(
    ("query", "labels"), [("公安", ["公安"]), ("工商局", ["工商行政管理（旧）"])]
)
def test_units_xlsx_keeps_only_the_queried_function(
    tmp_path: Path, query: str, labels: list[str]
) -> None:
    out = tmp_path / "u.xlsx"
    result = run_cli("units", query, "-f", "xlsx", "-o", str(out), "--root", str(REPO))
    assert result.exit_code == 0, result.output
    ws = _open(out)["参与矩阵"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == labels


def test_units_xlsx_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "u.xlsx"
    out.write_bytes(b"mine")
    result = run_cli("units", "-f", "xlsx", "-o", str(out), "--root", str(REPO))
    assert result.exit_code == 1
    assert "LX504" in result.stderr
    assert out.read_bytes() == b"mine"


def test_a_large_workbook_is_written_row_by_row_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from lianxi import workbook as module

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(module, "LARGE", 10)  # every workbook is "large"
    out = tmp_path / "units.xlsx"
    result = run_cli("units", "-f", "xlsx", "-o", str(out), "--root", str(REPO))
    assert result.exit_code == 0, result.output
    ws = _open(out)["参与矩阵"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["市场监管"][_values(ws, 1).index("yuncheng:quality")] == "牵办召"
    assert list(scratch.iterdir()) == []


def test_a_title_longer_than_excels_header_is_cut_without_a_warning() -> None:
    import io
    import warnings

    title = "A &[Picture] " + "很长的标题" * 60
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = workbook([Sheet("s", title, ["a"], [["x"]])])
    header = openpyxl.load_workbook(io.BytesIO(data))["s"].oddHeader.center.text
    assert header.startswith("A &&[\u200bPicture] 很长的标题")
    assert len(header) < len(title)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(max_size=40), min_size=1, max_size=4),
    st.lists(st.sampled_from(["&", "[Picture]", "&[Picture]", "标题", "&&", "\U00020000"])).map(
        "".join
    )
    | st.text(max_size=300),
)
def test_any_names_and_titles_make_a_workbook_excel_opens(names: list[str], title: str) -> None:
    """Sheet names from any system name (apostrophes at the ends, `History`, characters outside the
    BMP that count twice, control characters) and any title (header codes, `&[Picture]`): a file,
    never an exception or a warning."""
    import io
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = workbook([Sheet(n, title, ["名称"], [[n]]) for n in [*names, "History", "'x'"]])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheetnames = wb.sheetnames
    assert len({n.lower() for n in sheetnames}) == len(names) + 2
    for n in sheetnames:
        assert 0 < len(n.encode("utf-16-le")) // 2 <= 31 and n[0] != "'" and n[-1] != "'"
        assert n.lower() != "history"
