"""The main window's files: open (in the background when large), reload, watch, recent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from desktop.app.load_task import LoadTask
from desktop.io.loader import TimelineError
from desktop.io.open import open_timeline
from desktop.model.timeline import Timeline

MAX_RECENT = 8


class FileHandling:
    """Mixed into MainWindow: everything about which file is open and keeping it current."""

    ASYNC_BYTES = 16 * 1024 * 1024  # larger files load in the background, with progress

    def ask_open_path(self) -> str | None:
        """Ask for an events file to open."""
        start = str(self.path.parent) if self.path else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open events file", start, "Events files (*.json);;All files (*)")
        return path or None

    def open_file(self, path: str | Path) -> bool:
        """Open an events file; a refused one shows a dialog and the window keeps what it had.

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
        """Read the open file again; a broken version lists its problems and keeps the last good one."""
        if self.path is None:
            return False
        self._watch(self.path)
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
        """Show a timeline that loaded: the open file's new version, or another file."""
        if reload:
            self._show_timeline(timeline, keep_view=True)
            self.statusBar().showMessage(f"Reloaded {path.name}", 4000)
            return
        self.path = path.resolve()
        self._loaded_stamp = self._stamp()
        self._show_timeline(timeline, keep_view=False)
        self._remember_recent(self.path)
        self._watch(self.path)

    def _refused(self, exc: TimelineError, reload: bool) -> None:
        """A file that cannot open: a dialog, or for a live reload the Problems dock."""
        if not reload:
            self.show_error("Cannot open the events file", str(exc))
            return
        self._show_problems(list(exc.problems), fatal=True)
        name = self.path.name if self.path else "The file"
        self.statusBar().showMessage(f"{name} cannot be read; still showing the last good version")

    def _start_load(self, path: Path, reload: bool) -> None:
        """Load in the background with a progress dialog that can cancel; a newer load supersedes."""
        if self.load_task is not None:
            self.load_task.cancel()
        task = LoadTask(path, self)
        dialog = self._progress_dialog()
        dialog.setLabelText(f"Opening {path.name}…")
        dialog.setValue(0)

        def current(handler):
            """Run `handler` only for the load still wanted; either way, retire the task."""

            def run(*args: object) -> None:
                wanted = self.load_task is task
                task.deleteLater()
                if wanted:
                    self.load_task = None
                    dialog.hide()
                    handler(*args)

            return run

        def cancelled() -> None:
            still = f"; still showing {self.timeline.title}" if self.timeline else ""
            self.statusBar().showMessage(f"Opening {path.name} cancelled{still}", 6000)

        task.progressed.connect(lambda value: dialog.setValue(value) if self.load_task is task else None)
        task.loaded.connect(current(lambda timeline: self._adopt(path, timeline, reload)))
        task.refused.connect(current(lambda exc: self._refused(exc, reload)))
        task.cancelled.connect(current(cancelled))
        self.load_task = task
        dialog.show()
        task.start()

    def _progress_dialog(self) -> QProgressDialog:
        """The window's one load-progress dialog, made on first use."""
        dialog = getattr(self, "_load_dialog", None)
        if dialog is None:
            dialog = QProgressDialog("", "Cancel", 0, 1000, self)
            dialog.setObjectName("loadProgress")
            # Not modal: a modal QProgressDialog runs the event loop inside setValue, where a
            # finishing load could close it under its own feet (a crash the soak found).
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(lambda: self.load_task.cancel() if self.load_task is not None else None)
            dialog.hide()
            self._load_dialog = dialog
        return dialog

    def _watch(self, path: Path) -> None:
        # Editors often save by writing a new file and renaming it over the old one; the
        # file watch then ends, so the folder is watched too and the file re-added.
        old = self._watcher.files() + self._watcher.directories()
        if old:
            self._watcher.removePaths(old)
        if path.exists():
            self._watcher.addPath(str(path))
        self._watcher.addPath(str(path.parent))

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

    def _remember_recent(self, path: Path) -> None:
        settings = QSettings()
        recent = [p for p in settings.value("recentFiles", [], list) or [] if p != str(path)]
        recent.insert(0, str(path))
        settings.setValue("recentFiles", recent[:MAX_RECENT])
        self._rebuild_recent_menu(recent[:MAX_RECENT])

    def _rebuild_recent_menu(self, recent: list[str]) -> None:
        self.recent_menu.clear()
        for i, name in enumerate(recent):
            action = QAction(f"&{i + 1} {name}", self.recent_menu)
            action.triggered.connect(lambda _=False, p=name: self.open_file(p))
            self.recent_menu.addAction(action)
        self.recent_menu.setEnabled(bool(recent))

    def _on_open_triggered(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_file(path)
