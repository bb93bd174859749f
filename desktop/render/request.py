"""What an export draws: a timeline, a view of it, its words, its look, a size. No Qt: the CLI builds one cheaply."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from desktop.layout.axis_map import AxisMode
from desktop.layout.captions import default_credit
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewSnapshot

# Image pixels per layout pixel. 2, as on a high-DPI screen: the dialog's default width
# (twice the plot on screen) gives the window's own layout, drawn sharp enough for print.
DEFAULT_SCALE = 2.0

Legend = Literal["lanes", "full", "none"]
LEGENDS: tuple[Legend, ...] = ("lanes", "full", "none")
Theme = Literal["light", "dark"]
THEMES: tuple[Theme, ...] = ("light", "dark")


class ExportError(Exception):
    """An export that cannot be done; the message says why in one line."""


@dataclass(frozen=True)
class ExportRequest:
    """A timeline as one view shows it (range, hidden lanes, search), and the image's size.

    The range is start/end rather than the view's visible_range: the command line may
    give only one side (`--from`), and the other then fits the events.
    """

    timeline: Timeline
    view: ViewSnapshot = field(default_factory=ViewSnapshot)  # hidden lanes and search; selection is not drawn
    start: float | None = None  # epoch seconds; None: where fitting all events would start
    end: float | None = None
    width: int = 1600
    height: int | None = None  # None: enough for every shown lane's rows
    scale: float = DEFAULT_SCALE
    transparent: bool = False
    source_name: str = ""  # the events file's name, for the PNG's Source chunk
    source_path: str = ""  # the events file, whose modification time dates the export ("": 1970)
    axis: AxisMode | None = None  # "compressed" or "linear" time axis; None: the automatic rule
    zone: str | None = None  # the time zone the axis reads in; None: the file's default (model.zones)
    title: str | None = None  # None: the timeline's title
    subtitle: str | None = None  # None: the range drawn, the event count and what is filtered
    credit: str | None = None  # None: built from the sources; "": no credit line
    legend: Legend = "lanes"  # lane swatches, those and the key of marks, or nothing
    theme: Theme = "light"  # dark: light text for dark pages

    @classmethod
    def of_view(cls, timeline: Timeline, view: ViewSnapshot, *, width: int, source_name: str = "",
                axis: AxisMode | None = None, zone: str | None = None) -> ExportRequest:
        """The timeline as a view shows it now: its range, hidden lanes, search, time axis and zone."""
        start, end = view.visible_range if view.visible_range is not None else (None, None)
        return cls(timeline, view, start=start, end=end, width=width, source_name=source_name, axis=axis, zone=zone)

    def title_text(self) -> str:
        """The title the page shows: the request's, else the timeline's."""
        return self.timeline.title if self.title is None else self.title

    def credit_text(self) -> str:
        """The credit line the page shows: the request's, else one built from the timeline's sources."""
        return default_credit(self.timeline) if self.credit is None else self.credit

    def with_width(self, width: int) -> ExportRequest:
        """The same request at another width."""
        return replace(self, width=width)

    def hidden_lane_indices(self) -> frozenset[int]:
        """The view's hidden lanes as indices into the timeline's lanes."""
        index = self.timeline.lane_index
        return frozenset(index[i] for i in self.view.hidden_lanes if i in index)
