"""Writing output files: atomically (temp file + rename), never over a file without force."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lianxi import diagnostics as dg


def resolve(path: Path) -> Path:
    """`path.resolve()`, with a loop of symbolic links an OSError (ELOOP) as in Python 3.13
    (3.11 raises RuntimeError), so that callers handle it with every other file error."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def _exists(path: Path) -> bool:
    """True when anything is at `path`: a file, a folder, or a symbolic link even if it leads
    nowhere (a dangling link planted at an output path is an existing path, not a free one)."""
    return path.is_symlink() or path.exists()


def _written_to(path: Path) -> bool:
    """A device or a pipe (/dev/stdout, a FIFO), maybe through links: written to, not replaced."""
    try:
        return path.exists() and not path.is_file() and not path.is_dir()
    except OSError:
        return False


def refuse_existing(paths: Iterable[Path], *, force: bool = False) -> None:
    """Raise LianxiError (LX504 for each) when any of `paths` exists and `force` is not given.

    Called with every target before a run writes the first one, so that a refusal leaves nothing
    half-done. The write itself checks again, in the same step as it creates the file.
    """
    if force:
        return
    found = [
        dg.problem("LX504", str(p), 0, 0, path=str(p))
        for p in paths
        if _exists(p) and not _written_to(p)
    ]
    if found:
        raise dg.LianxiError(*found)


def _mode(path: Path) -> int:
    """The permissions a written file gets: those of the file it replaces, else 0o666 less umask.

    (A temporary file is created 0o600; left so, a rendered notice could not be read by others.)
    """
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: bytes, *, force: bool = False, root: Path | None = None) -> None:
    """Write `data` to `path` whole or not at all. Raises LianxiError (LX504, LX505).

    Without `force`, the check that nothing is at `path` and the write are one step: the complete
    temporary file is hard-linked to `path`, which fails if anything (a file, a dangling symbolic
    link) got there first. With `force`, a symbolic link to a file is written through (the link
    stays); a dangling link never has its folders created. A device or a pipe such as /dev/stdout
    cannot be replaced, so it is written to directly. Under `root` (the workspace), a path that
    leads out of it through a symbolic link is LX505. The temporary file is removed whatever ends
    the write, SIGTERM included.
    """
    file = str(path)
    refuse_existing([path], force=force)
    try:
        if root is not None:
            _refuse_outside(path, root)
        if _written_to(path):
            with path.open("wb") as f:
                f.write(data)
            return
        if path.is_symlink():  # only with force: through the link, never creating its folders
            path = resolve(path)
            if not path.parent.is_dir():
                raise OSError(errno.ENOENT, "a symbolic link into a folder that does not exist")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode(path)
        with _terminated_as_exit():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                os.fchmod(fd, mode)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                if force:
                    Path(tmp).replace(path)
                else:
                    _link_new(Path(tmp), path, data, mode)
            finally:
                Path(tmp).unlink(missing_ok=True)
    except FileExistsError:
        raise dg.LianxiError(dg.problem("LX504", file, 0, 0, path=file)) from None
    except OSError as e:
        raise dg.LianxiError(
            dg.problem("LX505", file, 0, 0, path=file, reason=str(e.strerror or e))
        ) from None


def _link_new(tmp: Path, path: Path, data: bytes, mode: int) -> None:
    """Put the finished `tmp` at `path` only if nothing is there (FileExistsError otherwise)."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as e:  # a file system without hard links: create exclusively instead
        if e.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV):
            raise
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode
        )
        with os.fdopen(fd, "wb") as f:
            f.write(data)


def _refuse_outside(path: Path, root: Path) -> None:
    """A path under the workspace whose folder leads out of it (a planted `build -> /elsewhere`)."""
    absolute = Path(os.path.abspath(path))  # noqa: PTH100 - the name, before links
    if not absolute.is_relative_to(os.path.abspath(root)):  # noqa: PTH100
        return
    top = resolve(root)  # a loop of links raises OSError (ELOOP), said as it is
    folder = next((p for p in absolute.parents if p.exists()), None)
    leaves = folder is not None and not resolve(folder).is_relative_to(top)
    if path.is_symlink() and not resolve(path).is_relative_to(top):
        leaves = True
    if leaves:
        raise OSError(errno.EACCES, "a symbolic link on the way leads outside the workspace")


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while the body runs, so that its cleanup runs too."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: object) -> None:  # noqa: ARG001
        raise SystemExit(128 + signal.SIGTERM)

    old = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@dataclass(frozen=True, slots=True)
class Stage:
    """A folder being built (`building`): each file goes in once, by relative POSIX path.

    Plain data (a path), so that worker processes can be handed it and write what they render.
    """

    path: Path

    def put(self, rel: str, data: bytes) -> None:
        from pathlib import PurePosixPath

        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
            raise ValueError(f"refusing to write {rel!r} outside the folder")
        path = self.path.joinpath(*parts)
        if len(parts) > 1 and (self.path, parts[:-1]) not in _MADE:
            path.parent.mkdir(parents=True, exist_ok=True)
            _MADE.add((self.path, parts[:-1]))
        # exclusive: two outputs never share a name. Three system calls: a site is tens of
        # thousands of files, and each call of a buffered open (a stat, a terminal check, a seek)
        # costs as much as writing a page
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        try:
            fd = os.open(path, flags, 0o666)
        except FileNotFoundError:  # a folder made once and gone since: made again
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)


#: the folders this process has made in each stage: made once, not once per file
_MADE: set[tuple[Path, tuple[str, ...]]] = set()


@contextlib.contextmanager
def building(folder: Path, marker: str) -> Iterator[Stage]:
    """Build the whole content of `folder` in a new folder beside it, swapped in when the body
    ends without an error; on an error the new folder is removed and `folder` is as it was.

    So a failed run leaves the previous tree as it was, and no file of an old run lingers.
    `folder` must be absent, empty, or a tree written before (it holds the file `marker`):
    anything else is LX504, because replacing it would delete files lianxi did not write.
    Raises LianxiError (LX504, LX505).
    """
    import shutil

    file = str(folder)
    try:
        target = resolve(folder if folder.is_absolute() else Path.cwd() / folder)
        if target.exists() and (
            not target.is_dir() or (any(target.iterdir()) and not (target / marker).is_file())
        ):
            raise dg.LianxiError(dg.problem("LX504/tree", file, 0, 0, path=file))
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = 0o777 & ~_umask()  # mkdtemp makes 0o700: a site is for others to read
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            work.chmod(mode)
            yield Stage(work)
            (work / marker).write_bytes(b"")
            if target.exists():
                old = Path(
                    tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
                )
                old.rmdir()
                target.rename(old)
                work.rename(target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                work.rename(target)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    except OSError as e:
        raise dg.LianxiError(
            dg.problem("LX505", file, 0, 0, path=file, reason=str(e.strerror or e))
        ) from None


def write_tree(folder: Path, files: Iterable[tuple[str, bytes]], marker: str) -> int:
    """Write `files` (relative POSIX path, bytes) as the whole content of `folder` (`building`);
    return the count. Raises LianxiError (LX504, LX505)."""
    count = 0
    with building(folder, marker) as stage:
        for rel, data in files:
            stage.put(rel, data)
            count += 1
    return count


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
