"""The window's view commands: zoom around the selection, zoom to it, step through events in time."""

from __future__ import annotations

import numpy as np

from desktop.app.navigation import selection_window, step_target
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewState
from desktop.ui.timeline_view import TimelineView


def selected_index(view: TimelineView, timeline: Timeline | None) -> int | None:
    """The selected event's index, if one is selected and shown."""
    selected = view.selected_event()
    if timeline is None or selected is None or selected not in timeline.event_index:
        return None
    return timeline.event_index[selected] if view.is_shown(selected) else None


def zoom_view(view: TimelineView, timeline: Timeline | None, factor: float) -> None:
    """Zoom by `factor` around the selected event where there is one, else around the middle."""
    index = selected_index(view, timeline)
    # Where the mark is drawn: in a time zone a date's mark is not at its UTC instant.
    around = view.drawn_seconds(timeline.events.id_at(index)) if timeline is not None and index is not None else None
    view.zoom(factor, around)


def zoom_to_selection(view: TimelineView, timeline: Timeline | None) -> None:
    """Show the selected event's whole span with some room around it; nothing without a selection."""
    index = selected_index(view, timeline)
    if timeline is not None and index is not None:
        view.set_visible_seconds(*selection_window(timeline.columns, index))


def step_event(view: TimelineView, state: ViewState, timeline: Timeline | None, step: int) -> None:
    """Select the next (+1) or previous (−1) event in time, among shown and matching ones."""
    if timeline is None or not timeline.events:
        return
    shown = view.shown_events()
    eligible = shown if shown is not None else np.ones(len(timeline.events), bool)
    if state.match is not None:
        eligible = eligible & state.match
    current = state.selected
    target = step_target(timeline.columns, eligible, timeline.event_index[current] if current is not None else None,
                         view.visible_seconds(), step)
    if target is not None:
        view.select_event(timeline.events[target].id)
