"""TimelineView in a time zone: timed events on the zone's wall clock, dates on their calendar days, the zone named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import shown_view
from PySide6.QtCore import QPointF

from desktop.io.open import open_timeline
from desktop.model.dates import format_window
from desktop.model.timeline import Timeline
from desktop.model.zones import ZoneError
from desktop.ui.timeline_view import TimelineView

HANOI_NOON = datetime(2019, 2, 28, 5, tzinfo=UTC)  # 12:00 in Hanoi


def _timeline(tmp_path: Path, **top: object) -> Timeline:
    doc = {"version": 1, "title": "Zones", **top, "events": [
        {"id": "press", "title": "Press conference", "start": "2019-02-28T14:00+07:00"},
        {"id": "day", "title": "Second day", "start": "2019-02-28"},
        {"id": "before", "title": "Dinner", "start": "2019-02-27"},
        {"id": "after", "title": "Tweet", "start": "2019-03-01"},
    ]}
    path = tmp_path / "zones.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return open_timeline(path)


def _view(qtbot, timeline: Timeline, zone: str | None) -> TimelineView:
    view = shown_view(qtbot, timeline, 1200, 500, axis_mode="linear")
    view.set_time_zone(zone)
    return view


def _tick_x(view: TimelineView, label: str) -> float:
    """Viewport x of the time axis's tick labelled `label` (as the axis computes and draws it)."""
    axis = view.timeline_scene.date_axis
    lo, hi = axis.range
    levels = axis.tickValues(lo, hi, axis.geometry().width())
    values = [v for _, vs in levels for v in vs]
    found = [v for v, text in zip(values, axis.tickStrings(values, 1.0, 1.0), strict=True) if text.endswith(label)]
    assert found, axis.tickStrings(values, 1.0, 1.0)
    scene_x = view.timeline_scene.vb.mapViewToScene(QPointF(found[0], 0)).x()
    return view.mapFromScene(QPointF(scene_x, 0)).x()


def test_a_plus_seven_event_at_14_sits_on_the_14_tick_in_hanoi(qtbot, tmp_path: Path) -> None:
    view = _view(qtbot, _timeline(tmp_path), "Asia/Ho_Chi_Minh")
    view.set_visible_range(datetime(2019, 2, 28, 3, tzinfo=UTC), datetime(2019, 2, 28, 11, tzinfo=UTC))
    assert abs(view.event_position("press").x() - _tick_x(view, "14:00")) <= 1
    assert view.timeline_scene.zone_label.text() == "Asia/Ho_Chi_Minh (UTC+07:00)"
    # The range still speaks epoch seconds: what was asked for is what is shown.
    start, end = view.visible_range()
    assert abs((start - datetime(2019, 2, 28, 3, tzinfo=UTC)).total_seconds()) < 1
    assert abs((end - datetime(2019, 2, 28, 11, tzinfo=UTC)).total_seconds()) < 1


def test_in_utc_the_same_event_sits_on_07(qtbot, tmp_path: Path) -> None:
    view = _view(qtbot, _timeline(tmp_path), "UTC")
    view.set_visible_range(datetime(2019, 2, 28, 3, tzinfo=UTC), datetime(2019, 2, 28, 11, tzinfo=UTC))
    assert abs(view.event_position("press").x() - _tick_x(view, "07:00")) <= 1
    assert view.timeline_scene.zone_label.text() == "UTC"


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo", "UTC"])
def test_a_day_event_stays_on_its_calendar_day(qtbot, tmp_path: Path, zone: str) -> None:
    view = _view(qtbot, _timeline(tmp_path), zone)
    view.set_visible_range(datetime(2019, 2, 27, tzinfo=UTC), datetime(2019, 3, 2, tzinfo=UTC))
    scene = view.timeline_scene
    i = view.timeline.event_index["day"]
    cols = scene.drawing.cols
    # Its drawn extent is 28 February 00:00–24:00 on the axis's calendar, whatever the zone.
    begin, finish = scene.axis.wall.time_of(float(cols.begin[i])), scene.axis.wall.time_of(float(cols.finish[i]))
    day = (datetime(2019, 2, 28, tzinfo=UTC).timestamp(), datetime(2019, 3, 1, tzinfo=UTC).timestamp())
    assert (begin, finish) == day
    assert view.drawn_seconds("day") == scene.axis.time_of(float(cols.anchor[i]))


def test_the_default_zone_follows_the_file(qtbot, tmp_path: Path) -> None:
    assert _view(qtbot, _timeline(tmp_path, timezone="Asia/Tokyo"), None).time_zone() == "Asia/Tokyo"
    assert _view(qtbot, _timeline(tmp_path), None).time_zone() == "UTC+07:00"  # the one offset written


def test_changing_the_zone_keeps_the_range_and_refuses_bad_names(qtbot, tmp_path: Path) -> None:
    view = _view(qtbot, _timeline(tmp_path), "UTC")
    view.set_visible_range(datetime(2019, 2, 28, 3, tzinfo=UTC), datetime(2019, 2, 28, 11, tzinfo=UTC))
    with qtbot.waitSignal(view.timeZoneChanged, check_params_cb=lambda z: z == "America/New_York"):
        view.set_time_zone("America/New_York")
    start, _ = view.visible_range()
    assert abs((start - datetime(2019, 2, 28, 3, tzinfo=UTC)).total_seconds()) < 1
    with pytest.raises(ZoneError):
        view.set_time_zone("Mars/Olympus")
    assert view.time_zone() == "America/New_York"


def test_the_window_is_named_by_the_zones_calendar(qtbot, tmp_path: Path) -> None:
    # The status bar and the export's subtitle name the range on the axis's wall clock:
    # 28 February in Hanoi is 27 Feb 17:00 – 28 Feb 17:00 UTC, and is called 28 February there.
    hanoi_day = (datetime(2019, 2, 27, 17, tzinfo=UTC), datetime(2019, 2, 28, 17, tzinfo=UTC))
    view = _view(qtbot, _timeline(tmp_path), "Asia/Ho_Chi_Minh")
    view.set_visible_range(*hanoi_day)
    assert format_window(*view.visible_wall_seconds()) == "28 February 2019"
    view.set_time_zone("UTC")
    view.set_visible_range(*hanoi_day)
    assert format_window(*view.visible_wall_seconds()) == "27–28 February 2019"
