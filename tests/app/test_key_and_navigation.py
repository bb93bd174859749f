"""Issue 12's navigation and key: zoom around the selection, Zoom to Selection, Help ▸ Key,
the overview following hidden lanes and lining up with the plot, and the first-run size."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import click_event, open_window
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QDockWidget, QMenu

import desktop
from desktop.app import window_size
from desktop.app.main_window import MainWindow
from desktop.app.window_size import DEFAULT_SIZE, first_run_geometry
from desktop.render.key import key_rows
from desktop.ui.encoding_key import EncodingKey


@pytest.fixture
def window(qtbot) -> MainWindow:
    return open_window(qtbot)


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _x(window: MainWindow, event_id: str) -> int:
    return window.view.event_position(event_id).x()


def test_plus_and_minus_zoom_around_the_selected_event(qtbot, window: MainWindow) -> None:
    view = window.view
    view.set_axis_mode("linear")
    event_id = "first-summit"
    with qtbot.waitSignal(view.eventSelected):
        click_event(qtbot, view, event_id)
    x, (start, end) = _x(window, event_id), view.visible_seconds()
    middle = view.viewport().width() / 2
    assert abs(x - middle) > 80  # off centre: a zoom on the middle would move it
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: view.visible_seconds()[1] - view.visible_seconds()[0] < (end - start) * 0.9)
    assert _x(window, event_id) == pytest.approx(x, abs=2)  # it stayed under the eye
    zoomed = view.visible_seconds()
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    qtbot.waitUntil(lambda: view.visible_seconds()[1] - view.visible_seconds()[0] > (zoomed[1] - zoomed[0]) * 1.1)
    assert _x(window, event_id) == pytest.approx(x, abs=2)


def test_on_a_compressed_axis_plus_keeps_the_selection_s_place_on_the_axis(qtbot, window: MainWindow) -> None:
    view, scene = window.view, window.view.timeline_scene
    view.set_axis_mode("compressed")
    with qtbot.waitSignal(view.eventSelected):
        click_event(qtbot, view, "tictoc-tweet")
    anchor = view.axis_map().axis_of(window.timeline.columns.anchor[window.timeline.event_index["tictoc-tweet"]])

    def place() -> float:
        lo, hi = scene.axis_range()
        return (anchor - lo) / (hi - lo)

    before, width = place(), np.subtract(*scene.axis_range()[::-1])
    assert abs(before - 0.5) > 0.1
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: np.subtract(*scene.axis_range()[::-1]) < width * 0.9)
    assert place() == pytest.approx(before, abs=1e-3)


def test_without_a_selection_plus_zooms_on_the_middle(qtbot, window: MainWindow) -> None:
    view = window.view
    view.set_axis_mode("linear")
    start, end = view.visible_seconds()
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: view.visible_seconds() != (start, end))
    new_start, new_end = view.visible_seconds()
    assert (new_start + new_end) / 2 == pytest.approx((start + end) / 2, abs=(end - start) * 1e-3)
    assert new_end - new_start == pytest.approx((end - start) / 2, rel=1e-3)


def test_zoom_to_selection_shows_the_selected_event_s_span(qtbot, window: MainWindow) -> None:
    action = _action(window, "actionZoomToSelection")
    assert action.shortcut().toString() == "Z" and "(Z)" in action.toolTip()
    view_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    assert action in view_menu.actions()
    view, cols = window.view, window.timeline.columns
    with qtbot.waitSignal(view.eventSelected):
        click_event(qtbot, view, "first-summit")  # June 2018: a month, a sliver at fit-all
    assert action.isEnabled()
    index = window.timeline.event_index["first-summit"]
    begin, finish = cols.begin[index], cols.finish[index]
    before = view.visible_seconds()
    qtbot.keyClick(window, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: view.visible_seconds() != before)
    start, end = view.visible_seconds()
    assert start < begin and finish < end  # all of June in view
    assert end - start < 2 * (finish - begin)  # and it fills most of the plot
    assert view.selected_event() == "first-summit"
    with qtbot.waitSignal(view.eventSelected):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not action.isEnabled()  # nothing to zoom to


def test_help_key_shows_the_key_beside_the_lanes(qtbot, window: MainWindow) -> None:
    key = window.findChild(EncodingKey, "encodingKey")
    dock = window.findChild(QDockWidget, "keyDock")
    assert key is not None and dock is not None and key.isVisible()
    left = Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(dock) == window.dockWidgetArea(window.lanes_dock) == left
    assert dock.geometry().top() > window.lanes_dock.geometry().top()  # under the lanes
    action = _action(window, "actionShowKey")
    help_menu = window.menuBar().findChild(QMenu, "helpMenu")
    assert help_menu is not None and action in help_menu.actions() and action.toolTip()
    dock.close()
    qtbot.waitUntil(lambda: not key.isVisible())
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(key.isVisible)
    # Every entry, in plain words, drawn whole: the key is as tall as its wrapped text.
    # The default dataset opens on a compressed axis (two empty years): the key explains its break mark.
    assert [r.kind for r in key.rows()] == ["lanes", "point", "range", "approximate", "band", "cluster", "selection",
                                            "break"]
    assert key.height() >= key.minimumHeight() > 0
    image = key.grab().toImage()
    colours = {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 2) for y in range(image.height())}
    for lane in window.timeline.lanes:  # drawn in the lanes' own colours
        assert lane.color.lower() in colours, lane.color


def test_the_key_explains_the_break_mark_while_time_is_compressed(qtbot, window: MainWindow) -> None:
    key = window.findChild(EncodingKey, "encodingKey")
    action = _action(window, "actionCompressGaps")
    was = action.isChecked()
    action.trigger()
    assert ("break" in [r.kind for r in key.rows()]) == (not was) == action.isChecked()
    height = key.minimumHeight()
    action.trigger()
    assert ("break" in [r.kind for r in key.rows()]) == was
    assert (key.minimumHeight() < height) == (not was)  # a row less (or more) of wrapped text


def _click_check(qtbot, window: MainWindow, lane_id: str) -> None:
    """Click a lane's check box in the Lanes dock with the real pointer."""
    rect = window.legend.check_rect(lane_id)
    assert rect.isValid()
    qtbot.mouseClick(window.legend.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_hiding_a_lane_takes_it_out_of_the_overview(qtbot, window: MainWindow) -> None:
    lane = window.timeline.lane_index["north-korea"]
    assert window.overview.density[1][lane].sum() > 0
    with qtbot.waitSignal(window.legend.laneToggled):
        _click_check(qtbot, window, "north-korea")
    assert window.overview.density[1][lane].sum() == 0
    assert window.overview.density[1].sum() > 0  # the other lanes stay
    with qtbot.waitSignal(window.legend.laneToggled):
        _click_check(qtbot, window, "north-korea")
    assert window.overview.density[1][lane].sum() > 0


def _ticks(axis, width: float) -> list[str]:
    """The labels an axis draws over its view's range."""
    lo, hi = axis.linkedView().viewRange()[0]
    return [label for _, values in axis.tickValues(lo, hi, width) for label in axis.tickStrings(values, 1, 1)
            if label]


@pytest.mark.parametrize("mode", ["linear", "compressed"])
def test_at_home_the_overview_s_ticks_line_up_with_the_plot_s(qtbot, window: MainWindow, mode: str) -> None:
    view, strip = window.view, window.overview
    view.set_axis_mode(mode)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    main_vb, strip_vb = view.timeline_scene.vb, strip.getPlotItem().vb
    main_rect = view.mapFromScene(main_vb.sceneBoundingRect()).boundingRect()
    strip_rect = strip.mapFromScene(strip_vb.sceneBoundingRect()).boundingRect()
    assert view.mapTo(window, main_rect.topLeft()).x() == strip.mapTo(window, strip_rect.topLeft()).x()
    assert view.mapTo(window, main_rect.topRight()).x() == strip.mapTo(window, strip_rect.topRight()).x()
    assert main_vb.viewRange()[0] == pytest.approx(strip_vb.viewRange()[0], abs=1.0)
    main_labels = _ticks(view.timeline_scene.date_axis, main_vb.width())
    assert main_labels and _ticks(strip.getPlotItem().getAxis("bottom"), strip_vb.width()) == main_labels


def test_first_run_size_fits_the_screen() -> None:
    assert first_run_geometry(QRect(0, 0, 1920, 1040)).size() == DEFAULT_SIZE
    small = QRect(0, 30, 1280, 650)  # 1920 × 1080 at 150 %, less a task bar
    rect = first_run_geometry(small)
    assert small.contains(rect) and rect.width() <= 1280 - 16 and rect.height() <= 650 - 48
    assert rect.center() == small.center()
    assert first_run_geometry(None).size() == DEFAULT_SIZE


def test_a_first_run_window_fits_a_small_screen(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(window_size, "available_geometry", lambda: QRect(0, 0, 1024, 600))
    window = desktop.create_window()  # the test's QSettings are empty: a first run
    qtbot.addWidget(window)
    assert window.width() <= 1024 - 16 and window.height() <= 600 - 48
    assert window.size() != QSize(1400, 820)
    monkeypatch.setattr(window_size, "available_geometry", lambda: QRect(0, 0, 2560, 1400))
    big = desktop.create_window()
    qtbot.addWidget(big)
    assert big.size() == DEFAULT_SIZE


def test_the_key_lists_lanes_by_name_for_images() -> None:
    rows = key_rows([("Summits", "#e69f00"), ("UN <b>sanctions</b>", QColor("#009e73"))], list_lanes=True)
    assert [r.text for r in rows[:2]] == ["Summits", "UN <b>sanctions</b>"]  # drawn as typed, never as markup
    assert [r.kind for r in rows[2:]] == ["point", "range", "approximate", "band", "cluster", "selection"]
    assert np.all([len(r.colors) >= 1 for r in rows])
