"""The lane legend's model: one row per lane (check state, swatch and title; event count).

The rows are a few lists and a numpy count array; the view asks only for the rows it shows,
so 40,000 lanes cost no more widgets than five.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from desktop.model.timeline import Timeline
from desktop.render.text_style import plain_tooltip

SWATCH_PX = 12
TITLE, COUNT = 0, 1
_CONTROL = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u2028": " ", "\u2029": " "})
AnyIndex = QModelIndex | QPersistentModelIndex


def _tip(title: str, count: int) -> str:
    """A lane row's tooltip: its full title (file text, so escaped) and how many events it holds."""
    return plain_tooltip(_summary(title, count))


def _summary(title: str, count: int) -> str:
    """`title — N events`, as plain words."""
    return f"{title} — {count:,} {'event' if count == 1 else 'events'}"


def _swatch(color: str) -> QIcon:
    """A small filled square in `color` with a darker rim, so pale colours still show."""
    pixmap = QPixmap(SWATCH_PX, SWATCH_PX)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill = QColor(color)
    painter = QPainter(pixmap)
    painter.setPen(fill.darker(150))
    painter.setBrush(fill)
    painter.drawRect(0, 0, SWATCH_PX - 1, SWATCH_PX - 1)
    painter.end()
    return QIcon(pixmap)


def _is_checked(value: Any) -> bool:
    """Whether a CheckStateRole value means checked (views send the enum, some callers its int)."""
    return value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)


class LaneLegendModel(QAbstractTableModel):
    """Lanes as rows: a checkable title with its colour, and a count; unchecked lanes are hidden."""

    laneToggled = Signal(str, bool)  # lane id, visible

    def __init__(self, parent: QObject | None = None) -> None:
        """An empty model; `set_timeline` fills it."""
        super().__init__(parent)
        self._ids: list[str] = []
        self._titles: list[str] = []
        self._colors: list[str] = []
        self._counts = np.zeros(0, np.int64)
        self._row_of: dict[str, int] = {}
        self._hidden: set[str] = set()
        self._icons: dict[str, QIcon] = {}  # one swatch per distinct colour, drawn when first shown

    def set_timeline(self, timeline: Timeline) -> None:
        """Show this timeline's lanes; lanes hidden before stay hidden, and nothing is emitted for them."""
        counts = np.bincount(timeline.columns.lane, minlength=len(timeline.lanes))[: len(timeline.lanes)]
        ids = [lane.id for lane in timeline.lanes]
        titles = [lane.title for lane in timeline.lanes]
        colors = [lane.color for lane in timeline.lanes]
        if ids and (ids, titles, colors) == (self._ids, self._titles, self._colors):
            # A reload of the same lanes (the usual case): only the counts and tooltips change.
            self._counts = counts
            self.dataChanged.emit(self.index(0, TITLE), self.index(len(ids) - 1, COUNT),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole])
            return
        self.beginResetModel()
        self._ids, self._titles, self._colors, self._counts = ids, titles, colors, counts
        self._row_of = {lane_id: row for row, lane_id in enumerate(ids)}
        self._hidden &= self._row_of.keys()
        self.endResetModel()

    def hidden_lanes(self) -> set[str]:
        """Ids of the lanes whose box is unchecked."""
        return set(self._hidden)

    def is_lane_checked(self, lane_id: str) -> bool:
        """Whether `lane_id` is a lane here and its box is checked."""
        return lane_id in self._row_of and lane_id not in self._hidden

    def row_of(self, lane_id: str) -> int | None:
        """The row showing `lane_id`, or None if there is no such lane."""
        return self._row_of.get(lane_id)

    def max_count_text(self) -> str:
        """The widest count this model shows, to size the count column."""
        return f"{int(self._counts.max()):,}" if len(self._counts) else ""

    def set_lane_visible(self, lane_id: str, visible: bool) -> None:
        """Check or uncheck a lane; emits `laneToggled` if that changes it."""
        row = self._row_of.get(lane_id)
        if row is not None:
            state = Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
            self.setData(self.index(row, TITLE), state, Qt.ItemDataRole.CheckStateRole)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        """One row per lane (none under a row)."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Title and count."""
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column names, for screen readers (the legend hides its header)."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section in (0, 1):
            return ("Lane", "Events")[section]
        return super().headerData(section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Titles can be checked; nothing is edited or dragged."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == TITLE else flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The title (plain text, line breaks as spaces), swatch, check state, count, tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles[row].translate(_CONTROL) if column == TITLE else f"{int(self._counts[row]):,}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tip(self._titles[row], int(self._counts[row]))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return _summary(self._titles[row], int(self._counts[row]))
        if column == COUNT:
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return None
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Unchecked if self._ids[row] in self._hidden else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.DecorationRole:
            color = self._colors[row]
            if (icon := self._icons.get(color)) is None:
                icon = self._icons[color] = _swatch(color)
            return icon
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Check or uncheck a title; reports the lane's visibility when it changes."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != TITLE:
            return False
        lane_id, visible = self._ids[index.row()], _is_checked(value)
        if visible == (lane_id not in self._hidden):
            return True
        if visible:
            self._hidden.discard(lane_id)
        else:
            self._hidden.add(lane_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.laneToggled.emit(lane_id, visible)
        return True
