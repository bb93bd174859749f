"""EventsTable: rows of events people click, sort and filter; selection follows without echoing back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTableView

import desktop.io.fields  # noqa: F401  # installs the loader's field reader for documents
from benchmarks.bench_file import write_events_file
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import format_span
from desktop.model.document import Document
from desktop.model.search import SearchIndex
from desktop.model.timeline import Timeline
from desktop.ui import events_table_model
from desktop.ui.events_table import (
    APPROXIMATE,
    CITATIONS,
    COLUMN_TITLES,
    DATE,
    LANE,
    TITLE,
    EventsTable,
    EventsTableModel,
)
from desktop.ui.events_table_model import sort_key

LEFT = Qt.MouseButton.LeftButton
DISPLAY = Qt.ItemDataRole.DisplayRole


class CountingModel(EventsTableModel):
    """The table's model, noting every row the view asks data for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        self.asked.add(index.row())
        return super().data(index, role)


def _table(qtbot, timeline: Timeline | None, model: EventsTableModel | None = None,
           width: int = 700, height: int = 320) -> EventsTable:
    """A shown table of `timeline`."""
    table = EventsTable(model=model)
    qtbot.addWidget(table)
    table.resize(width, height)
    table.show()
    qtbot.waitExposed(table)
    if timeline is not None:
        table.set_timeline(timeline)
    return table


def _write(tmp_path: Path, events: list[dict], paragraphs: int = 0) -> Timeline:
    """A two-lane timeline of `events` (lane "a" unless given), with a source "s", read as the app reads it."""
    data = {
        "version": 1, "title": "t",
        "sources": [{"id": "s", "title": "S", "paragraphs": ["p"] * paragraphs}] if paragraphs else [],
        "lanes": [{"id": "a", "title": "Alpha", "color": "#0072B2"}, {"id": "b", "title": "Beta", "color": "#D55E00"}],
        "events": [{"lane": "a", **e} for e in events],
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return open_timeline(path)


def _shown(table: EventsTable) -> list[int]:
    """Event index in each row, top to bottom."""
    return [table.model.event_at(row) for row in range(table.model.rowCount())]


def _click_row(qtbot, table: EventsTable, row: int) -> None:
    """Click the middle of a row's title cell, as a person would."""
    rect = table.view.visualRect(table.model.index(row, TITLE))
    assert table.view.viewport().rect().contains(rect.center()), f"row {row} is not on screen"
    qtbot.mouseClick(table.view.viewport(), LEFT, pos=rect.center())


def _click_header(qtbot, table: EventsTable, column: int) -> None:
    """Click a column's header."""
    header = table.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(table.model.modelReset):
        qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


@pytest.fixture(scope="module")
def default_timeline() -> Timeline:
    return open_timeline(default_events_path())


@pytest.fixture(scope="module")
def big_timeline(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    path = write_events_file(100_000, tmp_path_factory.mktemp("big") / "events.json", seed=3)
    return open_timeline(path)


def test_the_view_and_panel_have_their_names_and_columns(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    assert table.objectName() == "eventsTablePanel"
    assert table.findChild(QTableView, "eventsTable") is table.view
    assert [table.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == list(COLUMN_TITLES)
    assert table.model.rowCount() == len(default_timeline.events)
    # Unsorted by hand, the rows are in the timeline's (date) order, each cell read from its event.
    assert _shown(table) == list(range(len(default_timeline.events)))
    for row, event in enumerate(default_timeline.events):
        cell = lambda column, row=row: table.model.data(table.model.index(row, column))  # noqa: E731
        assert cell(DATE) == format_span(event.start, event.end, event.approximate)
        assert cell(TITLE) == event.title
        assert cell(LANE) == default_timeline.lanes[default_timeline.lane_index[event.lane]].title
        assert cell(APPROXIMATE) == ("Yes" if event.approximate else "")
        assert cell(CITATIONS) == str(len(event.citations))


def test_clicking_a_row_and_arrow_keys_report_its_event(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    table.view.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)  # rows no longer in event order
    row = 3
    expected = table.model.event_at(row)
    with qtbot.waitSignal(table.eventActivated) as blocker:
        _click_row(qtbot, table, row)
    assert blocker.args == [expected]
    assert default_timeline.titles[expected] == table.model.data(table.model.index(row, TITLE))
    with qtbot.waitSignal(table.eventActivated) as blocker:
        qtbot.keyClick(table.view, Qt.Key.Key_Down)
    assert blocker.args == [table.model.event_at(row + 1)]
    with qtbot.waitSignal(table.eventActivated) as blocker:
        qtbot.keyClick(table.view, Qt.Key.Key_Up)
    assert blocker.args == [expected]
    assert table.selected_event() == expected


def test_select_event_scrolls_to_and_selects_its_row_without_emitting(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline, height=140)  # a few rows: the last ones start off screen
    last = len(default_timeline.events) - 1
    rect = table.view.visualRect(table.model.index(last, TITLE))
    assert not table.view.viewport().rect().contains(rect.center())
    with qtbot.assertNotEmitted(table.eventActivated):
        table.select_event(last)
        qtbot.wait(10)  # let any queued signal arrive
    assert table.view.currentIndex().row() == last
    assert [i.row() for i in table.view.selectionModel().selectedRows()] == [last]
    rect = table.view.visualRect(table.model.index(last, TITLE))
    assert table.view.viewport().rect().contains(rect.center())
    with qtbot.assertNotEmitted(table.eventActivated):
        table.select_event(None)
    assert table.view.selectionModel().selectedRows() == []
    # Clicking the row selected before the clear reports it again: nothing stale is remembered.
    with qtbot.waitSignal(table.eventActivated) as blocker:
        _click_row(qtbot, table, last)
    assert blocker.args == [last]


@pytest.mark.parametrize("column", [DATE, TITLE])
def test_header_clicks_sort_ascending_then_descending(qtbot, default_timeline: Timeline, column: int) -> None:
    table = _table(qtbot, default_timeline)
    if column == DATE:  # the rows start in date order: sort by something else first
        _click_header(qtbot, table, TITLE)
    events = list(default_timeline.events)
    key = (lambda i: (events[i].begin, events[i].finish)) if column == DATE else (lambda i: events[i].title.casefold())
    indices = range(len(events))
    _click_header(qtbot, table, column)
    assert _shown(table) == sorted(indices, key=key)
    _click_header(qtbot, table, column)
    # reverse=True keeps equal keys in their first order, as the table does.
    assert _shown(table) == sorted(indices, key=key, reverse=True)
    assert _shown(table) != sorted(indices, key=key)


def test_every_column_sorts_stably_both_ways(qtbot, tmp_path: Path) -> None:
    cite = [{"source": "s", "paragraph": 1}]
    events: list[dict[str, Any]] = [
        {"id": "e0", "title": "b", "start": "2019-02", "lane": "b", "citations": cite * 2},
        {"id": "e1", "title": "B", "start": "2019-02-27", "end": "2019-02-28", "approximate": True},
        {"id": "e2", "title": "a", "start": "2019-02-27", "lane": "b", "citations": cite},
        {"id": "e3", "title": "c", "start": "2019-02-27", "lane": "b", "approximate": True},
    ]
    timeline = _write(tmp_path, events, paragraphs=1)
    assert not timeline.problems
    table = _table(qtbot, timeline)
    ev = list(timeline.events)
    keys: dict[int, Callable[[int], Any]] = {
        LANE: lambda i: timeline.lane_index[ev[i].lane], APPROXIMATE: lambda i: ev[i].approximate,
        CITATIONS: lambda i: len(ev[i].citations), TITLE: lambda i: ev[i].title.casefold(),
    }
    for column, key in keys.items():
        for order, reverse in ((Qt.SortOrder.AscendingOrder, False), (Qt.SortOrder.DescendingOrder, True)):
            table.view.sortByColumn(column, order)
            assert _shown(table) == sorted(range(len(ev)), key=key, reverse=reverse), (column, order)


def test_sorting_keeps_the_selected_event_selected_without_emitting(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    table.select_event(5)
    with qtbot.assertNotEmitted(table.eventActivated):
        _click_header(qtbot, table, TITLE)
    assert table.model.event_at(table.view.currentIndex().row()) == 5
    assert table.view.currentIndex().row() != 5  # it moved with the sort


def test_set_filter_shows_only_matches_and_the_selection_comes_back(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    match = SearchIndex(default_timeline).match("hanoi")
    assert match is not None and 0 < match.sum() < len(match)
    outside = int(np.flatnonzero(~match)[0])
    table.select_event(outside)
    with qtbot.assertNotEmitted(table.eventActivated):
        table.set_filter(match)
    assert _shown(table) == np.flatnonzero(match).tolist()
    assert table.model.row_of(outside) is None
    assert table.view.selectionModel().selectedRows() == []
    with qtbot.assertNotEmitted(table.eventActivated):
        table.set_filter(None)
    assert table.model.rowCount() == len(default_timeline.events)
    assert table.model.event_at(table.view.currentIndex().row()) == outside
    with pytest.raises(ValueError):
        table.set_filter(np.ones(3, bool))


def test_a_filter_applies_to_the_sorted_order(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    table.view.sortByColumn(TITLE, Qt.SortOrder.DescendingOrder)
    everything = _shown(table)
    match = np.zeros(len(default_timeline.events), bool)
    match[::3] = True
    table.set_filter(match)
    assert _shown(table) == [i for i in everything if match[i]]
    for row, event in enumerate(_shown(table)):
        assert table.model.row_of(event) == row


def test_a_hundred_thousand_events_scroll_reading_only_visible_rows(qtbot, big_timeline: Timeline) -> None:
    model = CountingModel()
    table = _table(qtbot, big_timeline, model=model)
    n = len(big_timeline.events)
    assert model.rowCount() == n
    table.select_event(0)  # a current row: a table's first key press with none only goes to the top
    qtbot.waitUntil(lambda: 0 in model.asked)  # the top has been painted
    model.asked.clear()
    table.view.setFocus()
    with qtbot.waitSignal(table.eventActivated) as blocker:
        qtbot.keyClick(table.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [n - 1]
    qtbot.waitUntil(lambda: n - 1 in model.asked)  # the bottom has been painted
    on_screen = table.view.viewport().height() // table.view.verticalHeader().defaultSectionSize() + 2
    assert min(model.asked) >= n - on_screen and len(model.asked) <= on_screen, sorted(model.asked)
    # Sorting by title decodes every title once, then orders the rows as a plain sort would.
    _click_header(qtbot, table, TITLE)
    titles = [t.casefold() for t in big_timeline.titles]
    assert _shown(table) == sorted(range(n), key=titles.__getitem__)
    assert table.model.event_at(table.view.currentIndex().row()) == n - 1  # the selection followed


def test_accessible_names_and_cell_texts(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    assert table.view.accessibleName() == "Events"
    assert "sort" in table.view.accessibleDescription().lower()
    event = default_timeline.events[0]
    when = format_span(event.start, event.end, event.approximate)
    cell = table.model.index(0, DATE)
    assert table.model.data(cell, Qt.ItemDataRole.AccessibleTextRole) == f"Date: {when}"
    description = table.model.data(cell, Qt.ItemDataRole.AccessibleDescriptionRole)
    assert event.title in description and when in description
    # What a screen reader gets through Qt's accessibility layer for that cell.
    interface = QAccessible.queryAccessibleInterface(table.view)
    assert interface is not None and interface.text(QAccessible.Text.Name) == "Events"
    children = (interface.child(k) for k in range(min(interface.childCount(), 40)))
    cells = [c for c in children if c.role() == QAccessible.Role.Cell][:5]
    lane = default_timeline.lanes[default_timeline.lane_index[event.lane]].title
    assert [c.text(QAccessible.Text.Name) for c in cells] == [
        f"Date: {when}", f"Title: {event.title}", f"Lane: {lane}",
        f"Approximate: {'yes' if event.approximate else 'no'}", f"Citations: {len(event.citations)}",
    ]
    assert event.title in cells[0].text(QAccessible.Text.Description)


def test_markup_in_a_title_stays_plain_text(qtbot, tmp_path: Path) -> None:
    title = '<b>x</b> & <img src="y">'
    timeline = _write(tmp_path, [{"id": "e", "title": title, "start": "2019-02-27"}])
    table = _table(qtbot, timeline)
    cell = table.model.index(0, TITLE)
    assert table.model.data(cell) == title
    tip = table.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tip and "&lt;b&gt;x&lt;/b&gt;" in tip
    assert table.model.data(cell, Qt.ItemDataRole.AccessibleTextRole) == f"Title: {title}"


def test_refresh_rows_reads_events_again(qtbot, default_timeline: Timeline) -> None:
    table = _table(qtbot, default_timeline)
    with qtbot.waitSignal(table.model.dataChanged) as blocker:
        table.refresh_rows([2])
    assert blocker.args[0].row() == table.model.row_of(2)
    with qtbot.waitSignal(table.model.modelReset):
        table.refresh_rows()
    assert table.model.rowCount() == len(default_timeline.events)


@pytest.mark.parametrize("width", [300, 600, 900])
def test_columns_fit_the_dock_without_clipping(qtbot, default_timeline: Timeline, width: int) -> None:
    table = _table(qtbot, default_timeline, width=width, height=600)
    header, view = table.view.horizontalHeader(), table.view
    shown = [c for c in range(len(COLUMN_TITLES)) if not header.isSectionHidden(c)]
    # No sideways scrolling: every shown column is whole in the viewport.
    assert sum(header.sectionSize(c) for c in shown) <= view.viewport().width()
    assert DATE in shown and TITLE in shown
    if width == 900:
        assert shown == list(range(len(COLUMN_TITLES)))
    metrics = view.fontMetrics()
    for row in range(table.model.rowCount()):
        when = table.model.data(table.model.index(row, DATE))
        if view.wordWrap():  # a narrow dock: two lines a row, the date wraps within them
            assert view.verticalHeader().defaultSectionSize() >= 2 * metrics.lineSpacing()
            assert max(metrics.horizontalAdvance(w) for w in when.split()) < header.sectionSize(DATE)
        else:
            assert metrics.horizontalAdvance(when) < header.sectionSize(DATE), when
    for column in shown:
        if column != TITLE:  # header words fit (the title's is centred in a wide column)
            assert header.sectionSize(column) >= header.sectionSizeHint(column)


def test_title_and_citation_keys_match_the_events_on_the_fast_path_and_after_edits(tmp_path: Path) -> None:
    """The keys come from bulk walks (titles a chunk at a time, counts from the citation index), not event by event."""
    path = tmp_path / "events.json"
    write_events_file(3000, path, seed=3)
    document = Document.from_timeline(open_timeline(path))

    def check(timeline: Timeline) -> None:
        events = list(timeline.events)
        counts = sort_key(timeline, CITATIONS)
        assert counts.tolist() == [len(e.citations) for e in events]
        titles = sort_key(timeline, TITLE)
        folded = [e.title.casefold() for e in events]
        assert np.argsort(titles, kind="stable").tolist() == sorted(range(len(events)), key=folded.__getitem__)

    check(document.timeline())
    cited = next(e for e in document.events if e.citations)
    source, paragraph = cited.citations[0].source, cited.citations[0].paragraph
    cites = [{"source": source, "paragraph": paragraph}] * 3
    document.add_event({"title": "Zz new", "start": "2019-02", "lane": document.lanes[0].id, "citations": cites})
    document.update_event(cited.id, title="aa renamed", citations=[])
    document.remove_event(next(e.id for e in document.events if e.citations and e.id != cited.id))
    check(document.timeline())


def test_a_big_title_sort_is_made_in_the_background_and_lands_with_the_selection(
        qtbot, monkeypatch: pytest.MonkeyPatch, default_timeline: Timeline) -> None:
    """Past SLOW_SORT_EVENTS the title key is made in slices from the event loop: timeline order until it lands."""
    monkeypatch.setattr(events_table_model, "SLOW_SORT_EVENTS", 5)
    table = _table(qtbot, default_timeline)
    table.select_event(7)
    titles = [e.title.casefold() for e in default_timeline.events]
    with qtbot.waitSignal(table.model.sortPending) as started:
        _click_header(qtbot, table, TITLE)
    assert started.args == [True] and table.model.sort_pending()
    assert table.view.viewport().cursor().shape() == Qt.CursorShape.BusyCursor
    qtbot.waitUntil(lambda: not table.model.sort_pending())
    assert _shown(table) == sorted(range(len(titles)), key=titles.__getitem__)
    assert table.model.event_at(table.view.currentIndex().row()) == 7  # still selected, in its new row
    assert table.view.viewport().cursor().shape() != Qt.CursorShape.BusyCursor


def test_a_background_key_for_an_older_timeline_or_sort_is_dropped(
        qtbot, monkeypatch: pytest.MonkeyPatch, default_timeline: Timeline, tmp_path: Path) -> None:
    monkeypatch.setattr(events_table_model, "SLOW_SORT_EVENTS", 5)
    table = _table(qtbot, default_timeline)
    small = _write(tmp_path, [{"id": "a", "title": "b", "start": "2019"}, {"id": "b", "title": "a", "start": "2020"}])
    with qtbot.waitSignal(table.model.sortPending):
        _click_header(qtbot, table, TITLE)
    with qtbot.waitSignal(table.model.sortPending) as ended:
        table.set_timeline(small)  # 2 events: sorted at once; the key being made for the old timeline is dropped
    assert ended.args == [False]
    assert _shown(table) == [1, 0]
    with qtbot.assertNotEmitted(table.model.modelReset, wait=200):
        pass  # the old key arrives (or has) and changes nothing
    assert _shown(table) == [1, 0]


def test_title_keys_made_a_slice_at_a_time_equal_one_sort(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The background key works in slices (and merges sorted runs) so the window's thread is never kept waiting."""
    path = write_events_file(3000, tmp_path / "events.json", seed=5)
    timeline = open_timeline(path)
    whole = sort_key(timeline, TITLE)
    monkeypatch.setattr(events_table_model, "_SLICE", 7)
    assert np.array_equal(sort_key(timeline, TITLE), whole)
    folded = [e.title.casefold() for e in timeline.events]
    assert np.argsort(whole, kind="stable").tolist() == sorted(range(len(folded)), key=folded.__getitem__)
