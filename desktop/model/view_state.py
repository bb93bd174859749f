"""What the person is looking at: selection, hidden lanes, search and visible range, in one place.

Qt-free and observable: the main window owns one `ViewState` and updates it; the plot,
the status bar and the PNG export read it. Subscribers are plain callables told which
part changed, so the model needs no Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Literal

import numpy as np

Change = Literal["selection", "hidden_lanes", "search", "visible_range"]
Subscriber = Callable[[Change], None]


@dataclass(frozen=True, eq=False)  # eq=False: a match array does not compare as one bool
class ViewSnapshot:
    """One moment of a ViewState: what to show and how, by event and lane id."""

    selected: str | None = None
    highlighted: frozenset[str] = frozenset()  # outlined with the selection
    hidden_lanes: frozenset[str] = frozenset()
    query: str = ""
    match: np.ndarray | None = None  # bool per event while a search is active
    visible_range: tuple[float, float] | None = None  # epoch seconds; None: fit all

    def match_note(self) -> str:
        """`12 match “query”` while a search is active, else ""."""
        if self.match is None:
            return ""
        return f"{int(self.match.sum()):,} match “{self.query.strip()}”"


class ViewState:
    """The observable home of a view's state; setters notify subscribers only on a change."""

    def __init__(self, snapshot: ViewSnapshot | None = None) -> None:
        self._now = snapshot if snapshot is not None else ViewSnapshot()
        self._subscribers: list[Subscriber] = []

    # --- reading ----------------------------------------------------------------------

    def snapshot(self) -> ViewSnapshot:
        """The state as it is now (frozen: later changes do not reach it)."""
        return self._now

    @property
    def selected(self) -> str | None:
        """Id of the selected event, or None."""
        return self._now.selected

    @property
    def highlighted(self) -> frozenset[str]:
        """Ids of the events outlined along with the selection."""
        return self._now.highlighted

    @property
    def hidden_lanes(self) -> frozenset[str]:
        """Ids of the lanes left out."""
        return self._now.hidden_lanes

    @property
    def query(self) -> str:
        """The search text as typed."""
        return self._now.query

    @property
    def match(self) -> np.ndarray | None:
        """Bool per event for the active search, or None."""
        return self._now.match

    @property
    def visible_range(self) -> tuple[float, float] | None:
        """The window shown, epoch seconds, or None before anything is shown."""
        return self._now.visible_range

    # --- observing --------------------------------------------------------------------

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call `subscriber(change)` after each change, in subscription order; returns the unsubscribe."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber) if subscriber in self._subscribers else None

    def _set(self, change: Change, new: ViewSnapshot) -> None:
        if all(_same(getattr(self._now, f.name), getattr(new, f.name)) for f in fields(ViewSnapshot)):
            return
        self._now = new
        for subscriber in list(self._subscribers):
            subscriber(change)

    # --- writing ----------------------------------------------------------------------

    def select(self, event_id: str | None, highlighted: Iterable[str] = ()) -> None:
        """Select one event (None: nothing), outlining `highlighted` with it."""
        self._set("selection", replace(self._now, selected=event_id, highlighted=frozenset(highlighted)))

    def set_hidden_lanes(self, lane_ids: Iterable[str]) -> None:
        """Leave these lanes out."""
        self._set("hidden_lanes", replace(self._now, hidden_lanes=frozenset(lane_ids)))

    def set_search(self, query: str, match: np.ndarray | None) -> None:
        """The search text and its result (None: no search); a new result array is always a change."""
        self._set("search", replace(self._now, query=query, match=match))

    def set_visible_range(self, start: float, end: float) -> None:
        """Record the window shown, epoch seconds."""
        self._set("visible_range", replace(self._now, visible_range=(float(start), float(end))))


def _same(old: object, new: object) -> bool:
    """Equal values; arrays only when they are the same object (a new search result is news)."""
    if isinstance(old, np.ndarray) or isinstance(new, np.ndarray):
        return old is new
    return old == new
