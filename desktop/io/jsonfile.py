"""Read a JSON file strictly: regular files only, UTF-8, finite numbers, duplicate keys noted."""

from __future__ import annotations

import gc
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.io.jsonpos import line_col
from desktop.io.progress import Progress, no_progress
from desktop.model.records import Problem

READ_CHUNK = 8 * 1024 * 1024
MAX_FILE_BYTES = 512 * 1024 * 1024  # 512 MiB (~2M events): larger is refused, not minutes of parsing and GBs
_NON_FINITE = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)', re.S)
_INT_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(?<![0-9.eE+-])(-?[0-9]+)(?![0-9.eE])', re.S)


class TimelineError(Exception):
    """A file that cannot be opened at all; `problems` says every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


class _Dict(dict):
    """A JSON object that remembers keys written more than once."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict:
    obj = _Dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


def read_bytes(path: Path, progress: Progress = no_progress) -> bytes:
    """The file's bytes, refusing what is not a regular file of sane size, without blocking."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        kind = "a dangling symbolic link" if os.path.islink(path) else "no such file"
        raise TimelineError([Problem(name, "", f"cannot open: {kind}")]) from None
    except OSError as exc:
        raise TimelineError([Problem(name, "", f"cannot open: {exc.strerror or exc}")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise TimelineError([Problem(name, "", "is a folder, not an events file")])
    if not stat.S_ISREG(info.st_mode):
        raise TimelineError([Problem(name, "", "is not a regular file (a pipe or a device?)")])
    if info.st_size > MAX_FILE_BYTES:
        size = info.st_size / 1024**2
        limit = MAX_FILE_BYTES / 1024**2
        raise TimelineError([Problem(name, "", f"is too large: {size:,.0f} MiB (the limit is {limit:,.0f} MiB)")])
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since stat, open must not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise TimelineError([Problem(name, "", f"cannot open: {exc.strerror or exc}")]) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise TimelineError([Problem(name, "", "is not a regular file (a pipe or a device?)")])
        try:
            # In chunks, so a large file's progress shows and a cancel is heard while reading.
            chunks, got, size = [], 0, max(info.st_size, 1)
            while chunk := handle.read(min(READ_CHUNK, MAX_FILE_BYTES + 1 - got)):
                chunks.append(chunk)
                got += len(chunk)
                progress(0.1 * min(got / size, 1.0))
                if got > MAX_FILE_BYTES:
                    break
            return b"".join(chunks)
        except OSError as exc:
            raise TimelineError([Problem(name, "", f"cannot read: {exc.strerror or exc}")]) from None


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text; a UTF-8 byte-order mark is accepted and dropped (editors add it)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TimelineError([Problem(name, "", "is UTF-16; save it as UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.find(b"\x00")
    if nul >= 0:
        # Never valid in JSON text: UTF-16 without a byte-order mark, or not text at all.
        before = data[:nul].decode("utf-8", "replace")
        line, col = line_col(before, len(before))
        kind = "UTF-16 without a byte-order mark" if nul <= 1 else "a binary file"
        raise TimelineError([Problem(name, "", f"contains NUL bytes: is it {kind}? save it as UTF-8 text", line, col)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = line_col(before, len(before))
        byte = data[exc.start]
        raise TimelineError(
            [Problem(name, "", f"is not UTF-8: byte 0x{byte:02X} cannot start or continue a character", line, col)]
        ) from None


def parse_json(text: str, name: str) -> Any:
    """Parse JSON strictly: no NaN/Infinity, position on every syntax error, no RecursionError."""
    if not text.strip():
        raise TimelineError([Problem(name, "", "is empty; an events file is a JSON object")])
    non_finite: list[str] = []
    too_long: list[str] = []

    def constant(token: str) -> float:
        non_finite.append(token)
        return math.nan

    def integer(token: str) -> int:
        try:
            return int(token)
        except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
            too_long.append(token)
            return 0

    try:
        value = json.loads(
            text, object_pairs_hook=_object_pairs, parse_constant=constant, parse_int=integer
        )
    except json.JSONDecodeError as exc:
        # Some messages end in " at", as if followed by the position: here it is in front.
        message = exc.msg.removesuffix(" at") + (" here" if exc.msg.endswith(" at") else "")
        raise TimelineError([Problem(name, "", f"is not valid JSON: {message}", exc.lineno, exc.colno)]) from None
    except RecursionError:
        raise TimelineError([Problem(name, "", "is nested too deeply to be an events file")]) from None
    if too_long:
        offset = next((m.start(1) for m in _INT_TOKEN.finditer(text) if m.group(1) == too_long[0]), 0)
        line, col = line_col(text, offset)
        raise TimelineError(
            [Problem(name, "", f"a number with {len(too_long[0].lstrip('-')):,} digits is too long", line, col)]
        )
    if non_finite:
        offset = next((m.start(1) for m in _NON_FINITE.finditer(text) if m.group(1)), 0)
        line, col = line_col(text, offset)
        raise TimelineError(
            [Problem(name, "", f"{non_finite[0]} is not allowed in JSON (numbers must be finite)", line, col)]
        )
    return value


@contextmanager
def quiet_collector() -> Iterator[None]:
    """Keep the cycle collector away from a file's objects while they are made."""
    # Parsing makes millions of objects and none of them cycles: the collector would
    # only re-scan them again and again (a large file loads several times faster).
    # Not gc.freeze() afterwards: it would also pin whatever garbage cycles exist at that
    # moment (pyqtgraph makes some on hover) for good — a leak the soak test found.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


