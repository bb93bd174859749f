"""The window's size and dock layout: remembered between runs; on the first run, what the screen has room for."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

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


def restore_layout(window: QMainWindow) -> None:
    """The geometry and dock layout the last window closed with, or the first-run size."""
    settings = QSettings()
    geometry = settings.value("geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.setGeometry(first_run_geometry(available_geometry()))  # fits a small or scaled screen
    state = settings.value("windowState")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)


def remember_layout(window: QMainWindow) -> None:
    """Keep the window's geometry and dock layout for the next run."""
    settings = QSettings()
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("windowState", window.saveState())
