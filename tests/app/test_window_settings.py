"""What the window remembers between runs, and what hovering tells."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import hover
from PySide6.QtCore import QPoint

from desktop import create_window
from desktop.io.resources import default_events_path


def _shown(qtbot, window):
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Pointer events go to the active window: without this a hover may never arrive.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_recent_files_persist_and_open_from_the_menu(qtbot, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    shutil.copy(default_events_path(), copy)
    first = _shown(qtbot, create_window(copy))
    first.close()
    second = _shown(qtbot, create_window())  # the default dataset, not the copy
    recent = [a.text() for a in second.recent_menu.actions()]
    assert any(str(copy.resolve()) in text for text in recent)
    action = next(a for a in second.recent_menu.actions() if str(copy.resolve()) in a.text())
    action.trigger()
    assert second.path == copy.resolve()


def test_geometry_and_dock_layout_persist(qtbot) -> None:
    first = _shown(qtbot, create_window())
    first.resize(701, 533)  # inside the offscreen platform's small screen
    first.lanes_dock.hide()
    size = (first.width(), first.height())
    first.close()
    second = _shown(qtbot, create_window())
    assert (second.width(), second.height()) == size
    assert not second.lanes_dock.isVisible()


def test_hover_tells_title_date_and_lane(qtbot) -> None:
    window = create_window()
    window.resize(1400, 800)  # before showing: positions are read before any later relayout
    _shown(qtbot, window)
    view = window.view
    from datetime import datetime

    view.set_visible_range(datetime(2019, 2, 26), datetime(2019, 3, 2))
    pos = view.event_position("summit-ends-no-deal")
    # pyqtgraph drops moves that come faster than its rate limit: keep moving, as a hand does.
    qtbot.waitUntil(lambda: hover(view, pos) or "Hanoi summit ends" in view.toolTip())
    tip = view.toolTip()
    assert "28 February 2019" in tip and "Summits" in tip
    empty = QPoint(5, pos.y())  # over the lane titles: no event there
    qtbot.waitUntil(lambda: hover(view, empty) or view.toolTip() == "")
