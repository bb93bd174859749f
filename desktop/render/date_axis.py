"""The plot's time axis: calendar ticks from `layout.time_axis`, drawn by pyqtgraph."""

from __future__ import annotations

import math

import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui

from desktop.layout.axis_map import LINEAR, AxisMap
from desktop.layout.axis_ticks import AFTER, BEFORE, EDGE_GAP_PX, compressed_ticks
from desktop.layout.time_axis import CHAR_PX, TimedSpans, date_ticks, tick_label
from desktop.layout.time_zone import ZonedAxis
from desktop.render.theme import Theme

BREAK_MARK_PX = 5.0  # half the height of the double slash drawn where the axis is broken


class DateAxisItem(pg.AxisItem):
    """Axis showing calendar ticks (UTC, or a zone's wall clock) for values in seconds relative to an origin."""

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        """Create the axis; call `set_origin` before showing real data."""
        super().__init__(orientation, **kwargs)
        self._origin = 0.0
        self._labels: dict[float, str] = {}
        self._axis: AxisMap = LINEAR  # axis values + origin are axis units of this map
        self._sides: dict[str, int] = {}  # labels that hug a break's edge, and on which side
        self._timed: TimedSpans | None = None  # None: any view may hold a time of day
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
        self._gap_color = QtGui.QColor("white")  # the page behind the gap cut in the axis line at a break

    def set_theme(self, theme: Theme) -> None:
        """Draw the axis line, ticks and labels in the theme's colours."""
        self.setPen(pg.mkPen(theme.axis))
        self.setTextPen(pg.mkPen(theme.axis_text))
        self._gap_color = QtGui.QColor(theme.page)
        self.picture = None
        self.update()

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

    @property
    def axis_map(self) -> AxisMap:
        """The map from epoch seconds to the axis units the values measure."""
        return self._axis

    def set_axis_map(self, axis: AxisMap, origin: float) -> None:
        """Make axis values mean `axis` units after `origin` (LINEAR: seconds after epoch `origin`)."""
        # Ticks are found in wall-clock seconds, where the UTC calendar code gives the zone's local ticks.
        self._axis = axis.wall if isinstance(axis, ZonedAxis) else axis
        self.set_origin(origin)

    def set_timed_spans(self, timed: TimedSpans | None) -> None:
        """The events with a time of day: where none is in view, no tick names an hour."""
        self._timed = timed
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        """Tick levels `[(spacing, [value, …]), …]` in origin-relative seconds."""
        lo, hi = sorted((minVal, maxVal))
        levels = []
        self._labels = {}
        start, end = self._origin + lo, self._origin + hi
        if not self._axis.linear:
            return self._compressed_levels(start, end, size)
        timed = self._timed is None or self._timed.any_in(start, end)
        for spacing, ticks in date_ticks(start, end, size, self._char_px, timed=timed):
            values = []
            for value, label in ticks:
                relative = value - self._origin
                self._labels[relative] = label
                values.append(relative)
            levels.append((spacing, values))
        return levels

    def _compressed_levels(self, start: float, end: float, size: float) -> list:
        """Ticks per stretch and the dates at each break's edges, for axis units [start, end]."""
        self._sides = {}
        timed = self._timed.any_in if self._timed is not None else None
        levels = []
        for spacing, ticks in compressed_ticks(self._axis, start, end, size, self._char_px, timed):
            values = []
            for value, label, side in ticks:
                relative = value - self._origin
                self._labels[relative] = label
                if side != 0:
                    self._sides[label] = side
                values.append(relative)
            levels.append((spacing, values))
        return levels

    def generateDrawSpecs(self, p: QtGui.QPainter) -> tuple | None:
        """pyqtgraph's specs, with a break's edge dates moved to hug the break from outside."""
        specs = super().generateDrawSpecs(p)
        if specs is None or not self._sides:
            return specs
        axis_spec, tick_specs, text_specs = specs
        moved = []
        for rect, flags, text in text_specs:
            side = self._sides.get(text, 0)
            if side == BEFORE:
                rect = rect.translated(-rect.width() / 2 - EDGE_GAP_PX, 0)
            elif side == AFTER:
                rect = rect.translated(rect.width() / 2 + EDGE_GAP_PX, 0)
            moved.append((rect, flags, text))
        return axis_spec, tick_specs, moved

    def drawPicture(self, p: QtGui.QPainter, axisSpec: tuple, tickSpecs: list, textSpecs: list) -> None:
        """pyqtgraph's axis, and a double slash across the axis line in the middle of each break."""
        super().drawPicture(p, axisSpec, tickSpecs, textSpecs)
        if self._axis.linear or self.orientation != "bottom":
            return
        pen, p1, p2 = axisSpec
        lo, hi = self.range
        if hi <= lo:
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        for a, b in (self._axis.break_units() - self._origin).tolist():
            x = p1.x() + ((a + b) / 2 - lo) / (hi - lo) * (p2.x() - p1.x())
            if not p1.x() <= x <= p2.x():
                continue
            y, h = p1.y(), BREAK_MARK_PX
            # A gap in the axis line, then two parallel slashes: the usual sign of a broken scale.
            p.fillRect(QtCore.QRectF(x - 4, y - 1, 8, 3), self._gap_color)
            p.setPen(pen)
            for dx in (-3.0, 3.0):
                p.drawLine(QtCore.QPointF(x + dx - 2.5, y + h), QtCore.QPointF(x + dx + 2.5, y - h))

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Labels computed by the last `tickValues` call, else formatted from `spacing`."""
        return [
            self._labels[v] if v in self._labels else tick_label(self._origin + v, spacing)
            for v in values
        ]
