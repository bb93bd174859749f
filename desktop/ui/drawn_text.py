"""File text as the text views draw it, and the way back from a drawn position to the file's offset."""

from __future__ import annotations

import re
from bisect import bisect_right

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser

from desktop.render.text_style import break_offsets, breakable, without_breaks

# Where a drawn block's positions part from the Source's offsets: `one_block` makes "\r\n"
# one character, and Qt counts UTF-16 units, so a character beyond the BMP takes two.
_DRIFT = re.compile("\r\n|[\U00010000-\U0010ffff]")

Points = list[tuple[int, int]]


def one_block(text: str) -> str:
    """Line breaks as line separators, so a paragraph stays one block (and one number)."""
    return text.replace("\r\n", "\u2028").replace("\n", "\u2028").replace("\r", "\u2028")


def drawn(text: str) -> str:
    """`text` as a view draws it: one block, with places to wrap in long unbroken words."""
    return one_block(breakable(text))


def drawn_points(text: str) -> Points:
    """(drawn position, source offset) pairs, ascending, after which the two advance together."""
    shifts = [(m.end(), -1 if m.group() == "\r\n" else 1) for m in _DRIFT.finditer(text)]
    shifts += [(at, 1) for at in break_offsets(text)]  # a break drawn before the character at `at`
    points = [(0, 0)]
    drift = 0
    for offset, delta in sorted(shifts):
        drift += delta
        points.append((offset + drift, offset))
    points.append((len(text) + drift, len(text)))
    return points


def to_source(points: Points, drawn_at: int) -> int:
    """The source offset of a drawn position (inside a surrogate pair or on a break: just after it)."""
    at, source_at = points[bisect_right(points, drawn_at, key=lambda point: point[0]) - 1]
    return min(source_at + drawn_at - at, points[-1][1])


def to_drawn(points: Points, offset: int) -> int:
    """The drawn position of a source offset (inside a "\r\n": just after it)."""
    drawn_at, source_at = points[bisect_right(points, offset, key=lambda point: point[1]) - 1]
    return min(drawn_at + offset - source_at, points[-1][0])


class PlainBrowser(QTextBrowser):
    """A read-only text view whose copies hold the file's text: plain, without the breaks drawn for wrapping."""

    def createMimeDataFromSelection(self) -> QMimeData:
        # The breaks are found by counting from where the word starts: read from the block's start.
        selected = self.textCursor()
        start, end = selected.selectionStart(), selected.selectionEnd()
        from_block = QTextCursor(self.document())
        from_block.setPosition(self.document().findBlock(start).position())
        from_block.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        before = from_block.selection().toPlainText()
        from_block.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        data = QMimeData()
        data.setText(without_breaks(from_block.selection().toPlainText())[len(without_breaks(before)):])
        return data
