"""Lane legend: a colour swatch, a visibility check box and an event count per lane, in one item view."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.model.timeline import Timeline
from desktop.ui.lane_legend_model import COUNT, SWATCH_PX, TITLE, LaneLegendModel

PREFERRED_WIDTH_PX = 190
COUNT_PAD_PX = 10  # the cell's own margins either side of the widest count
ROW_PAD_PX = 6  # between lines, as the check boxes of the old legend were spaced


class _TitleDelegate(QStyledItemDelegate):
    """Title cells: a click anywhere on the title toggles its box, as on a QCheckBox; Space does too."""

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        """Toggle on a left-button release inside the cell; keys go to Qt's own handling (Space, Select)."""
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        if not option.rect.contains(event.position().toPoint()):
            return False
        if event.type() != QEvent.Type.MouseButtonRelease:
            return True  # a press or double-click: the release toggles, once, as a check box does
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        checked = state in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return model.setData(index, new, Qt.ItemDataRole.CheckStateRole)


class _CountDelegate(QStyledItemDelegate):
    """Count cells, in the palette's placeholder colour: quieter than the titles."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """Qt's option, with the text colour muted."""
        super().initStyleOption(option, index)
        palette = option.palette
        palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.PlaceholderText))
        option.palette = palette


class _LaneView(QTableView):
    """A flat two-column list of lanes (title, count); knows where each row's check box is drawn."""

    def __init__(self, model: LaneLegendModel, parent: QWidget) -> None:
        """A headerless, gridless table of `model`, its rows one line high."""
        super().__init__(parent)
        self.setObjectName("laneLegendView")
        self.setAccessibleName("Lanes")
        self.setModel(model)
        self.setItemDelegateForColumn(TITLE, _TitleDelegate(self))
        self.setItemDelegateForColumn(COUNT, _CountDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        # Fixed rows are what make 40,000 lanes cheap: a table measures no row it does not show
        # (a QTreeView walks every row, through the Python model, on each reset).
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)  # one line per lane, elided
        self.setTabKeyNavigation(False)  # Tab leaves the legend; arrows move between lanes
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIconSize(QSize(SWATCH_PX, SWATCH_PX))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)  # a legend, not a data table
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # titles elide instead
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(0)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT, QHeaderView.ResizeMode.Fixed)
        self.fit_to_font()

    def fit_to_font(self) -> None:
        """Rows one line high and the count column as wide as the widest count, measured once, not per row."""
        metrics = self.fontMetrics()
        self.verticalHeader().setMinimumSectionSize(0)
        self.verticalHeader().setDefaultSectionSize(max(metrics.height(), SWATCH_PX) + ROW_PAD_PX)
        model = self.model()
        text = model.max_count_text() if isinstance(model, LaneLegendModel) else ""
        self.horizontalHeader().resizeSection(COUNT, metrics.horizontalAdvance(text) + COUNT_PAD_PX if text else 0)

    def check_rect(self, index: QModelIndex) -> QRect:
        """The check indicator of `index`, in viewport coordinates, where the delegate hit-tests it."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        delegate = self.itemDelegateForIndex(index)
        if isinstance(delegate, QStyledItemDelegate):  # ours are: the check box's place depends on the icon
            delegate.initStyleOption(option, index)
        return self.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, self)

    def currentChanged(self, current: QModelIndex | QPersistentModelIndex,
                       previous: QModelIndex | QPersistentModelIndex) -> None:
        """Keep the current cell on a title, where Space toggles the lane and a reader hears its state."""
        super().currentChanged(current, previous)
        if current.isValid() and current.column() != TITLE:
            self.setCurrentIndex(current.sibling(current.row(), TITLE))

    def changeEvent(self, event: QEvent) -> None:
        """A new font changes the row height and how wide the counts are."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_to_font()


class LaneLegend(QWidget):
    """Lists the lanes; unchecking one asks for it to be hidden."""

    laneToggled = Signal(str, bool)  # lane id, visible

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty legend; call `set_timeline` to fill it."""
        super().__init__(parent)
        self.setObjectName("laneLegend")
        self._model = LaneLegendModel(self)
        self._model.laneToggled.connect(self.laneToggled)
        self.view = _LaneView(self._model, self)
        self._empty = QLabel("No lanes", self)
        self._empty.setObjectName("laneLegendEmpty")
        self._empty.setTextFormat(Qt.TextFormat.PlainText)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # as a row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._empty)
        layout.addWidget(self.view, 1)
        self._show_empty()

    def sizeHint(self) -> QSize:
        """Wide enough for the usual lane titles: a dock starts at this width, then people resize it."""
        return QSize(PREFERRED_WIDTH_PX, super().sizeHint().height())

    def set_timeline(self, timeline: Timeline) -> None:
        """Show this timeline's lanes; lanes hidden before stay hidden (no signal for them)."""
        self._model.set_timeline(timeline)
        self.view.fit_to_font()
        self._show_empty()

    def hidden_lanes(self) -> set[str]:
        """Ids of the lanes whose box is unchecked."""
        return self._model.hidden_lanes()

    def set_lane_visible(self, lane_id: str, visible: bool) -> None:
        """Check or uncheck a lane's box; emits `laneToggled` if that changes it."""
        self._model.set_lane_visible(lane_id, visible)

    def is_lane_checked(self, lane_id: str) -> bool:
        """Whether `lane_id`'s box is checked (False for an unknown lane)."""
        return self._model.is_lane_checked(lane_id)

    def lane_index(self, lane_id: str) -> QModelIndex:
        """The model index of `lane_id`'s title cell (invalid for an unknown lane)."""
        row = self._model.row_of(lane_id)
        return QModelIndex() if row is None else self._model.index(row, TITLE)

    def check_rect(self, lane_id: str) -> QRect:
        """`lane_id`'s check box in `view.viewport()` coordinates, scrolled into view first; empty if unknown."""
        index = self.lane_index(lane_id)
        if not index.isValid():
            return QRect()
        self.view.scrollTo(index)
        return self.view.check_rect(index)

    def _show_empty(self) -> None:
        """'No lanes' instead of an empty list."""
        empty = self._model.rowCount() == 0
        self._empty.setVisible(empty)
        self.view.setVisible(not empty)
