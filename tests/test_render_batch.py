"""`lianxi render notice|members` with no REF: rendered by scan() (in workers when there are many),
written by the parent in order, and nothing written unless every definition renders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from lianxi import render
from lianxi import workspace as ws

from .conftest import REPO, VALID, run_cli

Build = Callable[[dict[str, str | bytes]], Path]
MANY = ws.PARALLEL_FROM + 10  # enough files for scan() to use workers


def run(*args: str, cwd: Path | None = None) -> tuple[int, bytes, str]:
    result = run_cli(*args, cwd=cwd)
    return result.exit_code, result.stdout_bytes, result.stderr


def definitions(count: int) -> dict[str, str | bytes]:
    return {
        f"definitions/d{i:03}.yaml": VALID.replace("id: demo", f"id: d{i:03}")
        .replace("张工", f"张{i:03}")
        .replace("〔2024〕38号", f"〔2024〕{i + 100}号")
        for i in range(count)
    }


@pytest.mark.parametrize(("doc", "fmt"), [("notice", "md"), ("members", "csv")])
def test_many_files_are_rendered_in_workers_and_written_in_order(
    workspace: Build, doc: str, fmt: str
) -> None:
    root = workspace(definitions(MANY))
    code, out, err = run(
        "render", doc, "--root", str(root), "-f", fmt, "--out-dir", "out", cwd=root
    )
    assert (code, out) == (0, b"")
    names = [f"d{i:03}.{doc}.{fmt}" for i in range(MANY)]
    assert err.splitlines() == [f"wrote {Path('out') / n}" for n in names]
    assert sorted(p.name for p in (root / "out").iterdir()) == names
    for i in (0, 7, MANY - 1):  # each file is what rendering that one definition gives
        code, one, _ = run("render", doc, f"d{i:03}", "--root", str(root), "-f", fmt)
        assert code == 0 and (root / "out" / names[i]).read_bytes() == one
        assert (f"〔2024〕{i + 100}号" if doc == "notice" else f"张{i:03}").encode() in one


def test_docx_files_are_rendered_the_same_as_one_by_one(workspace: Build) -> None:
    root = workspace(definitions(2))
    code, _, _ = run("render", "notice", "--root", str(root), "-f", "docx", cwd=root)
    assert code == 0
    code, _, _ = run(
        "render", "notice", "d001", "--root", str(root), "-f", "docx", "-o", "one.docx"
    )
    texts = [
        [p.text for p in docx.Document(str(path)).paragraphs]
        for path in (root / "build" / "d001.notice.docx", Path("one.docx"))
    ]
    Path("one.docx").unlink()
    assert texts[0] == texts[1] and any("〔2024〕101号" in t for t in texts[0])


@pytest.mark.parametrize("count", [3, MANY])
@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        ("id: [\n", "definitions/d002.yaml:2:1: LX003 [error]"),
        (
            VALID.replace("id: demo", "id: d002").replace(
                "    established:", "    units_sentence: '由{x}组成'\n    established:"
            ),
            "definitions/d002.yaml:14:21: LX212 [error] units_sentence: unknown placeholder",
        ),
    ],
    ids=["does-not-load", "LX212"],
)
def test_a_file_that_does_not_render_stops_all_before_anything_is_written(
    workspace: Build, count: int, bad: str, shown: str
) -> None:
    files = definitions(count)
    files["definitions/d002.yaml"] = bad
    root = workspace(files)
    code, out, err = run("render", "notice", "--root", str(root), cwd=root)
    assert (code, out) == (1, b"")
    assert err.startswith(shown) and "wrote" not in err
    assert not (root / "build").exists()


@pytest.mark.parametrize("count", [3, MANY])
def test_a_template_error_of_a_later_definition_is_at_its_file_and_line(
    workspace: Build, count: int
) -> None:
    """The compiled templates are kept for the next definition: an error that only the third one
    meets is still reported at the template's file and line, and nothing is written."""
    files = definitions(count)
    template = (
        "{{ definition.id }}\n\n{% if definition.id == 'd002' %}{{ nosuch.field }}{% endif %}\n"
    )
    files["templates/notice.md.j2"] = template
    root = workspace(files)
    for _ in range(2):  # and again in the same process, from the templates compiled before
        code, _, err = run("render", "notice", "--root", str(root), cwd=root)
        assert code == 1
        assert err.startswith("templates/notice.md.j2:3:0: LX502 [error]"), err
        assert not (root / "build").exists()
    code, out, err = run("render", "notice", "d001", "--root", str(root))
    assert (code, out) == (0, b"d001\n")


def test_a_file_in_the_way_is_refused_before_anything_is_written(workspace: Build) -> None:
    root = workspace(definitions(MANY))
    (root / "build").mkdir()
    for i in (5, 100):
        (root / "build" / f"d{i:03}.notice.md").write_text("kept", encoding="utf-8")
    code, _, err = run("render", "notice", "--root", str(root), cwd=root)
    assert code == 1
    assert [line.split(": LX504")[0] for line in err.splitlines() if "LX504" in line] == [
        str(root / "build" / f"d{i:03}.notice.md") for i in (5, 100)
    ]
    assert sorted(p.name for p in (root / "build").iterdir()) == [
        "d005.notice.md",
        "d100.notice.md",
    ]
    code, _, err = run("render", "notice", "--root", str(root), "--force", cwd=root)
    assert code == 0 and len(list((root / "build").iterdir())) == MANY
    assert (root / "build" / "d005.notice.md").read_text(encoding="utf-8") != "kept"


def test_a_template_edited_or_linked_out_after_a_render_is_read_again(
    workspace: Build, tmp_path: Path
) -> None:
    root = workspace({"definitions/demo.yaml": VALID, "templates/notice.md.j2": "one\n"})
    assert run("render", "notice", "demo", "--root", str(root))[1] == b"one\n"
    template = root / "templates" / "notice.md.j2"
    template.write_text("two {{ definition.id }}\n", encoding="utf-8")
    assert run("render", "notice", "demo", "--root", str(root))[1] == b"two demo\n"
    secret = tmp_path.parent / f"{tmp_path.name}-secret.j2"
    secret.write_text("secret\n", encoding="utf-8")
    try:
        template.unlink()
        template.symlink_to(secret)
        code, out, err = run("render", "notice", "demo", "--root", str(root))
        assert (code, out) == (1, b"")
        assert "templates/notice.md.j2: LX001 [error]" in err and "secret" not in err
    finally:
        secret.unlink()


def test_lianxi_own_templates_render_the_same_outside_the_sandbox() -> None:
    """A workspace without templates of its own gets the built-ins outside the sandbox: the same
    text, for every definition of the repository and every text format."""
    sandboxed = render.environment(None)
    trusted = render.shared_environment(REPO / "no-such-templates", REPO)
    assert isinstance(trusted, render.Trusted)
    compared = 0
    for ref in ws.resolve_refs([], REPO):
        defn = ws.load_ref(ref, REPO).definition
        assert defn is not None
        contexts = {
            "notice": render.notice_context(defn, None),
            "members": {
                "definition": defn,
                "systems": render.member_tables(defn, None),
                "private": False,
            },
        }
        for doc, fmts in (("notice", ("md", "txt", "html")), ("members", ("md", "html"))):
            for fmt in fmts:
                name = f"{doc}.{fmt}.j2"
                texts = [
                    render.render_template(name, contexts[doc], None, REPO, env=env)
                    for env in (sandboxed, trusted)
                ]
                assert texts[0] == texts[1], (ref.display, name)
                compared += 1
    assert compared >= 5 * 5


@pytest.mark.parametrize(
    ("files", "trusted"),
    [
        ({}, True),
        ({"templates/README.md": "notes"}, True),
        ({"templates/notice.md.j2": "x"}, False),
        ({"templates/other.j2": "x"}, False),
        ({"templates/sub/README.md": "x"}, False),
    ],
)
def test_the_sandbox_is_left_only_when_the_workspace_has_no_template(
    workspace: Build, files: dict[str, str | bytes], trusted: bool
) -> None:
    root = workspace(files)
    env = render.shared_environment(root / "templates", root)
    assert isinstance(env, render.Trusted) == trusted
    if not trusted:
        assert isinstance(env, render.Sandbox)


def test_a_templates_link_is_sandboxed(workspace: Build, tmp_path: Path) -> None:
    root = workspace({})
    (root / "templates").symlink_to(tmp_path / "nowhere")
    assert isinstance(render.shared_environment(root / "templates", root), render.Sandbox)
