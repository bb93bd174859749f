"""Where an output may be written: a new or regular file, never a device, FIFO, folder or an input. No Qt here.

`convert` and `export` (and the window's export) write through `atomic_write`, which puts a
new file in place of the old one; done to `/dev/null` or a FIFO, that replaces the device.
So a target is first resolved through its links and must be a regular file or nothing yet.
Names stay `str` with the file system's surrogate escapes, so bytes that are not UTF-8
reach the file system exactly as they were given (os.fsencode undoes the decoding).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = ["TargetError", "check_target", "same_file", "still_replaceable"]


class TargetError(Exception):
    """An output that must not or cannot be written; the message is one line naming the file."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two names lead to one file (through links, or as hard links)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_target(path: str | os.PathLike[str], *, suffixes: Iterable[str] = (),
                 inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """The resolved file `path` leads to, if an output may replace it; else TargetError.

    `suffixes` (lower case, with the dot): the resolved name must end in one of them.
    `inputs`: files being read, which the output must not be.
    """
    name = os.fspath(path)
    target = Path(os.path.realpath(os.path.expanduser(name)))  # through links, as an editor writes
    for source in inputs:
        if same_file(source, target):
            raise TargetError(f"{name}: is the input file; write to another file")
    try:
        mode: int | None = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None  # nothing there yet, or a file where a folder should be (said below)
    except OSError as exc:
        raise TargetError(f"{name}: cannot write: {exc.strerror or exc}") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = _kind(mode)
        hint = "give a file name" if stat.S_ISDIR(mode) else "only a regular file is written"
        via = "" if os.fspath(target) == os.path.abspath(os.path.expanduser(name)) else f" (it leads to {target})"
        raise TargetError(f"{name}: is {what}{via}, not a file name; {hint}")
    wanted = tuple(suffixes)
    if wanted and target.suffix.lower() not in wanted:
        ends = " or ".join(wanted)
        if target.name != Path(name).name:
            raise TargetError(f"{name}: leads to {target}, whose name does not end in {ends}")
        raise TargetError(f"{name}: the output must be a file name ending in {ends}")
    folder = target.parent
    if not folder.is_dir():
        if folder.exists():
            raise TargetError(f"{name}: {folder} is a file, not a folder")
        raise TargetError(f"{name}: the folder {folder} does not exist")
    return target


def still_replaceable(target: Path) -> bool:
    """Whether `target` is still a regular file or absent, just before a new file is put in its place."""
    try:
        return stat.S_ISREG(os.lstat(target).st_mode)
    except FileNotFoundError:
        return True
