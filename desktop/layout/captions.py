"""The words an export prints around the picture: the range actually drawn, what is filtered, the credit."""

from __future__ import annotations

import numpy as np

from desktop.model.dates import PartialDate, format_span, parse_date, to_datetime
from desktop.model.records import Source
from desktop.model.timeline import Timeline

MAX_CREDITED = 3  # sources named in a default credit; the rest are counted


def drawn_events(timeline: Timeline, start: float, end: float, hidden: frozenset[int]) -> np.ndarray:
    """Indices of the events of shown lanes that overlap [start, end) (epoch seconds)."""
    cols = timeline.columns
    inside = (cols.finish > start) & (cols.begin < end)
    if hidden:
        inside &= ~np.isin(cols.lane, np.fromiter(hidden, np.int64))
    return np.flatnonzero(inside)


def _day(wall_seconds: float) -> PartialDate:
    """The calendar day a wall-clock time falls on."""
    d = to_datetime(wall_seconds)
    return parse_date(f"{d.year:04d}-{d.month:02d}-{d.day:02d}")


def drawn_range(timeline: Timeline, drawn: np.ndarray, view: tuple[float, float],
                wall_view: tuple[float, float]) -> str:
    """The stretch the drawn events cover, at their own precision: `2016 – 1 March 2019`.

    An event cut by the picture's edge is not named whole: that side is the edge's day.
    """
    if len(drawn) == 0:
        return ""
    cols, events = timeline.columns, timeline.events
    first = int(drawn[np.argmin(cols.begin[drawn])])
    last = int(drawn[np.argmax(cols.finish[drawn])])
    start = events[first].start if cols.begin[first] >= view[0] else _day(wall_view[0])
    finish_event = events[last]
    end = (finish_event.end or finish_event.start) if cols.finish[last] <= view[1] else _day(wall_view[1] - 1)
    return format_span(start, end)


def count_words(n: int) -> str:
    """`20 events`, `1 event`."""
    return f"{n:,} event{'s' if n != 1 else ''}"


def lanes_note(timeline: Timeline, hidden: frozenset[int]) -> str:
    """`2 of 4 lanes` when some lanes are left out, else ""."""
    total = len(timeline.lanes)
    shown = total - len([i for i in hidden if 0 <= i < total])
    return f"{shown:,} of {total:,} lanes" if shown < total else ""


def match_words(drawn: np.ndarray, match: np.ndarray | None, query: str) -> str:
    """`3 match “sanctions”`: of the events drawn, not of the whole file; "" without a search."""
    if match is None:
        return ""
    return f"{int(match[drawn].sum()):,} match “{query.strip()}”"


def default_subtitle(timeline: Timeline, drawn: np.ndarray, view: tuple[float, float],
                     wall_view: tuple[float, float], hidden: frozenset[int], match: np.ndarray | None = None,
                     query: str = "") -> str:
    """Range drawn · events drawn · lanes shown · search: every filter the picture applies, named."""
    parts = [drawn_range(timeline, drawn, view, wall_view), count_words(len(drawn)),
             lanes_note(timeline, hidden), match_words(drawn, match, query)]
    return " · ".join(part for part in parts if part)


def _credit_of(source: Source) -> str:
    name = source.publisher or source.title
    return f"{name}, {format_span(source.published)}" if source.published is not None else name


def default_credit(timeline: Timeline) -> str:
    """`Source: <publisher or title>, <published date>`; several sources joined, past MAX_CREDITED counted."""
    names = list(dict.fromkeys(_credit_of(s) for s in timeline.sources if (s.publisher or s.title).strip()))
    if not names:
        return ""
    shown = "; ".join(names[:MAX_CREDITED])
    more = len(names) - MAX_CREDITED
    if more > 0:
        shown += f"; and {more:,} more"
    return f"{'Sources' if len(names) > 1 else 'Source'}: {shown}"


__all__ = ["count_words", "default_credit", "default_subtitle", "drawn_events", "drawn_range", "lanes_note",
           "match_words"]
