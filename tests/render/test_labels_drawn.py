"""Labels whole and unambiguous in the PNG export, collision stacking on a dense file, and a day drawn as its day."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from helpers import shown_view
from label_boxes import assert_unambiguous
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

import desktop.render.export as export
import desktop.render.page_scene as page_scene
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.frame import View
from desktop.layout.labels import bar_half_px
from desktop.model.timeline import Timeline
from desktop.render.label_measure import LabelMeasure, label_font
from desktop.render.scene import TimelineScene

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = ROOT.parent / "shared" / "peers" / "thetimelineproj" / "versions.timeline"


def scene_view(scene: TimelineScene) -> View:
    """The View the scene laid its last frame out for."""
    assert scene.rows is not None
    rect = scene.vb.rect()
    start, end = scene.axis_range()
    return View(start, end, max(rect.width(), 1.0), rect.height() / max(scene.rows.total, 1))


def exported_scene(monkeypatch: pytest.MonkeyPatch, timeline: Timeline, width: int) -> TimelineScene:
    """Export `timeline` as `summit-timeline export --width` does; the scene whose frame the PNG shows."""
    made: list[TimelineScene] = []

    class Recording(TimelineScene):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(page_scene, "TimelineScene", Recording)
    image = export.render_timeline(timeline, width=width)
    assert image.width() == width and len(made) == 1
    return made[0]


def check_labels_whole_and_unambiguous(scene: TimelineScene, timeline: Timeline) -> None:
    """Every title drawn, none elided, each label closer to its own event's glyph than to any other."""
    frame, cols, rows = scene.frame, scene.drawing.cols, scene.rows
    assert cols is not None and rows is not None
    assert sorted(frame.label_idx.tolist()) == list(range(len(timeline.events))), "an event has no label"
    measure = LabelMeasure(timeline.titles, label_font())
    for i, w in zip(frame.label_idx.tolist(), frame.label_width.tolist(), strict=True):
        assert measure.elided(i, w) == timeline.titles[i], f"{timeline.events[i].id}: title elided"
    assert_unambiguous(frame, cols, rows, scene_view(scene))


def test_the_default_export_draws_every_title_whole(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    timeline = open_timeline(default_events_path())
    scene = exported_scene(monkeypatch, timeline, 1600)
    check_labels_whole_and_unambiguous(scene, timeline)


@pytest.mark.skipif(not VERSIONS.is_file(), reason="needs the shared peer files beside the project")
def test_a_dense_file_exported_at_1600_px_labels_most_events(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Timeline app's versions.timeline: 59 releases, 3 labels before collision stacking."""
    timeline = open_timeline(VERSIONS)
    assert len(timeline.events) == 59
    scene = exported_scene(monkeypatch, timeline, 1600)
    frame = scene.frame
    assert len(frame.label_idx) >= 40, f"only {len(frame.label_idx)} labels"
    assert scene.drawing.cols is not None and scene.rows is not None
    assert_unambiguous(frame, scene.drawing.cols, scene.rows, scene_view(scene))


def _lane_coloured(rgb: np.ndarray, colour: QColor) -> np.ndarray:
    """Pixels tinted by a lane colour (its fill over white, its outline): not grey, not text."""
    hue = np.array([colour.red(), colour.green(), colour.blue()], float)
    tint = (hue - hue.mean()) / np.linalg.norm(hue - hue.mean())
    centred = rgb - rgb.mean(axis=-1, keepdims=True)
    return (centred @ tint) > 12


def test_a_day_event_at_deep_zoom_covers_its_day_on_screen(qtbot) -> None:
    """28 February drawn from 00:00 to 24:00 at 27 February – 1 March, within a pixel."""
    timeline = open_timeline(default_events_path())
    view = shown_view(qtbot, timeline, 1600, 700)
    view.set_visible_range(datetime(2019, 2, 27, tzinfo=UTC), datetime(2019, 3, 2, tzinfo=UTC))
    scene = view.timeline_scene
    i = timeline.event_index["summit-ends-no-deal"]  # "2019-02-28", a point of day precision
    cols, rows = scene.drawing.cols, scene.rows
    assert cols is not None and rows is not None
    assert i in scene.frame.bar_idx.tolist()
    middle, height = scene.frame.event_y(rows, i)

    def to_viewport(x: float, y: float) -> QPointF:
        return view.mapFromScene(scene.vb.mapViewToScene(QPointF(x - scene.drawing.origin, y))).toPointF()

    left, right = to_viewport(float(cols.begin[i]), float(middle[0])), to_viewport(float(cols.finish[i]), 0.0)
    assert right.x() - left.x() > 300, "a day is hundreds of pixels wide at this zoom"
    # A line through the bar above its label's text.
    half = float(bar_half_px(height[0] * scene_view(scene).row_px))
    y = round(left.y() - half + 3)
    image = view.viewport().grab().toImage()
    line = np.array([[image.pixelColor(x, y).red(), image.pixelColor(x, y).green(), image.pixelColor(x, y).blue()]
                     for x in range(image.width())], float)
    tinted = np.flatnonzero(_lane_coloured(line, QColor(timeline.lanes[int(cols.lane[i])].color)))
    assert len(tinted)
    assert abs(tinted[0] - left.x()) <= 1.5 and abs(tinted[-1] + 1 - right.x()) <= 1.5, (
        f"drawn {tinted[0]}–{tinted[-1] + 1} px, the day is {left.x():.1f}–{right.x():.1f} px")
