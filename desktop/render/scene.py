"""Fills a PlotItem from a Timeline, a ViewState and the layout; the window and the PNG export both use it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFont

from desktop.layout.axis_map import LINEAR, AxisMap, AxisMode, auto_mode, axis_columns
from desktop.layout.density import DensityGrid, build_grid, reweigh
from desktop.layout.frame import MARKER_PX, Frame, Rows, View, cluster_radius
from desktop.layout.rows import compute_frame, stack_rows
from desktop.layout.time_axis import TimedSpans
from desktop.layout.time_zone import ZonedAxis, zone_label, zoned_columns
from desktop.model.timeline import Timeline
from desktop.model.view_state import Change, ViewState
from desktop.model.zones import UTC_NAME, default_zone, resolve_zone
from desktop.render.breaks import BreaksItem
from desktop.render.date_axis import DateAxisItem
from desktop.render.items import BarsItem, DensityItem, Drawing, LaneBandsItem, MarkersItem, UncertaintyItem
from desktop.render.label_measure import LabelMeasure, OneLineTitles, label_font
from desktop.render.lane_axis import LANE_AXIS_PX, LaneAxisItem
from desktop.render.text_items import ClustersItem, LabelsItem
from desktop.render.theme import Theme
from desktop.render.zone_label import ZoneLabelItem

MIN_RANGE_S = 60.0  # never closer than one minute across
MIN_SPAN_S = 86400.0  # the floor of "the data's span" when all events share one instant
MAX_ZOOM_OUT = 10.0  # never wider than ten times the data's span
class TimelineScene(QObject):
    """A timeline drawn into a PlotItem: lanes, bars, markers, clusters, labels, date axis.

    It draws what its ViewState says (selection, hidden lanes, search) and records the
    range its ViewBox shows there; writing the state's visible range moves the plot.
    """

    frameChanged = Signal()
    axisModeChanged = Signal(str)  # "compressed" or "linear", when the shown mode changes
    timeZoneChanged = Signal(str)  # the zone the axis now shows, when it changes

    def __init__(self, plot: pg.PlotItem, font: QFont | None = None, state: ViewState | None = None) -> None:
        super().__init__()
        self.plot = plot
        self.vb: pg.ViewBox = plot.getViewBox()
        self.state = state if state is not None else ViewState()
        self.timeline: Timeline | None = None
        self.rows: Rows | None = None
        self.drawing = Drawing(font=font or label_font())
        self.hidden: frozenset[int] = frozenset()  # lane indices of state.hidden_lanes, for this timeline
        self._recording = False  # set while the ViewBox's range is written to the state
        self._measure: LabelMeasure | None = None
        self._grid: DensityGrid | None = None
        self._match_grid: DensityGrid | None = None
        # Scene x is axis units minus the origin: epoch seconds on a linear axis, the
        # compressed map's units otherwise. Layout and items only ever see axis units.
        self.axis: AxisMap = LINEAR
        self.axis_mode: AxisMode = "linear"
        self._axis_choice: AxisMode | None = None  # None: the automatic rule, per timeline
        # The zone the axis reads in; timed events are drawn at its wall clock (see layout.time_zone).
        self.zone: str = UTC_NAME
        self._zone_choice: str | None = None  # None: the timeline's own default zone
        self._wall_span = (0.0, MIN_SPAN_S)  # the events' span in wall-clock seconds
        self.breaks = BreaksItem(self.drawing)
        self.date_axis = DateAxisItem("bottom")
        self.lane_axis = LaneAxisItem()
        plot.setAxisItems({"bottom": self.date_axis, "left": self.lane_axis})
        self.zone_label = ZoneLabelItem()
        self.zone_label.place_in(plot, LANE_AXIS_PX)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=False, alpha=0.12)
        self.vb.setMouseEnabled(x=True, y=False)
        self.vb.invertY(True)
        self.vb.disableAutoRange()
        self.vb.setDefaultPadding(0.0)
        self.items = [
            LaneBandsItem(self.drawing),
            self.breaks,  # under the marks: a bar inside a break keeps its colour
            UncertaintyItem(self.drawing),
            BarsItem(self.drawing),
            MarkersItem(self.drawing),
            DensityItem(self.drawing),
            ClustersItem(self.drawing),
            LabelsItem(self.drawing),
        ]
        for z, item in enumerate(self.items):
            item.setZValue(z - 100)
            self.vb.addItem(item, ignoreBounds=True)
        self.vb.sigXRangeChanged.connect(self._record_range)
        self.vb.sigRangeChanged.connect(self.relayout)
        self.vb.sigResized.connect(self.relayout)
        self.state.subscribe(self._on_state_changed)

    def set_theme(self, theme: Theme) -> None:
        """Draw in the theme's colours: bands, text, axes (lane colours stay the lanes')."""
        self.drawing.theme, self.zone_label.color = theme, QColor(theme.muted)
        self.date_axis.set_theme(theme)
        self.lane_axis.set_theme(theme)
        self.zone_label.update()
        for item in self.items:
            item.update()

    # --- data ---------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline) -> None:
        """Show another timeline; fits all of it."""
        self.timeline = timeline
        self.zone = self._zone_choice or default_zone(timeline)
        self._use_axis(self._axis_choice or auto_mode(timeline.columns))
        self.drawing.lane_colors = [QColor(lane.color) for lane in timeline.lanes]
        self.drawing.titles = OneLineTitles(timeline.titles)  # a title's line breaks drawn as spaces
        # The state may still describe the previous timeline until the window updates it:
        # take only what fits this one.
        match = self.state.match
        self.drawing.match = match if match is not None and len(match) == len(timeline.events) else None
        self._take_selection()
        self._measure = LabelMeasure(self.drawing.titles, self.drawing.font)
        self.drawing.measure = self._measure
        self.hidden = self._hidden_indices()
        self._restack()
        self.fit_all()
        self.axisModeChanged.emit(self.axis_mode)
        self.timeZoneChanged.emit(self.zone)

    def _use_axis(self, mode: AxisMode) -> None:
        """Draw through `mode`'s map: columns in its units, an origin near them, the axis and breaks."""
        assert self.timeline is not None
        wall = zoned_columns(self.timeline.columns, self.zone)
        self._wall_span = _widened(float(wall.begin.min()), float(wall.finish.max())) if len(wall.begin) else (
            0.0, MIN_SPAN_S)
        wall_map, self.drawing.cols = axis_columns(wall, mode)
        # Every conversion from epoch seconds goes through the zone: ranges, zoom, fit, clusters.
        self.axis = ZonedAxis.of(wall_map, resolve_zone(self.zone))
        self.axis_mode = mode
        self.date_axis.set_timed_spans(TimedSpans.of(wall))
        begin, finish = self.axis_span()
        # An origin near the data keeps scene x small: Qt paints partly in single precision.
        self.drawing.origin = float(np.floor((begin + finish) / 2 / 86400.0) * 86400.0)
        self.date_axis.set_axis_map(self.axis, self.drawing.origin)
        self.breaks.set_breaks(self.axis.break_units())
        self._update_zone_label()

    def set_axis_mode(self, mode: AxisMode | None) -> None:
        """Compressed or linear time axis (None: the automatic rule); keeps the time range shown."""
        self._axis_choice = mode
        if self.timeline is None:
            return
        new = mode or auto_mode(self.timeline.columns)
        if new == self.axis_mode:
            return
        start, end = self.visible_range()
        self._use_axis(new)
        self._restack()
        self.set_visible_range(start, end)
        self.axisModeChanged.emit(new)

    def set_time_zone(self, name: str | None) -> None:
        """Read the axis in zone `name` (None: the timeline's default); keeps the time range shown."""
        if name is not None:
            resolve_zone(name)  # a bad name fails here, before anything changes
        self._zone_choice = name
        if self.timeline is None:
            self.zone = name or UTC_NAME
            self._update_zone_label()
            return
        new = name or default_zone(self.timeline)
        if new == self.zone:
            return
        start, end = self.visible_range()
        self.zone = new
        self._use_axis(self.axis_mode)
        self._restack()
        self.set_visible_range(start, end)
        self.timeZoneChanged.emit(new)

    def _update_zone_label(self) -> None:
        """Name the zone at the axis, with its offset in the middle of the events."""
        begin, finish = self.data_span()
        self.zone_label.set_text(zone_label(self.zone, (begin + finish) / 2))

    def _restack(self) -> None:
        tl = self.timeline
        assert tl is not None
        # The timeline's own columns: a monotone map keeps every overlap, so rows are the same. A zone
        # moves timed events by hours; marks that then collide are split by collision stacking.
        self.rows = stack_rows(tl.columns, len(tl.lanes), self.hidden)
        self.drawing.rows = self.rows
        # Counts on a fixed time grid, once per lane set, never per zoom: any file may draw a dense
        # frame, and zoomed-out frames read these instead of every event (memory grows with events).
        cols = self.drawing.cols
        assert cols is not None  # set with the timeline, in its axis units
        self._grid = build_grid(cols, self.rows.row, self.rows.total)
        self._match_grid = None
        total = max(self.rows.total, 1)
        begin, finish = self.axis_span()
        span = finish - begin
        middle = (begin + finish) / 2 - self.drawing.origin
        lo, hi = middle - MAX_ZOOM_OUT * span / 2, middle + MAX_ZOOM_OUT * span / 2
        self.vb.setLimits(xMin=lo, xMax=hi, minXRange=MIN_RANGE_S, maxXRange=MAX_ZOOM_OUT * span,
                          yMin=0, yMax=total)
        for item in self.items:
            item.set_bounds(QRectF(lo, 0, hi - lo, total))
        self.vb.setYRange(0, total, padding=0)
        self.lane_axis.set_rows(self.rows, [lane.title for lane in tl.lanes])
        self.relayout()

    def data_span(self) -> tuple[float, float]:
        """The events' span in epoch seconds, at least MIN_SPAN_S wide."""
        if self.timeline is None or not self.timeline.events:
            return (0.0, MIN_SPAN_S)
        return _widened(*self.timeline.span())

    def axis_span(self) -> tuple[float, float]:
        """The events' span as drawn (in the zone, at least MIN_SPAN_S wide), in axis units."""
        begin, finish = self._wall_span
        wall = self.axis.wall if isinstance(self.axis, ZonedAxis) else self.axis
        return wall.axis_of(begin), wall.axis_of(finish)

    # --- the state -------------------------------------------------------------------

    def _on_state_changed(self, change: Change) -> None:
        if change == "hidden_lanes":
            hidden = self._hidden_indices()
            if hidden != self.hidden or self.rows is None:
                self.hidden = hidden
                if self.timeline is not None:
                    self._restack()
        elif change == "search":
            self.drawing.match = self.state.match
            self._match_grid = None  # made on the first dense frame that needs it
            self.relayout()
        elif change == "selection":
            self._take_selection()
            self.relayout()
        elif change == "visible_range" and not self._recording and self.state.visible_range is not None:
            self.set_visible_range(*self.state.visible_range)
            self._record_range()  # at a zoom limit the plot moved less, or not at all

    def _hidden_indices(self) -> frozenset[int]:
        """The state's hidden lanes as this timeline's lane indices."""
        if self.timeline is None:
            return frozenset()
        index = self.timeline.lane_index
        return frozenset(index[i] for i in self.state.hidden_lanes if i in index)

    def _take_selection(self) -> None:
        """The state's selection as event indices (ids the timeline lacks are left out)."""
        index = self.timeline.event_index if self.timeline is not None else {}
        selected = self.state.selected
        self.drawing.selected = index.get(selected) if selected is not None else None
        self.drawing.highlighted = frozenset(index[i] for i in self.state.highlighted if i in index)

    def _record_range(self, *args: object) -> None:
        self._recording = True
        try:
            self.state.set_visible_range(*self.visible_range())
        finally:
            self._recording = False

    # --- range --------------------------------------------------------------------

    def fit_all(self) -> None:
        """Show every event with a little room on both sides."""
        self.set_visible_range(*self.fit_range())

    def fit_range(self) -> tuple[float, float]:
        """The window (epoch seconds) `fit_all` shows: every event, with 4 % room on the axis at both ends."""
        begin, finish = self.axis_span()
        pad = (finish - begin) * 0.04
        return self.axis.time_of(begin - pad), self.axis.time_of(finish + pad)

    def set_visible_range(self, start: float, end: float) -> None:
        """Show [start, end] (epoch seconds), within the zoom limits."""
        self.set_axis_range(self.axis.axis_of(start), self.axis.axis_of(end))
        # The view box says nothing when it is given the scene range it had, though a new
        # timeline's origin or axis makes that range other times: record them here too.
        self._record_range()

    def visible_range(self) -> tuple[float, float]:
        """The visible window in epoch seconds, to the millisecond."""
        start, end = self.axis_range()
        # To the ms: the axis's round trip put `--from 2019-02-01` at 23:59:59.99994, named "31 January".
        return round(float(self.axis.time_of(start)), 3), round(float(self.axis.time_of(end)), 3)

    def visible_wall_range(self) -> tuple[float, float]:
        """The visible window in the zone's wall-clock seconds: what to name it by in words."""
        start, end = self.axis_range()
        wall = self.axis.wall if isinstance(self.axis, ZonedAxis) else self.axis
        return round(float(wall.time_of(start)), 3), round(float(wall.time_of(end)), 3)

    def set_axis_range(self, start: float, end: float) -> None:
        """Show [start, end] in axis units, within the zoom limits."""
        origin = self.drawing.origin
        self.vb.setXRange(start - origin, end - origin, padding=0)

    def axis_range(self) -> tuple[float, float]:
        """The visible window in axis units."""
        (x0, x1), _ = self.vb.viewRange()
        return x0 + self.drawing.origin, x1 + self.drawing.origin

    # --- layout -------------------------------------------------------------------

    def relayout(self, *args: object) -> None:
        """Recompute what to draw for the current view and repaint."""
        if self.timeline is None or self.rows is None:
            return
        start, end = self.axis_range()
        # The ViewBox maps its view range onto rect(), not onto the half-pixel-wider scene
        # bounding rect: labels sit relative to anchors that may be far off screen, so any
        # difference in scale is multiplied (a 0.5 px error became 2,000 px at deep zoom).
        rect = self.vb.rect()
        rows = max(self.rows.total, 1)
        view = View(start, end, max(rect.width(), 1.0), rect.height() / rows)
        cols, match = self.drawing.cols, self.drawing.match
        assert cols is not None
        if match is not None and self._match_grid is None and self._grid is not None:
            self._match_grid = reweigh(self._grid, match)  # the same sorted keys, counted by match
        self.drawing.frame = compute_frame(
            cols, self.rows, view, self._measure, match, self.drawing.selected, self._grid, self._match_grid
        )
        for item in self.items:
            item.update()
        self.frameChanged.emit()

    @property
    def frame(self) -> Frame:
        """What is drawn now."""
        return self.drawing.frame

    # --- geometry for hit tests and tests ------------------------------------------

    def event_scene_pos(self, index: int) -> QPointF:
        """Scene position of an event's marker centre (a bar's visible middle)."""
        cols, rows = self.drawing.cols, self.rows
        assert cols is not None and rows is not None
        x = float(cols.anchor[index])
        if index in self.frame.bar_idx:
            start, end = self.axis_range()
            x = (max(cols.begin[index], start) + min(cols.finish[index], end)) / 2
        y = float(self.frame.event_y(rows, index)[0][0])  # its sub-row when collision stacking moved it
        return self.vb.mapViewToScene(QPointF(x - self.drawing.origin, y))

    def hit_test(self, scene_pos: QPointF) -> tuple[str, int] | None:
        """What is under a scene point: ("event", index), ("cluster", k) or None."""
        if self.rows is None or self.drawing.cols is None or not self.vb.sceneBoundingRect().contains(scene_pos):
            return None
        cols, f = self.drawing.cols, self.frame
        p = self.vb.mapSceneToView(scene_pos)
        px, py = self.vb.viewPixelSize()
        x, y = p.x() + self.drawing.origin, p.y()
        # Clusters and markers sit on top of bars: test them first.
        if len(f.cluster_x):
            d = np.hypot((f.cluster_x - x) / px, (f.clusters_y() - y) / py)
            k = int(np.argmin(d))
            if d[k] <= cluster_radius(f.cluster_count[k]) + 2:
                return ("cluster", k)
        if len(f.mark_idx):
            d = np.hypot((cols.anchor[f.mark_idx] - x) / px, (f.event_y(self.rows, f.mark_idx)[0] - y) / py)
            k = int(np.argmin(d))
            if d[k] <= MARKER_PX / 2 + 3:
                return ("event", int(f.mark_idx[k]))
        if len(f.bar_idx):
            b = f.bar_idx
            middle, height = f.event_y(self.rows, b)
            inside = (cols.begin[b] <= x) & (x <= cols.finish[b]) & (np.abs(middle - y) <= 0.3 * height)
            if inside.any():
                return ("event", int(b[np.flatnonzero(inside)[0]]))
        return self._label_hit(x, y, px)

    def _label_hit(self, x: float, y: float, px: float) -> tuple[str, int] | None:
        """A click on an event's label counts as a click on the event."""
        f, cols, rows = self.frame, self.drawing.cols, self.rows
        if len(f.label_idx) == 0 or cols is None or rows is None:
            return None
        left = cols.anchor[f.label_idx] + f.label_dx * px
        right = left + f.label_width * px
        middle, height = f.event_y(rows, f.label_idx)
        inside = (left <= x) & (x <= right) & (np.abs(middle - y) <= 0.3 * height)
        return ("event", int(f.label_idx[np.flatnonzero(inside)[0]])) if inside.any() else None

    def cluster_span(self, k: int) -> tuple[float, float]:
        """Epoch seconds to zoom to so a cluster's events come apart."""
        f = self.frame
        begin, finish = float(f.cluster_begin[k]), float(f.cluster_finish[k])
        pad = max((finish - begin) * 0.15, MIN_RANGE_S)  # the frame's units are axis units
        return self.axis.time_of(begin - pad), self.axis.time_of(finish + pad)


def _widened(begin: float, finish: float) -> tuple[float, float]:
    """The span, widened about its middle to at least MIN_SPAN_S."""
    if finish - begin < MIN_SPAN_S:
        middle = (begin + finish) / 2
        return (middle - MIN_SPAN_S / 2, middle + MIN_SPAN_S / 2)
    return (begin, finish)


__all__ = ["LANE_AXIS_PX", "LaneAxisItem", "TimelineScene"]

