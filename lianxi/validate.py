"""Validating many definitions: load, check, apply lianxi.toml. Pure apart from reading files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from lianxi.checks import Context, run_checks
from lianxi.diagnostics import Diagnostic
from lianxi.workspace import Ref, load_config, load_ref


def validate_refs(
    refs: Sequence[Ref], root: Path, today: dt.date | None = None
) -> tuple[int, list[Diagnostic]]:
    """Check every REF; return how many files were checked and all diagnostics, sorted.

    Never raises for bad content; a bad lianxi.toml raises LianxiError (LX904).
    """
    config = load_config(root)
    ctx = Context(today or dt.date.today())
    diags: list[Diagnostic] = []
    for ref in refs:
        diags.extend(run_checks(load_ref(ref, root), ctx, config.severities))
    return len(refs), sorted(diags)
