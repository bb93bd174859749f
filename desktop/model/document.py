"""The editable timeline: events, lanes, sources and title changed by `Edit`s that undo exactly. No Qt, no I/O.

Events live in *slots*: the base timeline's events keep their positions as slots, added ones
take the next free slot. An edit is "slot s held `old`, now holds `new`", so undo and redo
set a value back and forth and store two records, never a copy of the document. Fields
become records through a `RecordReader`: `desktop.io.fields` supplies the loader's own checks
(installed when that module is imported), so an edit is refused in the words a file would be.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import overload

import numpy as np

from desktop.model.authoring import (
    DocumentError,
    RecordReader,
    article_paragraphs,
    default_reader,
    event_fields,
    slug,
    unique_id,
    use_reader,
)
from desktop.model.edited_timeline import Revision, first_revision, is_sorted, next_revision, revision_timeline
from desktop.model.records import PALETTE, Event, Lane, Source
from desktop.model.timeline import Timeline

__all__ = ["Document", "DocumentError", "Edit", "EventEdit", "HeaderEdit", "RecordReader", "article_paragraphs",
           "event_fields", "slug", "unique_id", "use_reader"]


def _short(title: str) -> str:
    return f"“{title[:40]}…”" if len(title) > 41 else f"“{title}”"


@dataclass(frozen=True)
class Edit:
    """One change to a Document and how to take it back exactly."""

    label: str  # for the undo history, e.g. "Edit title of “Second summit”"

    def redo(self, document: Document) -> None:
        """Apply the change (again); applying an edit already in place changes nothing but the revision."""
        raise NotImplementedError

    def undo(self, document: Document) -> None:
        """Take the change back."""
        raise NotImplementedError


@dataclass(frozen=True)
class EventEdit(Edit):
    """Slot `slot` holds `old` before and `new` after (None: no event): add, update, remove, duplicate, cite."""

    event_id: str
    slot: int
    old: Event | None
    new: Event | None

    def redo(self, document: Document) -> None:
        """Put the new event in its slot."""
        document._put(self.slot, self.old, self.new, self.event_id)

    def undo(self, document: Document) -> None:
        """Put the old event back in its slot."""
        document._put(self.slot, self.new, self.old, self.event_id)


@dataclass(frozen=True)
class HeaderEdit(Edit):
    """The document's title, lanes or sources (`part`) were `old` and become `new`."""

    part: str
    old: object
    new: object
    lane_id: str | None = None
    source_id: str | None = None

    def redo(self, document: Document) -> None:
        """Set the new value."""
        document._set(self.part, self.old, self.new)

    def undo(self, document: Document) -> None:
        """Set the old value back."""
        document._set(self.part, self.new, self.old)


class Document:
    """The editable timeline: title, description, sources, lanes, events; a new Timeline per revision."""

    def __init__(self, base: Timeline, reader: RecordReader | None = None, reserved: Iterable[str] = ()) -> None:
        if not is_sorted(base.columns):  # made by hand, not by a loader: sort it once, as slots need
            base = Timeline.build(title=base.title, events=list(base.events), lanes=base.lanes, sources=base.sources,
                                  description=base.description, path=base.path, problems=base.problems,
                                  timezone=base.timezone)
        self._base = base
        self._reader = reader
        self._reserved = frozenset(reserved).difference(base.event_index)  # the file's entries the loader left out
        self.revision = 0
        self.title, self.description = base.title, base.description
        self._lanes, self._sources = base.lanes, base.sources
        self._replaced: dict[int, Event | None] = {}  # base slot → its event now (None: removed)
        self._added: list[Event | None] = []  # slot len(base.events) + k
        self._added_ids: dict[str, int] = {}
        self._removed = 0  # base events removed
        self._touched: set[str] = set()  # ids any edit changed since the document was made
        self._changed: set[str] = set()  # the same since mark_saved
        self._pending: set[int] = set()  # slots changed since `_revision` was made
        self._revision: Revision | None = None
        self._timeline: tuple[int, Timeline] | None = None
        self._live: tuple[int, np.ndarray] | None = None
        self.events: Sequence[Event] = _LiveEvents(self)

    @classmethod
    def from_timeline(cls, timeline: Timeline, *, reader: RecordReader | None = None,
                      reserved: Iterable[str] = ()) -> Document:
        """A document holding `timeline`; `reader` checks fields (default: the loader's, from `desktop.io.fields`);
        `reserved`: the ids of the file's events, so those the loader left out are never given to a new event."""
        return cls(timeline, reader, reserved)

    @property
    def lanes(self) -> tuple[Lane, ...]:
        """The lanes, in order."""
        return self._lanes

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources, in order."""
        return self._sources

    # -- reading ---------------------------------------------------------------------------------

    def timeline(self) -> Timeline:
        """The current state as a Timeline, made once per revision from the previous one."""
        if self._timeline is not None and self._timeline[0] == self.revision:
            return self._timeline[1]
        base = self._base
        if not self._pending and self._revision is None and (self.title, self.description, self._lanes,
                                                               self._sources) == (base.title, base.description,
                                                                                  base.lanes, base.sources):
            made = base
        else:
            previous = self._revision or first_revision(base)
            self._revision = next_revision(base, previous, {s: self._at(s) for s in sorted(self._pending)}, self._lanes)
            self._pending.clear()
            made = revision_timeline(base, self._revision, title=self.title, description=self.description,
                                     lanes=self._lanes, sources=self._sources)
        self._timeline = (self.revision, made)
        return made

    def find_event(self, event_id: str) -> Event | None:
        """The event with that id now, or None."""
        slot = self._slot(event_id)
        return self._at(slot) if slot is not None else None

    def events_in_order(self, ids: Iterable[str]) -> list[Event]:
        """The events among `ids` that exist now, in document order (the base's order, then as added)."""
        slots = sorted(s for s in map(self._slot, ids) if s is not None)
        return [e for e in map(self._at, slots) if e is not None]

    def changed_events(self) -> frozenset[str]:
        """Ids of the events touched since the last `mark_saved` (a hint for a fast redraw)."""
        return frozenset(self._changed)

    def touched_events(self) -> frozenset[str]:
        """Ids of the events any edit touched since the document was made (what a careful save looks at)."""
        return frozenset(self._touched)

    def mark_saved(self) -> None:
        """The document was just saved: `changed_events` starts afresh."""
        self._changed.clear()

    # -- edits -----------------------------------------------------------------------------------

    def add_event(self, fields: Mapping[str, object]) -> Edit:
        """Add an event; its id (`edit.event_id`) is the slug of its title, made unique, unless `fields` give one."""
        wanted = fields.get("id")
        if wanted is not None and (not isinstance(wanted, str) or not wanted.strip()):
            raise DocumentError([f"id: expected a non-empty string, found {wanted!r}"])
        if isinstance(wanted, str) and self._taken(wanted):
            raise DocumentError([f"id: {wanted!r} is already used by another event"])  # or a left-out entry
        title = fields.get("title")
        ident = wanted or unique_id(slug(title if isinstance(title, str) else "", "event"), self._taken)
        event = self._read(ident, {k: v for k, v in fields.items() if k != "id"})
        return self._apply(EventEdit(f"Add event {_short(event.title)}", ident, self._next_slot(), None, event))

    def update_event(self, event_id: str, **fields: object) -> Edit:
        """Change some fields of an event; the others stay as they are."""
        slot, old = self._existing(event_id)
        if "id" in fields and fields["id"] != event_id:
            raise DocumentError(["id: an event's id cannot be changed"])
        event = self._read(event_id, {**event_fields(old), **fields})
        names = sorted(k for k in fields if k != "id")
        what = f"Edit {names[0]} of" if len(names) == 1 else "Edit"
        return self._apply(EventEdit(f"{what} {_short(old.title)}", event_id, slot, old, event))

    def remove_event(self, event_id: str) -> Edit:
        """Delete an event."""
        slot, old = self._existing(event_id)
        return self._apply(EventEdit(f"Delete event {_short(old.title)}", event_id, slot, old, None))

    def duplicate_event(self, event_id: str) -> Edit:
        """Add a copy of an event (same fields, title included) under a new id."""
        _, old = self._existing(event_id)
        ident = unique_id(slug(old.title, "event"), self._taken)
        new = replace(old, id=ident)
        return self._apply(EventEdit(f"Duplicate {_short(old.title)}", ident, self._next_slot(), None, new))

    def add_citation(self, event_id: str, source: str, paragraph: int, quote: str) -> Edit:
        """Add a citation (`quote` from paragraph `paragraph`, 1-based, of `source`) to an event."""
        slot, old = self._existing(event_id)
        fields = event_fields(old)
        citations = [c for c in fields["citations"]]  # type: ignore[attr-defined]
        cited = {"source": source, "paragraph": paragraph, "quote": quote}
        if cited in citations:
            raise DocumentError([f"citations: the event already cites these words of paragraph {paragraph} of "
                                 f"{source!r}"])
        new = self._read(event_id, {**fields, "citations": [*citations, cited]})
        return self._apply(EventEdit(f"Add citation to {_short(old.title)}", event_id, slot, old, new))

    def add_source_from_text(self, text: str, title: str, *, published: str | None = None,
                             publisher: str | None = None) -> Edit:
        """Add an article (one paragraph per line) as a source; its id (`edit.source_id`) is the slug of its title."""
        ident = unique_id(slug(title, "source"), {s.id for s in self._sources}.__contains__)
        source = self.reader.source(ident, title, article_paragraphs(text), published=published, publisher=publisher)
        return self._apply(HeaderEdit(f"Add source {_short(title)}", "sources", self._sources,
                                      (*self._sources, source), source_id=ident))

    def add_lane(self, title: str, color: str | None = None) -> Edit:
        """Add a lane at the end; its id (`edit.lane_id`) is the slug of its title; colour from the palette if none."""
        ident = unique_id(slug(title, "lane"), {lane.id for lane in self._lanes}.__contains__)
        lane = self.reader.lane(ident, title, color or PALETTE[len(self._lanes) % len(PALETTE)])
        return self._apply(HeaderEdit(f"Add lane {_short(title)}", "lanes", self._lanes, (*self._lanes, lane),
                                      lane_id=ident))

    def update_lane(self, lane_id: str, *, title: str | None = None, color: str | None = None) -> Edit:
        """Rename and/or recolour a lane."""
        at, old = self._lane(lane_id)
        lane = self.reader.lane(lane_id, old.title if title is None else title, old.color if color is None else color)
        what = "Rename" if color is None else "Recolour" if title is None else "Change"
        lanes = (*self._lanes[:at], lane, *self._lanes[at + 1:])
        return self._apply(HeaderEdit(f"{what} lane {_short(old.title)}", "lanes", self._lanes, lanes,
                                      lane_id=lane_id))

    def move_lane(self, lane_id: str, index: int) -> Edit:
        """Move a lane to position `index` (0 is the top)."""
        _, lane = self._lane(lane_id)
        if not 0 <= index < len(self._lanes):
            raise DocumentError([f"lane position {index} is outside 0–{len(self._lanes) - 1}"])
        rest = [x for x in self._lanes if x.id != lane_id]
        lanes = (*rest[:index], lane, *rest[index:])
        return self._apply(HeaderEdit(f"Move lane {_short(lane.title)}", "lanes", self._lanes, lanes, lane_id=lane_id))

    def set_title(self, title: str) -> Edit:
        """Change the timeline's title."""
        return self._apply(HeaderEdit("Change the timeline title", "title", self.title, self.reader.title(title)))

    # -- machinery -------------------------------------------------------------------------------

    @property
    def reader(self) -> RecordReader:
        """What turns fields into records: the one given, else the installed default."""
        if self._reader is None:
            self._reader = default_reader()
        return self._reader

    def _apply(self, edit: Edit) -> Edit:
        edit.redo(self)
        return edit

    def _read(self, ident: str, fields: Mapping[str, object]) -> Event:
        if "lane" not in fields and len(self._lanes) == 1:  # one lane: nothing to choose
            fields = {**fields, "lane": self._lanes[0].id}
        return self.reader.event(ident, fields, self._lanes, self._sources)

    def _existing(self, event_id: str) -> tuple[int, Event]:
        slot = self._slot(event_id)
        event = self._at(slot) if slot is not None else None
        if slot is None or event is None:
            raise DocumentError([f"no event with id {event_id!r}"])
        return slot, event

    def _lane(self, lane_id: str) -> tuple[int, Lane]:
        for i, lane in enumerate(self._lanes):
            if lane.id == lane_id:
                return i, lane
        raise DocumentError([f"lane {lane_id!r} is not defined in 'lanes'"])

    def _taken(self, event_id: str) -> bool:
        return event_id in self._reserved or self._slot(event_id) is not None

    def _next_slot(self) -> int:
        return len(self._base.events) + len(self._added)

    def _slot(self, event_id: str) -> int | None:
        """The slot holding the event with that id now, or None."""
        slot = self._added_ids.get(event_id)
        if slot is not None:
            return slot
        slot = self._base.event_index.get(event_id)
        if slot is None or (slot in self._replaced and self._replaced[slot] is None):
            return None
        return slot

    def _at(self, slot: int) -> Event | None:
        """The event in a slot now (None: none)."""
        n = len(self._base.events)
        if slot >= n:
            k = slot - n
            return self._added[k] if k < len(self._added) else None
        if slot in self._replaced:
            return self._replaced[slot]
        return self._base.events[slot]

    def _put(self, slot: int, expected: Event | None, event: Event | None, event_id: str) -> None:
        current = self._at(slot)
        if current != expected and current != event:
            raise DocumentError([f"this edit of {event_id!r} does not apply to the document as it is now"])
        n = len(self._base.events)
        if slot >= n:
            k = slot - n
            self._added[k:k + 1] = [event]  # appends when k == len: the slot an add was given
            while self._added and self._added[-1] is None:
                self._added.pop()  # an undone add frees its slot for the next one
            if event is not None:
                self._added_ids[event.id] = slot
            elif self._added_ids.get(event_id) == slot:
                del self._added_ids[event_id]
        else:
            self._removed += (event is None) - (current is None)
            if event is not None and event == self._base.events[slot]:
                self._replaced.pop(slot, None)
            else:
                self._replaced[slot] = event
        self._touched.add(event_id)
        self._changed.add(event_id)
        self._pending.add(slot)
        self.revision += 1

    def _set(self, part: str, expected: object, value: object) -> None:
        current = {"title": self.title, "lanes": self._lanes, "sources": self._sources}[part]
        if current != expected and current != value:
            raise DocumentError([f"this edit of the {part} does not apply to the document as it is now"])
        if part == "title":
            self.title = value  # type: ignore[assignment]
        elif part == "lanes":
            self._lanes = value  # type: ignore[assignment]
        else:
            self._sources = value  # type: ignore[assignment]
        self.revision += 1

    def live_slots(self) -> np.ndarray:
        """The slots holding an event now, in document order (made once per revision)."""
        if self._live is None or self._live[0] != self.revision:
            n = len(self._base.events)
            alive = np.ones(n + len(self._added), bool)
            alive[[s for s, e in self._replaced.items() if e is None]] = False
            alive[[n + k for k, e in enumerate(self._added) if e is None]] = False
            self._live = (self.revision, np.flatnonzero(alive))
        return self._live[1]


class _LiveEvents(Sequence[Event]):
    """A document's events in document order, read through its slots (no copy of the events)."""

    def __init__(self, document: Document) -> None:
        self._document = document

    def __len__(self) -> int:
        d = self._document
        return len(d._base.events) - d._removed + sum(e is not None for e in d._added)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | Sequence[Event]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        event = self._document._at(int(self._document.live_slots()[index]))
        assert event is not None
        return event

    def __iter__(self) -> Iterator[Event]:
        d = self._document
        if not d._replaced:
            yield from d._base.events
        else:
            for slot, event in enumerate(d._base.events):
                now = d._replaced.get(slot, event)
                if now is not None:
                    yield now
        yield from (e for e in d._added if e is not None)
