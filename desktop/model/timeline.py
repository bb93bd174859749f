"""The in-memory timeline: its events, lanes and sources, with the indexes and columns made from them. No Qt here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property

import numpy as np

from desktop.model.columns import Columns, build_columns, event_facts
from desktop.model.records import Event, Lane, Problem, Source
from desktop.model.store import EventStore, EventTuple


class Timeline:
    """A loaded events file: events sorted by start, lanes, sources and what was wrong. Read-only."""

    title: str
    events: EventStore  # an `EventTuple`, or the file's bytes for large files (`io.fast.store.RawEvents`)
    lanes: tuple[Lane, ...]
    sources: tuple[Source, ...]
    description: str
    path: str | None
    problems: tuple[Problem, ...]
    timezone: str | None  # the file's `timezone` key: the zone its axis reads in by default
    _columns: Columns | None
    _event_index: Mapping[str, int] | None
    _citation_index: CitationIndex | None

    def __init__(
        self,
        *,
        title: str,
        events: EventStore | tuple[Event, ...],
        lanes: tuple[Lane, ...],
        sources: tuple[Source, ...] = (),
        description: str = "",
        path: str | None = None,
        problems: tuple[Problem, ...] = (),
        timezone: str | None = None,
        columns: Columns | None = None,
        event_index: Mapping[str, int] | None = None,
        citation_index: CitationIndex | None = None,
    ) -> None:
        if isinstance(events, tuple) and not isinstance(events, EventTuple):
            events = EventTuple(events)  # a plain tuple of events is stored as the tuple store
        # Straight into the instance: `__setattr__` refuses every later change.
        vars(self).update(
            title=title, events=events, lanes=lanes, sources=sources, description=description, path=path,
            problems=problems, timezone=timezone,
            # A loader that has these at hand passes them (the fast path has all three, `build`
            # the columns); the rest are made from the events on first use.
            _columns=columns, _event_index=event_index, _citation_index=citation_index,
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Timeline is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Timeline is read-only: cannot delete {name!r}")

    @classmethod
    def build(
        cls,
        *,
        title: str,
        events: Sequence[Event],
        lanes: tuple[Lane, ...],
        sources: tuple[Source, ...] = (),
        description: str = "",
        path: str | None = None,
        problems: tuple[Problem, ...] = (),
        timezone: str | None = None,
    ) -> Timeline:
        """A timeline with its events sorted by (begin, finish) and its columns made in the same pass."""
        table = event_facts(events, {lane.id: i for i, lane in enumerate(lanes)})
        order = np.lexsort((table[:, 1], table[:, 0]))
        return cls(
            title=title, events=EventTuple([events[i] for i in order.tolist()]), lanes=lanes, sources=sources,
            description=description, path=path, problems=problems, timezone=timezone,
            columns=build_columns(*table[order].T),
        )

    def _fields(self) -> tuple[object, ...]:
        return (self.title, self.events, self.lanes, self.sources, self.description, self.path, self.problems,
                self.timezone)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"<Timeline {self.title!r}: {self.summary()}>"

    @cached_property
    def columns(self) -> Columns:
        """The events as column arrays, in the same order as `events`."""
        if self._columns is not None:
            return self._columns
        return build_columns(*event_facts(self.events, self.lane_index).T)

    @cached_property
    def event_index(self) -> Mapping[str, int]:
        """Position of each event id in `events`."""
        if self._event_index is not None:
            return self._event_index
        return {event.id: i for i, event in enumerate(self.events)}

    @cached_property
    def citation_index(self) -> CitationIndex:
        """Which events cite each paragraph."""
        if self._citation_index is not None:
            return self._citation_index
        return CitationIndex.of(self.events, [s.id for s in self.sources])

    @cached_property
    def titles(self) -> Sequence[str]:
        """Each event's title, by position: labels read only the few they draw."""
        return self.events.titles

    @cached_property
    def lane_index(self) -> dict[str, int]:
        """Position of each lane id in `lanes`."""
        return {lane.id: i for i, lane in enumerate(self.lanes)}

    @cached_property
    def source_index(self) -> dict[str, Source]:
        """Sources by id."""
        return {source.id: source for source in self.sources}

    def span(self) -> tuple[float, float]:
        """Earliest begin and latest finish over all events (0, 0 when empty)."""
        if not self.events:
            return (0.0, 0.0)
        cols = self.columns
        return float(cols.begin.min()), float(cols.finish.max())

    def events_citing(self, source_id: str, paragraph: int) -> list[str]:
        """Ids of events that cite paragraph `paragraph` of `source_id`, in time order."""
        return [self.events.id_at(i) for i in self.citation_index.citing(source_id, paragraph).tolist()]

    def summary(self) -> str:
        """One line: how many events, lanes and sources."""
        return f"{len(self.events)} events, {len(self.lanes)} lanes, {len(self.sources)} sources"


class CitationIndex:
    """Which events cite each paragraph: arrays of (event, source, paragraph), one row per citation."""

    def __init__(self, event: np.ndarray, source: np.ndarray, paragraph: np.ndarray, source_ids: list[str]) -> None:
        self._event, self._source, self._paragraph = event, source, paragraph
        self._source_of = {s: i for i, s in enumerate(source_ids)}

    @classmethod
    def of(cls, events: Iterable[Event], source_ids: list[str]) -> CitationIndex:
        """Built by walking the events (for timelines that hold `Event` objects)."""
        source_of = {s: i for i, s in enumerate(source_ids)}
        rows = [(i, source_of.get(c.source, -1), c.paragraph) for i, e in enumerate(events) for c in e.citations]
        table = np.array(rows, np.int64).reshape(len(rows), 3)
        return cls(table[:, 0], table[:, 1], table[:, 2], source_ids)

    def counts(self, events: int) -> np.ndarray:
        """How many citations each of the `events` events has (int32)."""
        return np.bincount(self._event, minlength=events).astype(np.int32)

    def citing(self, source_id: str, paragraph: int) -> np.ndarray:
        """Positions of the events citing that paragraph, in timeline order, each once."""
        return self.citing_at(self._source_of.get(source_id, -2), paragraph)

    def citing_at(self, source: int, paragraph: int) -> np.ndarray:
        """The same, for the source at position `source` in the timeline's sources."""
        return np.unique(self._event[(self._source == source) & (self._paragraph == paragraph)])
