"""The window on the default dataset with gaps compressed: the Hanoi days get the room, nothing is lost."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from helpers import open_window
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction

from desktop.app import export_commands
from desktop.app.main_window import MainWindow
from desktop.render.request import ExportRequest


@pytest.fixture
def window(qtbot) -> MainWindow:
    """The default dataset at 1600×900, after Home."""
    window = open_window(qtbot)
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.view.timeline_scene.vb.rect().width() > 800)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    return window


def _plot_rect(window: MainWindow) -> QRectF:
    view = window.view
    return QRectF(view.mapFromScene(view.timeline_scene.vb.sceneBoundingRect()).boundingRect())


def _x(window: MainWindow, event_id: str) -> int:
    return window.view.event_position(event_id).x()


def test_home_shows_every_event_and_gives_the_hanoi_days_room(window: MainWindow) -> None:
    view = window.view
    assert view.axis_mode() == "compressed"  # gaps dominate the default dataset: on by default
    assert window.findChild(QAction, "actionCompressGaps").isChecked()
    plot = _plot_rect(window)
    for event in view.timeline.events:
        assert plot.contains(view.event_position(event.id)), f"{event.id} is outside the plot"
    # 28 February and 1 March 2019 are two places, not one column.
    assert _x(window, "tictoc-tweet") - _x(window, "summit-ends-no-deal") >= 40
    # The long past is still there, in order: the sanctions bar, then the first summit, then Hanoi.
    frame = view.timeline_scene.frame
    sanctions = view.timeline.event_index["un-sanctions-2016-2017"]
    summit = view.timeline.event_index["first-summit"]
    drawn = np.concatenate([frame.bar_idx, frame.mark_idx])
    assert sanctions in drawn and summit in drawn
    assert _x(window, "un-sanctions-2016-2017") < _x(window, "first-summit") < _x(window, "hanoi-summit")


def test_linear_mode_still_gives_the_old_fit_all_picture(qtbot, window: MainWindow) -> None:
    view = window.view
    compressed = (_x(window, "summit-ends-no-deal"), _x(window, "tictoc-tweet"))
    with qtbot.waitSignal(view.axisModeChanged, check_params_cb=lambda mode: mode == "linear"):
        window.findChild(QAction, "actionCompressGaps").trigger()
    qtbot.keyClick(window, Qt.Key.Key_Home)
    begin, finish = view.timeline.span()
    pad = (finish - begin) * 0.04
    assert view.visible_seconds() == pytest.approx((begin - pad, finish + pad))
    # Time is proportional again: the two Hanoi days share a few pixels at the right.
    a, b = _x(window, "summit-ends-no-deal"), _x(window, "tictoc-tweet")
    assert abs(b - a) < 5 and (a, b) != compressed
    plot = _plot_rect(window)
    start = view.visible_seconds()[0]
    per_s = plot.width() / (view.visible_seconds()[1] - start)
    sanctions = view.timeline.columns
    i = view.timeline.event_index["first-summit"]
    assert _x(window, "first-summit") == pytest.approx(plot.left() + (sanctions.anchor[i] - start) * per_s, abs=2)
    # And back.
    window.findChild(QAction, "actionCompressGaps").trigger()
    assert view.axis_mode() == "compressed"


def test_the_overview_follows_the_axis(qtbot, window: MainWindow) -> None:
    overview, view = window.overview, window.view
    assert overview.region() == pytest.approx(view.visible_seconds(), abs=60)
    edges, _ = overview.density
    assert np.all(np.diff(edges) > 0)
    # Bins are equal on the axis, so the three Hanoi days hold many bins, not one.
    hanoi = (edges[:-1] >= datetime(2019, 2, 27, tzinfo=UTC).timestamp()) & \
        (edges[1:] <= datetime(2019, 3, 2, tzinfo=UTC).timestamp())
    assert hanoi.sum() > 50
    window.findChild(QAction, "actionCompressGaps").trigger()
    edges, _ = overview.density
    assert np.diff(edges) == pytest.approx(np.diff(edges)[0])  # linear: equal in time


def test_the_window_exports_with_its_axis_mode(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    captured: list[ExportRequest] = []
    monkeypatch.setattr(export_commands, "export_with_dialog", lambda parent, request, path: captured.append(request))
    export = window.findChild(QAction, "actionExportPng")
    export.trigger()
    window.findChild(QAction, "actionCompressGaps").trigger()
    export.trigger()
    assert [r.axis for r in captured] == ["compressed", "linear"]
