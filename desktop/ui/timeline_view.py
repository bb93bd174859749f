"""TimelineView: the zoomable plot people click; reports selections through signals."""

from __future__ import annotations

from datetime import datetime
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.layout.axis_map import AXIS_MODES, AxisMap, AxisMode
from desktop.layout.zoom import zoom_window
from desktop.model.dates import format_span, from_datetime, to_datetime
from desktop.model.timeline import Timeline
from desktop.model.view_state import Change, ViewState
from desktop.render.scene import TimelineScene


class TimelineView(pg.PlotWidget):
    """The timeline plot: wheel zooms time around the cursor, drag pans, click selects.

    Selection, hidden lanes and search live in the ViewState it is given (the main
    window's) or makes; the view draws from it and writes the selection people click.
    """

    eventSelected = Signal(str)  # "" when the selection is cleared
    rangeChanged = Signal(float, float)  # visible window, epoch seconds
    frameChanged = Signal()  # what is drawn changed (range, lanes, search, selection)
    axisModeChanged = Signal(str)  # "compressed" or "linear": a timeline was shown or the mode set
    timeZoneChanged = Signal(str)  # the zone the axis reads in: a timeline was shown or the zone set

    def __init__(self, parent: QWidget | None = None, state: ViewState | None = None) -> None:
        super().__init__(parent, background="w")
        self.setObjectName("timelineView")
        self.setMinimumSize(400, 220)
        self.state = state if state is not None else ViewState()
        # The scene subscribes first: when the view hears of a change, the rows are restacked.
        self.timeline_scene = TimelineScene(self.getPlotItem(), state=self.state)
        self.timeline: Timeline | None = None
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.scene().sigMouseMoved.connect(self._on_scene_moved)
        self.timeline_scene.vb.sigXRangeChanged.connect(self._on_range_changed)
        self.timeline_scene.frameChanged.connect(self.frameChanged)
        self.timeline_scene.axisModeChanged.connect(self.axisModeChanged)
        self.timeline_scene.timeZoneChanged.connect(self.timeZoneChanged)
        self.state.subscribe(self._on_state_changed)

    # --- data ---------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline) -> None:
        """Show a timeline, fitted; the selection is cleared."""
        had_selection = self.state.selected is not None
        self.timeline = timeline
        self.state.select(None)
        self.timeline_scene.set_timeline(timeline)
        if had_selection:
            self.eventSelected.emit("")

    def _on_state_changed(self, change: Change) -> None:
        """A selected event whose lane was just hidden is deselected."""
        if change != "hidden_lanes" or self.timeline is None:
            return
        selected = self.state.selected
        if selected is not None and not self.is_shown(selected):
            self.clear_selection()

    def is_shown(self, event_id: str) -> bool:
        """True when the event's lane is shown (not hidden)."""
        rows = self.timeline_scene.rows
        if rows is None or self.timeline is None:
            return True
        return bool(rows.row[self.timeline.event_index[event_id]] >= 0)

    def shown_events(self) -> np.ndarray | None:
        """Bool per event: in a shown lane (None before a timeline is shown)."""
        rows = self.timeline_scene.rows
        return rows.row >= 0 if rows is not None else None

    def visible_count(self) -> int:
        """How many events the current frame draws (clusters count their events)."""
        return self.timeline_scene.frame.visible_count

    def origin(self) -> float:
        """Epoch seconds that scene x 0 stands for (other time axes line up with it)."""
        return self.timeline_scene.drawing.origin

    # --- selection ----------------------------------------------------------------

    def select_event(self, event_id: str, highlight: list[str] | None = None) -> None:
        """Select an event by id (pans it into view); `highlight` outlines others too."""
        if self.timeline is None or event_id not in self.timeline.event_index:
            raise KeyError(event_id)
        index = self.timeline.event_index[event_id]
        self.state.select(event_id, [i for i in highlight or () if i in self.timeline.event_index])
        self.ensure_visible(index)
        self.eventSelected.emit(event_id)

    def clear_selection(self) -> None:
        """Deselect; emits eventSelected("") when something was selected."""
        if self.state.selected is None and not self.state.highlighted:
            return
        self.state.select(None)
        self.eventSelected.emit("")

    def selected_event(self) -> str | None:
        """Id of the selected event, or None."""
        return self.state.selected

    def ensure_visible(self, index: int) -> None:
        """Pan (not zoom) so an event's anchor is in view; zoom out only if it is wider."""
        cols = self.timeline_scene.drawing.cols
        if cols is None:
            return
        # In axis units, as the columns drawn: on a compressed axis a second is not a pixel everywhere.
        start, end = self.timeline_scene.axis_range()
        width = end - start
        begin, finish = float(cols.begin[index]), float(cols.finish[index])
        anchor = float(cols.anchor[index])
        edge = width * 0.02
        if finish - begin > width * 0.96 and not (start <= begin and finish <= end):
            self.timeline_scene.set_axis_range(begin - width * 0.02, finish + width * 0.02)
        elif anchor < start + edge:
            # Pan just far enough, leaving some context before the event.
            self.timeline_scene.set_axis_range(anchor - width * 0.15, anchor + width * 0.85)
        elif anchor > end - edge:
            self.timeline_scene.set_axis_range(anchor - width * 0.85, anchor + width * 0.15)

    def event_position(self, event_id: str) -> QPoint:
        """Viewport pixel of an event's marker centre."""
        if self.timeline is None:
            raise KeyError(event_id)
        index = self.timeline.event_index[event_id]
        return self.mapFromScene(self.timeline_scene.event_scene_pos(index))

    # --- range --------------------------------------------------------------------

    def visible_range(self) -> tuple[datetime, datetime]:
        """The visible window as timezone-aware UTC datetimes."""
        start, end = self.timeline_scene.visible_range()
        return to_datetime(start), to_datetime(end)

    def set_visible_range(self, start: datetime, end: datetime) -> None:
        """Show [start, end]; naive datetimes are read as UTC."""
        self.timeline_scene.set_visible_range(from_datetime(start), from_datetime(end))

    def visible_seconds(self) -> tuple[float, float]:
        """The visible window in epoch seconds."""
        return self.timeline_scene.visible_range()

    def visible_wall_seconds(self) -> tuple[float, float]:
        """The visible window on the wall clock of the axis's zone (for naming it: "28 February 2019")."""
        return self.timeline_scene.visible_wall_range()

    def set_visible_seconds(self, start: float, end: float) -> None:
        """Show [start, end] in epoch seconds, within the zoom limits."""
        self.timeline_scene.set_visible_range(start, end)

    def fit_all(self) -> None:
        """Show every event."""
        self.timeline_scene.fit_all()

    def zoom(self, factor: float, around: float | None = None) -> None:
        """Zoom time (factor < 1 zooms in) keeping epoch second `around` in place, else the centre."""
        # In axis units: on a compressed axis the pixels, not the seconds, keep their proportions.
        scene = self.timeline_scene
        start, end = scene.axis_range()
        scene.set_axis_range(*zoom_window(start, end, factor, None if around is None else scene.axis.axis_of(around)))

    def set_time_zone(self, name: str | None) -> None:
        """Read the axis in zone `name` ("UTC", "UTC+07:00", an IANA name; None: the file's default).

        Timed events move to the zone's wall clock; dates stay their calendar dates. ZoneError for a bad name.
        """
        self.timeline_scene.set_time_zone(name)

    def time_zone(self) -> str:
        """The zone the axis reads in now."""
        return self.timeline_scene.zone

    def drawn_seconds(self, event_id: str) -> float:
        """Epoch second where the event's mark is drawn (in a zone a date's mark is not at its UTC instant)."""
        if self.timeline is None:
            raise KeyError(event_id)
        scene = self.timeline_scene
        cols = scene.drawing.cols
        assert cols is not None
        return float(scene.axis.time_of(float(cols.anchor[self.timeline.event_index[event_id]])))

    def set_axis_mode(self, mode: AxisMode | None) -> None:
        """"compressed" shrinks long empty stretches into breaks; "linear" does not; None: the automatic rule."""
        if mode is not None and mode not in AXIS_MODES:
            raise ValueError(f"axis mode must be one of {', '.join(AXIS_MODES)}, not {mode!r}")
        self.timeline_scene.set_axis_mode(mode)

    def axis_map(self) -> AxisMap:
        """The map from epoch seconds to the plot's axis units (LINEAR on a linear axis)."""
        return self.timeline_scene.axis

    def fitted_seconds(self) -> tuple[float, float]:
        """The window Home (fit all) shows, in epoch seconds."""
        return self.timeline_scene.fit_range()

    def axis_mode(self) -> AxisMode:
        """The time axis shown: "compressed" or "linear"."""
        return self.timeline_scene.axis_mode

    def _on_range_changed(self, *args: object) -> None:
        self.rangeChanged.emit(*self.timeline_scene.visible_range())

    # --- mouse --------------------------------------------------------------------

    def _on_scene_clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return
        hit = self.timeline_scene.hit_test(event.scenePos())  # type: ignore[attr-defined]
        if hit is None:
            self.clear_selection()
        elif hit[0] == "cluster":
            self.timeline_scene.set_visible_range(*self.timeline_scene.cluster_span(hit[1]))
        elif self.timeline is not None:
            self.select_event(self.timeline.events[hit[1]].id)

    def _on_scene_moved(self, scene_pos: QPointF) -> None:
        hit = self.timeline_scene.hit_test(scene_pos)
        text = self._tooltip(hit)
        if text:
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
        else:
            QToolTip.hideText()
        self.setToolTip(text)

    def _tooltip(self, hit: tuple[str, int] | None) -> str:
        """Plain text for what is under the pointer: title, date, lane (or a cluster's count)."""
        if hit is None or self.timeline is None:
            return ""
        if hit[0] == "cluster":
            count = int(self.timeline_scene.frame.cluster_count[hit[1]])
            return f"{count} events — click to zoom in"
        event = self.timeline.events[hit[1]]
        lane = self.timeline.lanes[self.timeline.lane_index[event.lane]].title
        # Qt guesses rich text from anything tag-like: escape and say it is rich text.
        when = format_span(event.start, event.end, event.approximate)
        return f"<qt><b>{escape(event.title)}</b><br>{escape(when)}<br>{escape(lane)}</qt>"
