"""Milliseconds per download file, in one process: what `lianxi site` makes for each definition
(the notice in Markdown and Word) and for each system (the member list in CSV and Excel).

Usage: python benchmarks/per_file.py WORKSPACE [COUNT]   (the first COUNT definitions, 100 by default)

Each kind is made for every definition once to warm up, then timed over three passes; the
median pass is divided by the number of files made. The last row is one notice of 50,000 lines.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lianxi import loader, render


def main() -> None:
    root = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    files = sorted((root / "definitions").rglob("*.yaml"))[:count]
    defs = [d for d in (loader.load_path(f).definition for f in files) if d is not None]
    systems = [(d, s.key) for d in defs for s in d.systems]
    kinds: dict[str, tuple[int, Callable[[], object]]] = {
        "notice, Markdown": (
            len(defs),
            lambda: [render.render_notice(d, None, "md", None, root) for d in defs],
        ),
        "notice, Word (GB/T 9704)": (
            len(defs),
            lambda: [render.render_notice_docx(d, None, None, root) for d in defs],
        ),
        "member list, CSV": (
            len(systems),
            lambda: [render.members_csv(render.member_rows(d, k)) for d, k in systems],
        ),
        "member list, Excel": (
            len(systems),
            lambda: [render.render_members_xlsx(d, k) for d, k in systems],
        ),
    }
    print(f"per download file, {len(defs)} definitions, {len(systems)} systems, one process")
    print(f"{'file':40s} {'ms per file':>12s}")
    for name, (n, make) in kinds.items():
        make()
        passes = []
        for _ in range(3):
            gc.collect()
            start = time.perf_counter()
            make()
            passes.append(time.perf_counter() - start)
        print(f"{name:40s} {statistics.median(passes) / n * 1000:12.1f}")
    # a definition's size, not its count: once quadratic in python-docx's insertion of paragraphs
    from lianxi.wordfile import notice_docx

    text = "\n".join(f"第{i}条：负责有关工作。" for i in range(50_000))
    start = time.perf_counter()
    notice_docx(text, {})
    print(f"{'one Word notice of 50,000 lines':40s} {(time.perf_counter() - start) * 1000:12.0f}")


if __name__ == "__main__":
    main()
