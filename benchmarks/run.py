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
import math
import os
import resource
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


def rss_largest_kb(pid: int) -> int:
    """Resident memory of the largest process among `pid` and its descendants, from /proc."""
    largest, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rss = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            largest = max(largest, rss)
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (OSError, StopIteration, ValueError):
            continue
    return largest


TIMEOUT = 900.0  # seconds; a command still running then is stopped and reported as such


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Run a command; return wall seconds (inf if stopped at TIMEOUT), the peak RSS of its
    largest process in KB, and the CPU seconds (user + system) of it and its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_largest_kb(proc.pid))
            time.sleep(0.02)

    thread = threading.Thread(target=sample)
    thread.start()
    try:
        proc.wait(timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # the command and its workers
        proc.wait()
        elapsed = math.inf
    done.set()
    thread.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, peak, cpu


# row → (median wall seconds, largest process's peak KB, median CPU seconds of the whole tree)
Medians = dict[str, tuple[float, int, float]]


def measure(rows: dict[str, list[str]], rounds: int, cwd: Path | None = None) -> Medians:
    times: dict[str, list[float]] = {name: [] for name in rows}
    cpus: dict[str, list[float]] = {name: [] for name in rows}
    peaks: dict[str, int] = dict.fromkeys(rows, 0)
    for _ in range(rounds):
        for name, cmd in rows.items():
            if times[name] and math.isinf(times[name][-1]):
                continue  # stopped once: not again
            if "site" in cmd and "-o" in cmd:  # each build into an empty folder, untimed: a
                shutil.rmtree(cmd[cmd.index("-o") + 1], ignore_errors=True)  # row of its own
            seconds, peak, cpu = run(cmd, cwd)
            times[name].append(seconds)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], peak)
    return {
        name: (statistics.median(ts), peaks[name], statistics.median(cpus[name]))
        for name, ts in times.items()
    }


def table(title: str, medians: Medians, base: str, memory: bool = False) -> list[str]:
    """Wall time and its ratio; with `memory`, also CPU time (all processes) and its ratio, which
    load on a shared machine disturbs less, and the largest process's peak memory."""
    head = f"{'command':<48} {'wall':>9} {'ratio':>7}"
    if memory:
        head += f" {'cpu':>9} {'ratio':>7} {'peak MB':>8}"
    lines = [f"\n{title}", head]
    base_wall, _, base_cpu = medians[base]
    for name, (wall, peak, cpu) in medians.items():
        if math.isinf(wall):
            row = f"{name:<48} {'>' + str(int(TIMEOUT)) + 's':>9} {'-':>7}"
            row += f" {'-':>9} {'-':>7} {peak / 1024:>8.0f}" if memory else ""
        else:
            row = f"{name:<48} {wall * 1000:>7.0f}ms {wall / base_wall:>6.2f}x"
            if memory:
                row += f" {cpu * 1000:>7.0f}ms {cpu / base_cpu:>6.2f}x {peak / 1024:>8.0f}"
        lines.append(row)
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


def bare(folder: Path) -> list[str]:
    return [sys.executable, str(HERE / "bare_load.py"), str(folder)]


CHANGED = 20  # definitions changed in the working tree of the git workspace


def git_workspace(ws: Path, work: Path) -> Path:
    """A copy of `ws` committed to git, with CHANGED definitions then edited in the work tree."""
    folder = work / f"git-{ws.name}"
    if (folder / ".git").is_dir():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ws / "definitions", folder / "definitions")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *who, *args], cwd=folder, env=env, check=True)
    files = sorted((folder / "definitions").iterdir())
    for path in files[:: max(1, len(files) // CHANGED)][:CHANGED]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("副局长", "局长", 1), encoding="utf-8")
    return folder


def workspace_commands(n: int, ws: Path, work: Path) -> dict[str, list[str]]:
    """The commands that read a whole workspace, as rows of one group."""
    root = ["--root", str(ws)]
    rows = {
        f"lianxi validate, {n} files": [*lianxi(), "validate", *root, "--today", TODAY],
        f"lianxi units, {n} files": [*lianxi(), "units", *root],
        f"lianxi meetings, {n} files": [*lianxi(), "meetings", *root, "--today", TODAY],
    }
    rows[f"lianxi render notice (md), {n} files"] = [
        *lianxi(),
        "render",
        "notice",
        *root,
        "--out-dir",
        str(work / f"notices{n}"),
        "--force",
    ]
    rows[f"lianxi diff --base HEAD, {n} files, {CHANGED} changed"] = [
        *lianxi(),
        "diff",
        "--base",
        "HEAD",
        "--root",
        str(git_workspace(ws, work)),
    ]
    rows[f"lianxi units -f xlsx, {n} files"] = [
        *lianxi(),
        "units",
        *root,
        "-f",
        "xlsx",
        "-o",
        str(work / f"units{n}.xlsx"),
        "--force",
    ]
    if has_command("site"):
        site = [*lianxi(), "site", *root, "--today", TODAY, "-o"]
        quick = str(work / f"site{n}-no-downloads")
        rows[f"lianxi site --no-downloads, {n} files"] = [*site, quick, "--no-downloads"]
        rows[f"lianxi site, {n} files"] = [*site, str(work / f"site{n}")]
    return rows


def pathological(work: Path, rounds: int) -> list[str]:
    """Inputs of a pull request's size that once took quadratic time, against the bare load."""
    folder = work / "pathological"
    if not (folder / "large").is_dir():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "pathological", str(folder)], check=True
        )
    dup, base, peers, large = (folder / k for k in ("dup", "base", "peers", "large"))
    size = (dup / "definitions" / "dup.yaml").stat().st_size / 1e6
    out: list[str] = []
    groups = [
        (
            f"duplicate keys: 60,000 keys, 4,000 repeats, {size:.1f} MB (target < 3 s)",
            {
                "bare yaml.load(CSafeLoader), dup.yaml": bare(dup / "definitions"),
                "lianxi validate dup.yaml": [*lianxi(), "validate", "--root", str(dup)],
            },
            None,
        ),
        (
            "diff --base: 3,500 duties reworded (target < 5 s)",
            {
                "bare yaml.load(CSafeLoader), the definition": bare(base / "definitions"),
                "lianxi diff --base HEAD": [*lianxi(), "diff", "--base", "HEAD"],
            },
            base,
        ),
        (
            "peer diff: two systems of 3,000 duties (target < 5 s)",
            {
                "bare yaml.load(CSafeLoader), both definitions": bare(peers / "definitions"),
                "lianxi diff peer-a peer-b": [*lianxi(), "diff", "peer-a", "peer-b"],
            },
            peers,
        ),
        (
            "a large definition: 2,000 members not in the catalog, 15,000 duties (target < 5 s)",
            {
                "bare yaml.load(CSafeLoader), the definition": bare(large / "definitions"),
                "lianxi validate": [*lianxi(), "validate", "--root", str(large)],
                **{
                    f"lianxi render {doc} large (docx)": [
                        *lianxi(),
                        "render",
                        doc,
                        "large",
                        "-f",
                        "docx",
                        "--root",
                        str(large),
                        "-o",
                        str(work / f"large-{doc}.docx"),
                        "--force",
                    ]
                    for doc in ("notice", "members")
                },
            },
            None,
        ),
    ]
    for title, rows, cwd in groups:
        medians = measure(rows, rounds, cwd=cwd)
        out += table(title, medians, next(iter(rows)), memory=True)
    return out


def main() -> None:
    global TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--no-competitors", action="store_true", help="skip yamllint and check-jsonschema"
    )
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT, help="stop a command after this many seconds"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "lianxi-bench")
    args = parser.parse_args()
    TIMEOUT = args.timeout
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    out: list[str] = [
        f"lianxi benchmarks: {args.rounds} rounds, medians; {os.cpu_count()} cores; "
        f"load average {load:.1f} at the start; peak MB = the largest process"
    ]
    # as an installed package is (pip compiles it): without bytecode, every run would compile
    # lianxi's sources again where PYTHONDONTWRITEBYTECODE is set
    import compileall
    import importlib.util

    found = importlib.util.find_spec("lianxi")
    if found is not None and found.origin is not None:
        compileall.compile_dir(Path(found.origin).parent, quiet=1)
    schema = args.work / "lianxi.schema.json"
    subprocess.run(
        [*lianxi(), "schema", "-o", str(schema), "--force"], check=True, capture_output=True
    )
    validate_medians: dict[int, float] = {}
    for n in args.sizes:
        ws = workspace(args.work, n)
        defs = ws / "definitions"
        baseline = f"bare yaml.load(CSafeLoader), {n} files"
        rows = {baseline: bare(defs), **workspace_commands(n, ws, args.work)}
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
        validate_medians[n] = medians[f"lianxi validate, {n} files"][0]
        out += table(f"whole workspace, {n} definitions", medians, baseline, memory=True)
        print("\n".join(out[-len(rows) - 2 :]), file=sys.stderr)  # progress: a run takes long
    if len(validate_medians) > 1:
        (n1, t1), (n2, t2) = sorted(validate_medians.items())[:2]
        out.append(f"\nscaling: {n2 // n1}x the files took {t2 / t1:.1f}x the time (validate)")
    out += pathological(args.work, args.rounds)
    # what `site` makes per definition and per system, timed in one process (no start-up)
    per_file = subprocess.run(
        [sys.executable, str(HERE / "per_file.py"), str(workspace(args.work, min(args.sizes)))],
        capture_output=True,
        text=True,
        check=True,
    )
    out += ["", *per_file.stdout.rstrip("\n").splitlines()]

    ws1 = workspace(args.work, 1)
    one = sorted((ws1 / "definitions").iterdir())[0]
    # the least any check through pydantic can cost: yaml and pydantic imported, one model of one
    # field built and validated (with plugins off, as lianxi runs)
    floor = (
        "import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "import yaml\nfrom pydantic import BaseModel\n"
        "class M(BaseModel):\n    x: int\nM.model_validate({'x': 1})"
    )
    startup = {
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"],
        "floor: yaml, pydantic, one model validated": [sys.executable, "-c", floor],
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
    out += table("start-up", measure(startup, max(args.rounds, 5)), 'python -c "import yaml"', True)

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
            "one seed",
            measure(seed_rows, max(args.rounds, 5), cwd=REPO),
            'python -c "import yaml"',
            True,
        )
    out.append(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
