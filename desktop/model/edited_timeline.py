"""A timeline after edits, made from the previous one by moving a few rows, not rebuilt. No Qt here.

A `Document` keeps its events in *slots*: slot `b < n` is the base timeline's event `b`
(the base is sorted by begin, finish, then position), later slots hold added events. Every
revision is sorted by (begin, finish, slot), so base events keep their relative order and an
edit only deletes and inserts a few rows of each column array: at a million events that is
a few copies of arrays, where `Timeline.build` makes a million Python objects again. The
order equals what `Timeline.build` gives for the document's events in slot order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any, ClassVar, overload

import numpy as np

from desktop.model.columns import Columns, build_columns, event_facts
from desktop.model.records import Event, Lane, Source
from desktop.model.timeline import CitationIndex, Timeline

CHUNK = 65536  # slots walked at a time when the whole store is iterated
_COLUMN_NAMES = tuple(f.name for f in fields(Columns) if f.name != "memo")


def is_sorted(columns: Columns) -> bool:
    """Whether rows are in (begin, finish) order, as `Timeline.build` and the fast path leave them."""
    b, f = columns.begin, columns.finish
    return bool(np.all((b[1:] > b[:-1]) | ((b[1:] == b[:-1]) & (f[1:] >= f[:-1]))))


class EditedEvents(Sequence[Event]):
    """The events of one revision in timeline order: the base's store with a few slots replaced or added."""

    def __init__(self, base: Timeline, slots: np.ndarray, extra: Mapping[int, Event]) -> None:
        self._base = base.events
        self.slots = slots  # int64: the slot at each position
        self.extra = extra  # slot → event, for every slot that is not the base's own event
        self.titles = _Titles(self)

    def __len__(self) -> int:
        return len(self.slots)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        slot = int(self.slots[index])
        event = self.extra.get(slot)
        return event if event is not None else self._base[slot]

    def __iter__(self) -> Iterator[Event]:
        return self._walk(iter(self._base), lambda e: e)

    def search_fields(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Title, summary and tags of each event, in order."""
        return self._walk(self._base.search_fields(), lambda e: (e.title, e.summary, e.tags))

    def _walk(self, base: Iterator, made: Callable) -> Iterator:
        """Each position's item: from the base's own walk (in slot order, so never looked up) or an extra event."""
        walked = enumerate(base)
        extra = self.extra
        for at in range(0, len(self.slots), CHUNK):
            for slot in self.slots[at:at + CHUNK].tolist():
                event = extra.get(slot)
                if event is not None:
                    yield made(event)
                    continue
                for j, item in walked:  # skips the base's removed and replaced events
                    if j == slot:
                        yield item
                        break

    def id_at(self, index: int) -> str:
        """The id of event `index`."""
        slot = int(self.slots[index])
        event = self.extra.get(slot)
        return event.id if event is not None else self._base.id_at(slot)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple of the same events, so not hashable

    def __repr__(self) -> str:
        return f"<EditedEvents: {len(self)} events, {len(self.extra)} edited>"

    @cached_property
    def position_of_slot(self) -> np.ndarray:
        """Position of each slot (-1: not in this revision); made on first use, once per revision."""
        # Every base slot too: one whose event was deleted is still asked about (its citations).
        size = max(int(self.slots.max()) + 1 if len(self.slots) else 0, max(self.extra, default=-1) + 1,
                   len(self._base))
        out = np.full(size, -1, np.int64)
        out[self.slots] = np.arange(len(self.slots))
        return out


class _Titles(Sequence[str]):
    """Titles by position, read one at a time as labels need them."""

    def __init__(self, events: EditedEvents) -> None:
        self._events = events

    def __len__(self) -> int:
        return len(self._events)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        events = self._events
        slot = int(events.slots[index])
        event = events.extra.get(slot)
        return event.title if event is not None else events._base.titles[slot]

    def __iter__(self) -> Iterator[str]:
        # Walked with the base's own title walk (a chunk at a time), never title by title.
        events = self._events
        return events._walk(iter(events._base.titles), lambda e: e.title)


class EditedIndex(Mapping[str, int]):
    """Event id → position in one revision: the base's index, the edited events' ids, one array lookup."""

    def __init__(self, base: Timeline, events: EditedEvents) -> None:
        self._base = base
        self._events = events
        self._extra_ids = {event.id: slot for slot, event in events.extra.items()}

    def __getitem__(self, key: str) -> int:
        slot = self._extra_ids.get(key)
        if slot is None:
            slot = self._base.event_index[key]  # a replaced event keeps its id, so it was found above
        positions = self._events.position_of_slot
        position = int(positions[slot]) if slot < len(positions) else -1
        if position < 0:
            raise KeyError(key)
        return position

    def __iter__(self) -> Iterator[str]:
        return (self._events.id_at(i) for i in range(len(self._events)))

    def __len__(self) -> int:
        return len(self._events)


class EditedCitations(CitationIndex):
    """Which events cite each paragraph: the base's answer moved to this revision's positions, plus the edited."""

    def __init__(self, base: Timeline, events: EditedEvents, source_ids: list[str]) -> None:
        empty = np.zeros(0, np.int64)
        super().__init__(empty, empty, empty, source_ids)
        self._base = base
        self._events = events
        self._source_ids = source_ids
        self._base_sources = len(base.sources)  # sources are only ever appended, so these keep their place

    @cached_property
    def _edited(self) -> dict[tuple[str, int], list[int]]:
        """Slots of the edited events citing each (source, paragraph)."""
        cited: dict[tuple[str, int], list[int]] = {}
        for slot, event in self._events.extra.items():
            for citation in event.citations:
                cited.setdefault((citation.source, citation.paragraph), []).append(slot)
        return cited

    def counts(self, events: int) -> np.ndarray:
        """How many citations each event of this revision has: the base's counts moved, the edited counted."""
        slots = self._events.slots
        base_counts = self._base.citation_index.counts(len(self._base.events))
        own = slots < len(base_counts)
        counts = np.zeros(events, np.int32)
        counts[own] = base_counts[slots[own]]
        positions = self._events.position_of_slot
        for slot, event in self._events.extra.items():
            if positions[slot] >= 0:
                counts[positions[slot]] = len(event.citations)
        return counts

    def citing_at(self, source: int, paragraph: int) -> np.ndarray:
        """Positions of the events citing that paragraph of the source at position `source`, in order."""
        positions = self._events.position_of_slot
        slots = np.zeros(0, np.int64)
        if 0 <= source < self._base_sources:
            slots = self._base.citation_index.citing_at(source, paragraph)  # base positions are base slots
            if self._events.extra:
                slots = slots[~np.isin(slots, np.fromiter(self._events.extra, np.int64))]
        if 0 <= source < len(self._source_ids):
            edited = self._edited.get((self._source_ids[source], paragraph), [])
            slots = np.concatenate([slots, np.array(edited, np.int64)])
        found = positions[slots]
        return np.unique(found[found >= 0])


@dataclass(frozen=True)
class Revision:
    """What one revision's timeline is made of, kept to make the next one from."""

    events: EditedEvents
    columns: Columns
    lane_ids: tuple[str, ...]


def first_revision(base: Timeline) -> Revision:
    """The base timeline as a revision: every slot its own event."""
    return Revision(EditedEvents(base, np.arange(len(base.events), dtype=np.int64), {}), base.columns,
                    tuple(lane.id for lane in base.lanes))


def next_revision(base: Timeline, previous: Revision, changed: Mapping[int, Event | None],
                  lanes: Sequence[Lane]) -> Revision:
    """The revision after `previous` once the slots in `changed` hold those events (None: no event)."""
    events, cols = previous.events, previous.columns
    if tuple(lane.id for lane in lanes) == previous.lane_ids and all(
        _in_place(base, previous, slot, event) for slot, event in changed.items()
    ):
        # Titles, summaries, tags, quotes: nothing the columns hold. The same columns, and with them
        # everything laid out from them (sub-rows, density, breaks), instead of seconds at 1M events.
        extra = dict(events.extra)
        for slot, event in changed.items():
            assert event is not None
            if slot < len(base.events) and _is_base(base, slot, event):
                extra.pop(slot, None)
            else:
                extra[slot] = event
        return Revision(EditedEvents(base, events.slots, extra), cols, previous.lane_ids)
    extra = dict(events.extra)
    gone = np.array(sorted(p for p in (_position(base, events, cols, slot) for slot in changed) if p is not None),
                    np.int64)
    lane_ids = tuple(lane.id for lane in lanes)
    for slot, event in changed.items():
        if event is None or (slot < len(base.events) and _is_base(base, slot, event)):
            extra.pop(slot, None)
        else:
            extra[slot] = event
    new = sorted((e.begin, e.finish, s, e) for s, e in changed.items() if e is not None)
    values = {name: getattr(cols, name)[:0] for name in _COLUMN_NAMES}
    inserted = np.zeros(0, np.int64)
    if new:
        added = build_columns(*event_facts([row[3] for row in new], {ident: i for i, ident in enumerate(lane_ids)}).T)
        values = {name: getattr(added, name) for name in _COLUMN_NAMES}
        # Found among all the old rows, then counted without the gone ones before them (keys are unique).
        at = np.array([_insertion(cols.begin, cols.finish, events.slots, b, f, s) for b, f, s, _ in new], np.int64)
        inserted = at - np.searchsorted(gone, at) + np.arange(len(at))
    slots = splice(events.slots, gone, inserted, np.array([row[2] for row in new], np.int64))
    if not len(gone) and not new and lane_ids == previous.lane_ids:
        return Revision(EditedEvents(base, slots, extra), cols, lane_ids)
    old = {name: getattr(cols, name) for name in _COLUMN_NAMES}
    if lane_ids != previous.lane_ids:  # reordered, added, or an added one undone: lane numbers follow the ids
        number = {ident: i for i, ident in enumerate(lane_ids)}
        # A lane that is gone (its adding undone) has no events left: undo runs last edit first.
        renumber = np.array([number.get(ident, -1) for ident in previous.lane_ids], np.int32)
        old["lane"] = renumber[old["lane"]] if len(renumber) else old["lane"]
    arrays: dict[str, Any] = {name: splice(array, gone, inserted, values[name]) for name, array in old.items()}
    columns = Columns(**arrays)
    if lane_ids == previous.lane_ids:
        # Layout then carries what it made for the previous columns over to these, by the rows that
        # changed. One revision back only: a chain would keep every revision's arrays alive.
        cols.memo.pop(ColumnsEdit.KEY, None)
        columns.memo[ColumnsEdit.KEY] = ColumnsEdit(cols, gone, inserted)
    return Revision(EditedEvents(base, slots, extra), columns, lane_ids)


@dataclass(frozen=True, eq=False)
class ColumnsEdit:
    """How one revision's columns came from the previous revision's: rows taken out, then rows put in.

    Kept in the new columns' memo under KEY, so layout can update what it made for `previous`
    instead of making it again; lanes keep their numbers (lane edits record none).
    """

    KEY: ClassVar[str] = "edit"
    previous: Columns
    removed: np.ndarray  # int64, sorted: positions in `previous` taken out
    inserted: np.ndarray  # int64, sorted: positions in the new columns of the rows put in


def splice(array: np.ndarray, removed: np.ndarray, inserted: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`array` without its positions `removed`, with `values` at the positions `inserted` of the result (both sorted).

    Kept rows move as whole stretches: at a million rows a few memory copies, where a mask walks every row.
    """
    out = np.empty(len(array) - len(removed) + len(inserted), array.dtype)
    out[inserted] = values
    src, dst = _stretches(len(array), removed), _stretches(len(out), inserted)
    si = di = 0
    s, d = (src[0][0] if src else 0), (dst[0][0] if dst else 0)
    while si < len(src) and di < len(dst):
        take = min(src[si][1] - s, dst[di][1] - d)
        out[d:d + take] = array[s:s + take]
        s, d = s + take, d + take
        if s == src[si][1]:
            si += 1
            s = src[si][0] if si < len(src) else s
        if d == dst[di][1]:
            di += 1
            d = dst[di][0] if di < len(dst) else d
    return out


def _stretches(length: int, cuts: np.ndarray) -> list[tuple[int, int]]:
    """The runs [start, stop) of 0 … length − 1 between the sorted positions `cuts`."""
    out, at = [], 0
    for cut in cuts.tolist():
        if cut > at:
            out.append((at, cut))
        at = cut + 1
    if at < length:
        out.append((at, length))
    return out


def _in_place(base: Timeline, previous: Revision, slot: int, event: Event | None) -> bool:
    """Whether `event` replaces the one in `slot` without changing any column: same dates, lane, flags."""
    old = previous.events.extra.get(slot)
    if old is None and slot < len(base.events) and _position(base, previous.events, previous.columns, slot) is not None:
        old = base.events[slot]
    return event is not None and old is not None and (
        old.start == event.start and old.end == event.end and old.lane == event.lane
        and old.approximate == event.approximate and bool(old.citations) == bool(event.citations))


def _is_base(base: Timeline, slot: int, event: Event) -> bool:
    """Whether a base slot holds its own event again (after an undo): then it needs no extra entry."""
    return bool(base.events[slot] == event)


def _position(base: Timeline, events: EditedEvents, cols: Columns, slot: int) -> int | None:
    """Where `slot` sits in a revision, found by its sort key; None when it holds no event there."""
    event = events.extra.get(slot)
    if event is not None:
        begin, finish = event.begin, event.finish
    elif slot < len(base.events):
        begin, finish = float(base.columns.begin[slot]), float(base.columns.finish[slot])
    else:
        return None
    at = _insertion(cols.begin, cols.finish, events.slots, begin, finish, slot)
    return at if at < len(events.slots) and int(events.slots[at]) == slot else None


def _insertion(begin: np.ndarray, finish: np.ndarray, slots: np.ndarray, b: float, f: float, s: int) -> int:
    """The first position whose (begin, finish, slot) is not below (b, f, s): three binary searches on views."""
    lo, hi = int(np.searchsorted(begin, b, "left")), int(np.searchsorted(begin, b, "right"))
    lo, hi = lo + int(np.searchsorted(finish[lo:hi], f, "left")), lo + int(np.searchsorted(finish[lo:hi], f, "right"))
    return lo + int(np.searchsorted(slots[lo:hi], s, "left"))


def revision_timeline(base: Timeline, revision: Revision, *, title: str, description: str, lanes: tuple[Lane, ...],
                      sources: tuple[Source, ...]) -> Timeline:
    """The Timeline of a revision, with its columns and indexes ready (the indexes fill in on first use)."""
    events = revision.events
    return Timeline(
        title=title, events=events, lanes=lanes, sources=sources, description=description, path=base.path,
        problems=base.problems, timezone=base.timezone, columns=revision.columns,
        event_index=EditedIndex(base, events), citation_index=EditedCitations(base, events, [s.id for s in sources]),
    )
