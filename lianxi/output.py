"""Writing output files: atomically (temp file + rename), never over a file without force."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from lianxi import diagnostics as dg


def resolve(path: Path) -> Path:
    """`path.resolve()`, with a loop of symbolic links an OSError (ELOOP) as in Python 3.13
    (3.11 raises RuntimeError), so that callers handle it with every other file error."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def refuse_existing(paths: Iterable[Path], *, force: bool = False) -> None:
    """Raise LianxiError (LX504 for each) when any of `paths` exists and `force` is not given.

    Called with every target before a run writes the first one, so that a refusal leaves nothing half-done.
    """
    if force:
        return
    found = [
        dg.problem("LX504", str(p), 0, 0, path=str(p))
        for p in paths
        if p.is_file()  # a device or a pipe (/dev/stdout, a FIFO) is written to, not overwritten
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


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` whole or not at all. Raises LianxiError (LX504, LX505).

    A symbolic link is written through (the link stays); a device or a pipe such as /dev/stdout
    cannot be replaced, so it is written to directly.
    """
    file = str(path)
    refuse_existing([path], force=force)
    try:
        if path.is_symlink():
            path = resolve(path)
        if path.exists() and not path.is_file() and not path.is_dir():
            with path.open("wb") as f:
                f.write(data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise dg.LianxiError(
            dg.problem("LX505", file, 0, 0, path=file, reason=str(e.strerror or e))
        ) from None


def write_tree(folder: Path, files: Iterable[tuple[str, bytes]], marker: str) -> int:
    """Write `files` (relative POSIX path, bytes) as the whole content of `folder`; return the count.

    The tree is written into a new folder beside `folder` and swapped in when complete, so a failed
    run leaves the previous tree as it was, and no file of an old run lingers. `folder` must be
    absent, empty, or a tree written before (it holds the file `marker`): anything else is LX504,
    because replacing it would delete files lianxi did not write. Raises LianxiError (LX504, LX505).
    """
    import shutil
    from pathlib import PurePosixPath

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
            count = 0
            for rel, data in files:
                parts = PurePosixPath(rel).parts
                if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
                    raise ValueError(f"refusing to write {rel!r} outside {file}")
                path = work.joinpath(*parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("xb") as f:  # exclusive: two outputs never share a name
                    f.write(data)
                count += 1
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
    return count


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
