"""The plot's left axis: one lane title at the middle of each lane's rows."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

LANE_AXIS_PX = 150


class LaneAxisItem(pg.AxisItem):
    """The left axis: lane titles at the middle of each lane's rows."""

    def __init__(self) -> None:
        super().__init__("left")
        self._ticks: list[tuple[float, str]] = []
        self.setStyle(tickLength=0, tickTextOffset=8, autoExpandTextSpace=False)
        self.setWidth(LANE_AXIS_PX)
        self.setPen(pg.mkPen("#9aa0a6"))
        self.setTextPen(pg.mkPen("#1d2125"))
        font = QFont()
        font.setPointSizeF(9.5)
        font.setBold(True)
        self.setTickFont(font)

    def set_lanes(self, ticks: list[tuple[float, str]]) -> None:
        """Titles and the row coordinate of each shown lane's centre."""
        self._ticks = ticks
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        """One tick per lane, nothing else."""
        return [(1.0, [value for value, _ in self._ticks])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Lane titles, shortened to fit the axis."""
        names = dict(self._ticks)
        # Elide by pixels: pyqtgraph drops a label that sticks out of the axis, name and all.
        metrics = QFontMetricsF(self.style["tickFont"])
        room = LANE_AXIS_PX - self.style["tickTextOffset"][0] - 6  # [0]: the offset across a vertical axis
        return [metrics.elidedText(names.get(v, ""), Qt.TextElideMode.ElideRight, room) for v in values]


__all__ = ["LANE_AXIS_PX", "LaneAxisItem"]
