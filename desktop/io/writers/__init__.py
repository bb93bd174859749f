"""Write a Timeline back out: our events JSON (v1), CSV, TimelineJS JSON and sheet, vis JSON; atomic writes. No Qt."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop.io.targets import TargetError, check_target, still_replaceable
from desktop.io.writers import csv_export, events_json, timelinejs, timelinejs_csv, vis
from desktop.io.writers.losses import Losses
from desktop.model.timeline import Timeline

__all__ = ["EXTENSIONS", "FORMATS", "Losses", "WriteError", "atomic_write", "encode", "encode_pieces",
           "format_for_path"]

FORMATS = ("json", "csv", "timelinejs", "timelinejs-csv", "vis")
# What an output name's extension means when no format is asked for: .json is ours, never TimelineJS.
EXTENSIONS = {".json": "json", ".csv": "csv"}


class WriteError(Exception):
    """A timeline that cannot be written, or a file that cannot be written to; the message is one line."""


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format an output file's extension stands for (None when it says nothing)."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def encode(timeline: Timeline, kind: str, losses: Losses | None = None) -> bytes:
    """The bytes of `timeline` written in format `kind` (one of FORMATS); what it cannot hold goes to `losses`."""
    return b"".join(encode_pieces(timeline, kind, losses))


def encode_pieces(timeline: Timeline, kind: str, losses: Losses | None = None) -> Iterator[bytes]:
    """The same bytes in pieces, so a large timeline is written without ever being one string.

    `losses` is complete once the last piece is out: each writer counts what it drops as it goes.
    """
    writers: dict[str, Callable[[Timeline, Losses | None], Iterable[str]]] = {
        "json": lambda t, _losses: events_json.pieces(t),  # ours keeps everything the model holds
        "csv": csv_export.pieces,
        "timelinejs": timelinejs.pieces,
        "timelinejs-csv": timelinejs_csv.pieces,
        "vis": vis.pieces,
    }
    if kind not in writers:
        raise WriteError(f"unknown format {kind!r}; choose one of {', '.join(FORMATS)}")
    if kind in ("csv", "timelinejs-csv"):
        # Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark; our reader drops it.
        yield b"\xef\xbb\xbf"
    for text in writers[kind](timeline, losses):
        try:
            yield text.encode("utf-8")
        except UnicodeEncodeError as exc:
            # Only a JSON input can carry one, written as an escape such as \ud800.
            raise WriteError(
                f"the timeline contains a lone UTF-16 surrogate (U+{ord(text[exc.start]):04X}, from an escape such "
                "as \\ud800 in the input), which UTF-8 cannot hold; fix the input"
            ) from None


def atomic_write(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or pieces of them) to `path` whole or not at all: a temporary file, then os.replace.

    Only a new or regular file is replaced (never a device, FIFO or folder, even through a link);
    a failure names the OS's reason ("No space left on device") and leaves what was there.
    """
    try:
        target = check_target(path)
    except TargetError as exc:
        raise WriteError(str(exc)) from None
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None  # a new file: 0o666 less the umask, as os.open applies it
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    temp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in [data] if isinstance(data, bytes) else data:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        if not still_replaceable(target):  # it changed while we wrote: never put a file in place of a device
            raise WriteError(f"{path}: is no longer a regular file; nothing was written")
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
