"""View ▸ Compress Gaps: the checkable action, the plot's axis mode, the overview and the key kept in step."""

from __future__ import annotations

from PySide6.QtGui import QAction

from desktop.ui.encoding_key import EncodingKey
from desktop.ui.overview import OverviewStrip
from desktop.ui.timeline_view import TimelineView


def wire_axis_mode(action: QAction, view: TimelineView, overview: OverviewStrip, key: EncodingKey) -> None:
    """Toggling the action sets the view's mode; a mode the view takes (a new file) checks it and redraws the strip."""
    action.toggled.connect(lambda on: view.set_axis_mode("compressed" if on else "linear"))
    view.axisModeChanged.connect(lambda mode: follow_axis_mode(mode, action, view, overview, key))


def follow_axis_mode(mode: str, action: QAction, view: TimelineView, overview: OverviewStrip,
                     key: EncodingKey) -> None:
    """Show `mode` on the action (without toggling it back), the key's break row, and the strip through the map."""
    key.set_breaks(mode == "compressed")
    was = action.blockSignals(True)
    try:
        action.setChecked(mode == "compressed")
    finally:
        action.blockSignals(was)
    overview.set_axis_map(view.axis_map())
    if view.timeline is not None:
        overview.set_timeline(view.timeline, view.origin(), view.fitted_seconds())
        overview.set_region(*view.visible_seconds())
