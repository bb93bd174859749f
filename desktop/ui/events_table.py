"""Events table: every event a row (date, title, lane, approximate, citations), sortable and filterable.

The rows come from `EventsTableModel` (numpy permutations over the timeline's columns); this
widget shows them, reports the row people move to, and follows the timeline's selection.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QVBoxLayout, QWidget

from desktop.model.timeline import Timeline
from desktop.ui.events_table_model import (
    APPROXIMATE,
    CITATIONS,
    COLUMN_TITLES,
    DATE,
    LANE,
    TITLE,
    EventsTableModel,
)

__all__ = ["APPROXIMATE", "CITATIONS", "COLUMN_TITLES", "DATE", "LANE", "TITLE", "EventsTable", "EventsTableModel"]

DESCRIPTION = (
    "Every event of the timeline, one a row: date, title, lane, whether the date is approximate, and "
    "how many citations back it. Click a column header to sort by it; moving to a row selects that "
    "event in the timeline."
)
SWATCH_PX = 10
# A narrow dock drops columns in this order (the date already says "c." when approximate), so the
# title keeps TITLE_ROOM_PX; narrower still, rows take two lines and the date wraps, not clips.
HIDE_ORDER = (APPROXIMATE, CITATIONS, LANE)
TITLE_ROOM_PX = 220
TITLE_MIN_PX = 120
DATE_MAX_PX = 250  # a longer date (a range with times and zones) elides, with a tooltip
SAMPLED_ROWS = 200  # rows whose dates set the date column's width: spread through the table


class EventsTable(QWidget):
    """The events table view; moving to a row reports its event, and `select_event` follows the timeline."""

    eventActivated = Signal(int)  # event index in the timeline: a row was selected by click or key

    def __init__(self, parent: QWidget | None = None, model: EventsTableModel | None = None) -> None:
        """An empty table; `model` replaces the default one (tests count what it is asked)."""
        super().__init__(parent)
        self.setObjectName("eventsTablePanel")
        self.model = model if model is not None else EventsTableModel(self)
        self._event: int | None = None  # the event the table shows as selected
        self._wanted: dict[int, int] = {}  # widths of the columns other than the title: measured or dragged
        self._fitting = False
        view = self.view = QTableView(self)
        view.setObjectName("eventsTable")
        view.setAccessibleName("Events")
        view.setAccessibleDescription(DESCRIPTION)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setIconSize(QSize(SWATCH_PX, SWATCH_PX))  # the lane's colour square
        # Fixed, equal rows: the view places a million rows by arithmetic, never by asking each one.
        rows = view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.hide()
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never ResizeToContents: reads rows
        header.setSortIndicator(DATE, Qt.SortOrder.AscendingOrder)  # what the rows already are
        view.setSortingEnabled(True)
        self._set_lines(1)
        self._header_px = [header.sectionSizeHint(c) for c in range(len(COLUMN_TITLES))]  # title and sort arrow
        self._measure_columns()
        header.sectionResized.connect(self._on_header_section_resized)
        view.viewport().installEventFilter(self)
        view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.sortPending.connect(self._on_sort_pending)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view)

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show a timeline's events (none selected), in the sort order chosen."""
        self._event = None
        self.model.set_timeline(timeline)
        self._measure_columns()

    def set_filter(self, match: np.ndarray | None) -> None:
        """Show only the events where `match` (the search's bool per event) is True; None shows all."""
        self.model.set_filter(match)

    def refresh_rows(self, indices: Iterable[int] | None = None) -> None:
        """Read these events again after an edit (None: all of them)."""
        self.model.refresh_rows(indices)

    def select_event(self, index: int | None) -> None:
        """Select event `index`'s row and scroll to it (None clears), without emitting `eventActivated`."""
        self._event = index
        self._show_selected(scroll=QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_event(self) -> int | None:
        """The event the table has selected (it may be filtered out of view), or None."""
        return self._event

    def _show_selected(self, scroll: QAbstractItemView.ScrollHint) -> None:
        """Make the view's current row the selected event's (or none)."""
        row = self.model.row_of(self._event) if self._event is not None else None
        selection = self.view.selectionModel()
        # No echo: the selection handler reports only an event other than `_event`, set before this.
        if row is None:
            selection.clearSelection()
            selection.clearCurrentIndex()
            return
        index = self.model.index(row, max(self.view.currentIndex().column(), 0))
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index, scroll)

    def _on_selection_changed(self, *_args: object) -> None:
        """A click or key selected another row: report its event once (focus alone selects nothing)."""
        rows = self.view.selectionModel().selectedRows()
        if len(rows) != 1:
            return
        event = self.model.event_at(rows[0].row())
        if event != self._event:
            self._event = event
            self.eventActivated.emit(event)

    def _on_model_reset(self) -> None:
        """After a sort, filter or new timeline: the selected event's row again, in view; else the top."""
        if self._event is not None and self.model.row_of(self._event) is not None:
            self._show_selected(scroll=QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.view.scrollToTop()

    def _on_sort_pending(self, pending: bool) -> None:
        """While a sort key is made in the background the table stays usable: a busy (not a wait) pointer."""
        if pending:
            self.view.viewport().setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.view.viewport().unsetCursor()

    def _measure_columns(self) -> None:
        """Wanted widths: each column's header, and the dates and lanes of rows spread through the table."""
        least, metrics = self._header_px, self.view.fontMetrics()
        # The delegate's text margins (and the swatch's room in the lane column).
        pad = 2 * self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 10
        count = self.model.rowCount()
        sampled = np.unique(np.linspace(0, count - 1, min(count, SAMPLED_ROWS)).astype(int)).tolist()

        def widest(column: int, extra: int = 0) -> int:
            texts = (self.model.data(self.model.index(row, column)) for row in sampled)
            return max((metrics.horizontalAdvance(t) + pad + extra for t in texts), default=0)

        self._wanted = {
            DATE: min(max(widest(DATE), least[DATE]), DATE_MAX_PX),
            LANE: min(max(widest(LANE, SWATCH_PX + 6), least[LANE]), DATE_MAX_PX),
            APPROXIMATE: least[APPROXIMATE],
            CITATIONS: max(least[CITATIONS], metrics.horizontalAdvance("000") + pad),
        }
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Lay the columns out in the viewport's width: drop the least needed first, the title takes the rest."""
        header, room = self.view.horizontalHeader(), self.view.viewport().width()
        shown = [DATE, LANE, APPROXIMATE, CITATIONS]
        for column in HIDE_ORDER:
            if sum(self._wanted[c] for c in shown) + TITLE_ROOM_PX <= room:
                break
            shown.remove(column)
        narrow = self._wanted[DATE] + TITLE_ROOM_PX > room
        self._fitting = True
        try:
            for column in (LANE, APPROXIMATE, CITATIONS):
                header.setSectionHidden(column, column not in shown)
                if column in shown:
                    header.resizeSection(column, self._wanted[column])
            # Narrow: the date gets two lines in about two fifths of the width.
            date = min(self._wanted[DATE], max(room * 2 // 5, 80)) if narrow else self._wanted[DATE]
            header.resizeSection(DATE, date)
            others = sum(header.sectionSize(c) for c in shown)
            header.resizeSection(TITLE, max(room - others, TITLE_MIN_PX))
        finally:
            self._fitting = False
        self._set_lines(2 if narrow else 1)

    def _set_lines(self, lines: int) -> None:
        """Rows `lines` text lines tall, all alike; text wraps only when there are two."""
        height = lines * self.view.fontMetrics().lineSpacing() + 8
        rows = self.view.verticalHeader()
        if rows.defaultSectionSize() != height:
            rows.setDefaultSectionSize(height)
            self.view.setWordWrap(lines > 1)

    def _on_header_section_resized(self, section: int, _old: int, new: int) -> None:
        """A person dragged a column's edge: keep that width, and let the title take up the difference."""
        if not self._fitting and section != TITLE:
            self._wanted[section] = new
            self._fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Lay the columns out again whenever the viewport changes width."""
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._fit_columns()
        return super().eventFilter(watched, event)
