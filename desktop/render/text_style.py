"""Small text-styling helpers shared by the panels."""

from __future__ import annotations

import math
import re
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QWidget

# Every way a file can break a line; one-line places (labels, titles, lane names) show a space instead.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")
BREAK = "\u200b"  # zero-width space: a place a line may break, drawn as nothing
LONG_RUN = 120  # characters of one unbroken word before a break is offered
# A whole run at a time (the look-behind anchors it at its start), so the scan is linear.
_LONG_RUN = re.compile(rf"(?<![^\s{BREAK}])[^\s{BREAK}]{{{LONG_RUN + 1},}}")
# What `breakable` made of one: LONG_RUN characters and a break, again and again, then more of the word.
_BROKEN_RUN = re.compile(rf"(?<![^\s{BREAK}])(?:[^\s{BREAK}]{{{LONG_RUN}}}{BREAK})+(?=[^\s{BREAK}])")


def one_line(text: str) -> str:
    """`text` for a place that shows one line: each line break a space (Qt would drop it and join the words)."""
    return _LINE_BREAKS.sub(" ", text) if not text.isprintable() else text


def wrapped_lines(text: str, font: QFont, width: float, most: int = 4) -> list[str]:
    """`text` on lines no wider than `width`, broken between words (inside one only when it is wider than a
    line); past `most` lines the last one ends in an ellipsis."""
    # No line holds more characters than pixels: the rest could only be elided, and laying it out costs time.
    text = one_line(text[:most * (math.ceil(width) + 1) + 1])
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while len(lines) < most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    told = sum(len(line) for line in lines)
    if told < len(text):  # more than `most` lines: the last one says there is more
        last = lines[-1] + text[told:told + 400]
        lines[-1] = QFontMetricsF(font).elidedText(last, Qt.TextElideMode.ElideRight, width)
    return [line.rstrip() for line in lines]


def breakable(text: str) -> str:
    """`text` with a zero-width break after every LONG_RUN characters of one unbroken word."""
    # Qt lays out each line of an unbroken word in time that grows with the whole word, so a
    # 250 KB word took 28 s to show: offered breaks keep every line's work bounded.
    return _LONG_RUN.sub(lambda m: BREAK.join(_pieces(m.group())), text)


def break_offsets(text: str) -> list[int]:
    """Where `breakable` puts its breaks: offsets in `text`, each before the character it precedes."""
    return [at for m in _LONG_RUN.finditer(text) for at in range(m.start() + LONG_RUN, m.end(), LONG_RUN)]


def _pieces(run: str) -> list[str]:
    return [run[i:i + LONG_RUN] for i in range(0, len(run), LONG_RUN)]


def without_breaks(text: str) -> str:
    """`breakable` text as it was written: the breaks it put in taken out, zero-width spaces of the text kept.

    `text` must begin where a word begins (a run cut anywhere else is read from the wrong place). The one
    text it cannot tell apart: a zero-width space of the text after a word of exactly 120, 240, … characters.
    """
    return _BROKEN_RUN.sub(lambda m: m.group().replace(BREAK, ""), text)


def muted_color(widget: QWidget) -> str:
    """Text colour faded toward the background: grey in light and in dark themes."""
    palette = widget.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor(
        round(0.55 * text.red() + 0.45 * base.red()),
        round(0.55 * text.green() + 0.45 * base.green()),
        round(0.55 * text.blue() + 0.45 * base.blue()),
    ).name()


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip that shows it literally: escaped inside `<qt>`, never parsed as markup."""
    # Qt guesses rich text from a leading tag, so file text like `<img src=…>` would be
    # fetched and drawn; escaped inside an explicit <qt> it is only ever characters.
    return f"<qt>{escape(text, quote=False)}</qt>"
