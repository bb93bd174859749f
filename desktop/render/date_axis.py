"""The plot's time axis: calendar ticks from `layout.time_axis`, drawn by pyqtgraph."""

from __future__ import annotations

import math

import pyqtgraph as pg
from pyqtgraph.Qt import QtGui

from desktop.layout.time_axis import CHAR_PX, date_ticks, tick_label


class DateAxisItem(pg.AxisItem):
    """Axis showing UTC calendar ticks for values in seconds relative to an origin."""

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        """Create the axis; call `set_origin` before showing real data."""
        super().__init__(orientation, **kwargs)
        self._origin = 0.0
        self._labels: dict[float, str] = {}
        font = QtGui.QFont()
        font.setPointSizeF(9.5)
        self.setTickFont(font)
        metrics = QtGui.QFontMetricsF(font)
        sample = "28 Feb 2019 23:40"
        # Feed the real glyph width to the collision test so labels never touch.
        self._char_px = max(CHAR_PX, metrics.horizontalAdvance(sample) / len(sample))
        # date_ticks already spaces the labels; pyqtgraph's own density limits would
        # otherwise hide the minor labels it judges crowded. A fixed text height from
        # the font (rather than auto-expansion, which starts at 18 px) keeps
        # descenders clear and still leaves room for an axis title if one is set.
        self.setStyle(
            textFillLimits=[(0, 1.0)],
            tickTextOffset=4,
            tickTextHeight=math.ceil(metrics.height()) + 6,
            autoExpandTextSpace=False,
        )
        self.enableAutoSIPrefix(False)

    @property
    def origin(self) -> float:
        """Epoch seconds that axis value 0 stands for."""
        return self._origin

    def set_origin(self, origin: float) -> None:
        """Make axis values mean seconds after UTC epoch seconds `origin`."""
        self._origin = float(origin)
        self._labels.clear()
        self.picture = None  # drop pyqtgraph's cached drawing
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        """Tick levels `[(spacing, [value, …]), …]` in origin-relative seconds."""
        lo, hi = sorted((minVal, maxVal))
        levels = []
        self._labels = {}
        for spacing, ticks in date_ticks(self._origin + lo, self._origin + hi, size, self._char_px):
            values = []
            for value, label in ticks:
                relative = value - self._origin
                self._labels[relative] = label
                values.append(relative)
            levels.append((spacing, values))
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Labels computed by the last `tickValues` call, else formatted from `spacing`."""
        return [
            self._labels[v] if v in self._labels else tick_label(self._origin + v, spacing)
            for v in values
        ]
