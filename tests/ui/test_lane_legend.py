"""LaneLegend: one check box per lane; a click hides a lane and says so."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLabel

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.ui.lane_legend import LaneLegend

LONG_TITLE = "Ministry of Foreign Affairs of the Democratic People's Republic of Korea"


def _legend(qtbot, timeline: Timeline, width: int = 220) -> LaneLegend:
    """A shown legend of `timeline`, `width` pixels wide."""
    legend = LaneLegend()
    qtbot.addWidget(legend)
    legend.set_timeline(timeline)
    legend.resize(width, 220)
    legend.show()
    qtbot.waitExposed(legend)
    return legend


def _write(tmp_path: Path, lanes: list[tuple[str, str]], name: str = "t.json") -> Timeline:
    """A timeline with the given (id, title) lanes and two events in the first one."""
    data = {
        "version": 1,
        "title": "small",
        "lanes": [
            {"id": lane_id, "title": title, "color": "#0072b2"} for lane_id, title in lanes
        ],
        "events": [
            {"id": f"e{i}", "title": "x", "start": "2019-02-27", "lane": lanes[0][0]}
            for i in range(2)
        ],
    }
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return open_timeline(path)


def _check(legend: LaneLegend, lane_id: str) -> QCheckBox:
    """The check box of `lane_id`, found the way a style sheet or test would."""
    check = legend.findChild(QCheckBox, f"laneCheck_{lane_id}")
    assert check is not None
    return check


def test_one_check_box_per_lane_with_title_and_count(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    assert legend.objectName() == "laneLegend"
    for lane in timeline.lanes:
        check = _check(legend, lane.id)
        assert check.text() == lane.title
        assert check.isChecked()
        assert not check.icon().isNull()  # the colour swatch
    labels = {label.text() for label in legend.findChildren(QLabel)}
    counts = {lane.id: 0 for lane in timeline.lanes}
    for event in timeline.events:
        counts[event.lane] += 1
    assert {str(n) for n in counts.values()} <= labels
    assert legend.hidden_lanes() == set()
    legend.grab().save("/tmp/lane_legend.png")


def test_clicking_a_check_box_hides_the_lane(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    lane = timeline.lanes[1]
    check = _check(legend, lane.id)
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    assert blocker.args == [lane.id, False]
    assert legend.hidden_lanes() == {lane.id}
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))
    assert blocker.args == [lane.id, True]
    assert legend.hidden_lanes() == set()


def test_set_lane_visible_emits_once_and_ignores_unknown_ids(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    lane_id = timeline.lanes[0].id
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        legend.set_lane_visible(lane_id, False)
    assert blocker.args == [lane_id, False]
    with qtbot.assertNotEmitted(legend.laneToggled):
        legend.set_lane_visible(lane_id, False)  # no change
        legend.set_lane_visible("no-such-lane", False)
    assert legend.hidden_lanes() == {lane_id}
    assert not _check(legend, lane_id).isChecked()


def test_rebuild_keeps_hidden_lanes_with_the_same_id(qtbot, tmp_path: Path) -> None:
    first = _write(tmp_path, [("a", "A"), ("b", "B"), ("c", "C")])
    legend = _legend(qtbot, first)
    legend.set_lane_visible("b", False)
    legend.set_lane_visible("c", False)
    second = _write(tmp_path, [("a", "A"), ("b", "Bee")], name="second.json")
    with qtbot.assertNotEmitted(legend.laneToggled):
        legend.set_timeline(second)
    assert legend.hidden_lanes() == {"b"}
    assert not _check(legend, "b").isChecked()
    assert _check(legend, "b").text() == "Bee"
    assert legend.findChild(QCheckBox, "laneCheck_c") is None or not _check(
        legend, "c"
    ).isVisible()


def test_long_titles_fit_a_narrow_dock(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, [("long", LONG_TITLE), ("short", "US")])
    legend = _legend(qtbot, timeline, width=200)
    check = _check(legend, "long")
    assert check.text() == LONG_TITLE  # full title kept; only the painting elides
    assert legend.minimumSizeHint().width() <= 200
    assert check.geometry().right() < legend.width()
    legend.grab().save("/tmp/lane_legend_long.png")


def test_empty_timeline(qtbot, tmp_path: Path) -> None:
    data = {"version": 1, "title": "empty", "lanes": [], "events": []}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    legend = _legend(qtbot, open_timeline(path))
    assert legend.findChildren(QCheckBox) == [] or all(
        not c.isVisible() for c in legend.findChildren(QCheckBox)
    )
    assert legend.hidden_lanes() == set()
