"""Large files load off the GUI thread: progress shows, cancel works, the old timeline stays."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

import desktop.app.load_task
from desktop import create_window
from desktop.app.file_controller import FileController
from desktop.app.main_window import MainWindow


def _big_file(path: Path, n: int) -> Path:
    """An events file of n point events, one lane."""
    events = [{"id": f"e{i}", "title": f"Event {i}", "start": f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}"}
              for i in range(n)]
    path.write_text(json.dumps({"version": 1, "title": f"{n} events", "events": events}), encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The window on the default dataset, with every file counted as large."""
    win = create_window()
    qtbot.addWidget(win)
    monkeypatch.setattr(FileController, "ASYNC_BYTES", 0)
    return win


def test_a_large_file_loads_in_the_background_and_replaces_the_old_one(qtbot, window, tmp_path: Path) -> None:
    old_title = window.timeline.title
    path = _big_file(tmp_path / "big.json", 60_000)
    assert window.open_file(path)  # returns at once: the load has only started
    task = window.load_task
    assert task is not None
    dialog = window.findChild(QProgressDialog, "loadProgress")
    assert dialog is not None and dialog.isVisible()
    seen_during_load: list[str] = []

    def finished() -> bool:
        """Polled while the load runs: note what the window shows meanwhile."""
        if window.load_task is None:
            return True
        seen_during_load.append(window.timeline.title)
        return False

    qtbot.waitUntil(finished, timeout=60_000)
    assert window.timeline.title == "60000 events"
    assert len(window.timeline.events) == 60_000
    assert seen_during_load and set(seen_during_load) == {old_title}
    assert window.load_task is None


def test_cancel_keeps_the_open_timeline(qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (window.timeline.title, len(window.timeline.events))
    started = threading.Event()

    def slow_open(path, *, progress):
        """A load that reports progress until it is cancelled."""
        started.set()
        while True:
            progress(0.5)
            threading.Event().wait(0.005)

    monkeypatch.setattr(desktop.app.load_task, "open_timeline", slow_open)
    window.open_file(_big_file(tmp_path / "big.json", 10))
    task = window.load_task
    qtbot.waitUntil(started.is_set)
    dialog = window.findChild(QProgressDialog, "loadProgress")
    cancel = dialog.findChild(QPushButton)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert task.wait(5)
    assert (window.timeline.title, len(window.timeline.events)) == before
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_refused_large_file_shows_its_message_and_keeps_the_timeline(qtbot, window, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "title": "x", "events": [', encoding="utf-8")
    before = window.timeline.title
    window.open_file(bad)
    # Wait on the outcome, not the signal: a small file can be refused before a wait could connect.
    qtbot.waitUntil(lambda: window.load_task is None, timeout=10_000)
    assert errors and str(bad) in errors[0]
    assert window.timeline.title == before
