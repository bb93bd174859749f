"""The plot's left axis: one lane title at the middle of each lane's rows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from desktop.layout.frame import Rows
from desktop.render.text_style import one_line
from desktop.render.theme import LIGHT, Theme

LANE_AXIS_PX = 150


class LaneAxisItem(pg.AxisItem):
    """The left axis: lane titles at the middle of each lane's rows."""

    def __init__(self) -> None:
        super().__init__("left")
        self._ticks: list[tuple[float, str]] = []
        self.setStyle(tickLength=0, tickTextOffset=8, autoExpandTextSpace=False)
        self.setWidth(LANE_AXIS_PX)
        self.set_theme(LIGHT)
        font = QFont()
        font.setPointSizeF(9.5)
        font.setBold(True)
        self.setTickFont(font)

    def set_theme(self, theme: Theme) -> None:
        """Draw the axis line and the lane names in the theme's colours."""
        self.setPen(pg.mkPen(theme.axis))
        self.setTextPen(pg.mkPen(theme.text))

    def set_lanes(self, ticks: list[tuple[float, str]]) -> None:
        """Titles and the row coordinate of each shown lane's centre."""
        self._ticks = [(value, one_line(title)) for value, title in ticks]
        self.picture = None
        self.update()

    def set_rows(self, rows: Rows, titles: Sequence[str]) -> None:
        """A tick at the middle of each shown lane's rows, named by its title."""
        shown = np.flatnonzero(rows.lane_top >= 0)
        middles = rows.lane_top[shown] + rows.lane_rows[shown] / 2
        self.set_lanes([(float(y), titles[i]) for y, i in zip(middles.tolist(), shown.tolist(), strict=True)])

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        """One tick per lane whose name has room: names never overlap where rows are thinner than text."""
        lo, hi = min(minVal, maxVal), max(minVal, maxVal)  # the rows run downwards: the range comes inverted
        if hi <= lo or size <= 0:
            return [(1.0, [])]
        px = size / (hi - lo)  # pixels per row
        least = QFontMetricsF(self.style["tickFont"]).height() / px  # rows one name needs
        kept: list[float] = []
        for value, _ in self._ticks:  # in row order, top to bottom
            if lo <= value <= hi and (not kept or value - kept[-1] >= least):
                kept.append(value)
        return [(1.0, kept)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Lane titles, shortened to fit the axis."""
        names = dict(self._ticks)
        # Elide by pixels: pyqtgraph drops a label that sticks out of the axis, name and all.
        metrics = QFontMetricsF(self.style["tickFont"])
        room = LANE_AXIS_PX - self.style["tickTextOffset"][0] - 6  # [0]: the offset across a vertical axis
        return [metrics.elidedText(names.get(v, ""), Qt.TextElideMode.ElideRight, room) for v in values]


__all__ = ["LANE_AXIS_PX", "LaneAxisItem"]
