"""Reading what a workspace or a user hands lianxi: one bounded function for every input.

Definitions, templates, lianxi.toml and `import` input are all read here, so that a device
(`/dev/zero`), a pipe that never ends or a file of gigabytes is refused before it is read, and
a symbolic link that leaves its folder is refused without being read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from lianxi import diagnostics as dg

MAX_BYTES = 5 * 1024 * 1024  # a definition is a few KB; 5 MB is far beyond any real input


def _cannot_read(file: str, why: str) -> dg.LianxiError:
    return dg.LianxiError(dg.problem("LX001", file, 0, 0, reason=why))


def _too_big(file: str, size: int | None, limit: int) -> dg.LianxiError:
    if size is None:
        return dg.LianxiError(dg.problem("LX006/more", file, 0, 0, limit=limit))
    return dg.LianxiError(dg.problem("LX006", file, 0, 0, size=size, limit=limit))


def outside(path: Path, folder: Path) -> bool:
    """True when `path`, its symbolic links followed, is not inside `folder` (also resolved)."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links: not inside anything
        return True


def refuse_outside(path: Path, folder: Path, file: str | None = None, where: str = "") -> None:
    """Raise LX001 when `path` leads out of `folder` through a symbolic link; nothing is read."""
    if outside(path, folder):
        name = file or str(path)
        place = where or f"{folder.name}/"
        raise dg.LianxiError(dg.problem("LX001/outside", name, 0, 0, path=name, place=place))


def lexically_inside(path: Path, folder: Path) -> bool:
    """True when `path` names a place inside `folder` before any symbolic link is followed."""
    # abspath, not resolve(): the point is where the name leads before links are followed
    return Path(os.path.abspath(path)).is_relative_to(Path(os.path.abspath(folder)))  # noqa: PTH100


def read_limited(path: Path, limit: int = MAX_BYTES, file: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; LianxiError LX001 or LX006 otherwise.

    The file is opened without blocking (a FIFO does not hang the open), checked to be a regular
    file and measured before anything is read, and never more than `limit` + 1 bytes are read
    (a file that grows while it is read is still refused).
    """
    name = file or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _cannot_read(name, e.strerror or str(e)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _cannot_read(name, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(info.st_mode):
            raise dg.LianxiError(dg.problem("LX001/not_regular", name, 0, 0))
        if info.st_size > limit:
            raise _too_big(name, info.st_size, limit)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise _cannot_read(name, e.strerror or str(e)) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_big(name, None, limit)
    return data


def read_stream(stream: BinaryIO, name: str, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes from a stream (stdin); LX006 when it holds more."""
    try:
        data = stream.read(limit + 1)
    except OSError as e:
        raise _cannot_read(name, e.strerror or str(e)) from None
    if len(data) > limit:
        raise _too_big(name, None, limit)
    return data
