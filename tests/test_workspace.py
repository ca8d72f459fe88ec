"""workspace: listing what changed since a git revision, scanning many files in workers."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from lianxi.workspace import changed_since, resolve_refs, scan

from .conftest import VALID

Build = Callable[[dict[str, str | bytes]], Path]


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def test_changed_since_lists_added_removed_and_changed_files_only(workspace: Build) -> None:
    files: dict[str, str | bytes] = {
        f"definitions/d{i}.yaml": VALID.replace("id: demo", f"id: d{i}") for i in range(5)
    }
    root = workspace(files)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "five")
    (root / "definitions/d1.yaml").write_text(VALID.replace("id: demo", "id: d1") + "# note\n")
    (root / "definitions/d3.yaml").unlink()
    (root / "definitions/d9.yaml").write_text(VALID.replace("id: demo", "id: d9"))
    (root / "definitions/d4.yaml").write_bytes((root / "definitions/d4.yaml").read_bytes())
    found = [
        (rel, old is not None, new is not None) for rel, old, new in changed_since(root, "HEAD")
    ]
    assert found == [
        ("definitions/d1.yaml", True, True),
        ("definitions/d3.yaml", True, False),
        ("definitions/d9.yaml", False, True),
    ]


def _stem(result: object, ref: object) -> str:
    return f"{getattr(ref, 'display', '')}:{getattr(result, 'definition', None) is not None}"


def test_scan_keeps_the_order_of_the_refs_with_or_without_workers(workspace: Build) -> None:
    files: dict[str, str | bytes] = {
        f"definitions/d{i:03}.yaml": VALID.replace("id: demo", f"id: d{i:03}") for i in range(230)
    }
    files["definitions/d100.yaml"] = "id: [\n"
    root = workspace(files)
    refs = resolve_refs([], root)
    found = list(scan(root, refs, _stem))  # 230 files: in workers
    assert found == [f"{r.display}:{r.display != 'definitions/d100.yaml'}" for r in refs]
    assert list(scan(root, refs[:5], _stem)) == found[:5]  # 5 files: in this process
