"""Where Previous/Next Event and View ▸ Jump To go: arithmetic on the timeline's columns, and the Jump To menu."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop.layout.rows import gap_clusters
from desktop.model.columns import Columns
from desktop.model.dates import format_window
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewState

JUMP_PAD_FRACTION = 0.08  # room around a jump target's events
JUMP_PAD_MIN_S = 3600.0


def step_target(cols: Columns, eligible: np.ndarray, current: int | None, visible: tuple[float, float],
                step: int) -> int | None:
    """The event index `step` (+1 or −1) from `current` in time among `eligible` ones.

    With nothing selected, the first eligible event at or after the visible start (+1),
    or the last before the visible end (−1). None when no event is eligible.
    """
    candidates = np.flatnonzero(eligible)
    if len(candidates) == 0:
        return None
    if current is not None:
        at = np.searchsorted(candidates, current, side="right" if step > 0 else "left") + (0 if step > 0 else -1)
    else:
        start, end = visible
        begins = cols.begin[candidates]
        at = np.searchsorted(begins, start) if step > 0 else np.searchsorted(begins, end) - 1
    return int(candidates[int(np.clip(at, 0, len(candidates) - 1))])


def jump_targets(cols: Columns) -> list[tuple[str, float, float]]:
    """A menu label and the window to show (epoch seconds) for each cluster of events between gaps."""
    targets = []
    for begin, end, count in gap_clusters(cols):
        label = f"{format_window(begin, end)} ({count} event{'s' if count != 1 else ''})"
        pad = max((end - begin) * JUMP_PAD_FRACTION, JUMP_PAD_MIN_S)
        targets.append((label, begin - pad, end + pad))
    return targets


SELECTION_PAD_FRACTION = 0.25  # room on each side of the event Zoom to Selection shows


def selection_window(cols: Columns, index: int) -> tuple[float, float]:
    """The window (epoch seconds) Zoom to Selection shows: the event's whole span with room around it."""
    begin, finish = float(cols.begin[index]), float(cols.finish[index])
    pad = max((finish - begin) * SELECTION_PAD_FRACTION, JUMP_PAD_MIN_S)
    return begin - pad, finish + pad


def fill_jump_menu(menu: QMenu, timeline: Timeline, state: ViewState) -> None:
    """View ▸ Jump To: one entry per stretch of events; each shows its stretch."""
    menu.clear()
    for label, start, end in jump_targets(timeline.columns):
        action = QAction(label, menu)
        action.triggered.connect(lambda _=False, a=start, b=end: state.set_visible_range(a, b))
        menu.addAction(action)
    menu.setEnabled(not menu.isEmpty())
