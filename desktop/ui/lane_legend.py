"""Lane legend: a colour swatch, a visibility check box and an event count per lane."""

from __future__ import annotations

from functools import partial

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from desktop.model.timeline import Timeline
from desktop.render.text_style import plain_tooltip

SWATCH_PX = 12


PREFERRED_WIDTH_PX = 190


def _tip(title: str, count: int) -> str:
    """A lane row's tooltip: its full title (file text, so escaped) and how many events it holds."""
    return plain_tooltip(f"{title} — {count:,} {'event' if count == 1 else 'events'}")


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


class _ElidingCheckBox(QCheckBox):
    """Check box that keeps its full text but paints it elided when the row is narrow."""

    def minimumSizeHint(self) -> QSize:
        """Room for the indicator, swatch and a few characters, so a narrow dock can shrink it."""
        hint = super().minimumSizeHint()
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = "Ab…"
        short = self.style().sizeFromContents(
            QStyle.ContentsType.CT_CheckBox, option, QSize(0, 0), self
        )
        text = self.fontMetrics().horizontalAdvance(option.text)
        return QSize(min(hint.width(), short.width() + text), hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the check box with its text elided to the width it really has."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        contents = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self)
        room = contents.width() - option.iconSize.width() - 4  # icon-to-text gap
        option.text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, max(room, 0)
        )
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)


class LaneLegend(QWidget):
    """Lists the lanes; unchecking one asks for it to be hidden."""

    laneToggled = Signal(str, bool)  # lane id, visible

    def sizeHint(self) -> QSize:
        """Wide enough for the usual lane titles: a dock starts at this width, then people resize it."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), PREFERRED_WIDTH_PX), hint.height())

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty legend; call `set_timeline` to fill it."""
        super().__init__(parent)
        self.setObjectName("laneLegend")
        self._checks: dict[str, QCheckBox] = {}
        self._count_labels: dict[str, QLabel] = {}
        self._shape: list[tuple[str, str, str]] = []  # the lanes the rows were built for
        self._hidden: set[str] = set()
        self._rows = QWidget(self)
        self._grid = QGridLayout(self._rows)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(0, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self._rows)
        outer.addStretch(1)  # rows stay at the top of a tall dock

    def set_timeline(self, timeline: Timeline) -> None:
        """Show this timeline's lanes; lanes hidden before stay hidden (no signal for them)."""
        counts = np.bincount(timeline.columns.lane, minlength=len(timeline.lanes))
        shape = [(lane.id, lane.title, lane.color) for lane in timeline.lanes]
        if shape and shape == self._shape:
            # A reload of the same lanes (the usual case): update the counts, keep the widgets.
            for (lane_id, title, _), count in zip(shape, counts.tolist(), strict=True):
                self._count_labels[lane_id].setText(f"{count:,}")
                self._checks[lane_id].setToolTip(_tip(title, count))
            return
        self._shape = shape
        self._count_labels = {}
        while (item := self._grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                # Unparented now so findChild never sees a stale row; freed by Qt later.
                widget.setParent(None)
                widget.deleteLater()
        self._checks = {}
        self._hidden &= {lane.id for lane in timeline.lanes}

        for row, lane in enumerate(timeline.lanes):
            count = int(counts[row])
            # A button reads "&x" as a mnemonic (and an Alt+x shortcut): file text doubles it.
            check = _ElidingCheckBox(lane.title.replace("&", "&&"), self._rows)
            check.setObjectName(f"laneCheck_{lane.id}")
            check.setIcon(_swatch(lane.color))
            check.setIconSize(QSize(SWATCH_PX, SWATCH_PX))
            # QCheckBox will not shrink below its full text by default; this one elides.
            check.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            check.setChecked(lane.id not in self._hidden)
            check.setToolTip(_tip(lane.title, count))
            check.toggled.connect(partial(self._on_check_toggled, lane.id))
            self._grid.addWidget(check, row, 0)
            self._count_labels[lane.id] = self._muted(f"{count:,}")
            self._grid.addWidget(self._count_labels[lane.id], row, 1, Qt.AlignmentFlag.AlignRight)
            self._checks[lane.id] = check
        if not timeline.lanes:
            self._grid.addWidget(self._muted("No lanes"), 0, 0)

    def hidden_lanes(self) -> set[str]:
        """Ids of the lanes whose box is unchecked."""
        return set(self._hidden)

    def set_lane_visible(self, lane_id: str, visible: bool) -> None:
        """Check or uncheck a lane's box; emits `laneToggled` if that changes it."""
        check = self._checks.get(lane_id)
        if check is not None:
            check.setChecked(visible)

    def _muted(self, text: str) -> QLabel:
        """A label in the palette's placeholder colour, quieter than the titles."""
        label = QLabel(text, self._rows)
        label.setTextFormat(Qt.TextFormat.PlainText)
        palette = label.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
        )
        label.setPalette(palette)
        return label

    def _on_check_toggled(self, lane_id: str, checked: bool) -> None:
        """Record the lane's visibility and report it."""
        if checked:
            self._hidden.discard(lane_id)
        else:
            self._hidden.add(lane_id)
        self.laneToggled.emit(lane_id, checked)
