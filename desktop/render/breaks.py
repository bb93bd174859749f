"""The faint bands where a compressed time axis leaves out a long empty stretch."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from desktop.render.items import ArrayItem, Drawing, device_xy, visible_span

TINT = QColor(120, 128, 140, 34)  # a faint grey over the lane bands: time left out
EDGE = QColor(150, 156, 165, 120)  # light: labels that cross a break stay easy to read


class BreaksItem(ArrayItem):
    """One tinted band per break, under the marks, edged with dashes: what crosses it is drawn shortened."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__(drawing)
        self.units = np.empty((0, 2))  # (k, 2) axis units of each break's edges

    def set_breaks(self, units: np.ndarray) -> None:
        """The breaks to draw, in axis units (empty for a linear axis)."""
        self.units = np.asarray(units, float).reshape(-1, 2)
        self.update()

    def draw(self, painter: QPainter) -> None:
        """Draw the bands in device pixels, edges dashed."""
        rows = self.drawing.rows
        if rows is None or len(self.units) == 0:
            return
        origin, total = self.drawing.origin, float(max(rows.total, 1))
        x, _ = device_xy(painter, self.units.ravel() - origin, np.zeros(self.units.size))
        _, y = device_xy(painter, np.zeros(2), np.array([0.0, total]))
        top, bottom = float(min(y)), float(max(y))
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # hairlines: crisp and cheap
        edge = QPen(EDGE, 1.0, Qt.PenStyle.DashLine)
        for x0, x1 in np.clip(x.reshape(-1, 2), -1e5, 1e5).tolist():
            # Only the visible part: a break zoomed to thousands of pixels must not cost thousands of lines.
            a, b = visible_span(painter, x0, x1)
            if b <= a:
                continue
            # A faint tint, not a hatch: a pattern or slanted lines over a wide break cost a
            # few milliseconds a frame, and the axis's double slash already says "broken".
            painter.fillRect(QRectF(a, top, b - a, bottom - top), TINT)
            painter.setPen(edge)
            for at in (x0, x1):
                if a <= at <= b:
                    painter.drawLine(QPointF(at, top), QPointF(at, bottom))
