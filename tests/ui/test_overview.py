"""OverviewStrip: density over the whole span and a region people can drag or click."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.ui.overview import DAY, OverviewStrip


def _strip(qtbot, timeline: Timeline, origin: float | None = None) -> OverviewStrip:
    """A shown 900×80 strip of `timeline`, origin at its first event unless given."""
    strip = OverviewStrip()
    qtbot.addWidget(strip)
    strip.set_timeline(timeline, timeline.span()[0] if origin is None else origin)
    strip.resize(900, strip.height())
    strip.show()
    qtbot.waitExposed(strip)
    return strip


def _write(tmp_path: Path, spans: list[str] | list[tuple[str, str | None]]) -> Timeline:
    """A one-lane timeline with an event at each start (or (start, end) range) of `spans`."""
    events = []
    for i, span in enumerate(spans):
        start, end = span if isinstance(span, tuple) else (span, None)
        event = {"id": f"e{i}", "title": f"Event {i}", "start": start, "lane": "a"}
        events.append(event | ({"end": end} if end else {}))
    data = {
        "version": 1,
        "title": "small",
        "lanes": [{"id": "a", "title": "A", "color": "#0072b2"}],
        "events": events,
    }
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return open_timeline(path)


def _viewport_pos(strip: OverviewStrip, epoch: float) -> QPoint:
    """Viewport pixel of epoch second `epoch`, halfway up the plot."""
    vb = strip.getPlotItem().vb
    y = sum(vb.viewRange()[1]) / 2
    scene = vb.mapViewToScene(QPointF(epoch - strip.origin, y))
    return strip.mapFromScene(scene)


def _drag(strip: OverviewStrip, start: QPoint, end: QPoint, qtbot) -> None:
    """Press at `start`, move in steps with the left button held, release at `end`."""
    viewport = strip.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for t in np.linspace(0, 1, 6)[1:]:
        pos = QPointF(start + (end - start) * float(t))
        # QTest's mouseMove does not always carry the held button; pyqtgraph needs it.
        move = QMouseEvent(
            QEvent.Type.MouseMove,
            pos,
            viewport.mapToGlobal(pos),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def _expected_counts(timeline: Timeline, edges: np.ndarray) -> np.ndarray:
    """Events per lane and bin, event by event: each counts in every bin its span overlaps."""
    cols = timeline.columns
    out = np.zeros((len(timeline.lanes), len(edges) - 1), np.int64)
    for begin, finish, lane in zip(cols.begin, cols.finish, cols.lane, strict=True):
        overlaps = (edges[:-1] < max(finish, begin + 1e-9)) & (edges[1:] > begin)
        out[lane] += overlaps
    return out


def test_density_counts_every_event_over_its_span(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    edges, counts = strip.density
    assert counts.shape == (len(timeline.lanes), len(edges) - 1)
    assert 200 <= counts.shape[1] <= 400
    np.testing.assert_array_equal(counts, _expected_counts(timeline, edges))
    # Every event counts somewhere, the 2016–2017 sanctions in every bin of those two years.
    assert (counts.sum(axis=1) >= np.bincount(timeline.columns.lane, minlength=len(timeline.lanes))).all()
    lane = timeline.lane_index["un-sanctions"]
    event = timeline.event_index["un-sanctions-2016-2017"]
    inside = (edges[:-1] >= timeline.columns.begin[event]) & (edges[1:] <= timeline.columns.finish[event])
    assert inside.sum() > 100 and (counts[lane, inside] == 1).all()
    lo, hi = timeline.span()
    assert edges[0] < lo and edges[-1] > hi  # padded
    x_lo, x_hi = strip.getPlotItem().vb.viewRange()[0]
    assert x_lo == pytest.approx(edges[0] - strip.origin)
    assert x_hi == pytest.approx(edges[-1] - strip.origin)
    assert strip.getPlotItem().vb.viewRange()[1][1] >= np.sqrt(counts.sum(axis=0).max())
    assert strip.region() == pytest.approx((edges[0], edges[-1]))  # whole span until told
    strip.grab().save("/tmp/overview.png")


def test_a_range_counts_over_its_span_not_at_its_middle(qtbot, tmp_path: Path) -> None:
    # A year-long range and a day: the old count put the range in one bin at its midpoint,
    # a spike in July where nothing happened.
    timeline = _write(tmp_path, [("2017-01-01", "2017-12-31"), ("2018-03-05", None)])
    strip = _strip(qtbot, timeline)
    edges, counts = strip.density
    year = (edges[1:] > timeline.columns.begin[0]) & (edges[:-1] < timeline.columns.finish[0])
    assert year.sum() > 200
    assert (counts[0, year] >= 1).all()  # every bin of the year has the range in progress
    day = np.flatnonzero((counts[0] > 0) & ~year)
    assert len(day) >= 1 and counts[0, ~year].sum() == len(day)  # the day counts once, in its bin(s)
    assert counts.max() == 1  # no spike anywhere


def test_single_instant_gets_a_day(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, ["2019-02-27T12:00"] * 3)
    strip = _strip(qtbot, timeline)
    edges, counts = strip.density
    assert counts.max() == 3  # the three instants together, in the bin(s) their minute overlaps
    assert 1 <= np.count_nonzero(counts) <= 2
    assert edges[-1] - edges[0] >= DAY


def test_hidden_lanes_are_left_out_of_the_strip(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    _, before = strip.density
    bars = len(strip.getPlotItem().items)
    peak = strip.getPlotItem().vb.viewRange()[1][1]
    strip.set_hidden_lanes({"north-korea", "united-states"})
    _, after = strip.density
    hidden = [timeline.lane_index["north-korea"], timeline.lane_index["united-states"]]
    assert after[hidden].sum() == 0
    shown = [i for i in range(len(timeline.lanes)) if i not in hidden]
    np.testing.assert_array_equal(after[shown], before[shown])
    assert len(strip.getPlotItem().items) == bars - 2  # their bars are gone
    assert strip.getPlotItem().vb.viewRange()[1][1] < peak  # and the scale fits what is left
    strip.set_timeline(timeline, timeline.span()[0])  # a reload keeps them hidden
    assert strip.density[1][hidden].sum() == 0
    strip.set_hidden_lanes(set())
    np.testing.assert_array_equal(strip.density[1], before)


def test_a_given_span_sets_the_strip_s_range(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    lo, hi = timeline.span()
    strip.set_timeline(timeline, lo, (lo - 1000 * DAY, hi + 10 * DAY))
    edges, _ = strip.density
    assert (edges[0], edges[-1]) == pytest.approx((lo - 1000 * DAY, hi + 10 * DAY))


def test_empty_timeline(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, [])
    strip = _strip(qtbot, timeline, origin=1.55e9)
    assert strip.density[1].sum() == 0
    strip.set_region(1.55e9 - 3600, 1.55e9 + 3600)
    assert strip.region() == pytest.approx((1.55e9 - 3600, 1.55e9 + 3600))


def test_set_region_moves_without_emitting(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    lo, hi = timeline.span()
    start, end = lo + (hi - lo) * 0.3, lo + (hi - lo) * 0.5
    with qtbot.assertNotEmitted(strip.regionChanged):
        strip.set_region(start, end)
    assert strip.region() == pytest.approx((start, end))


def test_dragging_the_region_emits_a_shifted_range(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    lo, hi = timeline.span()
    start, end = lo + (hi - lo) * 0.3, lo + (hi - lo) * 0.5
    strip.set_region(start, end)
    centre = _viewport_pos(strip, (start + end) / 2)
    seen: list[tuple[float, float]] = []
    strip.regionChanged.connect(lambda a, b: seen.append((a, b)))
    with qtbot.waitSignal(strip.regionChanged):
        _drag(strip, centre, centre + QPoint(150, 0), qtbot)
    new_start, new_end = seen[-1]  # emitted live during the drag; the last is where it ended
    assert new_start > start and new_end > end
    assert new_end - new_start == pytest.approx(end - start)
    assert strip.region() == pytest.approx((new_start, new_end))


def test_clicking_outside_recentres_the_region(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    lo, hi = timeline.span()
    start, end = lo + (hi - lo) * 0.1, lo + (hi - lo) * 0.2
    strip.set_region(start, end)
    target = lo + (hi - lo) * 0.7
    pos = _viewport_pos(strip, target)
    with qtbot.waitSignal(strip.regionChanged) as blocker:
        qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    new_start, new_end = blocker.args
    assert (new_start + new_end) / 2 == pytest.approx(target, abs=(hi - lo) / 200)
    assert new_end - new_start == pytest.approx(end - start)


def test_clicking_inside_the_region_leaves_it(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    lo, hi = timeline.span()
    start, end = lo + (hi - lo) * 0.2, lo + (hi - lo) * 0.6
    strip.set_region(start, end)
    with qtbot.assertNotEmitted(strip.regionChanged):
        inside = _viewport_pos(strip, lo + (hi - lo) * 0.4)
        qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=inside)
    assert strip.region() == pytest.approx((start, end))


def test_snapshot_with_region(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    hi = timeline.span()[1]
    strip.set_region(hi - 120 * DAY, hi - 20 * DAY)
    assert not strip.grab().isNull()
    strip.grab().save("/tmp/overview_region.png")
