"""The workspace: finding its root, reading lianxi.toml, listing definitions, resolving REFs."""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.diagnostics import Severity, UsageError
from lianxi.inputs import MAX_BYTES, lexically_inside, outside, read_limited
from lianxi.loader import LoadResult, SourceMap, load_bytes, load_path
from lianxi.names import Function
from lianxi.output import resolve

if TYPE_CHECKING:
    from lianxi.model import Definition, System

CONFIG = "lianxi.toml"
DEFINITIONS = "definitions"
_REF = re.compile(r"^(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?::(?P<key>[a-z0-9-]+))?(?:@(?P<rev>.+))?$")


@dataclass(frozen=True, slots=True)
class Config:
    """What lianxi.toml says: severity overrides per code (None = off)."""

    severities: dict[str, Severity | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Ref:
    """A definition named on the command line: a file, maybe one system, maybe a git revision."""

    display: str  # how diagnostics name the file
    path: Path  # the file in the working tree (or where it would be at `rev`)
    key: str | None = None
    rev: str | None = None


def pick_system(defn: Definition, key: str | None) -> System | None:
    """Return the system named by `key`; raise UsageError (LX901) when there is none."""
    if key is None:
        return None
    system = defn.system(key)
    if system is None:
        keys = dg.join(s.key for s in defn.systems)
        raise dg.UsageError(
            dg.problem("LX901/no_system", defn.id, 0, 0, id=defn.id, key=str(key), keys=keys)
        )
    return system


def find_root(start: Path) -> Path | None:
    """Walk up from `start` to the folder holding lianxi.toml or definitions/ (like git)."""
    try:
        start = resolve(start)
    except OSError:  # a loop of symbolic links
        return None
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file() or (folder / DEFINITIONS).is_dir():
            return folder
    return None


def require_root(root: Path | None, cwd: Path) -> Path:
    """Return the workspace root to use, or raise LX903 when there is none."""
    if root is not None:
        if not root.is_dir():
            raise UsageError(dg.problem("LX903/not_folder", str(root), 0, 0, root=str(root)))
        return root
    found = find_root(cwd)
    if found is None:
        raise UsageError(dg.problem("LX903", str(cwd), 0, 0))
    return found


def load_config(root: Path) -> Config:
    """Read lianxi.toml; a bad file raises LianxiError with LX904."""
    import tomllib

    path = root / CONFIG
    if not path.is_file():
        return Config()
    file = str(path)
    try:
        if outside(path, root):
            raise dg.LianxiError(
                dg.problem("LX001/outside", file, 0, 0, path=file, place="the workspace")
            )
        raw = read_limited(path, 1024 * 1024, file)
    except dg.LianxiError as e:
        reason = e.diagnostics[0].message("en") if e.diagnostics else "cannot read"
        raise dg.LianxiError(dg.problem("LX904", file, 0, 0, reason=reason)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except RecursionError:
        raise dg.LianxiError(dg.problem("LX904/too_deep", file, 0, 0)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise dg.LianxiError(dg.problem("LX904", file, 0, 0, reason=str(e))) from None
    table = data.get("severity", {})
    if not isinstance(table, dict):
        raise dg.LianxiError(dg.problem("LX904/severity_table", file, 0, 0))
    severities: dict[str, Severity | None] = {}
    for code, value in table.items():
        if code not in dg.CODES:
            raise dg.LianxiError(dg.problem("LX904/unknown_code", file, 0, 0, code=str(code)))
        if code[2] in "01" and value in ("off", "warning"):
            # a file that cannot be read or has not the shape of a definition is never checked
            # at all: a pull request must not be able to make such a file pass
            raise dg.LianxiError(
                dg.problem("LX904/locked", file, 0, 0, code=code, value=str(value))
            )
        if value == "off":
            severities[code] = None
        elif value in ("error", "warning"):
            severities[code] = Severity(value)
        else:
            raise dg.LianxiError(
                dg.problem("LX904/severity_value", file, 0, 0, code=code, value=repr(value))
            )
    return Config(severities)


def definition_paths(root: Path) -> list[Path]:
    """Every definition file of the workspace, sorted."""
    folder = root / DEFINITIONS
    if not folder.is_dir():
        return []
    # not only regular files: a link out of the workspace, a device or a pipe named *.yaml is
    # listed, so that it is reported (LX001) rather than silently skipped; a link that leads
    # nowhere (dangling, or a loop) holds nothing and is not a definition
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.exists() and not p.is_dir()
    )


def resolve_refs(refs: Sequence[str], root: Path) -> list[Ref]:
    """The REFs named on a command line (a folder stands for its definitions); none: all."""
    out: list[Ref] = []
    for r in refs:
        if Path(r).is_dir():  # a folder stands for the definitions in it
            files = sorted([*Path(r).glob("*.yaml"), *Path(r).glob("*.yml")])
            out += [Ref(display_path(p, root), p) for p in files]
        else:
            out.append(parse_ref(r, root))
    if refs:
        return out
    return [Ref(display_path(p, root), p) for p in definition_paths(root)]


def display_path(path: Path, root: Path) -> str:
    """`path` relative to the workspace as named (a link is not followed to say where it is)."""
    if lexically_inside(path, root):
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(root)))  # noqa: PTH100
    try:
        return str(resolve(path).relative_to(resolve(root)))
    except (ValueError, OSError):  # outside the root, or a loop of links
        return str(path)


def parse_ref(text: str, root: Path) -> Ref:
    """Resolve `ID`, `ID:KEY`, `REF@REV` or a path. Raises UsageError (LX901) if it names nothing."""
    candidate = Path(text)
    if candidate.suffix in (".yaml", ".yml") or "/" in text or candidate.is_file():
        if not candidate.is_file():
            raise UsageError(dg.problem("LX901/no_file", text, 0, 0, ref=text))
        return Ref(display_path(candidate, root), candidate)
    m = _REF.match(text)
    if not m:
        raise UsageError(dg.problem("LX901/not_ref", text, 0, 0, ref=text))
    path = _find_definition(root, m["id"])
    ref = Ref(display_path(path, root), path, m["key"], m["rev"])
    if ref.rev is None and not path.is_file():
        known = [p.stem for p in definition_paths(root)]
        raise UsageError(
            dg.problem(
                "LX901/no_definition" if known else "LX901/no_definitions",
                text,
                0,
                0,
                id=m["id"],
                folder=str(root / DEFINITIONS),
                known=dg.join(known),
            )
        )
    return ref


def _find_definition(root: Path, ident: str) -> Path:
    yml = root / DEFINITIONS / f"{ident}.yml"
    return yml if yml.is_file() else root / DEFINITIONS / f"{ident}.yaml"


def load_ref(ref: Ref, root: Path) -> LoadResult:
    """Load a REF from the working tree or, with @REV, from git. Raises UsageError (LX902)."""
    if ref.rev is None:
        if lexically_inside(ref.path, root) and outside(ref.path, root):
            # a file of the workspace that is a link out of it (to ~/.aws/credentials): never read,
            # so that no line of it is shown in a CI log
            return LoadResult(
                ref.display,
                diagnostics=[
                    dg.problem(
                        "LX001/outside",
                        ref.display,
                        0,
                        0,
                        path=ref.display,
                        place="the workspace",
                    )
                ],
                source=SourceMap(ref.display),
            )
        return load_path(ref.path, ref.display)
    data = git_show(root, ref.rev, ref.display)
    return load_bytes(data, f"{ref.display}@{ref.rev}")


# git runs where a pull request decides what the folders hold. A folder that git takes for a bare
# repository (HEAD, config, objects/ committed into the workspace) would make git read that config,
# and a config runs commands (core.fsmonitor, a promisor remote's ext:: transport). So git is told
# to discover only real work trees, to use no transport and no fsmonitor; the work tree it finds
# must hold the workspace; and a revision that git could read as an option is refused.
GIT_SAFETY = (
    "-c",
    "safe.bareRepository=explicit",
    "-c",
    "protocol.allow=never",
    "-c",
    "protocol.ext.allow=never",
    "-c",
    "core.fsmonitor=false",
    "--no-pager",
)
GIT_TIMEOUT = 60.0


def _run_git(root: Path, args: list[str], limit: int = MAX_BYTES) -> tuple[int, bytes, str]:
    """(exit status, at most `limit` + 1 bytes of stdout, stderr) of a hardened git command."""
    import os
    import subprocess  # here: a check of files that runs no git need not import it
    import tempfile
    import threading

    env = {**os.environ, "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}
    cmd = ["git", *GIT_SAFETY, "-C", str(root), *args]
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=env
            )
        except (OSError, ValueError) as e:
            raise UsageError(dg.problem("LX902/git", str(root), 0, 0, reason=str(e))) from None
        timer = threading.Timer(GIT_TIMEOUT, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            data = proc.stdout.read(limit + 1)
            if len(data) > limit:
                proc.kill()
            status = proc.wait()
        finally:
            timer.cancel()
            if proc.stdout is not None:
                proc.stdout.close()
        err.seek(0)
        message = err.read(4096).decode("utf-8", "replace")
    return status, data, message


def _check_rev(rev: str) -> None:
    """A revision starting with `-` would be an option to git (`--output=FILE`): LX902."""
    if rev.startswith("-") or not rev.strip() or any(c in rev for c in "\0\n\r"):
        raise UsageError(dg.problem("LX902", rev, 0, 0, rev=rev[:60]))


_TOPLEVEL: dict[str, bool] = {}


def _check_work_tree(root: Path) -> None:
    """The work tree git finds from `root` must hold the workspace (be `root` or above it)."""
    key = str(root)
    if key in _TOPLEVEL:
        return
    status, out, err = _run_git(root, ["rev-parse", "--show-toplevel"], 4096)
    top = out.decode("utf-8", "replace").strip()
    inside = False
    if status == 0 and top:
        try:
            inside = resolve(root).is_relative_to(resolve(Path(top)))
        except OSError:
            inside = False
    if not inside:
        reason = err.strip().splitlines()[0] if err.strip() else f"git work tree is {top!r}"
        raise UsageError(
            dg.problem("LX902/git", str(root), 0, 0, reason=f"not in a git work tree: {reason}")
        )
    _TOPLEVEL[key] = True


def git_show(root: Path, rev: str, relpath: str) -> bytes:
    """Return a file's bytes at a git revision; raise UsageError (LX902) when git cannot, and
    LianxiError (LX006) when the file is over the size limit."""
    _check_rev(rev)
    _check_work_tree(root)
    status, data, err = _run_git(root, ["show", f"{rev}:./{relpath}"])
    if status != 0:
        why = err.strip().splitlines()
        reason = why[0] if why else "unknown revision"
        raise UsageError(
            dg.problem("LX902/no_file", relpath, 0, 0, path=relpath, rev=rev, reason=reason)
        )
    if len(data) > MAX_BYTES:
        raise dg.LianxiError(dg.problem("LX006/more", f"{relpath}@{rev}", 0, 0, limit=MAX_BYTES))
    return data


def _git(root: Path, *args: str, limit: int = MAX_BYTES) -> tuple[int, bytes, str]:
    _check_work_tree(root)
    return _run_git(root, list(args), limit)


LISTING_BYTES = 64 * 1024 * 1024  # `git ls-tree` of definitions/: about 100 bytes a file


@dataclass(frozen=True, slots=True)
class Blob:
    """A definition file at a git revision: where it is, its object id and size in bytes."""

    rel: str
    oid: str
    size: int


def blobs_at(root: Path, rev: str) -> list[Blob]:
    """The definition files at a git revision, sorted, from one `git ls-tree`; UsageError (LX902)
    when the revision is unknown."""
    _check_rev(rev)
    status, out, _ = _git(
        root, "ls-tree", "-z", "-l", f"{rev}:./{DEFINITIONS}", limit=LISTING_BYTES
    )
    if status != 0:
        check, _, _ = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if check != 0:
            raise UsageError(dg.problem("LX902", rev, 0, 0, rev=rev))
        return []  # the revision exists but had no definitions/ yet
    if len(out) > LISTING_BYTES:
        reason = f"the listing of {DEFINITIONS}/ at {rev[:60]!r} is over {LISTING_BYTES} bytes"
        raise UsageError(dg.problem("LX902/git", str(root), 0, 0, reason=reason))
    found: list[Blob] = []
    for entry in out.split(b"\0"):
        info, tab, raw = entry.partition(b"\t")
        fields = info.split()
        if not tab or len(fields) != 4 or fields[1] != b"blob":  # a folder or a submodule
            continue
        name = raw.decode("utf-8", "surrogateescape")
        if name.endswith((".yaml", ".yml")) and fields[3].isdigit():
            found.append(Blob(f"{DEFINITIONS}/{name}", fields[2].decode("ascii"), int(fields[3])))
    return sorted(found, key=lambda b: b.rel)


def object_id(root: Path, data: bytes) -> str:
    """The id git gives `data` as a blob, in the repository's object format (sha1 or sha256)."""
    import hashlib

    algorithm = _object_format(root)
    return hashlib.new(algorithm, b"blob %d\0" % len(data) + data).hexdigest()


_FORMATS: dict[str, str] = {}


def _object_format(root: Path) -> str:
    key = str(root)
    if key not in _FORMATS:
        status, out, _ = _git(root, "rev-parse", "--show-object-format")
        # a git older than 2.29 echoes the option back: only sha1 repositories exist for it
        _FORMATS[key] = "sha256" if status == 0 and out.strip() == b"sha256" else "sha1"
    return _FORMATS[key]


def cat_blobs(root: Path, blobs: Sequence[Blob], rev: str) -> list[bytes]:
    """The contents of `blobs`, in order, from one `git cat-file --batch`.

    Each is read only once its size is known to be within MAX_BYTES (LianxiError LX006 otherwise,
    nothing more read); git is killed after GIT_TIMEOUT (UsageError LX902 then, or when git
    cannot give an object).
    """
    import threading

    if not blobs:
        return []
    _check_work_tree(root)
    for b in blobs:
        if b.size > MAX_BYTES:
            raise dg.LianxiError(dg.problem("LX006/more", f"{b.rel}@{rev}", 0, 0, limit=MAX_BYTES))
    import subprocess

    env = {**os.environ, "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}
    cmd = ["git", *GIT_SAFETY, "-C", str(root), "cat-file", "--batch"]
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except (OSError, ValueError) as e:
        raise UsageError(dg.problem("LX902/git", str(root), 0, 0, reason=str(e))) from None
    assert proc.stdin is not None and proc.stdout is not None
    request = b"".join(b.oid.encode("ascii") + b"\n" for b in blobs)
    stdin = proc.stdin

    def feed() -> None:  # from a thread: git answers while it reads, and a full pipe would block
        try:
            stdin.write(request)
            stdin.close()
        except OSError:  # git ended (killed, or refused): what it gave is checked below
            pass

    writer = threading.Thread(target=feed, daemon=True)
    timer = threading.Timer(GIT_TIMEOUT, proc.kill)
    writer.start()
    timer.start()
    out: list[bytes] = []
    try:
        for b in blobs:
            head = proc.stdout.readline(200).split()
            size = int(head[2]) if len(head) == 3 and head[2].isdigit() else -1
            if size < 0 or head[1] != b"blob":
                reason = b" ".join(head[1:]).decode("utf-8", "replace") or "git ended early"
                raise UsageError(
                    dg.problem("LX902/no_file", b.rel, 0, 0, path=b.rel, rev=rev, reason=reason)
                )
            if size > MAX_BYTES:
                raise dg.LianxiError(
                    dg.problem("LX006/more", f"{b.rel}@{rev}", 0, 0, limit=MAX_BYTES)
                )
            data = proc.stdout.read(size + 1)
            if len(data) != size + 1:
                raise UsageError(
                    dg.problem(
                        "LX902/no_file", b.rel, 0, 0, path=b.rel, rev=rev, reason="git ended early"
                    )
                )
            out.append(data[:size])
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
        writer.join()
    return out


def changed_since(root: Path, rev: str) -> list[tuple[str, bytes | None, Path | None]]:
    """Definitions added, removed or changed since `rev`: (relative path, old bytes, new path).

    One `git ls-tree` lists the files at `rev` with their object ids; a file of the working tree
    whose own id (computed here) is the same is unchanged, and the old contents of the others
    come from one `git cat-file --batch`.
    """
    before = {b.rel: b for b in blobs_at(root, rev)}
    now = {f"{DEFINITIONS}/{p.name}": p for p in definition_paths(root)}
    changed: list[tuple[str, Path | None]] = []
    inside = not outside(root / DEFINITIONS, root)
    for rel in sorted(before.keys() | now.keys()):
        blob, new = before.get(rel), now.get(rel)
        if blob is not None and new is not None and inside and _same(new, blob, root):
            continue
        changed.append((rel, new))
    old = cat_blobs(root, [before[rel] for rel, _ in changed if rel in before], rev)
    contents = iter(old)
    return [(rel, next(contents) if rel in before else None, new) for rel, new in changed]


# --- scanning many definitions --------------------------------------------------------------------
# Every command that reads many definitions (validate, units, meetings, diff --base, render, site)
# goes through scan(): each worker process loads a share of the files and sends back only what the
# command asked for (diagnostics, rows, rendered bytes), never whole models, so the parent does no
# parsing and memory stays flat however large the workspace.

T = TypeVar("T")
R = TypeVar("R")
Extract = Callable[[LoadResult, Ref], T]
PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
CHUNK = 50  # files per task: large enough to amortize a round trip, small enough to balance
IN_FLIGHT = 2  # tasks per worker submitted ahead: results wait in memory only this many deep


def _scan_chunk(
    job: tuple[
        Sequence[Ref], Path, Callable[..., T], tuple[Function, ...], Sequence[object] | None
    ],
) -> list[T]:
    refs, root, extract, extra, contexts = job
    names.extend(extra)  # a worker started without fork has only the shipped catalog
    if contexts is None:
        out = [extract(load_ref(ref, root), ref) for ref in refs]
    else:
        out = [extract(load_ref(ref, root), ref, c) for ref, c in zip(refs, contexts, strict=True)]
    gc.collect(0)  # collection is off during a run: the cycles this chunk left (Jinja makes some)
    return out


def _apply_chunk(
    job: tuple[Callable[[object], R], Sequence[object], tuple[Function, ...]],
) -> list[R]:
    func, items, extra = job
    names.extend(extra)
    out = [func(item) for item in items]
    gc.collect(0)
    return out


def workers_for(count: int) -> int:
    """How many worker processes to use for `count` files (1: do it in this process)."""
    if count < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _run_chunks(func: Callable[[Any], list[R]], jobs: Iterable[Any], workers: int) -> Iterator[R]:
    """`func(job)` for each job, in order, in `workers` processes (1: here), yielding the items.

    At most IN_FLIGHT tasks per worker are submitted ahead of the one being read, so that results
    a slow reader has not taken yet never pile up in memory. A worker that dies ends the run with
    BrokenProcessPool (an internal error, exit 3), never a hang.
    """
    # Loading creates many short-lived objects and keeps none: collecting them in the middle of a
    # run only rescans what is about to be freed (forked workers inherit this).
    enabled = gc.isenabled()
    gc.disable()
    try:
        if workers == 1:
            for job in jobs:
                yield from func(job)
            return
        import multiprocessing
        from collections import deque
        from concurrent.futures import Future, ProcessPoolExecutor

        # Not multiprocessing.Pool: when a worker dies, its results would be awaited forever; an
        # executor raises BrokenProcessPool instead, so a run ends rather than hangs.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
        try:
            waiting = iter(jobs)
            pending: deque[Future[list[R]]] = deque()
            for job in waiting:
                pending.append(pool.submit(func, job))
                if len(pending) >= workers * IN_FLIGHT:
                    break
            while pending:
                found = pending.popleft().result()
                job = next(waiting, None)
                if job is not None:
                    pending.append(pool.submit(func, job))
                yield from found
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if enabled:
            gc.enable()


def scan(
    root: Path,
    refs: Sequence[Ref],
    extract: Callable[..., T],
    contexts: Iterable[object] | None = None,
) -> Iterator[T]:
    """Yield `extract(load_ref(ref), ref)` for each REF, in order; with `contexts` (one per REF),
    `extract(load_ref(ref), ref, context)`. Contexts are taken only as the work reaches them, so
    they may be made on the fly.

    `extract` must be a module-level function (or a functools.partial of one) and return plain,
    small data: with many files it runs in worker processes. LianxiError raised by `extract` or
    by git reaches the caller as it would in one process.
    """
    extra = names.extension()  # the workspace's own catalog entries
    given = None if contexts is None else iter(contexts)
    jobs = (
        (
            refs[i : i + CHUNK],
            root,
            extract,
            extra,
            None if given is None else list(itertools.islice(given, CHUNK)),
        )
        for i in range(0, len(refs), CHUNK)
    )
    yield from _run_chunks(_scan_chunk, jobs, workers_for(len(refs)))


def parallel(
    func: Callable[[Any], R], items: Iterable[Any], chunk: int = 20, workers: int = 1
) -> Iterator[R]:
    """Yield `func(item)` for each item, in order, in `workers` processes (1: here).

    Like `scan`, for work that needs no file of its own (pages computed from plain data): `func`
    must be module-level (or a functools.partial of one), and items and results plain data.
    Items are taken from `items` only as workers need them, so they may be made on the fly.
    """
    extra = names.extension()
    source = iter(items)
    jobs = iter(lambda: list(itertools.islice(source, chunk)), [])
    yield from _run_chunks(_apply_chunk, ((func, job, extra) for job in jobs), workers)


def each_definition(
    use: Callable[[Definition, str | None], T], result: LoadResult, ref: Ref
) -> tuple[T | None, list[dg.Diagnostic]]:
    """For scan(): `use(definition, key)` of a file that loads, else (None, its diagnostics).

    An ID:KEY whose KEY is not in the file raises UsageError (LX901), as everywhere else.
    """
    if result.definition is None:
        return None, result.diagnostics
    pick_system(result.definition, ref.key)
    return use(result.definition, ref.key), []


# ---------------------------------------------------------------------------------------------
# The workspace's own catalog entries: untrusted input, so bounded and plain data only.

CATALOG = "catalog.yaml"
CATALOG_BYTES = 256 * 1024
CATALOG_ENTRIES = 500
CATALOG_NAMES = 100  # names in one list
CATALOG_NAME = 40  # characters in one name or label
CATALOG_DEPTH = 8
_LISTS = ("national", "provincial", "city", "county", "short", "aliases", "plates")
_DATES = ("established", "abolished", "abolished_local")
_ALLOWED = ("id", "label", *_LISTS, *_DATES, "successor", "note")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load_catalog(root: Path) -> tuple[Function, ...]:
    """The entries of `catalog.yaml` at the root and of `[[catalog.functions]]` in lianxi.toml.

    An entry with a new id is a new function; one with a catalog id adds its names to that
    function. A bad entry raises LianxiError with LX904 at its line (0 in lianxi.toml).
    """
    entries: list[tuple[str, int, object]] = []
    path = root / CATALOG
    if path.is_file():
        entries += _catalog_yaml(path)
    toml = root / CONFIG
    if toml.is_file():
        entries += _catalog_toml(toml)
    if len(entries) > CATALOG_ENTRIES:
        file = entries[CATALOG_ENTRIES][0]
        raise dg.LianxiError(dg.problem("LX904/catalog_count", file, 0, 0, limit=CATALOG_ENTRIES))
    known = {f.id: f for f in names.shipped()}
    out: list[Function] = []
    for file, line, raw in entries:
        out.append(_catalog_entry(file, line, raw, known))
        known.setdefault(out[-1].id, out[-1])
    for (file, line, _), f in zip(entries, out, strict=True):
        for other in filter(None, (f.successor,)):
            if other not in known:
                raise dg.LianxiError(
                    dg.problem("LX904/catalog_successor", file, line, 1, entry=f.id, id=other)
                )
    return tuple(out)


def use_catalog(root: Path) -> None:
    """Resolve names with the workspace's catalog entries from now on (LX904 for a bad one)."""
    extra = load_catalog(root)
    try:
        names.extend(extra)
    except names.CatalogConflict as e:
        file, line = _where(root, e.second)
        raise dg.LianxiError(
            dg.problem(
                "LX904/catalog_conflict",
                file,
                line,
                1 if line else 0,
                entry=e.second,
                name=e.name,
                other=e.first,
            )
        ) from None


def _where(root: Path, ident: str) -> tuple[str, int]:
    """The file and line of the workspace entry with id `ident`."""
    path = root / CATALOG
    if path.is_file():
        for file, line, raw in _catalog_yaml(path):
            if isinstance(raw, dict) and raw.get("id") == ident:
                return file, line
    return str(root / CONFIG), 0


def _read_bounded(path: Path) -> str:
    file = str(path)
    try:
        if outside(path, path.parent):  # a link out of the workspace is never read
            raise dg.LianxiError(
                dg.problem("LX001/outside", file, 0, 0, path=file, place="the workspace")
            )
        data = read_limited(path, CATALOG_BYTES, file)
    except dg.LianxiError as e:
        if any(d.code == "LX006" for d in e.diagnostics):
            raise dg.LianxiError(
                dg.problem("LX904/catalog_size", file, 0, 0, limit=CATALOG_BYTES)
            ) from None
        reason = e.diagnostics[0].message("en") if e.diagnostics else "cannot read"
        raise dg.LianxiError(dg.problem("LX904/catalog", file, 0, 0, reason=reason)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise dg.LianxiError(dg.problem("LX904/catalog", file, 0, 0, reason=str(e))) from None


def _catalog_yaml(path: Path) -> list[tuple[str, int, object]]:
    import yaml

    class PlainLoader(yaml.SafeLoader):
        """Dates stay text here, so that a bad one is reported with its entry, not by PyYAML."""

    PlainLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    file = str(path)
    text = _read_bounded(path)
    try:
        depth = 0
        # Events first (the pure-Python parser does not recurse): refuse aliases, which could
        # multiply a small file, and deep nesting, before anything is built.
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = mark.line + 1 if mark else 0
                raise dg.LianxiError(dg.problem("LX904/catalog_alias", file, line, 1))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > CATALOG_DEPTH:
                    line = mark.line + 1 if mark else 0
                    raise dg.LianxiError(dg.problem("LX904/catalog_deep", file, line, 1))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=PlainLoader)
        data = yaml.load(text, Loader=PlainLoader)  # a SafeLoader without timestamps
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = str(getattr(e, "problem", None) or e)
        raise dg.LianxiError(dg.problem("LX904/catalog", file, line, 1, reason=reason)) from None
    if data is None:
        return []
    items = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(items, list) or set(data) - {"catalog", "functions"}:
        raise dg.LianxiError(dg.problem("LX904/catalog_shape", file, 1, 1))
    lines = [1] * len(items)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "functions" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return [(file, line, raw) for line, raw in zip(lines, items, strict=True)]


def _catalog_toml(path: Path) -> list[tuple[str, int, object]]:
    import tomllib

    file = str(path)
    text = _read_bounded(path)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise dg.LianxiError(dg.problem("LX904/too_deep", file, 0, 0)) from None
    except tomllib.TOMLDecodeError as e:
        raise dg.LianxiError(dg.problem("LX904", file, 0, 0, reason=str(e))) from None
    table = data.get("catalog")
    if table is None:
        return []
    items = table.get("functions") if isinstance(table, dict) else None
    if not isinstance(items, list) or set(table) - {"functions"}:
        raise dg.LianxiError(dg.problem("LX904/catalog_shape", file, 0, 0))
    return [(file, 0, raw) for raw in items]


def _catalog_entry(file: str, line: int, raw: object, known: dict[str, Function]) -> Function:
    """One entry checked field by field and made a Function; LX904 for the first problem."""
    col = 1 if line else 0

    def bad(variant: str, **facts: str | int) -> dg.LianxiError:
        return dg.LianxiError(dg.problem(f"LX904/{variant}", file, line, col, facts))

    if not isinstance(raw, dict):
        raise bad("catalog_shape")
    ident = raw.get("id")
    if not isinstance(ident, str) or len(ident) > 60 or not _ID.match(ident):
        raise bad("catalog_id", value=str(ident)[:60])
    for key in raw:
        if key not in _ALLOWED:
            raise bad("catalog_key", entry=ident, key=str(key)[:60], allowed=dg.join(_ALLOWED))
    data: dict[str, object] = {"id": ident}
    label = raw.get("label", known[ident].label if ident in known else None)
    if not isinstance(label, str) or not label.strip() or len(label) > CATALOG_NAME:
        raise bad("catalog_label", entry=ident, limit=CATALOG_NAME)
    data["label"] = label
    for key in _LISTS:
        value = raw.get(key, [])
        if (
            not isinstance(value, list)
            or len(value) > CATALOG_NAMES
            or not all(isinstance(v, str) and 0 < len(v.strip()) <= CATALOG_NAME for v in value)
        ):
            raise bad("catalog_names", entry=ident, key=key, limit=CATALOG_NAMES, size=CATALOG_NAME)
        data[key] = [v.strip() for v in value]
    for key in _DATES:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise bad("catalog_date", entry=ident, key=key) from None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise bad("catalog_date", entry=ident, key=key)
        data[key] = value
    for key in ("successor", "note"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > 200):
            raise bad("catalog_text", entry=ident, key=key)
        data[key] = value
    return Function.model_validate(data)


def _same(path: Path, blob: Blob, root: Path) -> bool:
    """Whether the working tree's `path`, in a definitions/ folder inside the workspace, holds
    `blob` (a file linked out of the workspace is never read: it is reported when loaded)."""
    if path.is_symlink() and outside(path, root):
        return False
    try:
        data = read_limited(path)
    except dg.LianxiError:  # unreadable now: reported when it is loaded
        return False
    return len(data) == blob.size and object_id(root, data) == blob.oid
