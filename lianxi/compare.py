"""Loading what `lianxi diff` compares: two REFs, or every definition changed since a revision."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lianxi import diff
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.loader import LoadResult, load_bytes
from lianxi.model import Definition
from lianxi.workspace import Ref, changed_since, display_path, load_ref, pick_system, scan


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


@dataclass(frozen=True, slots=True)
class Change:
    """A definition changed since `base`: its contents then (None: added) and whether it is in
    the working tree now (False: removed)."""

    rel: str
    base: str
    old: bytes | None
    present: bool


def diff_change(
    result: LoadResult,
    ref: Ref,  # noqa: ARG001 - scan() passes it
    change: Change,
) -> tuple[diff.DiffResult | None, list[Diagnostic]]:
    """For scan(): the diff of one changed definition, or the diagnostics of a side that does not
    load (`result` is the working tree's side)."""
    problems: list[Diagnostic] = []
    old = (
        _definition(load_bytes(change.old, f"{change.rel}@{change.base}"), problems)
        if change.old is not None
        else None
    )
    new = _definition(result, problems) if change.present else None
    if (change.old is not None and old is None) or (change.present and new is None):
        return None, problems
    stem = Path(change.rel).stem
    return diff.diff_revisions(old, new, f"{stem}@{change.base}", stem), problems


def compare_since(root: Path, rev: str) -> tuple[list[diff.DiffResult], list[Diagnostic]]:
    """Diff every definition added, removed or changed since `rev` against the working tree.

    The pairs are loaded and diffed by scan() (in workers when there are many)."""
    refs: list[Ref] = []
    changes: list[Change] = []
    for rel, old_bytes, new_path in changed_since(root, rev):
        path = new_path if new_path is not None else root / rel  # removed: its result is unused
        refs.append(Ref(display_path(path, root) if new_path is not None else rel, path))
        changes.append(Change(rel, rev, old_bytes, new_path is not None))
    problems: list[Diagnostic] = []
    results = []
    for found, diags in scan(root, refs, diff_change, changes):
        problems += diags
        if found is not None:
            results.append(found)
    return results, problems
