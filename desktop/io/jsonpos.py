"""Line and column of JSON paths such as `events[3].citations[0]` in a document's text."""

from __future__ import annotations

import json
import re

from desktop.model.records import Problem

# One token at a time: strings (with escapes), punctuation, or a bare literal.
_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^\s{}\[\]:,"]+))', re.S)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class LineCounter:
    """Line and column of offsets asked in increasing order, each counted on from the last.

    Counting from the start for every problem made 60,000 problems take a minute; going on
    from the previous offset reads the text once however many are asked. An offset before
    the last one starts again from the beginning (correct, only slower).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1
        self._line_start = 0  # offset of the first character of `_line`

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        if offset < self._offset:
            self._offset, self._line, self._line_start = 0, 1, 0
        text = self._text
        newlines = text.count("\n", self._offset, offset)
        if newlines:
            self._line += newlines
            self._line_start = text.rfind("\n", self._offset, offset) + 1
        self._offset = offset
        return self._line, offset - self._line_start + 1


def join_path(path: str, key: str | int) -> str:
    """The path of `key` inside `path`: `a` and 1 → `a[1]`, `a` and `b` → `a.b`, "" and `b` → `b`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def locate(text: str, wanted: set[str]) -> dict[str, tuple[int, int]]:
    """Find where the value at each wanted path starts; paths not found are left out."""
    found: dict[str, tuple[int, int]] = {}
    if not wanted:
        return found
    # A stack of [container kind, path, next key or index]; walked once, stops early.
    stack: list[list] = []
    expecting_key = False
    pending_key: str | int | None = None
    pos = 0
    lines = LineCounter(text)  # the walk only goes forward: lines are counted once
    while len(found) < len(wanted):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        string, punct, _bare = match.groups()
        start = match.start(1) if string else match.start(2) if punct else match.start(3)
        if punct in (",", ":"):
            if punct == "," and stack and stack[-1][0] == "[":
                stack[-1][2] += 1
            expecting_key = punct == "," and bool(stack) and stack[-1][0] == "{"
            continue
        if punct in ("}", "]"):
            if stack:
                stack.pop()
            continue
        if expecting_key and string is not None:
            try:
                pending_key = json.loads(string)
            except ValueError:
                pending_key = string[1:-1]
            expecting_key = False
            continue
        # A value starts here: work out its path.
        if not stack:
            path = ""
        elif stack[-1][0] == "[":
            path = join_path(stack[-1][1], stack[-1][2])
        else:
            path = join_path(stack[-1][1], pending_key if pending_key is not None else "")
        if path in wanted and path not in found:
            found[path] = lines.line_col(start)
        if punct == "{":
            stack.append(["{", path, 0])
            expecting_key = True
        elif punct == "[":
            stack.append(["[", path, 0])
    return found


def with_positions(problems: list[Problem], text: str) -> list[Problem]:
    """Add line:column to each problem whose path can be found in the text."""
    if not text or not problems:
        return problems
    wanted = {p.path for p in problems if p.path}
    # A path may point to a missing key: fall back to the nearest ancestor that exists.
    candidates = {a for p in wanted for a in ancestors(p)}
    where = locate(text, candidates)
    out = []
    for p in problems:
        spot = next((where[a] for a in ancestors(p.path) if a in where), None) if p.path else None
        out.append(Problem(p.file, p.path, p.message, *spot) if spot and p.line is None else p)
    # Read top to bottom, as the person fixing the file will.
    out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out


def ancestors(path: str) -> list[str]:
    """`a[1].b` → [`a[1].b`, `a[1]`, `a`]."""
    out = [path]
    while True:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
        out.append(path)
    return out
