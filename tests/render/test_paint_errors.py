"""A bug in one drawing layer is reported, never a crash: the rest of the window keeps working."""

from __future__ import annotations

import sys

import pytest

from desktop import create_window
from desktop.render.items import MarkersItem


@pytest.mark.qt_no_exception_capture
def test_an_exception_while_painting_is_reported_after_the_paint(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: reported.append(value))

    def broken(self, painter) -> None:
        raise AttributeError("a bug in a layer")

    window = create_window()
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setattr(MarkersItem, "draw", broken)

    def painted_and_reported() -> bool:
        # Paint each time, through grab(): it renders every item whatever the window system exposed
        # (on a loaded machine a plain repaint could find nothing exposed and paint nothing).
        window.view.grab()
        return bool(reported)

    qtbot.waitUntil(painted_and_reported)
    assert isinstance(reported[0], AttributeError)
    # Still alive and usable: other layers paint, actions work.
    window.commands.zoom_in.trigger()
    window.view.viewport().repaint()
    assert window.view.grab().width() > 0
