"""TimelineView on a compressed time axis: clicks, positions, ranges, zoom and the axis's break marks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import numpy as np
import pytest
from helpers import click_event, data_to_viewport, shown_view
from PySide6.QtCore import QPointF, Qt

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.ui.timeline_view import TimelineView


@pytest.fixture
def dataset() -> Timeline:
    return open_timeline(default_events_path())


def _view(qtbot, timeline: Timeline, mode: str | None = "compressed") -> TimelineView:
    if mode is None:  # the automatic rule, asked for explicitly
        view = shown_view(qtbot)
        view.set_axis_mode(None)
        view.set_timeline(timeline)
        return view
    return shown_view(qtbot, timeline, axis_mode=mode)


def test_clicking_an_event_on_the_compressed_axis_selects_it(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    assert view.axis_mode() == "compressed"
    for event_id in ("tictoc-tweet", "first-summit", "summit-ends-no-deal"):
        pos = view.event_position(event_id)
        # The tooltip path: pyqtgraph's move signal, as a hover sends it (offscreen moves do not always arrive).
        view.scene().sigMouseMoved.emit(view.mapToScene(pos))
        assert escape(dataset.events[dataset.event_index[event_id]].title) in view.toolTip()
        with qtbot.waitSignal(view.eventSelected, check_params_cb=lambda i, e=event_id: i == e):
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_event_position_is_where_the_map_draws_it(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    scene = view.timeline_scene
    i = dataset.event_index["tictoc-tweet"]
    # Its time through the map, through the ViewBox: the true pixel, not a linear guess.
    u = scene.axis.axis_of(float(dataset.columns.anchor[i]))
    expected = data_to_viewport(view, u, float(scene.rows.row[i]) + 0.5)
    assert (view.event_position("tictoc-tweet") - expected).manhattanLength() <= 1
    linear = scene.vb.mapViewToScene(QPointF(float(dataset.columns.anchor[i]) - scene.drawing.origin, 0)).x()
    assert abs(view.mapFromScene(QPointF(linear, 0)).x() - expected.x()) > 100  # and that is not where seconds put it


def test_ranges_stay_in_epoch_seconds(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    start, end = datetime(2019, 2, 27, tzinfo=UTC), datetime(2019, 3, 1, 12, tzinfo=UTC)
    view.set_visible_range(start, end)
    shown = view.visible_range()
    assert shown[0] == start and abs((shown[1] - end).total_seconds()) < 1e-3
    assert view.state.visible_range == pytest.approx((start.timestamp(), end.timestamp()), abs=1e-3)
    # Switching the axis keeps the time shown.
    view.set_axis_mode("linear")
    assert view.visible_seconds() == pytest.approx((start.timestamp(), end.timestamp()), abs=1e-3)


def test_zoom_and_stepping_go_through_the_same_map(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    u0, u1 = view.timeline_scene.axis_range()
    around = float(dataset.columns.anchor[dataset.event_index["tictoc-tweet"]])
    row = float(view.timeline_scene.rows.row[dataset.event_index["tictoc-tweet"]]) + 0.5
    anchor = view.timeline_scene.axis.axis_of(around)
    x = data_to_viewport(view, anchor, row).x()
    view.zoom(0.5, around)  # the selection's time stays under the same pixel
    a0, a1 = view.timeline_scene.axis_range()
    assert a1 - a0 == pytest.approx((u1 - u0) / 2)
    assert data_to_viewport(view, anchor, row).x() == pytest.approx(x, abs=1)
    # Selecting an event out of view pans (in axis units) until it is in view.
    view.set_visible_range(datetime(2018, 6, 1, tzinfo=UTC), datetime(2018, 6, 20, tzinfo=UTC))
    view.select_event("tictoc-tweet")
    assert view.viewport().rect().contains(view.event_position("tictoc-tweet"))
    click_event(qtbot, view, "tictoc-tweet")


def test_search_dimming_and_clusters_use_the_map(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    match = np.array([e.id.startswith("ri-") for e in dataset.events])
    view.state.set_search("ri", match)
    assert view.timeline_scene.drawing.match is match
    frame = view.timeline_scene.frame
    for k in range(len(frame.cluster_x)):  # a cluster opens onto epoch seconds that hold its events
        start, end = view.timeline_scene.cluster_span(k)
        assert start < view.timeline_scene.axis.time_of(float(frame.cluster_x[k])) < end


def test_the_axis_draws_break_marks_and_both_sides_of_a_break(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    view.resize(1400, 640)
    qtbot.waitUntil(lambda: view.timeline_scene.vb.rect().width() > 1200)
    view.fit_all()
    axis = view.timeline_scene.date_axis
    lo, hi = axis.range
    labels = [label for _, values in axis.tickValues(lo, hi, axis.width()) for label in axis.tickStrings(values, 1, 1)]
    assert "1 Jul 2018" in labels and "27 Feb 2019" in labels
    assert len(view.timeline_scene.breaks.units) == 3
    # The two dates hug the break from outside: one ends before it, the other starts after it.
    image = view.grab().toImage()
    assert not image.isNull()


def test_an_even_timeline_stays_linear_by_default(qtbot, tmp_path: Path) -> None:
    weekly = [{"id": f"e{k}", "title": f"Event {k}", "lane": "a",
               "start": (datetime(2019, 1, 1, tzinfo=UTC) + timedelta(days=7 * k)).date().isoformat()}
              for k in range(30)]
    path = tmp_path / "weekly.json"
    path.write_text(json.dumps({"version": 1, "title": "weekly", "events": weekly,
                                "lanes": [{"id": "a", "title": "A", "color": "#0072b2"}]}), encoding="utf-8")
    view = _view(qtbot, open_timeline(path), mode=None)
    assert view.axis_mode() == "linear"
    with pytest.raises(ValueError):
        view.set_axis_mode("diagonal")  # type: ignore[arg-type]
