"""The Problems dock's contents: what a file's checks found, or why it cannot be opened."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QDockWidget, QListWidget

from desktop.io.printable import escape_controls
from desktop.model.records import Problem


def show_problems(dock: QDockWidget, listing: QListWidget, problems: Sequence[Problem], fatal: bool) -> None:
    """List `problems` (fatal: the file cannot be opened) and show the dock only when there are some."""
    listing.clear()
    if fatal:
        listing.addItem("The file cannot be opened; the timeline shown is the last good version.")
    # Escaped: a problem quotes file text, whose controls and bidi overrides would garble or reorder the line.
    listing.addItems([escape_controls(p) for p in problems])  # one call: a big file may list thousands
    dock.setVisible(bool(problems))
    if problems:
        what = "cannot be opened" if fatal else f"opened with {len(problems)} problem(s)"
        dock.setWindowTitle(escape_controls(f"Problems — {Path(problems[0].file).name} {what}"))
