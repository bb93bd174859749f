"""Unexpected exceptions: logged to the user's data folder and shown once, while the app keeps running."""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

LOG_NAME = "crash.log"


def log_path() -> Path:
    """Where tracebacks are appended: `crash.log` in the app's writable data folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home()) / LOG_NAME


def show_crash_dialog(parent: QWidget | None, details: str, log: Path | None) -> None:
    """Tell the person something went wrong, with the traceback to copy (tests replace this)."""
    where = f"The details were written to {log}." if log is not None else "The details could not be written to a log."
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                      "Something went wrong inside Summit Timeline. It keeps running, but the last action may "
                      f"not have finished.\n\n{where}", parent=parent)
    box.setObjectName("crashDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setDetailedText(details)
    box.exec()


def write_log(details: str) -> Path | None:
    """Append a timestamped traceback to the log; None if it cannot be written."""
    path = log_path()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {stamp}\n{details}\n")
    except OSError:
        return None
    return path


class _Handler(QObject):
    """Logs every exception, and asks the GUI thread to show each distinct one once."""

    crashed = Signal(str, str)  # traceback, log path ("" when it could not be written)

    def __init__(self, parent_getter: Callable[[], QWidget | None]) -> None:
        super().__init__()
        self._parent_getter = parent_getter
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._showing = False
        # Queued when emitted from another thread: the dialog is always made in the GUI thread.
        self.crashed.connect(self._on_crashed)

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Log the exception and have it shown, unless the same one was shown before."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        # Still printed: a person running from a terminal sees it there too.
        print(details, file=sys.__stderr__ or sys.stderr, end="")
        with self._lock:
            log = write_log(details)
            if details in self._seen:
                return
            self._seen.add(details)
        self.crashed.emit(details, str(log) if log is not None else "")

    @Slot(str, str)
    def _on_crashed(self, details: str, log: str) -> None:
        if self._showing:
            return  # already in a dialog (an exception while showing one): logged is enough
        self._showing = True
        try:
            module = sys.modules[__name__]
            module.show_crash_dialog(self._parent_getter(), details, Path(log) if log else None)
        finally:
            self._showing = False


_handler: _Handler | None = None


def install_excepthook(parent_getter: Callable[[], QWidget | None]) -> None:
    """Route uncaught exceptions (GUI slots and threads) to the log and a once-per-traceback dialog."""
    global _handler
    if QApplication.instance() is None:
        raise RuntimeError("install_excepthook needs a QApplication")
    _handler = handler = _Handler(parent_getter)
    sys.excepthook = handler.handle

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):  # as threading's own hook
            handler.handle(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook


__all__ = ["install_excepthook", "log_path", "show_crash_dialog", "write_log"]
