"""summit-timeline: news events on a zoomable timeline, each linked to its source paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from desktop.app.main_window import MainWindow


def create_window(path: str | Path | None = None) -> MainWindow:
    """Return the main window (not shown) on `path` or the default dataset."""
    from desktop.app.main_window import MainWindow

    return MainWindow(path)


__all__ = ["__version__", "create_window"]
