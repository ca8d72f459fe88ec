"""Loading what `lianxi diff` compares: two REFs, or every definition changed since a revision."""

from __future__ import annotations

from pathlib import Path

from lianxi import diff
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.loader import LoadResult, load_bytes
from lianxi.model import Definition
from lianxi.workspace import Ref, changed_since, display_path, load_ref, pick_system


def _definition(result: LoadResult, problems: list[Diagnostic]) -> Definition | None:
    errors = [d for d in result.diagnostics if d.severity == Severity.ERROR]
    if result.definition is None or errors:
        problems.extend(result.diagnostics)
        return None
    return result.definition


def _label(ref: Ref) -> str:
    return f"{Path(ref.display).stem}@{ref.rev}" if ref.rev else Path(ref.display).stem


def compare_refs(a: Ref, b: Ref, root: Path) -> tuple[list[diff.DiffResult], list[Diagnostic]]:
    """Diff two REFs: one system across revisions when both name the same system, else peers."""
    problems: list[Diagnostic] = []
    da = _definition(load_ref(a, root), problems)
    db = _definition(load_ref(b, root), problems)
    if da is None or db is None:
        return [], problems
    pick_system(da, a.key)
    pick_system(db, b.key)
    same_file = a.path.resolve() == b.path.resolve() and da.id == db.id
    if same_file and a.key == b.key:
        return [diff.diff_revisions(da, db, _label(a), _label(b), a.key)], []
    return [diff.diff_peers(da, db, a.key, b.key, _label(a), _label(b))], []


def compare_since(root: Path, rev: str) -> tuple[list[diff.DiffResult], list[Diagnostic]]:
    """Diff every definition added, removed or changed since `rev` against the working tree."""
    problems: list[Diagnostic] = []
    results = []
    for rel, old_bytes, new_path in changed_since(root, rev):
        stem = Path(rel).stem
        old = (
            _definition(load_bytes(old_bytes, f"{rel}@{rev}"), problems)
            if old_bytes is not None
            else None
        )
        new = (
            _definition(load_ref(Ref(display_path(new_path, root), new_path), root), problems)
            if new_path is not None
            else None
        )
        if (old_bytes is not None and old is None) or (new_path is not None and new is None):
            continue
        results.append(diff.diff_revisions(old, new, f"{stem}@{rev}", stem))
    return results, problems
