"""Overview strip: event density over the whole timeline and the main view's visible window."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

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
        self._edges = np.zeros(BINS + 1)  # origin-relative seconds
        self._counts = np.zeros((0, BINS), dtype=np.int64)  # lanes × bins
        self._bars: list[pg.BarGraphItem] = []
        self._programmatic = False  # set while set_region moves the region
        self._reported: tuple[float, float] | None = None  # last region sent, to skip repeats

        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.hideAxis("left")
        plot.setMouseEnabled(False, False)
        plot.vb.disableAutoRange()  # the strip always shows the whole span, whatever is added
        plot.layout.setContentsMargins(4, 2, 4, 0)
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
        """Bin edges (epoch seconds, BINS + 1) and event counts per lane and bin (lanes × BINS)."""
        return self._edges + self._origin, self._counts.copy()

    def set_timeline(self, timeline: Timeline, origin: float) -> None:
        """Show the event density, x in seconds after epoch `origin`; the region spans it all."""
        self._origin = float(origin)
        self._axis.set_origin(self._origin)
        lo, hi = self._span(timeline)
        pad = (hi - lo) * PAD_FRACTION
        lo, hi = lo - pad, hi + pad
        self._edges = np.linspace(lo, hi, BINS + 1)

        cols = timeline.columns
        n_lanes = len(timeline.lanes)
        anchors = cols.anchor - self._origin
        # One bincount over lane-major flat indices counts every lane in a single pass,
        # which matters at a million events (a np.histogram per lane would rescan them).
        index = np.clip(((anchors - lo) / (hi - lo) * BINS).astype(np.int64), 0, BINS - 1)
        flat = cols.lane.astype(np.int64) * BINS + index
        counts = np.bincount(flat, minlength=n_lanes * BINS)
        self._counts = counts.reshape(n_lanes, BINS)
        self._draw_bars(timeline)
        self._fit(lo, hi, int(self._counts.sum(axis=0).max(initial=0)))
        self.set_region(lo + self._origin, hi + self._origin)  # all in view until told otherwise

    def set_region(self, start: float, end: float) -> None:
        """Move the region to epoch seconds [start, end] without emitting `regionChanged`."""
        self._programmatic = True
        try:
            self._region.setRegion((start - self._origin, end - self._origin))
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
        return lo + self._origin, hi + self._origin

    def _span(self, timeline: Timeline) -> tuple[float, float]:
        """Origin-relative data span, at least a day wide so a lone instant still has room."""
        if not timeline.events:
            return -DAY / 2, DAY / 2
        lo, hi = (v - self._origin for v in timeline.span())
        if hi - lo < DAY:
            middle = (lo + hi) / 2
            lo, hi = middle - DAY / 2, middle + DAY / 2
        return lo, hi

    def _draw_bars(self, timeline: Timeline) -> None:
        """Replace the bars: one array-fed item per lane, stacked in lane order."""
        plot = self.getPlotItem()
        for bar in self._bars:
            plot.removeItem(bar)
        self._bars = []
        x0, width = self._edges[:-1], np.diff(self._edges)
        # Heights go as the square root of the stacked counts: one spike of thousands
        # would otherwise flatten a lone event elsewhere to nothing. Stacking the roots
        # of the running totals keeps each lane's share in its own colour.
        tops = np.sqrt(np.cumsum(self._counts, axis=0))
        bottoms = np.vstack([np.zeros((1, BINS)), tops[:-1]])
        for lane, counts, y0, y1 in zip(timeline.lanes, self._counts, bottoms, tops, strict=True):
            shown = counts > 0
            if shown.any():
                bar = pg.BarGraphItem(
                    x0=x0[shown],
                    width=width[shown],
                    y0=y0[shown],
                    y1=y1[shown],
                    brush=pg.mkBrush(lane.color),
                    pen=pg.mkPen(None),
                )
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
