"""An exception in a slot: logged with a timestamp, shown once in a dialog, and the app keeps running."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton

import desktop.app.crash
from desktop import create_window
from desktop.app.crash import install_excepthook, log_path


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[object, str, Path | None]]:
    """Hooks installed for one test (restored after), the log in tmp_path, dialogs recorded."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    calls: list[tuple[object, str, Path | None]] = []
    monkeypatch.setattr(
        desktop.app.crash, "show_crash_dialog", lambda parent, text, log: calls.append((parent, text, log)))
    return calls


def _boom() -> None:
    raise ValueError("a bug in a slot")


@pytest.mark.qt_no_exception_capture
def test_a_slot_that_raises_is_logged_and_shown_once_and_the_window_still_works(qtbot, shown, tmp_path) -> None:
    window = create_window()
    qtbot.addWidget(window)
    install_excepthook(lambda: window)
    button = QPushButton("Boom", window)
    button.setObjectName("boomButton")
    button.clicked.connect(_boom)

    qtbot.mouseClick(button, desktop.app.crash.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) == 1)
    parent, text, log = shown[0]
    assert parent is window
    assert "ValueError: a bug in a slot" in text and "_boom" in text
    assert log == log_path() == tmp_path / "data" / QCoreApplication.organizationName() / \
        QCoreApplication.applicationName() / "crash.log"
    logged = log.read_text(encoding="utf-8")
    assert text in logged and logged.startswith("--- ") and "T" in logged.splitlines()[0]

    # The same exception again: logged a second time, not shown a second time.
    qtbot.mouseClick(button, desktop.app.crash.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: log.read_text(encoding="utf-8").count("ValueError: a bug in a slot") == 2)
    qtbot.wait(20)
    assert len(shown) == 1

    # A different one is shown.
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: len(shown) == 2)
    assert "ZeroDivisionError" in shown[1][1]

    # The window still works: actions run, files open.
    before = window.view.timeline_scene.visible_range()
    window.commands.zoom_in.trigger()
    assert window.view.timeline_scene.visible_range() != before
    assert window.reload()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_thread_is_shown_in_the_gui_thread(qtbot, shown) -> None:
    window = create_window()
    qtbot.addWidget(window)
    install_excepthook(lambda: window)
    seen_in: list[threading.Thread] = []
    desktop.app.crash.show_crash_dialog = lambda parent, text, log: (  # type: ignore[assignment]
        seen_in.append(threading.current_thread()), shown.append((parent, text, log)))
    worker = threading.Thread(target=_boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert seen_in == [threading.main_thread()]
    assert "a bug in a slot" in shown[0][1]


def test_the_dialog_has_the_traceback_to_copy_and_names_the_log(qtbot, monkeypatch, tmp_path) -> None:
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self) or 0)
    details = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: <b>not bold</b>\n'
    desktop.app.crash.show_crash_dialog(None, details, tmp_path / "crash.log")
    (box,) = boxes
    qtbot.addWidget(box)
    assert box.objectName() == "crashDialog"
    assert box.detailedText() == details
    assert str(tmp_path / "crash.log") in box.text()


@pytest.mark.qt_no_exception_capture
def test_an_unwritable_log_still_shows_the_dialog(qtbot, shown, monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setattr(desktop.app.crash, "log_path", lambda: blocker / "crash.log")  # its parent is a file
    install_excepthook(lambda: None)
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown[0][2] is None
