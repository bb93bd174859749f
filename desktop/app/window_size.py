"""The first-run window size: the designed size where it fits, else what the screen has room for."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

DEFAULT_SIZE = QSize(1400, 820)
# The window frame (title bar, borders) lies outside the size set: leave it room.
FRAME_ALLOWANCE = QSize(16, 48)


def available_geometry() -> QRect | None:
    """The primary screen's room for windows (without task bars and docks), if there is a screen."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def first_run_geometry(available: QRect | None) -> QRect:
    """DEFAULT_SIZE capped to `available`, centred in it (at the origin when nothing is known)."""
    if available is None or available.isEmpty():
        return QRect(0, 0, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
    room = available.size() - FRAME_ALLOWANCE
    size = DEFAULT_SIZE.boundedTo(room).expandedTo(QSize(1, 1))
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect
