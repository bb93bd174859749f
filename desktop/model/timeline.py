"""The in-memory timeline: frozen records plus column arrays for drawing. No Qt here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from desktop.model.dates import PartialDate, Precision

# Okabe–Ito: distinguishable for the common kinds of colour blindness.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, and where."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.path}: {self.message}" if self.path else f"{place}: {self.message}"


@dataclass(frozen=True, slots=True)
class Citation:
    """A paragraph of a source that backs an event, with the words quoted from it."""

    source: str
    paragraph: int  # 1-based
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """An article: its metadata and its paragraphs, verbatim."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    publisher: str | None = None
    published: PartialDate | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Lane:
    """A row of the timeline: who acted."""

    id: str
    title: str
    color: str


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, dated at the precision its evidence gives."""

    id: str
    title: str
    start: PartialDate
    lane: str
    end: PartialDate | None = None
    summary: str = ""
    approximate: bool = False
    tags: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()

    @property
    def begin(self) -> float:
        """UTC epoch seconds where the event's span starts."""
        return self.start.begin

    @property
    def finish(self) -> float:
        """UTC epoch seconds where the event's span ends (exclusive)."""
        return (self.end or self.start).end

    @property
    def is_range(self) -> bool:
        """True for an event written with an `end`."""
        return self.end is not None

    @property
    def anchor(self) -> float:
        """Where the event's marker sits: the middle of its whole span."""
        return (self.begin + self.finish) / 2


@dataclass(frozen=True, slots=True)
class Columns:
    """Per-event arrays in timeline order, for layout and drawing without Python loops."""

    begin: np.ndarray  # float64 epoch seconds
    finish: np.ndarray  # float64 epoch seconds, exclusive
    anchor: np.ndarray  # float64 epoch seconds
    lane: np.ndarray  # int32 index into Timeline.lanes
    is_range: np.ndarray  # bool
    coarse: np.ndarray  # bool: point event of month or year precision
    approximate: np.ndarray  # bool
    cited: np.ndarray  # bool: has at least one citation


@dataclass(frozen=True)
class Timeline:
    """A loaded events file: events sorted by start, lanes, sources and what was wrong."""

    title: str
    events: Sequence[Event]  # a tuple, or a lazy store for large files (`event_store.RawEvents`)
    lanes: tuple[Lane, ...]
    sources: tuple[Source, ...] = ()
    description: str = ""
    path: str | None = None
    problems: tuple[Problem, ...] = field(default=())

    @classmethod
    def build(
        cls,
        *,
        title: str,
        events: list[Event],
        lanes: tuple[Lane, ...],
        sources: tuple[Source, ...] = (),
        description: str = "",
        path: str | None = None,
        problems: tuple[Problem, ...] = (),
    ) -> Timeline:
        """A timeline with its events sorted by (begin, finish) and its columns made in the same pass."""
        lane_of = {lane.id: i for i, lane in enumerate(lanes)}
        n = len(events)
        # One pass while the freshly made events are still in cache; a pass per column
        # over a million scattered objects costs several times more.
        rows = [
            (e.start.begin, (e.end or e.start).end, lane_of[e.lane], e.end is not None,
             e.end is None and e.start.precision <= Precision.MONTH, e.approximate, bool(e.citations))
            for e in events
        ]
        table = np.array(rows, dtype=np.float64).reshape(n, 7)
        order = np.lexsort((table[:, 1], table[:, 0]))
        table = table[order]
        timeline = cls(
            title=title, events=tuple([events[i] for i in order.tolist()]), lanes=lanes, sources=sources,
            description=description, path=path, problems=problems,
        )
        begin, finish = table[:, 0].copy(), table[:, 1].copy()
        timeline.__dict__["columns"] = Columns(
            begin=begin, finish=finish, anchor=(begin + finish) / 2, lane=table[:, 2].astype(np.int32),
            is_range=table[:, 3] > 0, coarse=table[:, 4] > 0, approximate=table[:, 5] > 0, cited=table[:, 6] > 0,
        )
        return timeline

    @cached_property
    def event_index(self) -> Mapping[str, int]:
        """Position of each event id in `events`."""
        return {event.id: i for i, event in enumerate(self.events)}

    @cached_property
    def citation_index(self) -> CitationIndex:
        """Which events cite each paragraph."""
        return CitationIndex.of(self.events, [s.id for s in self.sources])

    @cached_property
    def titles(self) -> Sequence[str]:
        """Each event's title, by position: labels read only the few they draw."""
        return getattr(self.events, "titles", None) or [e.title for e in self.events]

    @cached_property
    def lane_index(self) -> dict[str, int]:
        """Position of each lane id in `lanes`."""
        return {lane.id: i for i, lane in enumerate(self.lanes)}

    @cached_property
    def source_index(self) -> dict[str, Source]:
        """Sources by id."""
        return {source.id: source for source in self.sources}

    @cached_property
    def columns(self) -> Columns:
        """The events as column arrays, in the same order as `events`."""
        events = self.events
        lanes = self.lane_index
        n = len(events)
        begin = np.fromiter((e.begin for e in events), dtype=np.float64, count=n)
        finish = np.fromiter((e.finish for e in events), dtype=np.float64, count=n)
        is_range = np.fromiter((e.end is not None for e in events), dtype=bool, count=n)
        coarse = np.fromiter(
            (e.end is None and e.start.precision <= Precision.MONTH for e in events), dtype=bool, count=n
        )
        return Columns(
            begin=begin,
            finish=finish,
            anchor=(begin + finish) / 2,
            lane=np.fromiter((lanes[e.lane] for e in events), dtype=np.int32, count=n),
            is_range=is_range,
            coarse=coarse,
            approximate=np.fromiter((e.approximate for e in events), dtype=bool, count=n),
            cited=np.fromiter((bool(e.citations) for e in events), dtype=bool, count=n),
        )

    def span(self) -> tuple[float, float]:
        """Earliest begin and latest finish over all events (0, 0 when empty)."""
        if not self.events:
            return (0.0, 0.0)
        cols = self.columns
        return float(cols.begin.min()), float(cols.finish.max())

    def events_citing(self, source_id: str, paragraph: int) -> list[str]:
        """Ids of events that cite paragraph `paragraph` of `source_id`, in time order."""
        id_at = getattr(self.events, "id_at", None) or (lambda i: self.events[i].id)
        return [id_at(i) for i in self.citation_index.citing(source_id, paragraph).tolist()]

    def summary(self) -> str:
        """One line: how many events, lanes and sources."""
        return f"{len(self.events)} events, {len(self.lanes)} lanes, {len(self.sources)} sources"


class CitationIndex:
    """Which events cite each paragraph: arrays of (event, source, paragraph), one row per citation."""

    def __init__(self, event: np.ndarray, source: np.ndarray, paragraph: np.ndarray, source_ids: list[str]) -> None:
        self._event, self._source, self._paragraph = event, source, paragraph
        self._source_of = {s: i for i, s in enumerate(source_ids)}

    @classmethod
    def of(cls, events: Sequence[Event], source_ids: list[str]) -> CitationIndex:
        """Built by walking the events (for timelines that hold `Event` objects)."""
        source_of = {s: i for i, s in enumerate(source_ids)}
        rows = [(i, source_of.get(c.source, -1), c.paragraph) for i, e in enumerate(events) for c in e.citations]
        table = np.array(rows, np.int64).reshape(len(rows), 3)
        return cls(table[:, 0], table[:, 1], table[:, 2], source_ids)

    def citing(self, source_id: str, paragraph: int) -> np.ndarray:
        """Positions of the events citing that paragraph, in timeline order, each once."""
        return self.citing_at(self._source_of.get(source_id, -2), paragraph)

    def citing_at(self, source: int, paragraph: int) -> np.ndarray:
        """The same, for the source at position `source` in the timeline's sources."""
        return np.unique(self._event[(self._source == source) & (self._paragraph == paragraph)])
