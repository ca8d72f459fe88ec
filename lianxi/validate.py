"""Validating many definitions: load, check, apply lianxi.toml. Pure apart from reading files.

Large runs are spread over the machine's cores (each worker loads and checks a share of the files
and sends back only diagnostics), so the cost stays linear and memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from lianxi.checks import Context, run_checks
from lianxi.diagnostics import Diagnostic, Severity
from lianxi.workspace import Ref, load_config, load_ref

PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
CHUNK = 50

Progress = Callable[[int], None]


def _check_chunk(
    args: tuple[Sequence[Ref], Path, dt.date, dict[str, Severity | None]],
) -> list[Diagnostic]:
    refs, root, today, severities = args
    ctx = Context(today)
    out: list[Diagnostic] = []
    for ref in refs:
        out.extend(run_checks(load_ref(ref, root), ctx, severities))
    return out


def _workers(count: int) -> int:
    if count < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _chunks(refs: Sequence[Ref], size: int) -> Iterator[Sequence[Ref]]:
    for i in range(0, len(refs), size):
        yield refs[i : i + size]


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
    day = today or dt.date.today()
    jobs = [(chunk, root, day, config.severities) for chunk in _chunks(refs, CHUNK)]
    diags: list[Diagnostic] = []
    workers = _workers(len(refs))
    # Loading creates many short-lived objects and keeps none: collecting them in the middle of
    # a run only rescans what is about to be freed.
    gc.disable()
    try:
        if workers == 1:
            results: Iterator[list[Diagnostic]] = map(_check_chunk, jobs)
            for (chunk, *_), found in zip(jobs, results, strict=True):
                diags.extend(found)
                if progress:
                    progress(len(chunk))
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # Not multiprocessing.Pool: when a worker dies, its results would be awaited forever;
            # an executor raises BrokenProcessPool instead, so a run ends rather than hangs.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            context = multiprocessing.get_context(method)
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                for (chunk, *_), found in zip(jobs, pool.map(_check_chunk, jobs), strict=True):
                    diags.extend(found)
                    if progress:
                        progress(len(chunk))
    finally:
        gc.enable()
    return len(refs), sorted(diags)
