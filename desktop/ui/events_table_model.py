"""The events table's model: one row per event (date, title, lane, approximate, citations).

It reads a timeline's column arrays and decodes an event only when the view asks for one of its
cells; sorting and filtering are numpy permutations, so a million rows cost a few index arrays,
never a Python object each.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from desktop.model.dates import format_span
from desktop.model.timeline import Timeline
from desktop.render.text_style import one_line, plain_tooltip

COLUMN_TITLES = ("Date", "Title", "Lane", "Approximate", "Citations")
DATE, TITLE, LANE, APPROXIMATE, CITATIONS = range(len(COLUMN_TITLES))
HEADER_TIPS = ("Sort by date (start, then end)", "Sort by title", "Sort by lane, in the legend's order",
               "Sort approximate dates apart from exact ones", "Sort by how many citations back each event")
_SLICE = 16_384  # items per slice of a title key made from the event loop: ~10-50 ms each
CACHED_ROWS = 1024  # decoded rows kept: a few screens' worth, so repainting never decodes again
SLOW_SORT_EVENTS = 200_000  # from this many events, a title key is made in the background (~1 s a million)
AnyIndex = QModelIndex | QPersistentModelIndex


def date_ranks(begin: np.ndarray, finish: np.ndarray) -> np.ndarray:
    """Each event's place by start, then end; events with both the same share a rank."""
    order = None
    steps = (begin[1:] != begin[:-1]) | (finish[1:] != finish[:-1])
    if not np.all((begin[1:] > begin[:-1]) | ((begin[1:] == begin[:-1]) & (finish[1:] >= finish[:-1]))):
        # Timelines come in this order, so this is only a check on each new revision, not a sort.
        order = np.lexsort((finish, begin))
        begin, finish = begin[order], finish[order]
        steps = (begin[1:] != begin[:-1]) | (finish[1:] != finish[:-1])
    rank = np.zeros(len(begin), np.int32)
    rank[1:] = np.cumsum(steps, dtype=np.int32)
    if order is None:
        return rank
    placed = np.empty_like(rank)
    placed[order] = rank
    return placed


def title_ranks(timeline: Timeline) -> np.ndarray:
    """Each event's place among the distinct titles, compared case-insensitively."""
    *_, ranks = title_rank_steps(timeline)
    assert ranks is not None
    return ranks


def title_rank_steps(timeline: Timeline) -> Iterator[np.ndarray | None]:
    """`title_ranks` a slice at a time: None after each slice of work (~10-40 ms), then the ranks.

    Fold and sort the distinct titles only; numpy does every later direction and filter. A big
    table runs these steps from its event loop, so the window never waits on more than one slice.
    """
    walked = iter(timeline.titles)  # the stores decode a chunk at a time when walked, not title by title
    titles: list[str] = []
    while part := list(islice(walked, _SLICE)):
        titles.extend(part)
        yield None
    distinct: set[str] = set()
    for at in range(0, len(titles), _SLICE):
        distinct.update(titles[at:at + _SLICE])
        yield None
    unique = list(distinct)
    folded: dict[str, str] = {}
    for at in range(0, len(unique), _SLICE):
        folded.update((title, title.casefold()) for title in unique[at:at + _SLICE])
        yield None
    keys = list(set(folded.values()))
    runs: list[list[str]] = []
    for at in range(0, len(keys), _SLICE):
        runs.append(sorted(keys[at:at + _SLICE]))
        yield None
    merged = heapq.merge(*runs)
    place: dict[str, int] = {}
    while part := list(islice(merged, _SLICE)):
        place.update(zip(part, range(len(place), len(place) + len(part)), strict=True))
        yield None
    rank = {title: place[key] for title, key in folded.items()}
    out = np.empty(len(titles), np.int32)
    for at in range(0, len(titles), _SLICE):
        part = titles[at:at + _SLICE]
        out[at:at + len(part)] = np.fromiter(map(rank.__getitem__, part), np.int32, len(part))
        yield None
    yield out


def sort_key(timeline: Timeline, column: int) -> np.ndarray:
    """An integer per event for `column`, equal where the column's values are equal (int32: 4 MB a million)."""
    cols = timeline.columns
    if column == DATE:
        return date_ranks(cols.begin, cols.finish)
    if column == TITLE:
        return title_ranks(timeline)
    if column == LANE:
        return cols.lane  # already the lanes' order, int32
    if column == APPROXIMATE:
        return cols.approximate.astype(np.int8)
    if column == CITATIONS:
        return timeline.citation_index.counts(len(timeline.events))
    raise ValueError(f"no column {column}")


class EventsTableModel(QAbstractTableModel):
    """A timeline's events as table rows, through a sort permutation and a filter mask (numpy arrays).

    A title sort of a big timeline reads every title (about two seconds a million): its key is made
    a slice at a time from the event loop while the rows stay in timeline order, and the sort lands
    when it is ready. (A worker thread was tried: decoding titles held the interpreter for a second.)
    """

    sortPending = Signal(bool)  # a sort key is being made in the background (True), or that is over

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._rows = np.zeros(0, np.intp)  # event index shown in each row
        self._order: np.ndarray | None = None  # every event, in the sorted order
        self._match: np.ndarray | None = None
        self._sort: tuple[int, Qt.SortOrder] = (DATE, Qt.SortOrder.AscendingOrder)
        self._keys: dict[int, np.ndarray] = {}  # sort keys made so far for this timeline
        self._inverse: np.ndarray | None = None  # row of each event (-1: filtered out), made on demand
        self._texts: dict[int, tuple[str, ...]] = {}
        self._making: tuple[Timeline, int] | None = None  # the key being made a slice at a time
        self._steps: Iterator[np.ndarray | None] | None = None
        self._stepper = QTimer(self, interval=0)
        self._stepper.timeout.connect(self._step)

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show `timeline`'s events in the current sort order, unfiltered."""
        self.beginResetModel()
        self._timeline, self._match, self._keys, self._texts = timeline, None, {}, {}
        self._update_rows(resort=True)
        self.endResetModel()
        self._end_stale_wait()

    def set_filter(self, match: np.ndarray | None) -> None:
        """Show only the events where `match` is True (None: all), in the same order."""
        if match is not None:
            match = np.asarray(match, bool)
            if self._timeline is None or match.shape != (len(self._timeline.events),):
                raise ValueError("the filter needs one bool per event of the timeline shown")
        self.beginResetModel()
        self._match = match
        self._update_rows(resort=False)
        self.endResetModel()

    def refresh_rows(self, indices: Iterable[int] | None = None) -> None:
        """Read these events again after an edit (None: all, sorted afresh, keeping the filter)."""
        if indices is None:
            self.beginResetModel()
            self._keys, self._texts = {}, {}
            self._update_rows(resort=True)
            self.endResetModel()
            self._end_stale_wait()
            return
        for event in indices:
            self._texts.pop(int(event), None)
            row = self.row_of(int(event))
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMN_TITLES) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows by `column` (stable: ties stay in timeline order), keeping the filter."""
        if not 0 <= column < len(COLUMN_TITLES):
            return
        self.beginResetModel()
        self._sort = (column, order)
        self._update_rows(resort=True)
        self.endResetModel()
        self._end_stale_wait()

    def _is_making(self, timeline: Timeline | None, column: int) -> bool:
        making = self._making  # by identity: comparing timelines would compare every event
        return making is not None and making[0] is timeline and making[1] == column

    def _end_stale_wait(self) -> None:
        """A key being made that is no longer wanted (another sort or timeline): stop making it and saying so."""
        if self._making is not None and not self._is_making(self._timeline, self._sort[0]):
            self._making = self._steps = None
            self._stepper.stop()
            self.sortPending.emit(False)

    def _update_rows(self, resort: bool) -> None:
        """Rows from the sort permutation and the filter; the permutation made again if asked."""
        self._inverse = None
        if self._timeline is None:
            self._order, self._rows = None, np.zeros(0, np.intp)
            return
        if resort or self._order is None:
            column, order = self._sort
            key = self._key(column)
            if key is None:  # made in the background: timeline order (valid for any revision) until then
                self._order = np.arange(len(self._timeline.events), dtype=np.intp)
            else:
                # Descending by negated keys, still stable: equal values stay in timeline order both ways.
                self._order = np.argsort(key if order == Qt.SortOrder.AscendingOrder else -key, kind="stable")
        self._rows = self._order if self._match is None else self._order[self._match[self._order]]

    def sort_pending(self) -> bool:
        """Whether the rows wait for a sort key made in the background."""
        return self._making is not None

    def _key(self, column: int) -> np.ndarray | None:
        """The column's sort key for this timeline, made once; None while a big title key is made in slices."""
        timeline = self._timeline
        assert timeline is not None
        key = self._keys.get(column)
        if key is not None or self._is_making(timeline, column):
            return key
        if column != TITLE or len(timeline.events) < SLOW_SORT_EVENTS:
            key = self._keys[column] = sort_key(timeline, column)
            return key
        was_pending = self._making is not None
        self._making = (timeline, column)
        self._steps = title_rank_steps(timeline)
        self._stepper.start()
        if not was_pending:
            self.sortPending.emit(True)
        return None

    def _step(self) -> None:
        """One slice of the key being made; the sort lands with the last."""
        making, steps = self._making, self._steps
        if making is None or steps is None:
            self._stepper.stop()
            return
        key = next(steps)
        if key is not None:
            self._stepper.stop()
            self._steps = None
            self._on_key_made(*making, key)

    def _on_key_made(self, timeline: Timeline, column: int, key: np.ndarray) -> None:
        """A key made: sort by it."""
        self._making = None
        self._keys[column] = key
        if self._sort[0] == column:
            self.beginResetModel()
            self._update_rows(resort=True)
            self.endResetModel()
        self.sortPending.emit(False)

    def event_at(self, row: int) -> int:
        """The event index shown in `row`."""
        return int(self._rows[row])

    def row_of(self, event_index: int) -> int | None:
        """The row showing event `event_index`, or None when it is filtered out or unknown."""
        if not 0 <= event_index < (len(self._timeline.events) if self._timeline is not None else 0):
            return None
        if self._inverse is None:
            self._inverse = np.full(len(self._timeline.events), -1, np.intp)  # type: ignore[union-attr]
            self._inverse[self._rows] = np.arange(len(self._rows))
        row = int(self._inverse[event_index])
        return row if row >= 0 else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        """Rows shown (0 under a parent: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """The five columns."""
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles and their tooltips."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMN_TITLES):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMN_TITLES[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, tooltip, spoken text and description, decoded only for rows asked about."""
        if role not in _ROLES or not index.isValid() or self._timeline is None:
            return None
        column = index.column()
        event = int(self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN[column]
        if role == Qt.ItemDataRole.DecorationRole:
            lanes = self._timeline.lanes
            return QColor(lanes[int(self._timeline.columns.lane[event])].color) if column == LANE else None
        texts = self._row_texts(event)
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMN_TITLES[column]}: {texts[5 + column]}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return texts[-1]
        # The tooltip: the whole cell (a long title is elided in the row), never read as markup.
        return plain_tooltip(texts[-1] if column == TITLE else f"{COLUMN_TITLES[column]}: {texts[5 + column]}")

    def _row_texts(self, event: int) -> tuple[str, ...]:
        """Shown texts of the five cells, their spoken forms, and a one-line description of the event."""
        texts = self._texts.get(event)
        if texts is not None:
            return texts
        timeline = self._timeline
        assert timeline is not None
        record = timeline.events[event]
        lane = timeline.lanes[int(timeline.columns.lane[event])].title
        when = format_span(record.start, record.end, record.approximate)
        cites = len(record.citations)
        title = one_line(record.title).replace("\t", " ")
        shown = (when, title, lane, "Yes" if record.approximate else "", str(cites))
        spoken = (when, record.title, lane, "yes" if record.approximate else "no", str(cites))
        described = f"{record.title} — {when} — {lane} — {cites} {'citation' if cites == 1 else 'citations'}"
        if len(self._texts) >= CACHED_ROWS:
            self._texts.clear()  # the view asks for the rows on screen: they come back at once
        texts = self._texts[event] = (*shown, *spoken, described)
        return texts


_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole,
})
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ALIGN = (_LEFT, _LEFT, _LEFT, _CENTER, _RIGHT)
