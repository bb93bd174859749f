"""Events the fast path could not vouch for, read one by one with the careful reader's own checks.

Each problem gets the place the careful reader would give it: the event's start in the
file (found in one forward pass) plus the place inside the event's own text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec
import numpy as np

from desktop.io.checks import ESCAPED_SURROGATE, Checker, check_event, item_id
from desktop.io.fast.declined import FastPathDeclined
from desktop.io.jsonfile import TimelineError, parse_json
from desktop.io.jsonpos import ancestors, line_col, locate, with_positions
from desktop.model.records import Event, Lane, Problem, Source


@dataclass
class Careful:
    """What the careful checks made of some events, by file position."""

    events: dict[int, Event] = field(default_factory=dict)  # kept (maybe with citations left out)
    ids: dict[int, str] = field(default_factory=dict)  # usable ids: they claim the id even if left out
    problems: dict[int, list[Problem]] = field(default_factory=dict)


class Places:
    """Line and column (in characters, as the careful reader counts) of events in the file."""

    def __init__(self, view: memoryview, raws: list[msgspec.Raw]) -> None:
        self._view = view
        self._raws = raws
        self._base = np.frombuffer(view, np.uint8).ctypes.data

    def starts(self, positions: list[int]) -> dict[int, tuple[int, int]]:
        """Where each event (by file position) begins; one pass over the file up to the last."""
        out: dict[int, tuple[int, int]] = {}
        at, line, column = 0, 1, 1
        for i in sorted(set(positions)):
            offset = np.frombuffer(self._raws[i], np.uint8).ctypes.data - self._base
            newlines, after = _newlines(np.frombuffer(self._view[at:offset], np.uint8))
            if newlines:
                line, column = line + newlines, after + 1
            else:
                column += after
            out[i] = (line, column)
            at = offset
        return out

    @staticmethod
    def place(problems: list[Problem], i: int, text: str, start: tuple[int, int]) -> list[Problem]:
        """The problems of event `i` (whose text is `text`, beginning at `start`) with their places."""
        # Found as in the careful reader, in a document holding just this event as events[0].
        prefix, wrapper = f"events[{i}]", '{"events":['
        local = {p.path: "events[0]" + p.path[len(prefix):] for p in problems}
        where = locate(wrapper + text + "]}", {a for path in local.values() for a in ancestors(path)})
        out = []
        for p in problems:
            spot = next((where[a] for a in ancestors(local[p.path]) if a in where), None)
            if spot is None:
                out.append(p)
                continue
            line, column = spot
            if line == 1:
                out.append(Problem(p.file, p.path, p.message, start[0], start[1] + column - 1 - len(wrapper)))
            else:
                out.append(Problem(p.file, p.path, p.message, start[0] + line - 1, column))
        return out


class TopPlaces:
    """Places of problems outside the events list, found in the document with that list emptied."""

    def __init__(self, view: memoryview, text: str, head_chars: int, tail_start: int) -> None:
        self._view = view
        self._text = text  # head + tail: the file up to the events list's "[", then from its "]"
        self._junction = line_col(text, head_chars)  # where the tail begins in `text`
        self._tail_start = tail_start  # … and in the file, in bytes

    def place(self, problems: list[Problem]) -> list[Problem]:
        """The problems with the line:column they have in the whole file."""
        placed = with_positions(problems, self._text)
        if not any(p.line is not None and (p.line, p.column or 0) >= self._junction for p in placed):
            return placed  # all before the events list, where both texts agree
        newlines, after = _newlines(np.frombuffer(self._view[:self._tail_start], np.uint8))
        tail_line, tail_column = newlines + 1, after + 1
        line_j, column_j = self._junction
        out = []
        for p in placed:
            if p.line is None or (p.line, p.column or 0) < self._junction:
                out.append(p)
            elif p.line == line_j:
                out.append(Problem(p.file, p.path, p.message, tail_line, tail_column + (p.column or 1) - column_j))
            else:
                out.append(Problem(p.file, p.path, p.message, tail_line + p.line - line_j, p.column))
        return out


def _newlines(data: np.ndarray, block: int = 1 << 24) -> tuple[int, int]:
    """Newlines in UTF-8 bytes, and characters after the last one (all of them if none), a block at a time."""
    newlines, after = 0, 0
    for at in range(0, len(data), block):
        part = data[at:at + block]
        ends = np.flatnonzero(part == 10)
        if len(ends):
            newlines += len(ends)
            part, after = part[ends[-1] + 1:], 0
        after += int(np.count_nonzero((part & 0xC0) != 0x80))  # characters: bytes that start one
    return newlines, after


def read_carefully(raws: list[msgspec.Raw], bad: list[int], places: Places, name: str,
                   sources: dict[str, Source], lanes: dict[str, Lane] | None) -> Careful:
    """Check each bad event as the careful reader does; FastPathDeclined if one cannot be read on its own."""
    out = Careful()
    starts = places.starts(bad)
    for i in bad:
        try:
            text = bytes(raws[i]).decode("utf-8")
            item = parse_json(text, name)
        except UnicodeDecodeError:
            raise FastPathDeclined(f"events[{i}] is not UTF-8") from None
        except TimelineError as exc:
            # E.g. a number too long to read: the careful reader refuses the whole file, at its place there.
            raise FastPathDeclined(f"events[{i}] cannot be parsed: {exc.problems[0].message}") from None
        check = Checker(name, bool(ESCAPED_SURROGATE.search(text)))
        path = f"events[{i}]"
        ident = item_id(item, path, check)
        if ident is not None:
            out.ids[i] = ident
            event = check_event(ident, i, item, check, sources, lanes)
            if event is not None:
                out.events[i] = event
        out.problems[i] = places.place(check.problems, i, text, starts[i])
    return out
