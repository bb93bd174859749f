"""Which file is open and keeping it current: open (in the background when large), reload, watch, recent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.app.load_task import LoadTask
from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.model.timeline import Timeline

MAX_RECENT = 8
RELOAD_DELAY_MS = 250  # editors write in several steps; wait for the last one


class FileController(QObject):
    """Opens and reloads the window's file and reports what came of it with signals.

    Its signals are delivered at once (direct connections): when `open_file` returns,
    the window already shows the timeline, or the error.
    """

    ASYNC_BYTES = 16 * 1024 * 1024  # larger files load in the background, with progress

    loaded = Signal(Timeline, bool)  # the timeline, and whether it is a reload of the open file
    refused = Signal(TimelineError, bool)  # why the file cannot open, and whether it was a reload
    cancelled = Signal(Path)  # a background load was cancelled; the timeline on show stays
    message = Signal(str, int)  # a status bar message and how long to show it (ms, 0: until replaced)
    recentChanged = Signal(list)  # the recent files, newest first

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.path: Path | None = None
        self.load_task: LoadTask | None = None  # a background load under way
        self._loaded_stamp: tuple[int, int] | None = None
        self._load_dialog: QProgressDialog | None = None
        self._watcher: QFileSystemWatcher | None = None  # made when there is something to watch
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._on_reload_timer_timeout)

    # --- opening ------------------------------------------------------------------------

    def ask_open_path(self) -> str | None:
        """Ask for an events file to open."""
        start = str(self.path.parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self._parent, "Open events file", start,
                                              "Events files (*.json);;All files (*)")
        return path or None

    def open_file(self, path: str | Path) -> bool:
        """Open an events file; a refused one emits `refused` and the window keeps what it had.

        A file over ASYNC_BYTES loads in the background with a progress dialog (True then
        means the load started); the timeline on show stays until the new one is ready.
        """
        path = Path(path)
        if self._is_large(path):
            self._start_load(path, reload=False)
            return True
        try:
            timeline = open_timeline(path)
        except TimelineError as exc:
            self._refused(exc, reload=False)
            return False
        self._adopt(path, timeline, reload=False)
        return True

    def reload(self) -> bool:
        """Read the open file again; a broken version is refused and the last good one stays."""
        if self.path is None:
            return False
        self._watch(self.path)
        # This version is the one read now: a watcher signal about it, still pending, must not read it again.
        self._loaded_stamp = self._stamp()
        if self._is_large(self.path):
            self._start_load(self.path, reload=True)
            return True
        try:
            timeline = open_timeline(self.path)
        except TimelineError as exc:
            self._refused(exc, reload=True)
            return False
        self._adopt(self.path, timeline, reload=True)
        return True

    def _is_large(self, path: Path) -> bool:
        try:
            return path.stat().st_size > self.ASYNC_BYTES
        except OSError:
            return False  # the loader says why, in the usual way

    def _adopt(self, path: Path, timeline: Timeline, reload: bool) -> None:
        """A timeline that loaded: the open file's new version, or another file."""
        if reload:
            self.loaded.emit(timeline, True)
            self.message.emit(f"Reloaded {path.name}", 4000)
            return
        self.path = path.resolve()
        self._loaded_stamp = self._stamp()
        self.loaded.emit(timeline, False)
        self._remember_recent(self.path)
        self._watch(self.path)

    def note_saved(self, path: Path) -> None:
        """The window wrote `path` itself: it is the open file now, and this version is not a change to reload."""
        self.path = path.resolve()
        self._loaded_stamp = self._stamp()
        self._reload_timer.stop()
        self._remember_recent(self.path)
        self._watch(self.path)

    def _refused(self, exc: TimelineError, reload: bool) -> None:
        self.refused.emit(exc, reload)

    # --- background loads ---------------------------------------------------------------

    def _start_load(self, path: Path, reload: bool) -> None:
        """Load in the background with a progress dialog that can cancel; a newer load supersedes."""
        if self.load_task is not None:
            self.load_task.cancel()
        task = LoadTask(path, self)
        dialog = self._progress_dialog()
        dialog.setLabelText(f"Opening {path.name}…")
        dialog.setValue(0)

        def current(handler: Callable[..., None]) -> Callable[..., None]:
            """Run `handler` only for the load still wanted; either way, retire the task."""

            def run(*args: object) -> None:
                wanted = self.load_task is task
                task.deleteLater()
                if wanted:
                    self.load_task = None
                    dialog.hide()
                    handler(*args)

            return run

        task.progressed.connect(lambda value: dialog.setValue(value) if self.load_task is task else None)
        task.loaded.connect(current(lambda timeline: self._adopt(path, timeline, reload)))
        task.refused.connect(current(lambda exc: self._refused(exc, reload)))
        task.cancelled.connect(current(lambda: self.cancelled.emit(path)))
        self.load_task = task
        dialog.show()
        task.start()

    def _progress_dialog(self) -> QProgressDialog:
        """The one load-progress dialog, made on first use."""
        dialog = self._load_dialog
        if dialog is None:
            dialog = QProgressDialog("", "Cancel", 0, 1000, self._parent)
            dialog.setObjectName("loadProgress")
            # Not modal: a modal QProgressDialog runs the event loop inside setValue, where a
            # finishing load could close it under its own feet (a crash the soak found).
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self._on_progress_canceled)
            dialog.hide()
            self._load_dialog = dialog
        return dialog

    def _on_progress_canceled(self) -> None:
        if self.load_task is not None:
            self.load_task.cancel()

    # --- watching -----------------------------------------------------------------------

    def _watch(self, path: Path) -> None:
        # Editors often save by writing a new file and renaming it over the old one; the
        # file watch then ends, so the folder is watched too and the file re-added.
        watcher = self._watcher
        if watcher is None:
            watcher = self._watcher = QFileSystemWatcher(self)
            watcher.fileChanged.connect(self._on_watcher_changed)
            watcher.directoryChanged.connect(self._on_watcher_changed)
        old = watcher.files() + watcher.directories()
        if old:
            watcher.removePaths(old)
        if path.exists():
            watcher.addPath(str(path))
        watcher.addPath(str(path.parent))

    def resume_watching(self) -> None:
        """The window is shown again after a close: watch its file again."""
        if self._watcher is None and self.path is not None:
            self._watch(self.path)

    def stop_watching(self) -> None:
        """The window closed: give back the watch at once, not when the window is deleted.

        Each watcher holds an inotify instance, and a user has only 128 of them (shared by
        every program they run); once they are gone Qt falls back to polling, which can
        miss a file replaced within the same second.
        """
        self._reload_timer.stop()
        if self._watcher is not None:
            self._watcher.setParent(None)
            shiboken6.delete(self._watcher)
            self._watcher = None

    def _on_watcher_changed(self, changed: str) -> None:
        if self.path is not None and (changed == str(self.path) or changed == str(self.path.parent)):
            self._reload_timer.start()

    def _on_reload_timer_timeout(self) -> None:
        if self.path is None:
            return
        stamp = self._stamp()
        if stamp is not None and stamp == self._loaded_stamp:
            return  # a folder change that did not touch our file
        self._loaded_stamp = stamp
        self.reload()

    def _stamp(self) -> tuple[int, int] | None:
        """What tells one saved version of the open file from another."""
        try:
            info = self.path.stat() if self.path is not None else None
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size) if info is not None else None

    # --- recent files -------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        """The files opened last, newest first."""
        recent = QSettings().value("recentFiles", [], list)
        return [str(p) for p in recent] if isinstance(recent, list) else []

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        QSettings().setValue("recentFiles", recent[:MAX_RECENT])
        self.recentChanged.emit(recent[:MAX_RECENT])
