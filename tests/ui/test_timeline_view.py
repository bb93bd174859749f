"""TimelineView driven with the mouse: click selects, wheel zooms at the cursor, drag pans, clusters open."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from helpers import click_at, click_data, click_event, data_to_viewport, drag, shown_view, viewport_to_data, wheel_at
from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.ui.timeline_view import TimelineView

MIN_RANGE_S = 60.0  # never closer than a minute across
MAX_ZOOM_OUT = 10.0  # never wider than ten times the data's span
HANOI = (datetime(2019, 2, 26, 12, tzinfo=UTC), datetime(2019, 3, 1, 18, tzinfo=UTC))


def _view(qtbot, timeline: Timeline) -> TimelineView:
    """A shown 1100×640 view of `timeline`, fitted."""
    return shown_view(qtbot, timeline)


def _write(tmp_path: Path, events: list[tuple[str, str]], lanes: tuple[str, ...] = ("a",)) -> Timeline:
    """A timeline of point events given as (start, lane id); ids e0, e1, …"""
    data = {
        "version": 1,
        "title": "small",
        "lanes": [{"id": lane, "title": lane.upper(), "color": "#0072b2"} for lane in lanes],
        "events": [{"id": f"e{i}", "title": f"Event {i}", "start": s, "lane": lane}
                   for i, (s, lane) in enumerate(events)],
    }
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return open_timeline(path)


@pytest.fixture
def dataset() -> Timeline:
    return open_timeline(default_events_path())


def _width(view: TimelineView) -> float:
    start, end = view.timeline_scene.visible_range()
    return end - start


def _plot_centre(view: TimelineView) -> QPoint:
    """A viewport pixel in the middle of the plot area (not on an axis)."""
    return view.mapFromScene(view.timeline_scene.vb.sceneBoundingRect().center())


def _empty_spot(view: TimelineView) -> QPoint:
    """A viewport pixel in the plot where nothing is drawn (a hit test finds nothing)."""
    scene = view.timeline_scene
    rect = scene.vb.sceneBoundingRect()
    for fx in (0.03, 0.1, 0.2, 0.3, 0.4):
        for fy in (0.1, 0.3, 0.5, 0.7, 0.9):
            pos = view.mapFromScene(rect.left() + rect.width() * fx, rect.top() + rect.height() * fy)
            if scene.hit_test(view.mapToScene(pos)) is None:
                return pos
    raise AssertionError("no empty place in the plot")


# --- clicks -------------------------------------------------------------------------


@pytest.mark.parametrize("event_id", ["summit-ends-no-deal", "hanoi-summit"])
def test_click_on_an_event_selects_it(qtbot, dataset: Timeline, event_id: str) -> None:
    view = _view(qtbot, dataset)
    view.set_visible_range(*HANOI)
    with qtbot.waitSignal(view.eventSelected, check_params_cb=lambda i: i == event_id):
        click_event(qtbot, view, event_id)
    assert view.selected_event() == event_id


def test_click_on_empty_space_clears_the_selection(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    view.set_visible_range(*HANOI)
    click_event(qtbot, view, "summit-ends-no-deal")
    assert view.selected_event() == "summit-ends-no-deal"
    with qtbot.waitSignal(view.eventSelected, check_params_cb=lambda i: i == ""):
        click_at(qtbot, view, _empty_spot(view))
    assert view.selected_event() is None


# --- wheel and drag ---------------------------------------------------------------


def test_wheel_zooms_time_around_the_cursor(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    vb = view.timeline_scene.vb
    rect = vb.sceneBoundingRect()
    # Well off-centre, so zooming around the middle instead would move the time under it.
    pos = view.mapFromScene(rect.left() + rect.width() * 0.8, rect.center().y())
    under, _ = viewport_to_data(view, pos)
    width, y_range = _width(view), vb.viewRange()[1]
    pixel = width / rect.width()
    wheel_at(view, pos, steps=1)
    qtbot.waitUntil(lambda: _width(view) < width * 0.9)
    assert viewport_to_data(view, pos)[0] == pytest.approx(under, abs=2 * pixel)
    assert vb.viewRange()[1] == pytest.approx(y_range)  # every lane stays in view
    wheel_at(view, pos, steps=-1)  # and back out, still about the same instant
    qtbot.waitUntil(lambda: _width(view) > width * 0.95)
    assert viewport_to_data(view, pos)[0] == pytest.approx(under, abs=2 * pixel)
    assert vb.viewRange()[1] == pytest.approx(y_range)


def test_drag_pans_by_the_dragged_distance(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    view.set_visible_range(*HANOI)
    vb = view.timeline_scene.vb
    # Axis units, which pixels measure: on the compressed axis a pixel is not the same time everywhere.
    start, end = view.timeline_scene.axis_range()
    y_range = vb.viewRange()[1]
    per_px = (end - start) / vb.sceneBoundingRect().width()
    a = _plot_centre(view)
    b = a + QPoint(-200, 30)  # a little vertical wobble must not scroll the lanes
    drag(qtbot, view, a, b)
    qtbot.waitUntil(lambda: view.timeline_scene.axis_range()[0] != start)
    new_start, new_end = view.timeline_scene.axis_range()
    # Dragging content to the left shows later times: the window moves right by 200 px.
    assert new_start - start == pytest.approx(200 * per_px, abs=3 * per_px)
    assert new_end - new_start == pytest.approx(end - start, rel=1e-6)
    assert vb.viewRange()[1] == pytest.approx(y_range)


def test_a_drag_does_not_select_or_clear(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    view.set_visible_range(*HANOI)
    click_event(qtbot, view, "summit-ends-no-deal")
    with qtbot.assertNotEmitted(view.eventSelected):
        drag(qtbot, view, _empty_spot(view), _empty_spot(view) + QPoint(120, 0))
    assert view.selected_event() == "summit-ends-no-deal"


# --- clusters -----------------------------------------------------------------------


def test_clicking_a_cluster_zooms_into_its_events(qtbot, tmp_path: Path) -> None:
    # Sixty events ten minutes apart: more than the lane's rows and sub-rows can pull apart,
    # so some still share a spot and cluster (fewer only stack into sub-rows).
    times = [datetime(2019, 2, 27, 2, tzinfo=UTC) + timedelta(minutes=10 * k) for k in range(60)]
    stamps = [t.strftime("%Y-%m-%dT%H:%MZ") for t in times]
    timeline = _write(tmp_path, [*[(h, "a") for h in stamps], ("2020-02-27", "b")], lanes=("a", "b"))
    view = _view(qtbot, timeline)
    view.set_axis_mode("linear")  # a year's gap would be compressed, and the hours then come apart
    view.fit_all()
    frame = view.timeline_scene.frame
    assert len(frame.cluster_x) >= 1 and len(frame.mark_idx) + int(frame.cluster_count.sum()) == 61
    width = _width(view)
    begin, finish = float(frame.cluster_begin[0]), float(frame.cluster_finish[0])
    pos = data_to_viewport(view, float(frame.cluster_x[0]), float(frame.clusters_y()[0]))
    with qtbot.assertNotEmitted(view.eventSelected):
        click_at(qtbot, view, pos)
    qtbot.waitUntil(lambda: _width(view) < width / 10)
    frame = view.timeline_scene.frame
    cols = timeline.columns
    members = set(np.flatnonzero((cols.begin >= begin) & (cols.finish <= finish)).tolist())
    assert len(members) >= 2 and len(frame.cluster_x) == 0
    assert members <= set(frame.mark_idx.tolist())
    start, end = view.timeline_scene.visible_range()
    assert start <= begin and finish <= end
    # Each of them is now a marker a person can click.
    target = f"e{min(members)}"
    with qtbot.waitSignal(view.eventSelected, check_params_cb=lambda i: i == target):
        click_event(qtbot, view, target)


# --- labels -------------------------------------------------------------------------


def _label_rects(view: TimelineView) -> list[tuple[int, QRectF]]:
    """Each drawn label's viewport rectangle, placed as the labels item paints it (from its event's anchor)."""
    scene = view.timeline_scene
    f, cols, rows = scene.frame, scene.drawing.cols, scene.rows
    height = QFontMetricsF(scene.drawing.font).height()
    offset = view.mapToScene(QPoint(0, 0))  # scene → viewport, unrounded (the view only translates)
    out = []
    for i, dx, w in zip(f.label_idx.tolist(), f.label_dx.tolist(), f.label_width.tolist(), strict=True):
        c = scene.vb.mapViewToScene(QPointF(cols.anchor[i] - scene.drawing.origin, rows.row[i] + 0.5)) - offset
        out.append((i, QRectF(c.x() + dx, c.y() - height / 2, w, height)))
    return out


@pytest.mark.parametrize("minutes", [40, 8 * 60, 3 * 24 * 60])
def test_labels_stay_in_the_plot_when_bars_run_far_off_screen(qtbot, dataset: Timeline, minutes: int) -> None:
    view = _view(qtbot, dataset)
    # Inside the long ranges of 28 February: their anchors (middles) are far outside the view.
    start = datetime(2019, 2, 28, 2, 45, tzinfo=UTC)
    view.set_visible_range(start, start + timedelta(minutes=minutes))
    plot = QRectF(view.mapFromScene(view.timeline_scene.vb.sceneBoundingRect()).boundingRect())
    rects = _label_rects(view)
    assert len(rects) >= 5
    for i, rect in rects:
        assert plot.adjusted(-1, -1, 1, 1).contains(rect), f"label of {dataset.events[i].id} leaves the plot: {rect}"
    for k, (i, a) in enumerate(rects):
        for j, b in rects[k + 1:]:
            assert not a.adjusted(0.5, 0.5, -0.5, -0.5).intersects(b), f"labels of {i} and {j} overlap"


# --- zoom limits --------------------------------------------------------------------


def test_zoom_in_stops_at_a_minute(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    # On the linear axis a minute is a minute everywhere (compressed: in the roomiest stretch).
    view.set_axis_mode("linear")
    pos = _plot_centre(view)
    for _ in range(60):
        wheel_at(view, pos, steps=2)
        assert _width(view) >= MIN_RANGE_S * (1 - 1e-6)
    assert _width(view) == pytest.approx(MIN_RANGE_S, rel=0.01)
    for _ in range(20):
        view.zoom(0.5)  # the Zoom In action's path
        assert _width(view) >= MIN_RANGE_S * (1 - 1e-6)


def test_zoom_out_stops_at_ten_times_the_span(qtbot, dataset: Timeline) -> None:
    view = _view(qtbot, dataset)
    begin, finish = dataset.span()
    limit = MAX_ZOOM_OUT * (finish - begin)
    pos = _plot_centre(view)
    for _ in range(40):
        wheel_at(view, pos, steps=-2)
        assert _width(view) <= limit * (1 + 1e-6)
    assert _width(view) == pytest.approx(limit, rel=0.01)
    for _ in range(10):
        view.zoom(2.0)
        assert _width(view) <= limit * (1 + 1e-6)
    # Every event is still in view at the widest.
    start, end = view.timeline_scene.visible_range()
    assert start <= begin and finish <= end


def test_events_at_one_instant_still_fit(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, [("2019-02-28T12:00Z", "a")] * 3)
    view = _view(qtbot, timeline)
    start, end = view.timeline_scene.visible_range()
    assert end - start > MIN_RANGE_S
    assert start < timeline.columns.anchor[0] < end
    rect = view.viewport().rect()
    assert rect.contains(view.event_position("e0"))
    click_event(qtbot, view, "e0")
    assert view.selected_event() is not None


def test_clicking_a_data_point_on_a_marker_selects_it(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, [("2019-02-27", "a"), ("2019-03-10", "a")])
    view = _view(qtbot, timeline)
    cols, rows = view.timeline_scene.drawing.cols, view.timeline_scene.rows  # as drawn: axis units
    assert rows is not None and cols is not None
    with qtbot.waitSignal(view.eventSelected, check_params_cb=lambda i: i == "e1"):
        click_data(qtbot, view, float(cols.anchor[1]), float(rows.row[1]) + 0.5)


# --- range in datetimes -----------------------------------------------------------


@pytest.fixture
def seoul_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time far from UTC, so reading a naive datetime as local time would show."""
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_visible_range_is_aware_utc_and_naive_means_utc(qtbot, dataset: Timeline, seoul_time: None) -> None:
    view = _view(qtbot, dataset)
    start, end = view.visible_range()
    assert start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert end.tzinfo is not None and end.utcoffset() == timedelta(0)
    view.set_visible_range(datetime(2019, 2, 27, 6), datetime(2019, 2, 28, 18))
    start, end = view.visible_range()
    assert abs(start - datetime(2019, 2, 27, 6, tzinfo=UTC)) < timedelta(seconds=1)
    assert abs(end - datetime(2019, 2, 28, 18, tzinfo=UTC)) < timedelta(seconds=1)
    # An aware datetime in another zone means that instant.
    seoul = datetime(2019, 2, 27, 15).astimezone()  # 15:00 in Seoul is 06:00 UTC
    view.set_visible_range(seoul, datetime(2019, 2, 28, 18, tzinfo=UTC))
    assert abs(view.visible_range()[0] - datetime(2019, 2, 27, 6, tzinfo=UTC)) < timedelta(seconds=1)
