"""The name of the time zone the axis reads in, drawn in the corner left of the time axis."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy

ZONE_COLOR = QColor("#5f6368")
PAD_PX = 6.0  # from the axis line's left end, and from the corner's top


class ZoneLabelItem(pg.GraphicsWidget):
    """"UTC" or "Asia/Ho_Chi_Minh (UTC+07:00)" right-aligned under the lane titles, beside the axis's left end."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("timeZoneLabel")
        self._text = ""
        self.color = QColor(ZONE_COLOR)  # the theme's muted colour (TimelineScene.set_theme)
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        # The corner's size comes from the lane axis and the time axis: the label never widens or
        # heightens them (as wide as the lane axis, as high as the row gives).
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(0)
        self.setPreferredHeight(0)

    def place_in(self, plot: pg.PlotItem, width: float) -> None:
        """Put the label in the plot's empty corner between the left axis (`width` px) and the bottom axis."""
        self.setMinimumWidth(width)
        self.setPreferredWidth(width)
        self.setMaximumWidth(width)
        plot.layout.addItem(self, 3, 0)

    def text(self) -> str:
        """What the label says."""
        return self._text

    def set_text(self, text: str) -> None:
        """Say `text` (the zone's name and offset)."""
        self._text = text
        self.setToolTip(f"Times on this axis are in {text}" if text else "")
        self.update()

    def lines(self, width: float) -> list[str]:
        """The text as drawn in `width` pixels: one line, or the name over its offset when it does not fit."""
        metrics = QFontMetricsF(self.font)
        if metrics.horizontalAdvance(self._text) <= width or " (" not in self._text:
            return [metrics.elidedText(self._text, Qt.TextElideMode.ElideLeft, width)]
        name, offset = self._text.split(" (", 1)
        return [metrics.elidedText(part, Qt.TextElideMode.ElideLeft, width) for part in (name, "(" + offset)]

    def paint(self, painter: QPainter, *args: object) -> None:
        """Right-aligned, from the top of the corner, in the axis's grey."""
        if not self._text:
            return
        rect = self.boundingRect()
        painter.setFont(self.font)
        painter.setPen(self.color)
        height = QFontMetricsF(self.font).height()
        width = max(rect.width() - PAD_PX, 1.0)
        for i, line in enumerate(self.lines(width)):
            box = QRectF(rect.left(), rect.top() + PAD_PX / 2 + i * height, width, height)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), line)


__all__ = ["ZoneLabelItem"]
