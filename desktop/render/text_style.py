"""Small text-styling helpers shared by the panels."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget


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
