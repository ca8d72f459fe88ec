"""`lianxi site`: the static registry, its pages and search index, and the real thing in Chromium."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from lianxi.loader import load_path
from lianxi.model import Definition
from lianxi.output import building
from lianxi.site import MARKER, SiteOptions, Snapshots, build_site, gather, load_snapshot
from lianxi.workspace import load_ref, resolve_refs

from .conftest import REPO, VALID, run_cli

Build = Callable[[dict[str, str | bytes]], Path]
TODAY = dt.date(2025, 1, 1)


def _repo_definitions() -> list[Definition]:
    out = []
    for path in sorted((REPO / "definitions").glob("*.yaml")):
        result = load_path(path)
        assert result.definition is not None
        out.append(result.definition)
    return out


def _build(
    root: Path, out: Path, templates: Path | None = None, snapshots: Snapshots | None = None
) -> dict[str, bytes]:
    """Both passes of `lianxi site` over the workspace at `root`, as {path: bytes}; with
    `snapshots`, the second pass reads what the first kept there instead of the files."""
    refs = resolve_refs([], root)
    facts = []
    for ref in refs:
        found, problems = gather(TODAY, snapshots, load_ref(ref, root), ref)
        assert found is not None, problems
        facts += found
    with building(out, MARKER) as stage:
        options = SiteOptions(TODAY)
        count = build_site(root, refs, facts, options, templates, stage, None, snapshots)
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    del files[MARKER]
    assert len(files) == count
    return files


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _build(REPO, tmp_path_factory.mktemp("site") / "out")


def _text(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


def test_site_has_a_page_for_every_system_unit_and_jurisdiction(
    repo_site: dict[str, bytes],
) -> None:
    refs = [f"{d.id}.{s.key}" for d in _repo_definitions() for s in d.systems]
    for ref in refs:
        assert f"systems/{ref}.html" in repo_site
        assert f"downloads/{ref}.members.csv" in repo_site
        assert repo_site[f"downloads/{ref}.members.xlsx"][:2] == b"PK"
    for top in (
        "index.html",
        "search.json",
        "assets/site.js",
        "assets/site.css",
        "assets/search.js",
        "units/index.html",
        "matrix/index.html",
    ):
        assert top in repo_site
    assert "units/market-regulation.html" in repo_site
    assert "units/industry-commerce.html" in repo_site
    assert "matrix/yuncheng.html" in repo_site
    assert "downloads/yuncheng.notice.docx" in repo_site
    assert repo_site["downloads/yuncheng.notice.docx"][:2] == b"PK"
    assert any(p.startswith("peers/") for p in repo_site)
    for path in repo_site:  # nothing escapes the folder, nothing is oddly named
        assert re.fullmatch(r"[a-z0-9][a-z0-9._/-]*", path), path
        assert ".." not in path.split("/")


def test_index_lists_every_system_with_its_facts(repo_site: dict[str, bytes]) -> None:
    html = _text(repo_site, "index.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    row = re.search(r'<tr data-ref="lianyungang:ip".*?</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert [re.sub(r"<[^>]+>", "", c) for c in cells] == [
        "连云港市知识产权联席会议工作制度",
        "连云港市",
        "市级",
        "知识产权",
        "有效",
        "22+",
        "2014年5月7日",
        "",
    ]
    assert "https://" not in html and "http://" not in html  # nothing from the internet


def test_system_page_shows_roles_history_meetings_and_overdue(repo_site: dict[str, bytes]) -> None:
    html = _text(repo_site, "systems/neimenggu.ip.html")
    assert "<h1>内蒙古自治区知识产权战略实施工作厅际联席会议制度</h1>" in html
    first = re.search(r"<tbody>\s*<tr>.*?</tr>", html.split('id="units"')[1], re.S)
    assert first is not None
    assert "自治区市场监管局" in first.group(0)
    assert '<span class="role">牵头单位</span><span class="role">办公室</span>' in first.group(0)
    assert '<time datetime="2023-08-10">2023年8月10日</time> <strong>调整</strong>' in html
    assert "逾期" not in html  # no decision of that meeting has a due date
    assert '<th scope="row">召集人</th><td>自治区副主席</td><td>奇巴图</td>' in html
    html = _text(repo_site, "systems/lianyungang.ip.html")
    assert "现为市场监管" in html  # 工商局, abolished in the 2018 reform


def test_unit_page_lists_every_seat_under_every_printed_name(repo_site: dict[str, bytes]) -> None:
    html = _text(repo_site, "units/market-regulation.html")
    assert "<h1>市场监管</h1>" in html
    assert "市市场监管局" in html and "自治区市场监管局" in html
    assert re.search(r"参加 \d+ 项联席会议，其中 \d+ 项为牵头单位", html)
    assert 'href="../units/industry-commerce.html">工商行政管理（旧）</a>' in html  # 前身
    old = _text(repo_site, "units/industry-commerce.html")
    assert 'href="../units/market-regulation.html">市场监管</a>' in old  # 现为


def test_matrix_marks_roles_and_overlap(repo_site: dict[str, bytes]) -> None:
    html = _text(repo_site, "matrix/yuncheng.html")
    row = re.search(
        r'<tr><th scope="row"><a href="../units/market-regulation.html">.*?</tr>', html, re.S
    )
    assert row is not None
    assert re.findall(r'<td class="cell on" title="([^"]*)">([^<]*)</td>', row.group(0)) == [
        ("牵头单位、办公室、副召集人", "牵办召"),
        ("牵头单位、办公室、召集人", "牵办召"),
    ]
    assert "共同成员单位" in html
    assert re.search(r'<td class="num h5">\d+</td>', html)


def test_search_index_knows_every_name(repo_site: dict[str, bytes]) -> None:
    index = json.loads(repo_site["search.json"])
    by_label = {u["label"]: u for u in index["units"]}
    assert "工商局" in by_label["工商行政管理（旧）"]["names"]
    assert "工商局" in by_label["市场监管"]["former"]
    assert "发改委" in by_label["发展改革"]["names"]
    assert index["t2s"]["運"] == "运"
    assert repo_site["assets/search.js"].decode().startswith("window.LIANXI_INDEX={")


def test_user_text_is_escaped_and_only_web_links_are_links(workspace: Build) -> None:
    evil = VALID.replace("市教育局", '"<script>alert(1)</script>"').replace(
        "jurisdiction: 运城市",
        "jurisdiction: 运城市\nsources:\n  - {title: '<b>x</b>', url: 'javascript:alert(1)'}\n"
        "  - {title: 网页, url: 'https://example.org/a?b=1&c=2'}",
    )
    root = workspace({"definitions/demo.yaml": evil})
    site = _build(root, root.parent / "out")
    page = _text(site, "systems/demo.quality.html")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "javascript:" not in page
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">网页</a>' in page
    assert "<script>alert" not in _text(site, "index.html")


def test_workspace_template_overrides_one_block(workspace: Build) -> None:
    root = workspace(
        {
            "definitions/demo.yaml": VALID,
            "templates/site/system.html.j2": '{% extends "builtin:site/system.html.j2" %}\n'
            "{% block title %}本地：{{ system.name }}{% endblock %}\n",
        }
    )
    code = run_cli("site", "-o", str(root / "out"), "--root", str(root), "--no-downloads")
    assert code.exit_code == 0, code.output
    page = (root / "out" / "systems" / "demo.quality.html").read_text(encoding="utf-8")
    assert "<title>本地：运城市质量强市和标准化联席会议制度</title>" in page
    assert not (root / "out" / "downloads").exists()


def test_template_error_is_a_diagnostic_and_writes_nothing(workspace: Build) -> None:
    root = workspace(
        {
            "definitions/demo.yaml": VALID,
            "templates/site/unit.html.j2": "{{ unit.nosuch }}\n",
        }
    )
    result = run_cli("site", "-o", str(root / "out"), "--root", str(root))
    assert result.exit_code == 1
    assert "templates/site/unit.html.j2:1:0: LX502" in result.stderr
    assert not (root / "out").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".out")] == []


def test_cli_writes_rebuilds_and_refuses_a_foreign_folder(workspace: Build, tmp_path: Path) -> None:
    root = workspace({"definitions/demo.yaml": VALID})
    out = tmp_path / "site"
    result = run_cli("site", "-o", str(out), "--root", str(root), "--today", "2025-01-01")
    assert result.exit_code == 0, result.output
    count = int(re.search(r"wrote (\d+) files to ", result.stderr).group(1))  # type: ignore[union-attr]
    files = [p for p in out.rglob("*") if p.is_file() and p.name != MARKER]
    assert len(files) == count
    (out / "systems" / "stale.html").write_text("old", encoding="utf-8")
    again = run_cli("site", "-o", str(out), "--root", str(root))
    assert again.exit_code == 0
    assert not (out / "systems" / "stale.html").exists()  # a rebuild leaves no stale page
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_cli("site", "-o", str(home), "--root", str(root))
    assert refused.exit_code == 1
    assert "LX504" in refused.stderr and "not a folder lianxi wrote" in refused.stderr
    assert [p.name for p in home.iterdir()] == ["notes.txt"]


# --- in a real browser ----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp / "profile"
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SEARCHES = [
    ("工商局", 6, ["市场监管", "工商行政管理（旧）"]),  # an old name finds today's bureau too
    ("市发改委", 4, ["发展改革"]),  # an abbreviation
    ("運城", 2, ["海关", "金融监管", "中国人民银行"]),  # traditional characters
    ("计量", 1, []),
]
PAGES = ["units/index.html", "matrix/yuncheng.html", "peers/lianyungang.ip__yuncheng.ip.html"]


@pytest.fixture(scope="module")
def browsed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Build this repository's site and open its pages in Chromium, a few at a time."""
    from concurrent.futures import ThreadPoolExecutor

    tmp = tmp_path_factory.mktemp("browser")
    out = tmp / "site"
    result = run_cli("site", "-o", str(out), "--root", str(REPO), "--today", "2025-01-01")
    assert result.exit_code == 0, result.output
    jobs = {
        f"?q={q}": ["--dump-dom", (out / "index.html").as_uri() + f"?q={q}"] for q, _, _ in SEARCHES
    }
    jobs |= {page: ["--dump-dom", (out / page).as_uri()] for page in PAGES}
    jobs["screenshot"] = [
        "--window-size=390,844",
        f"--screenshot={tmp / 'shot.png'}",
        (out / "systems/yuncheng.quality.html").as_uri(),
    ]  # a phone
    with ThreadPoolExecutor(3) as pool:
        done = {
            k: pool.submit(_chromium, tmp / str(i), *a) for i, (k, a) in enumerate(jobs.items())
        }
        results = {k: f.result() for k, f in done.items()}
    results["screenshot"].stdout = (tmp / "shot.png").read_bytes()[:8].hex()
    return results


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"
)


@needs_chromium
@pytest.mark.parametrize(("query", "shown", "units"), SEARCHES)
def test_search_in_chromium_finds_a_unit_by_any_name(
    browsed: dict[str, subprocess.CompletedProcess[str]], query: str, shown: int, units: list[str]
) -> None:
    proc = browsed[f"?q={query}"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert re.search(rf"显示 {shown} / 6 项制度", dom), re.findall(r"显示 \d+ / \d+", dom)
    listed = re.search(r'<ul id="unit-list">(.*?)</ul>', dom, re.S)
    assert listed is not None
    assert re.findall(r'<a href="units/[^"]+">([^<]+)</a>', listed.group(1)) == units
    assert "CONSOLE" not in proc.stderr, proc.stderr  # no script error, no blocked resource


@needs_chromium
@pytest.mark.parametrize("page", PAGES)
def test_pages_load_in_chromium_without_console_messages(
    browsed: dict[str, subprocess.CompletedProcess[str]], page: str
) -> None:
    proc = browsed[page]
    assert proc.returncode == 0
    assert "<h1>" in proc.stdout
    if "sortable" in proc.stdout:  # the script ran: each sortable header got its button
        assert '<button type="button" class="sort"' in proc.stdout
    assert "CONSOLE" not in proc.stderr, proc.stderr


@needs_chromium
def test_chromium_takes_a_phone_sized_screenshot(
    browsed: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert browsed["screenshot"].returncode == 0
    assert browsed["screenshot"].stdout == b"\x89PNG\r\n\x1a\n".hex()


def test_the_second_pass_from_snapshots_builds_the_same_site(
    repo_site: dict[str, bytes], tmp_path: Path
) -> None:
    """What the first pass loaded is kept as data and validated again: every page and download
    is byte for byte the one made from the files (Word and Excel files but for their dates)."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    snapshots = Snapshots(folder)
    kept = _build(REPO, tmp_path / "out", snapshots=snapshots)
    snapshots.close()
    assert [p.name for p in folder.iterdir()] == [f"{os.getpid()}.marshal"]  # one per process
    assert kept.keys() == repo_site.keys()
    plain = [p for p in kept if not p.endswith((".docx", ".xlsx"))]
    assert len(plain) > 20
    assert {p: kept[p] for p in plain} == {p: repo_site[p] for p in plain}
    for p in set(kept) - set(plain):
        with (
            zipfile.ZipFile(io.BytesIO(kept[p])) as a,
            zipfile.ZipFile(io.BytesIO(repo_site[p])) as b,
        ):
            parts = [n for n in a.namelist() if n != "docProps/core.xml"]
            assert parts == [n for n in b.namelist() if n != "docProps/core.xml"]
            assert all(a.read(n) == b.read(n) for n in parts)


def test_a_file_whose_kept_data_is_missing_or_damaged_is_read_again(tmp_path: Path) -> None:
    """Snapshots are read back as data only; where they fail, the file itself is loaded."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    snapshots = Snapshots(folder)
    (ref,) = [r for r in resolve_refs([], REPO) if r.display.endswith("yuncheng.yaml")]
    result = load_ref(ref, REPO)
    where = snapshots.keep(result.data)
    assert where is not None
    assert load_snapshot(snapshots, where, ref, REPO).definition == result.definition
    name, offset, length = where
    for wrong in [(name, offset, length + 10), ("../../etc/passwd", 0, 10), ("9.marshal", 0, 1)]:
        again = load_snapshot(snapshots, wrong, ref, REPO)
        assert again.definition == result.definition
        assert again.source.root is not None  # loaded from the file, with its source map
    (folder / name).write_bytes(b"\x00" * length)  # damaged: not marshal data
    snapshots.close()
    assert load_snapshot(snapshots, where, ref, REPO).source.root is not None
    snapshots.close()
