"""LaneLegend: one item view of the lanes; a click on a lane's box hides it and says so."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAccessible, QColor, QTextDocument
from PySide6.QtWidgets import QCheckBox, QLabel

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.ui.lane_legend import PREFERRED_WIDTH_PX, LaneLegend

LONG_TITLE = "Ministry of Foreign Affairs of the Democratic People's Republic of Korea"
LEFT = Qt.MouseButton.LeftButton


def _legend(qtbot, timeline: Timeline, width: int = 220, height: int = 220) -> LaneLegend:
    """A shown legend of `timeline`, `width` pixels wide."""
    legend = LaneLegend()
    qtbot.addWidget(legend)
    legend.set_timeline(timeline)
    legend.resize(width, height)
    legend.show()
    qtbot.waitExposed(legend)
    return legend


def _write(tmp_path: Path, lanes: list[tuple[str, str]], name: str = "t.json", events: int = 2) -> Timeline:
    """A timeline with the given (id, title) lanes and `events` events in the first one."""
    data = {
        "version": 1,
        "title": "small",
        "lanes": [{"id": lane_id, "title": title, "color": "#0072b2"} for lane_id, title in lanes],
        "events": [{"id": f"e{i}", "title": "x", "start": "2019-02-27", "lane": lanes[0][0]} for i in range(events)],
    }
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return open_timeline(path)


def _click(qtbot, legend: LaneLegend, lane_id: str) -> None:
    """Click the lane's check box with the real pointer."""
    rect = legend.check_rect(lane_id)
    assert rect.isValid() and legend.view.viewport().rect().contains(rect)
    qtbot.mouseClick(legend.view.viewport(), LEFT, pos=rect.center())


def _cell(legend: LaneLegend, lane_id: str, column: int) -> QModelIndex:
    index = legend.lane_index(lane_id)
    return index.siblingAtColumn(column)


def test_one_row_per_lane_with_swatch_title_check_and_count(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    assert legend.objectName() == "laneLegend"
    assert legend.sizeHint().width() == PREFERRED_WIDTH_PX
    assert legend.view.accessibleName() == "Lanes"
    assert legend.findChildren(QCheckBox) == []  # one view, not a widget per lane
    model = legend.view.model()
    assert model.rowCount() == len(timeline.lanes)
    counts = {lane.id: 0 for lane in timeline.lanes}
    for event in timeline.events:
        counts[event.lane] += 1
    image = legend.grab().toImage()
    ratio = legend.devicePixelRatioF()
    for lane in timeline.lanes:
        title = _cell(legend, lane.id, 0)
        assert title.data(Qt.ItemDataRole.DisplayRole) == lane.title
        assert title.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        assert legend.is_lane_checked(lane.id)
        assert _cell(legend, lane.id, 1).data() == str(counts[lane.id])
        # The swatch is drawn in the lane's colour, between the box and the title.
        rect = legend.view.visualRect(title).translated(legend.view.viewport().mapTo(legend, QPoint(0, 0)))
        row = {QColor(image.pixel(int(x * ratio), int(rect.center().y() * ratio))).name()
               for x in range(rect.left(), rect.left() + 60)}
        assert lane.color.lower() in row, lane.id
    assert legend.hidden_lanes() == set()
    assert not legend.findChild(QLabel, "laneLegendEmpty").isVisible()
    legend.grab().save("/tmp/lane_legend.png")


def test_clicking_a_check_box_hides_the_lane(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    lane = timeline.lanes[1]
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        _click(qtbot, legend, lane.id)
    assert blocker.args == [lane.id, False]
    assert legend.hidden_lanes() == {lane.id}
    assert not legend.is_lane_checked(lane.id)
    assert _cell(legend, lane.id, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        _click(qtbot, legend, lane.id)
    assert blocker.args == [lane.id, True]
    assert legend.hidden_lanes() == set()


def test_clicking_a_title_toggles_it_and_the_count_does_not(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    lane = timeline.lanes[2].id
    view = legend.view
    with qtbot.waitSignal(legend.laneToggled) as blocker:  # as a check box's text does
        qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(_cell(legend, lane, 0)).center())
    assert blocker.args == [lane, False]
    with qtbot.assertNotEmitted(legend.laneToggled):
        qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(_cell(legend, lane, 1)).center())
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=legend.check_rect(lane).center())
    assert legend.hidden_lanes() == {lane}


def test_space_toggles_the_current_row(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    legend.activateWindow()
    qtbot.waitUntil(legend.isActiveWindow)
    view = legend.view
    third, fourth = timeline.lanes[2].id, timeline.lanes[3].id
    with qtbot.assertNotEmitted(legend.laneToggled):  # a click on a count only picks the row
        qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(_cell(legend, third, 1)).center())
    assert view.hasFocus() and view.currentIndex() == legend.lane_index(third)  # on the title, not the count
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert blocker.args == [third, False]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # there is nothing to toggle on the count: stay on the title
    assert view.currentIndex() == legend.lane_index(fourth)
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert blocker.args == [fourth, False]
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert blocker.args == [fourth, True]
    assert legend.hidden_lanes() == {third}


def test_readers_hear_each_lane_s_title_and_check_state(qtbot) -> None:
    timeline = open_timeline(default_events_path())
    legend = _legend(qtbot, timeline)
    table = QAccessible.queryAccessibleInterface(legend.view)
    assert table.role() == QAccessible.Role.Table and table.text(QAccessible.Text.Name) == "Lanes"

    def cell(lane_title: str):
        cells = [table.child(i) for i in range(table.childCount())]
        cells = [c for c in cells if c.role() == QAccessible.Role.Cell]
        return next(c for c in cells if c.text(QAccessible.Text.Name) == lane_title)

    lane = timeline.lanes[0]
    assert cell(lane.title).state().checkable and cell(lane.title).state().checked
    assert cell(lane.title).text(QAccessible.Text.Description).startswith(f"{lane.title} — ")
    _click(qtbot, legend, lane.id)
    assert not cell(lane.title).state().checked


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
    assert not legend.is_lane_checked(lane_id)
    assert not legend.is_lane_checked("no-such-lane")
    assert not legend.check_rect("no-such-lane").isValid()


def test_rebuild_keeps_hidden_lanes_with_the_same_id(qtbot, tmp_path: Path) -> None:
    first = _write(tmp_path, [("a", "A"), ("b", "B"), ("c", "C")])
    legend = _legend(qtbot, first)
    _click(qtbot, legend, "b")
    _click(qtbot, legend, "c")
    second = _write(tmp_path, [("a", "A"), ("b", "Bee")], name="second.json")
    with qtbot.assertNotEmitted(legend.laneToggled):
        legend.set_timeline(second)
    assert legend.hidden_lanes() == {"b"}
    assert not legend.is_lane_checked("b")
    assert _cell(legend, "b", 0).data() == "Bee"
    assert not legend.lane_index("c").isValid()


def test_a_reload_of_the_same_lanes_updates_only_the_counts(qtbot, tmp_path: Path) -> None:
    lanes = [("a", "A"), ("b", "B")]
    legend = _legend(qtbot, _write(tmp_path, lanes))
    _click(qtbot, legend, "b")
    model = legend.view.model()
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(legend.laneToggled):
        legend.set_timeline(_write(tmp_path, lanes, name="more.json", events=1234))
    assert _cell(legend, "a", 1).data() == "1,234"
    assert "1,234 events" in _cell(legend, "a", 0).data(Qt.ItemDataRole.ToolTipRole)
    assert legend.hidden_lanes() == {"b"}
    # The count column grew to the new count: it is drawn whole, the title gets the rest.
    count = legend.view.visualRect(_cell(legend, "a", 1))
    assert count.width() >= legend.view.fontMetrics().horizontalAdvance("1,234")
    assert count.right() < legend.view.viewport().width()


def test_long_titles_elide_in_a_narrow_dock(qtbot, tmp_path: Path) -> None:
    timeline = _write(tmp_path, [("long", LONG_TITLE), ("short", "US")])
    legend = _legend(qtbot, timeline, width=200)
    assert _cell(legend, "long", 0).data() == LONG_TITLE  # full title kept; only the painting elides
    assert legend.minimumSizeHint().width() <= 200
    view = legend.view
    assert view.visualRect(_cell(legend, "long", 1)).right() < view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0
    legend.grab().save("/tmp/lane_legend_long.png")


def test_ampersands_and_markup_show_as_written(qtbot, tmp_path: Path) -> None:
    titles = [("amp", "Trade & Aid &x"), ("tag", '<img src="x.png"><b>bold</b>')]
    legend = _legend(qtbot, _write(tmp_path, titles))
    for lane_id, title in titles:
        assert _cell(legend, lane_id, 0).data() == title  # item views draw text, never mnemonics or markup
        tip = _cell(legend, lane_id, 0).data(Qt.ItemDataRole.ToolTipRole)
        document = QTextDocument()
        document.setHtml(tip)
        assert document.toPlainText().startswith(title + " — ")
        assert "<img" not in tip and "<b>" not in tip


def test_thousands_of_lanes_scroll_in_one_view(qtbot, tmp_path: Path) -> None:
    lanes = [(f"l{i}", f"Lane {i}") for i in range(5000)]
    legend = _legend(qtbot, _write(tmp_path, lanes), height=300)
    assert legend.height() < 400 and legend.findChildren(QCheckBox) == []
    with qtbot.waitSignal(legend.laneToggled) as blocker:
        _click(qtbot, legend, "l4321")  # scrolled to, then clicked
    assert blocker.args == ["l4321", False]
    assert legend.view.verticalScrollBar().value() > 0


def test_empty_timeline(qtbot, tmp_path: Path) -> None:
    data = {"version": 1, "title": "empty", "lanes": [], "events": []}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    legend = _legend(qtbot, open_timeline(path))
    empty = legend.findChild(QLabel, "laneLegendEmpty")
    assert empty.isVisible() and empty.text() == "No lanes"
    assert not legend.view.isVisible()
    assert legend.hidden_lanes() == set()
    legend.set_timeline(open_timeline(default_events_path()))
    assert legend.view.isVisible() and not empty.isVisible()
