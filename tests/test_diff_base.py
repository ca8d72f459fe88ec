"""`lianxi diff --base REV`: one `git ls-tree`, one `git cat-file --batch`, the pairs diffed by scan().

Golden files: `pytest tests/test_diff_base.py --update-golden`, then review the diff.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from lianxi import workspace
from lianxi.diagnostics import UsageError
from lianxi.inputs import MAX_BYTES
from lianxi.workspace import changed_since

from .conftest import VALID, git, run_cli

GOLDEN = Path(__file__).parent / "golden" / "diff"
Golden = Callable[[str, Path], None]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def definition(ident: str, *, lead: str = "市市场监管局", member: str = "张工") -> str:
    text = VALID.replace("id: demo", f"id: {ident}").replace("张工", member)
    return text.replace("lead_unit: 市市场监管局", f"lead_unit: {lead}")


def write(root: Path, name: str, text: str) -> None:
    (root / "definitions" / name).write_text(text, encoding="utf-8")


def committed(root: Path, files: dict[str, str], *init: str) -> None:
    (root / "definitions").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        write(root, name, text)
    git(root, "init", "-q", *init)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")


@pytest.fixture
def mix(tmp_path: Path) -> Path:
    """Since HEAD~1: a rename, an addition, a removal, a change committed, a change only in the
    working tree, a change committed and undone in the working tree, and unchanged files."""
    committed(
        tmp_path,
        {f"{n}.yaml": definition(n) for n in ("alpha", "beta", "gamma", "delta", "omega", "same")},
    )
    write(tmp_path, "beta.yaml", definition("beta", member="李四"))
    write(tmp_path, "omega.yaml", definition("omega", lead="市发展改革委"))
    git(tmp_path, "commit", "-qam", "second")
    write(tmp_path, "omega.yaml", definition("omega"))  # back as it was at HEAD~1
    write(tmp_path, "gamma.yaml", definition("gamma", lead="市教育局"))  # not committed
    (tmp_path / "definitions" / "alpha.yaml").rename(tmp_path / "definitions" / "alpha-2.yaml")
    (tmp_path / "definitions" / "delta.yaml").unlink()
    write(tmp_path, "zeta.yml", definition("zeta"))
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_a_mix_of_changes_gives_the_same_output_as_before(
    mix: Path, fmt: str, golden: Golden
) -> None:
    result = run_cli("diff", "--base", "HEAD~1", "--format", fmt, "--exit-code", cwd=mix)
    assert result.exit_code == 1
    golden(result.stdout, GOLDEN / f"base-mix.{ {'text': 'txt'}.get(fmt, fmt) }")


def test_only_changed_files_are_listed_and_read_from_git(mix: Path) -> None:
    found = [(rel, old, new is not None) for rel, old, new in changed_since(mix, "HEAD~1")]
    assert [(rel, old is not None, new) for rel, old, new in found] == [
        ("definitions/alpha-2.yaml", False, True),
        ("definitions/alpha.yaml", True, False),
        ("definitions/beta.yaml", True, True),
        ("definitions/delta.yaml", True, False),
        ("definitions/gamma.yaml", True, True),
        ("definitions/zeta.yml", False, True),
    ]
    old = {rel: data for rel, data, _ in found}
    assert old["definitions/beta.yaml"] == definition("beta").encode()  # as at HEAD~1
    assert old["definitions/gamma.yaml"] == definition("gamma").encode()
    # against HEAD: the committed change to beta is no change, the undone one to omega is
    assert [rel for rel, _, _ in changed_since(mix, "HEAD")] == [
        "definitions/alpha-2.yaml",
        "definitions/alpha.yaml",
        "definitions/delta.yaml",
        "definitions/gamma.yaml",
        "definitions/omega.yaml",
        "definitions/zeta.yml",
    ]


def test_a_blob_over_the_limit_at_the_revision_is_lx006(tmp_path: Path) -> None:
    big = definition("big") + "#" + "x" * (MAX_BYTES + 10) + "\n"
    committed(tmp_path, {"big.yaml": big, "small.yaml": definition("small")})
    write(tmp_path, "small.yaml", definition("small", member="李四"))
    for text in (big, definition("big")):  # unchanged, or changed: git's copy is over the limit
        write(tmp_path, "big.yaml", text)
        result = run_cli("diff", "--base", "HEAD", cwd=tmp_path)
        assert result.exit_code == 1
        assert result.stderr.startswith(
            "definitions/big.yaml@HEAD: LX006 [error] input is over the limit of 5242880 bytes"
        ), result.stderr
        assert result.stdout == ""


def test_cat_blobs_reads_a_large_blob_whole_and_refuses_a_missing_one(tmp_path: Path) -> None:
    data = definition("big") + "#" + "x" * 300_000 + "\n"  # larger than any pipe's buffer
    committed(tmp_path, {"big.yaml": data, "small.yaml": definition("small")})
    blobs = workspace.blobs_at(tmp_path, "HEAD")
    assert [b.rel for b in blobs] == ["definitions/big.yaml", "definitions/small.yaml"]
    assert blobs[0].size == len(data.encode())
    assert workspace.cat_blobs(tmp_path, blobs, "HEAD") == [
        data.encode(),
        definition("small").encode(),
    ]
    missing = workspace.Blob("definitions/gone.yaml", "0" * 40, 10)
    with pytest.raises(UsageError) as e:
        workspace.cat_blobs(tmp_path, [blobs[1], missing], "HEAD")
    (problem,) = e.value.diagnostics
    assert problem.code == "LX902" and problem.file == "definitions/gone.yaml"


def test_a_sha256_repository(tmp_path: Path) -> None:
    probe = subprocess.run(
        ["git", "init", "-q", "--object-format=sha256", str(tmp_path / "probe")],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip("this git cannot make sha256 repositories")
    sha1, sha256 = tmp_path / "one", tmp_path / "two"
    outputs = []
    for root, init in ((sha1, ()), (sha256, ("--object-format=sha256",))):
        committed(root, {f"{n}.yaml": definition(n) for n in ("a", "b", "c")}, *init)
        write(root, "b.yaml", definition("b", member="李四"))
        assert [rel for rel, _, _ in changed_since(root, "HEAD")] == ["definitions/b.yaml"]
        result = run_cli("diff", "--base", "HEAD", "--format", "json", cwd=root)
        assert result.exit_code == 0
        outputs.append(result.stdout)
    assert len(git(sha256, "rev-parse", "HEAD")) == 64
    assert outputs[0] == outputs[1] and '"b@HEAD"' in outputs[0]


def test_many_changed_files_are_diffed_in_workers_in_order(tmp_path: Path) -> None:
    count = workspace.PARALLEL_FROM + 10
    names = [f"d{i:03}" for i in range(count)]
    committed(tmp_path, {f"{n}.yaml": definition(n) for n in names})
    for n in names:
        write(tmp_path, f"{n}.yaml", definition(n, member="李四"))
    write(tmp_path, "d007.yaml", "id: [\n")
    result = run_cli("diff", "--base", "HEAD", "--format", "md", cwd=tmp_path)
    assert result.exit_code == 1 and "definitions/d007.yaml:2:1: LX003 [error]" in result.stderr
    write(tmp_path, "d007.yaml", definition("d007", member="李四"))
    result = run_cli("diff", "--base", "HEAD", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    shown = [line.strip() for line in result.stdout.splitlines() if '"a": "d' in line]
    assert shown == [x for n in names for x in (f'"a": "{n}@HEAD",', f'"a": "{n}@HEAD:quality",')]


def test_a_file_named_in_chinese_is_found_at_the_revision(tmp_path: Path) -> None:
    """git quotes such names in its listings unless told not to: the file is no addition."""
    committed(tmp_path, {"鄂州.yaml": definition("ezhou")})
    write(tmp_path, "鄂州.yaml", definition("ezhou", member="李四"))
    ((rel, old, new),) = changed_since(tmp_path, "HEAD")
    assert (rel, old, new) == (
        "definitions/鄂州.yaml",
        definition("ezhou").encode(),
        tmp_path / "definitions" / "鄂州.yaml",
    )
    result = run_cli("diff", "--base", "HEAD", cwd=tmp_path)
    assert result.stdout.startswith("== 鄂州@HEAD:quality ↔ 鄂州:quality")
