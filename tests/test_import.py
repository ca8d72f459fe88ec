"""`lianxi import`: drafts from the five seeds compared field by field with the curated
definitions, the forms text takes on the web, the CLI's edges, and arbitrary text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianxi import names
from lianxi.importer import cn_number, import_text, parse_date, split_posts
from lianxi.loader import load_path
from lianxi.names import unit_key

from .conftest import REPO, SEEDS, run_cli

SEED_IDS = ["yuncheng", "ezhou", "lianyungang", "neimenggu", "guojia-jiliang"]


def _real_errors(draft: Any) -> list[Any]:
    """Errors besides the jurisdiction a text without a place cannot give (LX101, by design)."""
    return [
        d for d in draft.errors if not (d.code == "LX101" and d.args.get("key") == "jurisdiction")
    ]


def _seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def _key(name: str | None) -> str | None:
    return unit_key(name) if name else None


def _fields(name: str) -> list[tuple[str, Any, Any]]:
    """(field, curated, imported) for every field the import must get right."""
    draft = import_text(_seed(name), name)
    curated = load_path(REPO / "definitions" / f"{name}.yaml").definition
    assert curated is not None
    doc = draft.data.get("document", {})
    rows: list[tuple[str, Any, Any]] = [
        ("文号", curated.document.number if curated.document else None, doc.get("number")),
        ("date", curated.document.date if curated.document else None, doc.get("date")),
        ("systems", len(curated.systems), len(draft.data["systems"])),
    ]
    for c, s in zip(curated.systems, draft.data["systems"], strict=False):
        units = [u if isinstance(u, str) else u["name"] for u in s.get("units", [])]
        office = (s.get("office") or {}).get("unit")
        rows += [
            (
                f"{c.key} units",
                [names.clean(u.name) for u in c.units],
                list(map(names.clean, units)),
            ),
            (f"{c.key} declared count", c.declared_unit_count, s.get("declared_unit_count")),
            (f"{c.key} lead unit", _key(c.lead_unit), _key(s.get("lead_unit"))),
            (f"{c.key} office unit", _key(c.office.unit if c.office else None), _key(office)),
            (
                f"{c.key} conveners",
                [(str(x.role), x.post) for x in c.conveners],
                [(x["role"], x["post"]) for x in s.get("conveners", [])],
            ),
        ]
    return rows


def test_seed_drafts_match_the_curated_definitions_field_by_field() -> None:
    score, total, wrong = 0, 0, []
    for name in SEED_IDS:
        for field, curated, imported in _fields(name):
            total += 1
            if curated == imported:
                score += 1
            else:
                wrong.append(f"{name} {field}: curated {curated!r}, imported {imported!r}")
    print(f"import score: {score}/{total} fields match the curated definitions")  # noqa: T201 - the score is the report
    assert not wrong, f"score {score}/{total}:\n" + "\n".join(wrong)
    assert total == 45  # 3 per file, 5 per system (6 systems)


@pytest.mark.parametrize("name", SEED_IDS)
def test_seed_draft_validates_without_errors(name: str, tmp_path: Path) -> None:
    (tmp_path / "definitions").mkdir()
    out = tmp_path / "definitions" / f"{name}.yaml"
    result = run_cli("import", str(SEEDS / f"{name}.txt"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    checked = run_cli("validate", "--root", str(tmp_path), "--today", "2026-11-22")
    assert checked.exit_code == 0, checked.output


def test_seed_specifics() -> None:
    ezhou = import_text(_seed("ezhou"), "ezhou").data["systems"][0]
    assert ezhou["units"][0] == {
        "name": "市发改委",
        "duty": "主要负责将标准化工作纳入国民经济和社会发展规划，推进重点产业标准化工作。",
    }
    assert ezhou["other_duties"][0]["units"] == ["各区人民政府", "葛店经开区", "临空经济区管委会"]
    assert ezhou["rules"]["plenary_per_year"] == 1
    assert ezhou["headings"] == {"duties": "主要职能"}
    jiliang = import_text(_seed("guojia-jiliang"), "guojia-jiliang").data["systems"][0]
    assert jiliang["conveners"][0] == {
        "role": "convener",
        "post": "市场监管总局局长",
        "name": "张工",
        "unit": "市场监管总局",
    }
    assert jiliang["units"][4] == {
        "name": "公安部",
        "member": {"name": "林锐", "post": "公安部副部长"},
    }
    lyg = import_text(_seed("lianyungang"), "lianyungang")
    assert lyg.data["document"]["addressees"] == ["各县、区人民政府", "市各有关单位"]
    assert {"name": "各县区政府", "group": True} in lyg.data["systems"][0]["units"]
    assert "第一个单位之后省略了“市”字" in lyg.text
    nmg = import_text(_seed("neimenggu"), "neimenggu").data["systems"][0]
    meeting = nmg["meetings"][0]
    assert meeting["date"] == dt.date(2023, 8, 10)
    assert meeting["chair"] == {"name": "奇巴图", "post": "自治区副主席"}
    assert [d["text"][:2] for d in meeting["decisions"]] == ["一是", "二是", "三是", "四是"]
    assert nmg["history"][0]["kind"] == "adjusted"


NOTICE = """<html><head><script>var x = "<p>联席会议由</p>";</script></head><body>
<div>首页 &gt; 政务公开</div>
<p>西安市人民政府办公厅</p>
<p>市政办函【2021】第017号</p>
<p>西安市人民政府办公厅关于建立西安市质量工作联席会议制度的通知</p>
<p>各区、县人民政府，市人民政府各工作部门：</p>
<p>为加强质量工作，经市政府同意，建立西安市质量工作联席会议制度。现将有关事项通知如下。</p>
<p>一、主要职责</p>
<p>（一）统筹协调全市质量工作。</p><p>（二）研究质量政策&nbsp;措施。</p>
<p>二、成员单位</p>
<p>联席会议由市发改委、工信局、教育局，市市场监管局、中共西安市委宣传部、各区县政府等二十一个部门和单位组成，市市场监管局为牵头单位。</p>
<p>联席会议由市政府分管副市长担任召集人，市政府副秘书长和市市场监管局局长担任副召集人。</p>
<p>联席会议办公室设在市市场监管局，办公室主任由市市场监管局局长兼任。</p>
<p>三、工作规则</p>
<p>1.联席会议原则上每年召开一次全体会议。</p>
<p>2.联席会议以纪要形式明确议定事项。</p>
<p>西安市人民政府办公厅</p>
<p>二〇二一年三月九日</p>
<p>（此件公开发布）</p>
<div>版权所有 西安市人民政府 电话：029-12345678</div>
</body></html>"""


def test_html_notice_with_chrome_hanzi_date_and_odd_brackets() -> None:
    draft = import_text(NOTICE, "xian")
    doc = draft.data["document"]
    assert doc["number"] == "市政办函〔2021〕17号"
    assert doc["date"] == dt.date(2021, 3, 9)
    assert doc["addressees"] == ["各区、县人民政府", "市人民政府各工作部门"]
    assert doc["note"] == "此件公开发布"
    s = draft.data["systems"][0]
    assert s["name"] == "西安市质量工作联席会议制度"
    assert s["duties"] == ["统筹协调全市质量工作。", "研究质量政策措施。"]
    assert s["layout"] == {"duties": "（一）", "rules": "1."}
    assert s["declared_unit_count"] == 21
    assert s["units"][-1] == {"name": "各区县政府", "group": True}
    assert [c["post"] for c in s["conveners"]] == [
        "市政府分管副市长",
        "市政府副秘书长",
        "市市场监管局局长",
    ]
    assert s["office"] == {"unit": "市市场监管局", "director": "市市场监管局局长"}
    assert s["rules"]["plenary_per_year"] == 1 and s["rules"]["minutes"] is True
    assert "版权" not in draft.text and "<p>" not in draft.text and "首页" not in draft.text
    assert "文号 市政办函〔2021〕17号 (printed 市政办函【2021】第017号)" in [
        n.en for n in draft.review.guessed
    ]
    assert not _real_errors(draft)


ADJUST = """鄂州市人民政府办公室关于调整鄂州市标准化协调推进工作联席会议制度成员单位的通知
鄂州政办函[2025]12号
各区人民政府，市直各部门：
经市人民政府同意，增加市数据局、市城管委为联席会议成员单位，市临空物流发展服务中心不再作为联席会议成员单位。
鄂州市人民政府办公室
2025年3月1日
"""


def test_adjustment_notice_becomes_a_history_entry() -> None:
    draft = import_text(ADJUST, "ezhou")
    s = draft.data["systems"][0]
    assert s["name"] == "鄂州市标准化协调推进工作联席会议制度"
    assert "established" not in s
    assert s["history"] == [
        {
            "date": dt.date(2025, 3, 1),
            "kind": "adjusted",
            "document": "鄂州政办函〔2025〕12号",
            "units_added": ["市数据局", "市城管委"],
            "units_removed": ["市临空物流发展服务中心"],
        }
    ]
    assert not _real_errors(draft)


@pytest.mark.parametrize(
    ("duties", "items", "layout"),
    [
        (
            "一是研究政策；二是部署任务；三是协调问题。",
            ["研究政策", "部署任务", "协调问题"],
            "一是",
        ),
        ("研究政策；部署任务；协调问题。", ["研究政策", "部署任务", "协调问题"], None),
        ("(一)研究政策。\n(二)部署任务。", ["研究政策。", "部署任务。"], "(一)"),
        ("1. 研究政策。\n2. 部署任务。", ["研究政策。", "部署任务。"], "1."),
    ],
)
def test_duty_list_styles(duties: str, items: list[str], layout: str | None) -> None:
    text = f"某市质量工作联席会议制度\n一、主要职责\n{duties}\n二、成员单位\n联席会议由市发改委、市教育局等2个部门组成。"
    s = import_text(text, "x").data["systems"][0]
    assert s["duties"] == items
    assert s.get("layout", {}).get("duties") == layout


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("28", 28),
        ("二十八", 28),
        ("十", 10),
        ("十二", 12),
        ("一百零五", 105),
        ("２５", 25),
        ("x", None),
    ],
)
def test_cn_number(text: str, value: int | None) -> None:
    assert cn_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024年10月12日", dt.date(2024, 10, 12)),
        ("二○一四年五月七日", dt.date(2014, 5, 7)),
        ("二〇二一年十二月三十一日", dt.date(2021, 12, 31)),
        ("2014-05-07", dt.date(2014, 5, 7)),
        ("2024年2月30日", None),
    ],
)
def test_parse_date(text: str, value: dt.date | None) -> None:
    assert parse_date(text) == value


@pytest.mark.parametrize(
    ("text", "posts"),
    [
        (
            "市政府协管副秘书长和市市场监管局主要负责人",
            ["市政府协管副秘书长", "市市场监管局主要负责人"],
        ),
        ("市规划和自然资源局局长", ["市规划和自然资源局局长"]),
        ("市政府副秘书长、市市场监管局局长", ["市政府副秘书长", "市市场监管局局长"]),
    ],
)
def test_split_posts(text: str, posts: list[str]) -> None:
    assert split_posts(text) == posts


def test_roster_names_without_spaces_and_traditional_text() -> None:
    text = (
        "全國計量工作部際聯席會議制度\n二、成員單位\n"
        "聯席會議由市場監管總局、教育部等2個部門組成,市場監管總局為牽頭單位。\n"
        "全國計量工作部際聯席會議成員名單\n召集人：張工市場監管總局局長\n成 員:鐘登華 教育部副部長\n"
    )
    s = import_text(text, "x").data["systems"][0]
    assert s["units"] == [
        "市场监管总局",
        {"name": "教育部", "member": {"name": "钟登华", "post": "教育部副部长"}},
    ]
    assert s["conveners"] == [
        {"role": "convener", "post": "市场监管总局局长", "name": "张工", "unit": "市场监管总局"}
    ]


def test_count_that_does_not_match_becomes_a_todo() -> None:
    text = "某市质量工作联席会议制度\n二、成员单位\n联席会议由市发改委、市教育局共3个部门组成。"
    draft = import_text(text, "x")
    assert "declared_unit_count" not in draft.data["systems"][0]
    assert "# TODO 原文声明3个成员单位，名单中读出2个" in draft.text
    assert not _real_errors(draft)


# --- the command -------------------------------------------------------------------------------


def test_cli_stdin_and_id() -> None:
    from typer.testing import CliRunner

    from lianxi.cli import app

    result = CliRunner().invoke(
        app,
        ["import", "-", "--id", "xian", "--jurisdiction", "西安市"],
        input=NOTICE.encode(),
        env={"LANG": "C"},
    )
    assert result.exit_code == 0, result.output
    assert "id: xian\njurisdiction: 西安市\n" in result.stdout
    assert "lianxi import: <stdin> → stdout" in result.output


def test_cli_gb18030_input(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE.encode("gb18030"))
    result = run_cli("import", str(path))
    assert result.exit_code == 0
    assert "encoding GB18030" in result.output
    assert "西安市质量工作联席会议制度" in result.output


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "LX008"), (b"  \n", "LX008"), (b"\x00\x01\x02PK", "LX009")],
)
def test_cli_bad_input(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli("import", str(path))
    assert result.exit_code == 1
    assert code in result.output


@pytest.mark.parametrize(
    ("option", "code"),
    [
        (("--id", "Bad Id"), "LX105"),
        (("--id", "../x"), "LX105"),
        (("--jurisdiction", " "), "LX102"),
    ],
)
def test_cli_bad_option_is_a_usage_error(
    tmp_path: Path, option: tuple[str, str], code: str
) -> None:
    out = tmp_path / "x.yaml"
    result = run_cli("import", str(SEEDS / "yuncheng.txt"), *option, "-o", str(out))
    assert result.exit_code == 2 and code in result.output  # not silently replaced by a guess
    assert not out.exists()


def test_cli_missing_file_and_existing_output(tmp_path: Path) -> None:
    assert "LX001" in run_cli("import", str(tmp_path / "nope.txt")).output
    out = tmp_path / "x.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = run_cli("import", str(SEEDS / "yuncheng.txt"), "-o", str(out))
    assert result.exit_code == 1 and "LX504" in result.output
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run_cli("import", str(SEEDS / "yuncheng.txt"), "-o", str(out), "--force").exit_code == 0
    assert "id: x\n" in out.read_text(encoding="utf-8")


def test_cli_review_in_chinese() -> None:
    result = run_cli("import", str(SEEDS / "ezhou.txt"), "--lang", "zh")
    assert "找到" in result.output and "检查" in result.output


# --- any text ----------------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=60, deadline=5000, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
pieces = st.sampled_from(
    [
        "联席会议由",
        "、",
        "，",
        ",",
        "等",
        "共",
        "28",
        "二十八",
        "个部门和单位组成",
        "为牵头单位",
        "。",
        "一、",
        "（一）",
        "(二)",
        "1.",
        "主要职责",
        "成员单位",
        "工作规则",
        "成员名单",
        "召 集 人:",
        "担任召集人",
        "副召集人",
        "办公室设在",
        "市发改委",
        "市市场监管局",
        "各县区政府",
        "\n",
        "<br>",
        "&nbsp;",
        "發(fā)布",
        "〔2024〕",
        "【2014】",
        "二○一四年五月七日",
        "2024年13月40日",
        "关于建立",
        "联席会议制度的通知",
        "一是",
        "二是",
        "；",
        "：",
        "增加",
        "不再作为成员单位",
        "(",
        "）",
        "\u3000",
        "|",
        "附件:",
        "（此件公开发布）",
        "召开",
        "8月10日",
        "主持会议",
    ]
)


@SETTINGS
@given(st.lists(pieces, max_size=80).map("".join))
def test_import_never_crashes_on_notice_like_text(text: str) -> None:
    draft = import_text(text, "x")
    assert not _real_errors(draft), (draft.errors, draft.text)


@SETTINGS
@given(st.text(max_size=400))
def test_import_never_crashes_on_arbitrary_text(text: str) -> None:
    draft = import_text(text, "x")
    assert not _real_errors(draft), (draft.errors, draft.text)


@SETTINGS
@given(st.sampled_from(SEED_IDS), st.data())
def test_import_never_crashes_on_mutated_seeds(name: str, data: st.DataObject) -> None:
    lines = _seed(name).splitlines()
    for _ in range(data.draw(st.integers(1, 6))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "cut", "swap"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        else:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    draft = import_text("\n".join(lines), "x")
    assert not _real_errors(draft), (draft.errors, draft.text)


@pytest.mark.parametrize("name", ["yuncheng", "ezhou", "lianyungang", "guojia-jiliang"])
def test_draft_renders_back_to_the_published_notice(name: str, tmp_path: Path) -> None:
    """Import, then render the draft's notice: the text that comes out is the text that went in."""
    import difflib

    from .test_render import CUTS

    (tmp_path / "definitions").mkdir()
    out = tmp_path / "definitions" / f"{name}.yaml"
    assert run_cli("import", str(SEEDS / f"{name}.txt"), "-o", str(out)).exit_code == 0
    rendered = run_cli("render", "notice", name, "--root", str(tmp_path), "-f", "txt")
    assert rendered.exit_code == 0, rendered.output
    source = names.to_simplified(_seed(name))
    start, end = CUTS[name]
    source = source[source.index(start) :] if start else source
    source = source[: source.index(end)] if end else source
    a, b = names.clean(source), names.clean(rendered.stdout)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert ratio >= 0.95, f"{name}: similarity {ratio:.4f}"


# --- linear patterns and the package's shape ----------------------------------------------------

HOSTILE = {
    "a tag that never closes": "<" + " " * 50_000 + "x",
    "a closing tag that never closes": "<" + " " * 50_000 + "/" + " " * 50_000 + "x",
    "由 repeated": "由" * 50_000 + "等3个部门组成",
    "a list that never closes": "联席会议由" + "市发改委、" * 10_000 + "组成",
    "关于 repeated": "关于" * 50_000,
    "spaces in a count": "由市发改委等3" + " " * 50_000 + "个" + " " * 50_000 + "x",
    "a post that never ends": "由" + "市" * 50_000 + "担任召集人",
    "牵头 after a long clause": "市" * 50_000 + "牵头",
    "不再 after a long clause": "市" * 50_000 + "不再作为成员单位",
    "an unclosed bracket": "（" * 50_000,
    "pinyin brackets": "發(" * 50_000,
    "办公室设在 repeated": "办公室设在" * 20_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_import_is_linear_on_hostile_text(text: str) -> None:
    import time

    start = time.perf_counter()
    import_text(text, "x")
    assert time.perf_counter() - start < 10  # a hang guard: each takes well under a second


def test_importer_modules_and_functions_stay_small() -> None:
    import ast

    import lianxi.importer

    too_long = []
    for path in Path(lianxi.importer.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > 400:
            too_long.append(f"{path.name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            length = (
                (node.end_lineno or 0) - node.lineno + 1 if isinstance(node, ast.FunctionDef) else 0
            )
            if length > 60:
                too_long.append(f"{path.name}:{getattr(node, 'name', '')}: {length}")
    assert too_long == []


# --- an honest review ----------------------------------------------------------------------------


def test_cli_strict_exits_1_while_anything_is_missing(tmp_path: Path) -> None:
    news = REPO / "tests" / "corpus" / "007-yanglao-bujie-news.txt"
    plain = run_cli("import", str(news), "-o", str(tmp_path / "a.yaml"))
    assert plain.exit_code == 0, plain.output
    assert "  total    2 found, 1 guessed, 5 missing" in plain.output
    assert "missing  elderly-care: no office unit" in plain.output
    strict = run_cli("import", str(news), "-o", str(tmp_path / "b.yaml"), "--strict")
    assert strict.exit_code == 1 and "Traceback" not in strict.output
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8").count("# TODO") == 5
    seed = run_cli(
        "import", str(SEEDS / "yuncheng.txt"), "-o", str(tmp_path / "c.yaml"), "--strict"
    )
    assert seed.exit_code == 0 and "0 missing" in seed.output


def test_missing_facts_are_todos_not_placeholders() -> None:
    draft = import_text(
        "某某工作联席会议制度\n二、成员单位\n联席会议由甲局、乙局等2个部门组成。", "x"
    )
    assert "jurisdiction" not in draft.data and "（未写明）" not in draft.text
    assert "# TODO 原文未写明行政区" in draft.text
    assert "# TODO 原文未写明牵头单位" in draft.text
    assert "# TODO 原文未写明办公室设在哪个单位" in draft.text
    assert [d.code for d in draft.errors] == ["LX101"]  # the jurisdiction nobody named


@pytest.mark.parametrize("value", ["（未写明）", "(待定)", "【请填写】"])
def test_placeholder_jurisdiction_is_lx102(value: str) -> None:
    from lianxi.loader import load_text

    text = f"lianxi: 1\nid: x\njurisdiction: {value}\nlevel: city\nsystems: []\n"
    diags = load_text(text, "x.yaml").diagnostics
    assert [(d.code, d.line, d.col) for d in diags] == [("LX102", 3, 15)]


def test_cut_off_page_is_said_to_be_cut_and_keeps_no_fragment() -> None:
    text = (REPO / "tests" / "corpus" / "008-ningde-nongmingong-cut.txt").read_text("utf-8")
    draft = import_text(text, "x")
    assert draft.data["systems"][0]["units"] == ["市政府办公室"]  # not the fragment 市
    missing = [n.en for n in draft.review.missing]
    assert any(m.startswith("the text breaks off") for m in missing)
    assert any("breaks off inside the list of units" in m for m in missing)
