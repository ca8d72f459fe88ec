"""Validating many definitions: load, check, apply lianxi.toml. Pure apart from reading files.

Large runs are spread over the machine's cores by `workspace.scan`: each worker loads and checks a
share of the files and sends back only diagnostics, so the cost stays linear and memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from lianxi.checks import Context, run_checks
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.loader import LoadResult
from lianxi.workspace import Ref, load_config, scan

Progress = Callable[[int], None]


def _check(
    today: dt.date, severities: dict[str, Severity | None], result: LoadResult, _ref: Ref
) -> list[Diagnostic]:
    return run_checks(result, Context(today), severities)


def validate_refs(
    refs: Sequence[Ref],
    root: Path,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> tuple[int, list[Diagnostic]]:
    """Check every REF; return how many files were checked and all diagnostics, sorted.

    `progress(n)` is called as files are done. Never raises for bad content; a bad lianxi.toml
    raises LianxiError (LX904).
    """
    config = load_config(root)
    check = functools.partial(_check, today or dt.date.today(), config.severities)
    diags: list[Diagnostic] = []
    for found in scan(root, refs, check):
        diags.extend(found)
        if progress:
            progress(1)
    return len(refs), sorted(diags)
