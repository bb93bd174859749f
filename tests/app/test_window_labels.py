"""The window after Home: every title of the default dataset whole, and none reading as a neighbour's."""

from __future__ import annotations

import pytest
from helpers import open_window
from label_boxes import assert_unambiguous
from PySide6.QtCore import Qt

from desktop.layout.frame import View
from desktop.render.label_measure import LabelMeasure


@pytest.mark.parametrize("size", [(1600, 900), (900, 600)])
def test_after_home_titles_are_whole_and_unambiguous(qtbot, size: tuple[int, int]) -> None:
    window = open_window(qtbot)
    window.resize(*size)
    view = window.view
    scene = view.timeline_scene
    qtbot.waitUntil(lambda: abs(scene.vb.rect().width() - view.viewport().width()) < 400)
    view.timeline_scene.vb.setXRange(0, 1)  # anywhere else first, so Home has something to do
    with qtbot.waitSignal(view.frameChanged):
        qtbot.keyClick(window, Qt.Key.Key_Home)
    frame, cols, rows, timeline = scene.frame, scene.drawing.cols, scene.rows, window.timeline
    assert cols is not None and rows is not None and timeline is not None
    start, end = scene.axis_range()
    rect = scene.vb.rect()
    layout_view = View(start, end, rect.width(), rect.height() / rows.total)
    assert_unambiguous(frame, cols, rows, layout_view)
    measure = LabelMeasure(timeline.titles, scene.drawing.font)
    whole = [i for i, w in zip(frame.label_idx.tolist(), frame.label_width.tolist(), strict=True)
             if measure.elided(i, w) == timeline.titles[i]]
    if size == (1600, 900):
        # The bar: at the default size every title is drawn, and drawn whole.
        assert sorted(whole) == list(range(len(timeline.events))), (
            f"{len(timeline.events) - len(whole)} titles missing or elided; plot {rect.width():.0f} px wide")
    else:
        # A small window (a plot under 300 px wide) shortens titles, but still labels nearly every event.
        assert len(frame.label_idx) >= 15
