"""Measure lianxi against the baselines in one run and print one table of medians and ratios.

Usage:
    pip install ".[bench]"
    python benchmarks/run.py                 # 1,000 and 10,000 definitions, 3 rounds
    python benchmarks/run.py --rounds 5 --sizes 1000 --no-competitors

Every row is a whole command (start-up, loading, checking, output), run as a subprocess; rows of
one group are interleaved round by round so that machine load affects them alike. Ratios are
against the group's baseline (a bare `yaml.load(CSafeLoader)` of the same files, or
`python -c "import yaml"` for start-up).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-22"


def rss_tree_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(cmd: list[str], cwd: Path | None = None, memory: bool = False) -> tuple[float, int]:
    """Run a command; return wall seconds and (if asked) the peak RSS of its process tree in KB."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    if memory:
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_tree_kb(proc.pid))
                time.sleep(0.02)

        thread = threading.Thread(target=sample)
        thread.start()
        proc.wait()
        done.set()
        thread.join()
    else:
        proc.wait()
    return time.perf_counter() - start, peak


def measure(rows: dict[str, list[str]], rounds: int, cwd: Path | None = None) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(rounds):
        for name, cmd in rows.items():
            times[name].append(run(cmd, cwd)[0])
    return {name: statistics.median(ts) for name, ts in times.items()}


def table(title: str, medians: dict[str, float], base: str) -> list[str]:
    lines = [f"\n{title}", f"{'command':<44} {'median':>10} {'ratio':>8}"]
    for name, value in medians.items():
        ratio = value / medians[base]
        lines.append(f"{name:<44} {value * 1000:>8.0f}ms {ratio:>7.2f}x")
    return lines


def lianxi() -> list[str]:
    return [sys.executable, "-m", "lianxi"] if not shutil.which("lianxi") else ["lianxi"]


def has_command(*words: str) -> bool:
    proc = subprocess.run([*lianxi(), *words, "--help"], capture_output=True, check=False)
    return proc.returncode == 0


def workspace(base: Path, n: int) -> Path:
    folder = base / f"w{n}"
    if not (folder / "definitions").is_dir():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(folder)], check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--no-competitors", action="store_true", help="skip yamllint and check-jsonschema"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "lianxi-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    out: list[str] = [f"lianxi benchmarks: {args.rounds} rounds, medians; {os.cpu_count()} cores"]
    schema = args.work / "lianxi.schema.json"
    subprocess.run(
        [*lianxi(), "schema", "-o", str(schema), "--force"], check=True, capture_output=True
    )
    validate_medians: dict[int, float] = {}
    for n in args.sizes:
        ws = workspace(args.work, n)
        defs = ws / "definitions"
        rows = {
            f"bare yaml.load(CSafeLoader), {n} files": [
                sys.executable,
                str(HERE / "bare_load.py"),
                str(defs),
            ],
            f"lianxi validate, {n} files": [
                *lianxi(),
                "validate",
                "--root",
                str(ws),
                "--today",
                TODAY,
            ],
        }
        if not args.no_competitors and shutil.which("yamllint"):
            rows[f"yamllint, {n} files"] = ["yamllint", "-d", "relaxed", str(defs)]
        if not args.no_competitors and shutil.which("check-jsonschema"):
            rows[f"check-jsonschema, {n} files"] = [
                "check-jsonschema",
                "--schemafile",
                str(schema),
                *sorted(str(p) for p in defs.iterdir()),
            ]
        medians = measure(rows, args.rounds)
        validate_medians[n] = medians[f"lianxi validate, {n} files"]
        out += table(
            f"validate {n} definitions", medians, f"bare yaml.load(CSafeLoader), {n} files"
        )
        _, peak = run(rows[f"lianxi validate, {n} files"], memory=True)
        out.append(f"{'peak memory, lianxi validate (process tree)':<44} {peak / 1024:>8.0f}MB")
    if len(validate_medians) > 1:
        (n1, t1), (n2, t2) = sorted(validate_medians.items())[:2]
        out.append(f"\nscaling: {n2 // n1}x the files took {t2 / t1:.1f}x the time")

    ws1 = workspace(args.work, 1)
    one = sorted((ws1 / "definitions").iterdir())[0]
    startup = {
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"],
        "lianxi --version": [*lianxi(), "--version"],
        "lianxi validate (one definition)": [
            *lianxi(),
            "validate",
            str(one),
            "--root",
            str(ws1),
            "--today",
            TODAY,
        ],
    }
    out += table("start-up", measure(startup, max(args.rounds, 5)), 'python -c "import yaml"')

    seed_rows: dict[str, list[str]] = {
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"]
    }
    if has_command("diff"):
        seed_rows["lianxi diff yuncheng ezhou"] = [*lianxi(), "diff", "yuncheng", "ezhou"]
    if has_command("render", "notice"):
        seed_rows["lianxi render notice yuncheng (md)"] = [
            *lianxi(),
            "render",
            "notice",
            "yuncheng",
        ]
        docx = args.work / "notice.docx"
        seed_rows["lianxi render notice yuncheng (docx)"] = [
            *lianxi(),
            "render",
            "notice",
            "yuncheng",
            "--format",
            "docx",
            "-o",
            str(docx),
            "--force",
        ]
    seed = REPO / "tests" / "seeds" / "yuncheng.txt"
    if has_command("import") and seed.is_file():
        seed_rows["lianxi import (yuncheng seed)"] = [*lianxi(), "import", str(seed)]
    if len(seed_rows) > 1:
        out += table(
            "one seed", measure(seed_rows, max(args.rounds, 5), cwd=REPO), 'python -c "import yaml"'
        )
    print("\n".join(out))


if __name__ == "__main__":
    main()
