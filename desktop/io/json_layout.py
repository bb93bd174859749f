"""Where things sit in the text of an events file, and how its JSON is laid out. No Qt here.

`map_events_file` walks the text once with the C JSON scanner (`JSONDecoder.raw_decode` at
each member and each event), so a large file is mapped in linear time: the span of every
top-level member and of every element of `events`, and each element's id. `Style` says how
the file writes a value (one line, or indented by some unit, with its separators and line
ending) by finding the `json.dumps` call that reproduces one of the file's own values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.io.schema import FORMAT_VERSION, TOP, names

__all__ = ["ONE_LINE", "Member", "Style", "TextMap", "Unmappable", "join_pieces", "line_prefix", "map_events_file",
           "style_of"]

_WS = re.compile(r"[ \t\n\r]*")
DECODER = json.JSONDecoder()
_TOP_KEYS = names(TOP)

# A stretch of output: the first and last original element it holds (None: new) and its text (or texts).
Piece = tuple[int | None, int | None, str | list[str]]


class Unmappable(ValueError):
    """Text that is not one JSON object of our format with an `events` list."""


@dataclass(frozen=True)
class Style:
    """How a file writes its JSON values: json.dumps' indent (None: one line), separators, escaping, line ending."""

    indent: str | None
    separators: tuple[str, str]
    ensure_ascii: bool = False
    newline: str = "\n"  # or "\r\n"

    def dumps(self, value: object, prefix: str = "") -> str:
        """`value` in this style, its later lines indented by `prefix` (the line its first one starts on)."""
        text = json.dumps(value, ensure_ascii=self.ensure_ascii, indent=self.indent, separators=self.separators)
        return text.replace("\n", self.newline + prefix) if self.indent is not None else text


ONE_LINE = Style(None, (", ", ": "))  # the plain writer's events


def style_of(text: str, start: int, end: int, value: object, prefix: str, unit: str | None, newline: str) -> Style:
    """The style that writes `value` exactly as text[start:end] (a line starting with `prefix`); else the likeliest."""
    sample = text[start:end]
    inner = _WS.match(text, start + 1).group() if sample[:1] in "[{" else ""  # type: ignore[union-attr]
    if inner.startswith(newline + prefix) and len(inner) > len(newline + prefix):
        unit = inner[len(newline + prefix):]
    styles = [Style(unit, (",", ": "), a, newline) for a in (False, True)] if unit else []
    styles += [Style(None, s, a) for s in ((", ", ": "), (",", ":")) for a in (False, True)]
    for style in styles:
        if style.dumps(value, prefix) == sample:
            return style
    return styles[0] if "\n" in sample else ONE_LINE


def line_prefix(text: str, at: int) -> str:
    """The white space that starts the line `at` is on, when nothing else comes before it there."""
    line = text[text.rfind("\n", 0, at) + 1:at]
    return line if not line.strip() else ""


@dataclass(frozen=True)
class Member:
    """One top-level key and its value, by place."""

    key: str
    start: int  # the key's opening quote
    value_start: int
    value_end: int
    value: Any  # parsed; None for `events` (its elements are mapped instead)


@dataclass(frozen=True)
class TextMap:
    """An events file's text and where its parts are."""

    text: str
    open_at: int  # the top-level "{"
    members: list[Member]
    starts: list[int]  # each element of `events`: where it starts and ends
    ends: list[int]
    ids: dict[str, int]  # each id → its first element (a repeated id is the loader's problem)


def _skip(text: str, at: int) -> int:
    return _WS.match(text, at).end()  # type: ignore[union-attr]


def _expect(text: str, at: int, char: str) -> None:
    if text[at:at + 1] != char:
        raise Unmappable(f"expected {char!r} at {at}")


def map_events_file(text: str) -> TextMap:
    """The map of an events file's text; Unmappable (a ValueError) when it is not our JSON with `events`."""
    at = _skip(text, 1 if text.startswith("\ufeff") else 0)
    _expect(text, at, "{")
    open_at, at = at, _skip(text, at + 1)
    found = TextMap(text, open_at, [], [], [], {})
    while True:
        start = at
        key, at = DECODER.raw_decode(text, at)
        if not isinstance(key, str) or any(m.key == key for m in found.members):
            raise Unmappable("not a key, or a key given twice")
        at = _skip(text, at)
        _expect(text, at, ":")
        value_start = at = _skip(text, at + 1)
        value = None
        if key == "events":
            at = _map_events(text, at, found)
        else:
            value, at = DECODER.raw_decode(text, at)
        found.members.append(Member(key, start, value_start, at, value))
        at = _skip(text, at)
        if text[at:at + 1] == ",":
            at = _skip(text, at + 1)
            continue
        _expect(text, at, "}")
        break
    if text[at + 1:].strip(" \t\n\r") or not any(m.key == "events" for m in found.members):
        raise Unmappable("more after the object, or no events list")
    version = next((m.value for m in found.members if m.key == "version"), None)
    if type(version) is not int or version != FORMAT_VERSION or any(
            m.key not in _TOP_KEYS and not m.key.startswith("x-") for m in found.members):
        raise Unmappable("not our events format (a TimelineJS or other file)")
    return found


def _map_events(text: str, at: int, found: TextMap) -> int:
    """Map the `events` list at `at`: each element's span and first id; returns where the list ends."""
    _expect(text, at, "[")
    at = _skip(text, at + 1)
    if text[at:at + 1] == "]":
        return at + 1
    starts, ends, ids = found.starts, found.ends, found.ids
    while True:
        item, end = DECODER.raw_decode(text, at)
        if type(item) is dict and type(ident := item.get("id")) is str:
            ids.setdefault(ident, len(starts))
        starts.append(at)
        ends.append(end)
        at = _skip(text, end)
        if text[at:at + 1] == ",":
            at = _skip(text, at + 1)
            continue
        _expect(text, at, "]")
        return at + 1


def join_pieces(text: str, starts: Sequence[int], ends: Sequence[int], pieces: Sequence[Piece],
                gap: str) -> list[str]:
    """The pieces' texts with the file's own separator between those adjacent in it, else `gap`, to join once."""
    out: list[str] = []
    last: int | None = None
    for first, final, piece in pieces:
        if out:
            adjacent = last is not None and first is not None and first == last + 1
            out.append(text[ends[last]:starts[first]] if adjacent else gap)  # type: ignore[index]
        if isinstance(piece, list):
            out += piece
        else:
            out.append(piece)
        last = final
    return out
