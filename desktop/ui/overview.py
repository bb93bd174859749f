"""Overview strip: events in progress over the whole timeline, and the main view's visible window."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desktop.layout.axis_map import LINEAR, AxisMap
from desktop.layout.overview_counts import span_counts
from desktop.model.timeline import Timeline
from desktop.render.date_axis import DateAxisItem

BINS = 300  # a few pixels per bin on a typical window width
DAY = 86400.0
PAD_FRACTION = 0.02  # breathing room so the first and last events do not touch the edges
STRIP_HEIGHT = 80

REGION_BRUSH = QColor(30, 30, 30, 40)
REGION_HOVER_BRUSH = QColor(30, 30, 30, 70)
EDGE_PEN = pg.mkPen(QColor(40, 40, 40), width=2)
EDGE_HOVER_PEN = pg.mkPen(QColor(0, 114, 178), width=3)
BACKGROUND = QColor(255, 255, 255)
FOREGROUND = QColor(60, 60, 60)


class OverviewStrip(pg.PlotWidget):
    """Thin plot of event density over the whole span, with a draggable visible-window region."""

    regionChanged = Signal(float, float)  # epoch seconds (start, end), only from the user

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty strip; call `set_timeline` to fill it."""
        self._axis = DateAxisItem("bottom")
        super().__init__(parent, background=BACKGROUND, axisItems={"bottom": self._axis})
        self.setObjectName("overview")
        self.setFixedHeight(STRIP_HEIGHT)
        self._origin = 0.0
        self._map: AxisMap = LINEAR  # x is this map's axis units minus the origin, as in the main plot
        self._edges = np.zeros(BINS + 1)  # origin-relative seconds
        self._all_counts = np.zeros((0, BINS), dtype=np.int64)  # lanes × bins, hidden lanes too
        self._counts = self._all_counts  # what is drawn: hidden lanes' rows are zero
        self._timeline: Timeline | None = None
        self._hidden: frozenset[str] = frozenset()
        self._bars: list[pg.BarGraphItem] = []
        self._bar_colors: list[str] = []  # each bar item's lane colour
        self._drawn: tuple[bytes, bytes, tuple[str, ...]] | None = None  # what the bars show: edges, counts, colours
        self._programmatic = False  # set while set_region moves the region
        self._reported: tuple[float, float] | None = None  # last region sent, to skip repeats

        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.hideAxis("left")
        plot.setMouseEnabled(False, False)
        plot.vb.disableAutoRange()  # the strip always shows the whole span, whatever is added
        plot.layout.setContentsMargins(1, 2, 1, 0)  # 1 px sides, as the main plot: the time axes line up
        self._axis.setPen(FOREGROUND)
        self._axis.setTextPen(FOREGROUND)

        self._region = pg.LinearRegionItem(
            (0.0, DAY),
            brush=REGION_BRUSH,
            hoverBrush=REGION_HOVER_BRUSH,
            pen=EDGE_PEN,
            hoverPen=EDGE_HOVER_PEN,
        )
        self._region.setZValue(10)  # above the density bars
        plot.addItem(self._region, ignoreBounds=True)
        # pyqtgraph reports live moves (rate-limited) on one signal and the drop on the other.
        self._region.sigRegionChanged.connect(self._on_region_sigRegionChanged)
        self._region.sigRegionChangeFinished.connect(self._on_region_sigRegionChanged)
        self.scene().sigMouseClicked.connect(self._on_scene_sigMouseClicked)
        self._fit(-DAY / 2, DAY / 2, 0)

    @property
    def origin(self) -> float:
        """Epoch seconds that x value 0 stands for."""
        return self._origin

    @property
    def density(self) -> tuple[np.ndarray, np.ndarray]:
        """Bin edges (epoch seconds, BINS + 1) and events in progress per lane and bin (lanes × BINS).

        An event counts in every bin its span overlaps; hidden lanes' rows are zero.
        """
        return self._map.to_time(self._edges + self._origin), self._counts.copy()

    def set_axis_map(self, axis: AxisMap) -> None:
        """Lay time out as the main plot does (a compressed axis): taken by the next `set_timeline`."""
        self._map = axis

    def set_timeline(self, timeline: Timeline, origin: float, span: tuple[float, float] | None = None) -> None:
        """Show the events in progress, x in seconds after epoch `origin`; the region spans it all.

        `span` (epoch seconds) is the whole strip's range: the main view's fitted range, so
        both time axes show the same ticks; by default the data's span and a little room.
        """
        self._origin = float(origin)
        self._axis.set_axis_map(self._map, self._origin)
        self._timeline = timeline
        if span is not None and span[1] > span[0]:
            lo, hi = self._map.axis_of(span[0]) - self._origin, self._map.axis_of(span[1]) - self._origin
        else:
            lo, hi = self._span(timeline)
            pad = (hi - lo) * PAD_FRACTION
            lo, hi = lo - pad, hi + pad
        self._edges = np.linspace(lo, hi, BINS + 1)
        # Counted over each event's whole span, not at its middle: a year-long range belongs
        # to every bin of that year. Array work only (a difference array), even at 1M events.
        edges = self._map.to_time(self._edges + self._origin)  # equal on the axis, not in time when compressed
        self._all_counts = span_counts(timeline.columns, len(timeline.lanes), edges)
        self._show_counts()
        self.set_region(self._map.time_of(lo + self._origin), self._map.time_of(hi + self._origin))  # all in view

    def set_hidden_lanes(self, lane_ids: frozenset[str] | set[str]) -> None:
        """Leave these lanes out of the strip, as the plot leaves them out."""
        self._hidden = frozenset(lane_ids)
        if self._timeline is not None:
            self._show_counts()

    def _show_counts(self) -> None:
        """Draw the counts of the shown lanes, scaled to their highest stack."""
        assert self._timeline is not None
        shown = np.array([lane.id not in self._hidden for lane in self._timeline.lanes], bool)
        self._counts = self._all_counts * shown[:, None] if len(shown) else self._all_counts
        self._draw_bars(self._timeline)
        self._fit(float(self._edges[0]), float(self._edges[-1]), int(self._counts.sum(axis=0).max(initial=0)))

    def set_region(self, start: float, end: float) -> None:
        """Move the region to epoch seconds [start, end] without emitting `regionChanged`."""
        self._programmatic = True
        try:
            self._region.setRegion((self._map.axis_of(start) - self._origin, self._map.axis_of(end) - self._origin))
        finally:
            self._programmatic = False
        self._reported = self.region()  # a user move back to here is no change worth reporting

    def set_left_margin(self, width: int) -> None:
        """Leave `width` pixels on the left, so the strip's time axis lines up with a plot's."""
        axis = self.getPlotItem().getAxis("left")
        axis.setStyle(showValues=False, tickLength=0)
        axis.setPen(pg.mkPen(None))
        axis.setWidth(width)
        self.getPlotItem().showAxis("left")

    def region(self) -> tuple[float, float]:
        """The region's edges in epoch seconds (start, end)."""
        lo, hi = self._region.getRegion()
        return self._map.time_of(lo + self._origin), self._map.time_of(hi + self._origin)

    def _span(self, timeline: Timeline) -> tuple[float, float]:
        """Origin-relative data span, at least a day wide so a lone instant still has room."""
        if not timeline.events:
            return -DAY / 2, DAY / 2
        lo, hi = (self._map.axis_of(v) - self._origin for v in timeline.span())
        if hi - lo < DAY:
            middle = (lo + hi) / 2
            lo, hi = middle - DAY / 2, middle + DAY / 2
        return lo, hi

    def _draw_bars(self, timeline: Timeline) -> None:
        """Replace the bars: one array-fed item per lane colour, stacked in lane order."""
        colours = tuple(la.color for la in timeline.lanes)
        drawn = (self._edges.tobytes(), self._counts.tobytes(), colours)
        if drawn == self._drawn:
            return  # an edit shows the strip up to three times (timeline, axis map, lanes): the same bars
        self._drawn = drawn
        x0, width = self._edges[:-1], np.diff(self._edges)
        # Heights go as the square root of the stacked counts: one spike of thousands
        # would otherwise flatten a lone event elsewhere to nothing. Stacking the roots
        # of the running totals keeps each lane's share in its own colour.
        tops = np.sqrt(np.cumsum(self._counts, axis=0))
        bottoms = np.vstack([np.zeros((1, BINS)), tops[:-1]])
        # One item per colour, not per lane: thousands of lanes made thousands of items, and
        # pyqtgraph's add and remove cost grows with the items already there (minutes at 10,000).
        lane, col = np.nonzero(self._counts > 0)
        colors: np.ndarray = np.array(colours or ("",), dtype=object)[lane]
        parts = {}
        for color in dict.fromkeys(colors):
            pick = colors == color
            r, c = lane[pick], col[pick]
            parts[color] = {"x0": x0[c], "width": width[c], "y0": bottoms[r, c], "y1": tops[r, c]}
        if list(parts) == self._bar_colors:
            for bar, part in zip(self._bars, parts.values(), strict=True):
                bar.setOpts(**part)  # the same items in the same colours: new heights, no items made
            return
        plot = self.getPlotItem()
        for bar in self._bars:
            plot.removeItem(bar)
        self._bars, self._bar_colors = [], list(parts)
        for color, part in parts.items():
            bar = pg.BarGraphItem(**part, brush=pg.mkBrush(color), pen=pg.mkPen(None))
            plot.addItem(bar)
            self._bars.append(bar)

    def _fit(self, lo: float, hi: float, peak: int) -> None:
        """Fix the view on [lo, hi] and on a bin of `peak` events, with a little headroom."""
        vb = self.getPlotItem().vb
        vb.setXRange(lo, hi, padding=0)
        vb.setYRange(0, np.sqrt(max(peak, 1)) * 1.08, padding=0)

    def _on_region_sigRegionChanged(self, _region: pg.LinearRegionItem) -> None:
        """Report a drag of the region or its edges, but not a move made by `set_region`."""
        if self._programmatic:
            return
        region = self.region()
        if region != self._reported:
            self._reported = region
            self.regionChanged.emit(*region)

    def _on_scene_sigMouseClicked(self, event: MouseClickEvent) -> None:
        """Recentre the region where the strip is clicked outside it."""
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return  # a click on the axis is not a place in time
        x = vb.mapSceneToView(event.scenePos()).x()
        lo, hi = self._region.getRegion()
        if lo <= x <= hi:
            return
        half = (hi - lo) / 2
        self._region.setRegion((x - half, x + half))  # emits regionChanged via the slot
