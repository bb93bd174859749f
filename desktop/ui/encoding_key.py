"""The key widget: what the timeline's colours and marks mean, beside the lanes."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.model.timeline import Timeline
from desktop.render.key import KeyRow, key_height, key_rows, key_width, paint_key

PREFERRED_WIDTH_PX = 190  # the Lanes list's width: the two share the left dock area


class EncodingKey(QWidget):
    """Paints the key (render.key) at its width, wrapping text; as tall as that needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """A key in the default colour; `set_timeline` colours it with the lanes'."""
        super().__init__(parent)
        self.setObjectName("encodingKey")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._lanes: list[tuple[str, str]] = []
        self._breaks = False
        self._rows: list[KeyRow] = key_rows([])
        self._fit_height()

    def rows(self) -> list[KeyRow]:
        """The entries shown, top-down."""
        return list(self._rows)

    def set_timeline(self, timeline: Timeline) -> None:
        """Draw the marks in this timeline's lane colours."""
        self._lanes = [(lane.title, lane.color) for lane in timeline.lanes]
        self._refresh()

    def set_breaks(self, shown: bool) -> None:
        """Whether the axis is compressed, so the key explains the mark of time left out."""
        if shown != self._breaks:
            self._breaks = shown
            self._refresh()

    def _refresh(self) -> None:
        self._rows = key_rows(self._lanes, breaks=self._breaks)
        self._fit_height()
        self.update()

    def sizeHint(self) -> QSize:
        """The Lanes list's width, and the height the wrapped text needs there."""
        width = min(PREFERRED_WIDTH_PX, int(key_width(self._rows, self.font())) + 1)
        return QSize(width, int(key_height(self._rows, self.font(), width)) + 1)

    def minimumSizeHint(self) -> QSize:
        """Narrow enough for a slim dock; text wraps rather than being cut."""
        return QSize(140, self.minimumHeight())

    def _fit_height(self) -> None:
        # Wrapped text needs more height on a narrower key: the height follows the width.
        height = int(key_height(self._rows, self.font(), max(self.width(), 140))) + 1
        if height != self.minimumHeight():
            self.setMinimumHeight(height)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep every line of text in view at the new width."""
        super().resizeEvent(event)
        self._fit_height()

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the key into the whole widget."""
        painter = QPainter(self)
        paint_key(painter, QRectF(self.rect()), self._rows, self.font())
        painter.end()
