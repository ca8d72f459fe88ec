"""Benchmark `lianxi site` on generated workspaces (separate from run.py, which times validate).

Usage: python benchmarks/site_bench.py [--sizes 1000 10000] [--rounds 1]

For each size: the whole command (start-up, loading, every page, the search index, writing the
folder), with and without the downloadable documents, against `lianxi validate` of the same files
as the baseline, the peak memory of the process, and the number and size of the files written.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import TODAY, lianxi, run, workspace  # the sibling script's helpers


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--downloads", action="store_true", help="also time the build with notices and lists"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "lianxi-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"lianxi site: {args.rounds} round(s), medians")
    for n in args.sizes:
        ws = workspace(args.work, n)
        out = args.work / f"site{n}"
        rows: dict[str, list[str]] = {
            f"lianxi validate, {n} files": [*lianxi(), "validate", "--today", TODAY],
            f"lianxi site --no-downloads, {n} files": [
                *lianxi(),
                "site",
                "-o",
                str(out),
                "--today",
                TODAY,
                "--no-downloads",
            ],
        }
        if args.downloads:
            rows[f"lianxi site, {n} files"] = [*lianxi(), "site", "-o", str(out), "--today", TODAY]
        times: dict[str, list[float]] = {k: [] for k in rows}
        peaks: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, cmd in rows.items():
                seconds, peak = run(cmd, cwd=ws, memory=True)
                times[name].append(seconds)
                peaks[name] = max(peaks.get(name, 0), peak)
        base = statistics.median(next(iter(times.values())))
        print(f"\n{n} definitions")
        print(f"{'command':<44} {'median':>10} {'ratio':>8} {'peak MB':>8}")
        for name, ts in times.items():
            m = statistics.median(ts)
            print(f"{name:<44} {m * 1000:>8.0f}ms {m / base:>7.2f}x {peaks[name] / 1024:>8.0f}")
        count, size = folder_size(out)
        print(f"site folder: {count} files, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
