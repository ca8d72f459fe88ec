"""The printed page: `render … -f pdf` through LibreOffice, measured with poppler (pdftotext, pdftoppm).

GB/T 9704-2012 §5.2: 版心 156 × 225 mm, 天头 37 mm, 订口 28 mm, 22 lines of 28 characters of 三号 text. The
numbers are measured on the PDF, not read from the XML. Without LibreOffice and poppler these tests skip,
and say what to install.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from lianxi import pdf

from .conftest import REPO, run_cli

INSTALL = "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils"
needs_office = pytest.mark.skipif(
    not (pdf.soffice() and shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason=f"needs LibreOffice and poppler: {INSTALL}",
)
MM = 72 / 25.4  # PDF points per millimetre
PITCH_MM = 225 / 22
NOTICES = ["yuncheng", "guojia-jiliang", "lianyungang", "ezhou"]
_XHTML = "{http://www.w3.org/1999/xhtml}"
#: characters that may not start a line (kinsoku): LibreOffice moves the character before them down too
NO_START = set("，。、；：？！）》」』”’,.;:?!)")
NO_END = set("（《「『“‘(")


@dataclass(frozen=True)
class Line:
    text: str
    x_min: float  # mm from the left edge of the page
    x_max: float
    y_min: float  # mm from the top edge of the page
    y_max: float


def full_width(text: str) -> bool:
    """Every character one em wide: CJK ideographs and full-width punctuation, no Latin or digits."""
    return all(ord(c) >= 0x2E80 for c in text)


def pages(path: Path) -> list[list[Line]]:
    """Each page's text lines with their boxes, from `pdftotext -bbox-layout`."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout
    root = ET.fromstring(out)
    found = []
    for page in root.iter(f"{_XHTML}page"):
        lines = []
        for line in page.iter(f"{_XHTML}line"):
            words = [w.text or "" for w in line.iter(f"{_XHTML}word")]
            box = [float(line.get(k, "0")) / MM for k in ("xMin", "xMax", "yMin", "yMax")]
            lines.append(Line("".join(words), *box))
        found.append(lines)
    return found


def body_lines(page: list[Line]) -> list[Line]:
    """The page's lines inside the 版心 (the page number sits below it), top to bottom."""
    return sorted((ln for ln in page if ln.y_max < 37 + 225 + 1), key=lambda ln: ln.y_min)


COLOPHON_FIELDS = (
    "  copies_to: [市委办公室, 市人大常委会办公室, 市政协办公室, 市中级人民法院, 市人民检察院]\n"
    "  printed_by: 运城市人民政府办公室\n"
    "  printed_on: 2024-10-12\n"
)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seeds' notices, a member list, a 纪要 and a notice with a 版记, printed once for the module:
    the Word files converted four at a time (each in a profile of its own), the 纪要 with `-f pdf`."""
    if not (pdf.soffice() and shutil.which("pdftotext") and shutil.which("pdftoppm")):
        pytest.skip(f"needs LibreOffice and poppler: {INSTALL}")
    folder = tmp_path_factory.mktemp("pdf")
    colophon = folder / "ws"
    (colophon / "definitions").mkdir(parents=True)
    text = (REPO / "definitions" / "yuncheng.yaml").read_text(encoding="utf-8")
    (colophon / "definitions" / "yuncheng.yaml").write_text(
        text.replace("  note: 此件公开发布\n", "  note: 此件公开发布\n" + COLOPHON_FIELDS),
        encoding="utf-8",
    )
    jobs: dict[str, tuple[str, ...]] = {
        **{f"{d}.notice": ("render", "notice", d, "--root", str(REPO)) for d in NOTICES},
        "guojia-jiliang.members": ("render", "members", "guojia-jiliang", "--root", str(REPO)),
        "yuncheng.colophon": ("render", "notice", "yuncheng", "--root", str(colophon)),
    }
    for name, args in jobs.items():
        result = run_cli(*args, "-f", "docx", "-o", str(folder / f"{name}.docx"))
        assert result.exit_code == 0, result.output

    def convert(name: str) -> tuple[str, Path]:
        data = (folder / f"{name}.docx").read_bytes()
        target = folder / f"{name}.pdf"
        target.write_bytes(pdf.docx_to_pdf(data, target.name).data)
        return name, target

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        running = [pool.submit(convert, name) for name in jobs]
        minutes = folder / "neimenggu.minutes.pdf"
        result = run_cli(
            "render", "minutes", "neimenggu", "--meeting", "2023-08-10", "--root", str(REPO),
            "-f", "pdf", "-o", str(minutes),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        out = dict(f.result() for f in running)
    return {**out, "neimenggu.minutes": minutes}


BODY_BOX_MM = (6.5, 8.2)  # the text box of a 三号 line (ascent + descent of a CJK face, 1.3 em)
DESCENT_SHARE = 0.205  # of that box below the baseline (Noto CJK: 0.266 em of 1.3 em)


def is_body(ln: Line) -> bool:
    return BODY_BOX_MM[0] <= ln.y_max - ln.y_min <= BODY_BOX_MM[1]


def is_full(ln: Line) -> bool:
    """A line that runs from the left edge of the 版心 to the right one in one-em characters."""
    return ln.x_min < 28 + 1 and ln.x_max > 28 + 156 - 2 and full_width(ln.text) and is_body(ln)


@dataclass(frozen=True)
class Measure:
    chars: list[int]  # characters of each full line
    kinsoku: int  # full lines one short: a line may not start with the punctuation after them
    hanging: int  # full lines with a comma or colon hanging past the edge (Word, WPS, LibreOffice)
    page_lines: list[int]  # lines of each page whose last line runs on to the next page
    left_mm: float  # left edge of the text on page 2
    top_mm: float  # top of line 1 on page 2
    pages: int


def measure(path: Path) -> Measure:
    found = pages(path)
    chars, kinsoku, hanging, page_lines = [], 0, 0, []
    for number, page in enumerate(found, 1):
        lines = body_lines(page)
        for ln, nxt in itertools.pairwise(lines):
            if is_full(ln):
                moved = nxt.text[1:2] in NO_START or nxt.text[:1] in NO_END or ln.text[-1] in NO_END
                if len(ln.text) == 27 and moved:
                    kinsoku += 1
                elif len(ln.text) == 29 and ln.text[-1] in NO_START and ln.x_max < 28 + 156 + 6:
                    chars.append(28)  # 28 in the 版心 and a comma or colon hanging past its edge
                    hanging += 1
                else:
                    chars.append(len(ln.text))
        if number < len(found) and lines and all(is_body(ln) for ln in lines):
            nxt = body_lines(found[number])[0]
            runs_on = lines[-1].x_max > 28 + 156 - 2 and nxt.x_min < 28 + 1 and is_body(nxt)
            if runs_on:  # a page of body text whose last paragraph goes on overleaf: a full page
                page_lines.append(len(lines))
    second = next(
        (body_lines(p) for p in found[1:] if all(is_body(ln) for ln in body_lines(p))),
        body_lines(found[0]),
    )
    first = second[0]
    baseline = first.y_max - (first.y_max - first.y_min) * DESCENT_SHARE
    return Measure(
        chars,
        kinsoku,
        hanging,
        page_lines,
        left_mm=min(ln.x_min for ln in second),
        top_mm=baseline - 0.8 * PITCH_MM,  # an exact line's baseline is 80 % down its height
        pages=len(found),
    )


@needs_office
@pytest.mark.parametrize("doc", NOTICES)
def test_every_full_line_holds_28_characters_and_every_full_page_22_lines(
    doc: str, printed: dict[str, Path]
) -> None:
    m = measure(printed[f"{doc}.notice"])
    assert m.chars and set(m.chars) == {28}, m.chars
    assert m.kinsoku + m.hanging <= max(1, len(m.chars) // 5), m
    assert m.page_lines and set(m.page_lines) == {22}, m.page_lines


@needs_office
def test_the_measure_sees_enough_lines(printed: dict[str, Path]) -> None:
    """Across the seeds, dozens of full lines are counted (lines with Latin letters or digits are not)."""
    assert sum(len(measure(printed[f"{d}.notice"]).chars) for d in NOTICES) >= 60


@needs_office
@pytest.mark.parametrize("doc", NOTICES)
def test_the_type_area_starts_28_mm_from_the_left_and_37_mm_from_the_top(
    doc: str, printed: dict[str, Path]
) -> None:
    m = measure(printed[f"{doc}.notice"])
    assert abs(m.left_mm - 28) <= 1, m.left_mm  # 订口
    assert abs(m.top_mm - 37) <= 1, m.top_mm  # 天头


def red_rows(path: Path, page: int) -> list[tuple[int, int]]:
    """(y mm, x-extent mm) of each pixel row of a page that holds red, from a 10 px/mm raster."""
    raster = subprocess.run(
        ["pdftoppm", "-r", "254", "-f", str(page), "-l", str(page), "-singlefile", str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout  # PPM: P6 header, then RGB
    head = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", raster)
    assert head is not None
    width, height = int(head[1]), int(head[2])
    data = raster[head.end() :]
    rows = []
    for y in range(0, height, 5):
        row = data[y * width * 3 : (y + 1) * width * 3]
        xs = [
            x
            for x in range(0, width, 3)
            if row[3 * x] > 180 and row[3 * x + 1] < 90 and row[3 * x + 2] < 90
        ]
        if xs:
            rows.append((y // 10, (xs[-1] - xs[0]) // 10))
    return rows


@needs_office
@pytest.mark.parametrize(
    ("name", "mark_top", "mark_bottom"),
    [("yuncheng.notice", 37 + 35, 37 + 90), ("neimenggu.minutes", 37 + 35, 37 + 90)],
)
def test_red_only_in_the_masthead_and_its_rule(
    name: str, mark_top: int, mark_bottom: int, printed: dict[str, Path]
) -> None:
    rows = red_rows(printed[name], 1)
    assert rows, "no red on page 1"
    assert (
        min(y for y, _ in rows) >= mark_top - 2
    )  # the 标志 starts 35 mm below the top of the 版心
    assert max(y for y, _ in rows) <= mark_bottom  # and nothing red below the rule
    rule = max(w for _, w in rows)
    assert abs(rule - 156) <= 2  # the rule is as wide as the 版心
    for page in range(2, len(pages(printed[name])) + 1):
        assert red_rows(printed[name], page) == [], f"red on page {page}"


@needs_office
def test_a_letter_has_its_mark_30_mm_from_the_top_over_a_170_mm_double_rule(
    printed: dict[str, Path],
) -> None:
    rows = red_rows(printed["guojia-jiliang.notice"], 1)
    top = min(y for y, _ in rows)
    assert abs(top - 30) <= 1, top  # §10.1: the mark's top edge 30 mm from the top of the page
    rule = min(y for y, w in rows if w > 165)
    assert abs(max(w for _, w in rows) - 170) <= 2  # the double rule, 170 mm long
    mark_foot = max(y for y, w in rows if w < 100 and y < rule)
    assert 2 <= rule - mark_foot <= 6, (mark_foot, rule)  # about 4 mm under the mark


@needs_office
def test_the_minutes_open_with_the_red_mark_and_the_member_list_has_numbers(
    printed: dict[str, Path],
) -> None:
    minutes = pages(printed["neimenggu.minutes"])
    assert minutes[0][0].text.endswith("厅际联席会议纪要") or "纪要" in minutes[0][1].text
    layout = subprocess.run(
        ["pdftotext", "-layout", str(printed["guojia-jiliang.members"]), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    sheets = layout.split("\f")[:-1]
    assert len(sheets) >= 2
    assert re.search(r"^\s*1\s+市场监管总局\s+张工\s+市场监管总局局长$", sheets[0], re.M)
    for sheet in sheets:  # the header row is repeated at the top of each page of the table
        assert re.search(r"序号\s+单位\s+姓名\s+职务", sheet)


def gray_page(path: Path, page: int) -> tuple[int, int, bytes]:
    """A page of a PDF in grey at 10 px/mm: (width, height, one byte a pixel, row by row)."""
    args = ["pdftoppm", "-gray", "-r", "254", "-f", str(page), "-l", str(page), "-singlefile"]
    raster = subprocess.run(
        [*args, str(path)],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout  # PGM: P5 header, then one byte a pixel
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raster)
    assert head is not None
    return int(head[1]), int(head[2]), raster[head.end() :]


def dark_rules(path: Path, page: int) -> list[float]:
    """Heights (mm from the top of the page) of black rules at least 150 mm long on a page."""
    width, height, data = gray_page(path, page)
    found = []
    for y in range(height):
        row = data[y * width : (y + 1) * width]
        if sum(1 for v in row if v < 100) >= 1500:  # 150 mm at 10 px/mm
            found.append(y / 10)
    return found


@needs_office
def test_the_colophon_ends_on_the_foot_of_the_type_area(printed: dict[str, Path]) -> None:
    path = printed["yuncheng.colophon"]
    last = len(pages(path))
    rules = dark_rules(path, last)
    assert rules, "no 版记 rules on the last page"
    assert abs(max(rules) - (37 + 225)) <= 1, max(rules)  # §7.4.1: the last rule on the foot
    texts = [ln.text for ln in pages(path)[-1]]
    assert any(t.startswith("抄送：市委办公室") for t in texts)
    assert any("2024年10月12日印发" in t.replace(" ", "") for t in texts)


@needs_office
def test_the_page_number_dashes_sit_7_mm_under_the_type_area(printed: dict[str, Path]) -> None:
    """§7.5: `— 2 —` in 四号宋体, its 一字线 7 mm below the foot of the 版心 (262 mm)."""
    width, height, data = gray_page(printed["yuncheng.notice"], 2)
    dashes = [
        y / 10
        for y in range(2630, height)  # below the 版心
        if sum(1 for v in data[y * width : (y + 1) * width] if v < 128) > 40  # two 4 mm dashes
    ]
    assert dashes and abs(min(dashes) - (262 + 7)) <= 1, dashes
