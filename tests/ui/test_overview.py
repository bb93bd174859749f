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


def _write(tmp_path: Path, starts: list[str]) -> Timeline:
    """A one-lane timeline with a point event at each of `starts`."""
    data = {
        "version": 1,
        "title": "small",
        "lanes": [{"id": "a", "title": "A", "color": "#0072b2"}],
        "events": [
            {"id": f"e{i}", "title": f"Event {i}", "start": s, "lane": "a"}
            for i, s in enumerate(starts)
        ],
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


def test_density_counts_every_event_once(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    strip = _strip(qtbot, timeline)
    edges, counts = strip.density
    assert counts.shape == (len(timeline.lanes), len(edges) - 1)
    assert 200 <= counts.shape[1] <= 400
    assert counts.sum() == len(timeline.events)
    per_lane = np.bincount(timeline.columns.lane, minlength=len(timeline.lanes))
    np.testing.assert_array_equal(counts.sum(axis=1), per_lane)
    lo, hi = timeline.span()
    assert edges[0] < lo and edges[-1] > hi  # padded
    x_lo, x_hi = strip.getPlotItem().vb.viewRange()[0]
    assert x_lo == pytest.approx(edges[0] - strip.origin)
    assert x_hi == pytest.approx(edges[-1] - strip.origin)
    assert strip.getPlotItem().vb.viewRange()[1][1] >= np.sqrt(counts.sum(axis=0).max())
    assert strip.region() == pytest.approx((edges[0], edges[-1]))  # whole span until told
    strip.grab().save("/tmp/overview.png")


def test_single_instant_gets_a_day(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, ["2019-02-27T12:00"] * 3)
    strip = _strip(qtbot, timeline)
    edges, counts = strip.density
    assert counts.sum() == 3
    assert edges[-1] - edges[0] >= DAY


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
