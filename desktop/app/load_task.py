"""Open a file off the GUI thread, with progress and cancel; the old timeline stays until then."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.io.progress import LoadCancelled
from desktop.layout.rows import stack_rows


class LoadTask(QObject):
    """One load in a worker thread; its signals arrive in the thread that made the task."""

    progressed = Signal(int)  # per mille, 0–1000
    loaded = Signal(object)  # the Timeline
    refused = Signal(object)  # the TimelineError
    cancelled = Signal()

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"load {path.name}", daemon=True)
        self._last = -1

    def start(self) -> None:
        """Begin loading."""
        self._thread.start()

    def cancel(self) -> None:
        """Ask the load to stop at its next progress report."""
        self._cancel.set()

    def wait(self, seconds: float | None = None) -> bool:
        """Block until the worker has finished (for tests and shutdown); True when it has."""
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _on_progress(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise LoadCancelled
        value = int(fraction * 1000)
        if value != self._last:  # a signal per change, not per call
            self._last = value
            self.progressed.emit(value)

    def _run(self) -> None:
        # Signals emitted here are queued to the receivers' (GUI) thread by Qt.
        try:
            timeline = open_timeline(self.path, progress=self._on_progress)
            # Stack the rows here too (cached): half a second at a million events that
            # the window would otherwise spend frozen once the timeline arrives.
            stack_rows(timeline.columns, len(timeline.lanes))
        except LoadCancelled:
            self.cancelled.emit()
        except TimelineError as exc:
            self.refused.emit(exc)
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.loaded.emit(timeline)
