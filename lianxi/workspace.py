"""The workspace: finding its root, reading lianxi.toml, listing definitions, resolving REFs."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lianxi import diagnostics as dg
from lianxi import names
from lianxi.diagnostics import Severity, UsageError
from lianxi.loader import LoadResult, load_bytes, load_path
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
        data = tomllib.loads(path.read_text(encoding="utf-8"))
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
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def display_path(path: Path, root: Path) -> str:
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
        return load_path(ref.path, ref.display)
    data = git_show(root, ref.rev, ref.display)
    return load_bytes(data, f"{ref.display}@{ref.rev}")


def git_show(root: Path, rev: str, relpath: str) -> bytes:
    """Return a file's bytes at a git revision; raise UsageError (LX902) when git cannot."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "show", f"{rev}:{relpath}"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise UsageError(dg.problem("LX902/git", relpath, 0, 0, reason=str(e))) from None
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = why[0] if why else "unknown revision"
        raise UsageError(
            dg.problem("LX902/no_file", relpath, 0, 0, path=relpath, rev=rev, reason=reason)
        )
    return proc.stdout


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise UsageError(dg.problem("LX902/git", str(root), 0, 0, reason=str(e))) from None


def definitions_at(root: Path, rev: str) -> list[str]:
    """Relative paths of the definition files at a git revision; UsageError (LX902) if unknown."""
    proc = _git(root, "ls-tree", "--name-only", f"{rev}:{DEFINITIONS}")
    if proc.returncode != 0:
        check = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if check.returncode != 0:
            raise UsageError(dg.problem("LX902", rev, 0, 0, rev=rev))
        return []  # the revision exists but had no definitions/ yet
    names = proc.stdout.decode("utf-8", "replace").splitlines()
    return sorted(f"{DEFINITIONS}/{n}" for n in names if n.endswith((".yaml", ".yml")))


def changed_since(root: Path, rev: str) -> list[tuple[str, bytes | None, Path | None]]:
    """Definitions added, removed or changed since `rev`: (relative path, old bytes, new path)."""
    before = set(definitions_at(root, rev))
    now = {f"{DEFINITIONS}/{p.name}": p for p in definition_paths(root)}
    out: list[tuple[str, bytes | None, Path | None]] = []
    for rel in sorted(before | set(now)):
        old = git_show(root, rev, rel) if rel in before else None
        new = now.get(rel)
        if old is not None and new is not None and new.read_bytes() == old:
            continue
        out.append((rel, old, new))
    return out


# --- scanning many definitions --------------------------------------------------------------------
# Every command that reads many definitions (validate, units, meetings, diff --base, render, site)
# goes through scan(): each worker process loads a share of the files and sends back only what the
# command asked for (diagnostics, rows, rendered bytes), never whole models, so the parent does no
# parsing and memory stays flat however large the workspace.

T = TypeVar("T")
Extract = Callable[[LoadResult, Ref], T]
PARALLEL_FROM = 200  # below this many files, starting workers costs more than it saves
CHUNK = 50  # files per task: large enough to amortize a round trip, small enough to balance


def _scan_chunk(job: tuple[Sequence[Ref], Path, Extract[T], tuple[Function, ...]]) -> list[T]:
    refs, root, extract, extra = job
    names.extend(extra)  # a worker started without fork has only the shipped catalog
    return [extract(load_ref(ref, root), ref) for ref in refs]


def workers_for(count: int) -> int:
    """How many worker processes to use for `count` files (1: do it in this process)."""
    if count < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def scan(root: Path, refs: Sequence[Ref], extract: Extract[T]) -> Iterator[T]:
    """Yield `extract(load_ref(ref), ref)` for each REF, in order.

    `extract` must be a module-level function (or a functools.partial of one) and return plain,
    small data: with many files it runs in worker processes. A worker that dies ends the run with
    BrokenProcessPool (an internal error, exit 3), never a hang. LianxiError raised by `extract`
    or by git reaches the caller as it would in one process.
    """
    extra = names.extension()  # the workspace's own catalog entries
    jobs = [(refs[i : i + CHUNK], root, extract, extra) for i in range(0, len(refs), CHUNK)]
    workers = workers_for(len(refs))
    # Loading creates many short-lived objects and keeps none: collecting them in the middle of a
    # run only rescans what is about to be freed (forked workers inherit this).
    enabled = gc.isenabled()
    gc.disable()
    try:
        if workers == 1:
            for job in jobs:
                yield from _scan_chunk(job)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Not multiprocessing.Pool: when a worker dies, its results would be awaited forever; an
        # executor raises BrokenProcessPool instead, so a run ends rather than hangs.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            for found in pool.map(_scan_chunk, jobs):
                yield from found
    finally:
        if enabled:
            gc.enable()


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
        with path.open("rb") as fh:
            data = fh.read(CATALOG_BYTES + 1)
    except OSError as e:
        raise dg.LianxiError(dg.problem("LX904/catalog", file, 0, 0, reason=str(e))) from None
    if len(data) > CATALOG_BYTES:
        raise dg.LianxiError(dg.problem("LX904/catalog_size", file, 0, 0, limit=CATALOG_BYTES))
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
