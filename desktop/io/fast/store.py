"""Events kept as their JSON bytes and made into `Event`s only when asked for. No Qt here.

A million `Event` objects with their strings, tuples and dates take ~1.5 GB; their bytes in
the file take ~200 MB, and the drawing never needs more than the numpy columns. The fast
path checked every event already, so decoding one again here cannot fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import overload

import msgspec
import numpy as np

from desktop.model.dates import PartialDate, parse_date
from desktop.model.records import Citation, Event

ITER_CHUNK = 4096


# The format's citation and event (`io.schema`), as checked events decode; tests/io/test_format_keys.py
# holds their fields to the schema's.
class _Cite(msgspec.Struct, gc=False):
    source: str
    paragraph: int
    quote: str | None = None


class _Record(msgspec.Struct, gc=False):
    id: str
    title: str
    start: str
    end: str | None = None
    lane: str = ""
    summary: str = ""
    approximate: bool = False
    tags: tuple[str, ...] = ()
    citations: tuple[_Cite, ...] = ()


class _Title(msgspec.Struct, gc=False):
    title: str


class _Words(msgspec.Struct, gc=False):
    title: str
    summary: str = ""
    tags: tuple[str, ...] = ()


class _Id(msgspec.Struct, gc=False):
    id: str


_RECORD = msgspec.json.Decoder(_Record)
_RECORDS = msgspec.json.Decoder(list[_Record])
_TITLE = msgspec.json.Decoder(_Title)
_TITLES = msgspec.json.Decoder(list[_Title])
_WORDS = msgspec.json.Decoder(list[_Words])
ID_DECODER = msgspec.json.Decoder(_Id)


class RawEvents(Sequence[Event]):
    """A timeline's events, in timeline order, as views into the file's bytes: an `EventStore`."""

    def __init__(self, raws: list[msgspec.Raw], order: np.ndarray, lane: str | None,
                 overrides: dict[int, Event] | None = None) -> None:
        self._raws = raws  # in file order, left-out events included
        self._order = order  # timeline position → file position
        self._lane = lane  # the lane of every event when the file has no lanes list
        # Events the careful checks kept with changes (a bad citation left out): by file position.
        self._overrides = overrides or {}
        self._dates: dict[str, PartialDate] = {}
        self.titles = RawTitles(self)

    def __len__(self) -> int:
        return len(self._order)

    def raw(self, index: int) -> msgspec.Raw:
        """The JSON bytes of event `index` (in timeline order)."""
        return self._raws[self._order[index]]

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        kept = self._overrides.get(int(self._order[index])) if self._overrides else None
        return kept if kept is not None else self._event(_RECORD.decode(self.raw(index)))

    def __iter__(self) -> Iterator[Event]:
        return self._walk(_RECORDS, self._event, lambda e: e)

    def search_fields(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Title, summary and tags of each event, in order, without making the events."""
        return self._walk(_WORDS, lambda w: (w.title, w.summary, w.tags), lambda e: (e.title, e.summary, e.tags))

    def walk_titles(self) -> Iterator[str]:
        """Every title in order, decoded a chunk at a time (a sort by title reads them all)."""
        return self._walk(_TITLES, lambda t: t.title, lambda e: e.title)

    def _walk(self, decoder: msgspec.json.Decoder, made: Callable, kept: Callable) -> Iterator:
        """Each event in timeline order, through `made` from its bytes or `kept` from its override."""
        raws, overrides = self._raws, self._overrides
        for at in range(0, len(self._order), ITER_CHUNK):
            positions = self._order[at:at + ITER_CHUNK].tolist()
            plain = [p for p in positions if p not in overrides] if overrides else positions
            # One decode per chunk: joined views decode several times faster than one by one.
            decoded = iter(decoder.decode(b"[" + b",".join([raws[p] for p in plain]) + b"]"))
            for p in positions:
                yield kept(overrides[p]) if p in overrides else made(next(decoded))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple of the same events, so not hashable

    def __repr__(self) -> str:
        return f"<RawEvents: {len(self)} events>"

    def id_at(self, index: int) -> str:
        """The id of event `index`, without making the whole event."""
        kept = self._overrides.get(int(self._order[index])) if self._overrides else None
        return kept.id if kept is not None else ID_DECODER.decode(self.raw(index)).id

    def title_at(self, index: int) -> str:
        """The title of event `index`, without making the whole event."""
        kept = self._overrides.get(int(self._order[index])) if self._overrides else None
        return kept.title if kept is not None else _TITLE.decode(self.raw(index)).title

    def _date(self, text: str) -> PartialDate:
        found = self._dates.get(text)
        if found is None:
            found = self._dates[text] = parse_date(text)
        return found

    def _event(self, r: _Record) -> Event:
        return Event(
            r.id, r.title, self._date(r.start), self._lane or r.lane, self._date(r.end) if r.end is not None else None,
            r.summary, r.approximate, r.tags, tuple(Citation(c.source, c.paragraph, c.quote) for c in r.citations),
        )


class RawTitles(Sequence[str]):
    """Event titles by index, decoded when a label needs one."""

    def __init__(self, events: RawEvents) -> None:
        self._events = events

    def __len__(self) -> int:
        return len(self._events)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._events.title_at(index)

    def __iter__(self) -> Iterator[str]:
        return self._events.walk_titles()


class IdIndex(Mapping[str, int]):
    """Event id → position, from hashes of the ids: 16 bytes an event instead of a dict of strings."""

    def __init__(self, events: RawEvents, hashes: np.ndarray) -> None:
        self._events = events
        self._unsorted: np.ndarray | None = hashes  # sorted on the first lookup, not while loading

    def __getitem__(self, key: str) -> int:
        if not isinstance(key, str):
            raise KeyError(key)
        if self._unsorted is not None:
            self._order = np.argsort(self._unsorted, kind="stable")
            self._hashes = self._unsorted[self._order]
            self._unsorted = None
        h = hash(key)
        lo, hi = np.searchsorted(self._hashes, h, "left"), np.searchsorted(self._hashes, h, "right")
        for i in self._order[lo:hi].tolist():  # usually one; more only when hashes collide
            if self._events.id_at(i) == key:
                return i
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (self._events.id_at(i) for i in range(len(self._events)))

    def __len__(self) -> int:
        return len(self._events)
