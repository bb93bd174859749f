"""An events file's own text, kept so a save changes only what was edited (clean diffs). No Qt here.

`SavedText.of(text)` maps the file once, in linear time (`json_layout`): where each top-level
member and each element of `events` sits, each element's id, and the layout it is written in
(one event a line, or pretty-printed with some indent).
`render(document)` copies every untouched stretch as it is and writes only the members and
events that differ (those of `Document.touched_events()`): an edited event keeps its key order,
`x-…` keys and explicit defaults (`"approximate": false`; a field set back to its default keeps
its key, but `end` has no null), new keys go in the format's order (`desktop.io.schema`), a
removed event vanishes with its separator, new ones are appended in the file's style.
After a save, `SavedText.of(text, after=previous)` remembers what earlier versions held (`saved_lines`),
so an undone edit writes the earlier bytes again: an event brought back goes back to its place with
its own text, and a source, lane or member the save added goes when the document no longer has it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from typing import Any

import desktop.io.fields  # noqa: F401  (whoever saves documents edits them: install the loader's checks)
from desktop.io.checks import read_lanes, read_sources
from desktop.io.json_layout import (
    DECODER,
    ONE_LINE,
    Piece,
    Style,
    TextMap,
    join_pieces,
    line_prefix,
    map_events_file,
    style_of,
)
from desktop.io.saved_lines import Earlier, loaded_items
from desktop.io.schema import DEFAULT_LANE, EVENT, TOP, names
from desktop.io.writers import WriteError, atomic_write
from desktop.io.writers.events_json import dumps, timeline_to_dict
from desktop.model.document import Document
from desktop.model.records import PALETTE, Citation, Event, Lane
from desktop.model.timeline import Timeline

__all__ = ["MAX_CHARS", "SavedText", "Style", "save_text", "text_for"]

MAX_CHARS = 50_000_000  # larger files are written by the plain writer: mapping them would cost more than it saves
_ABSENT = object()
_EVENT_KEYS = names(EVENT)
_TOP_KEYS = names(TOP)
_DEFAULTS: dict[str, Any] = {"end": _ABSENT, "lane": _ABSENT, "summary": "", "approximate": False, "tags": []}


class SavedText:
    """The text of an events file as saved, mapped so a document can be written back into it."""

    def __init__(self, found: TextMap, after: SavedText | None = None) -> None:
        self.text = text = found.text
        self._map = found
        self._earlier: Earlier = Earlier.after(after._map, after._earlier, found) if after is not None else Earlier()
        self._loaded: dict[str, set[int]] = {}  # "lanes"/"sources" → the elements the loader reads, once asked
        open_at, members, starts, ends = found.open_at, found.members, found.starts, found.ends
        self._open_at = open_at
        self._members = members
        self._by_key = {m.key: m for m in members}
        self._starts, self._ends = starts, ends  # each event's span in the text
        self._ids = found.ids  # id → its first element (a repeated id is the loader's problem: kept as it is)
        first = next((m for m in members if isinstance(m.value, list | dict) and m.value), None)
        self._member_prefix = line_prefix(text, members[0].start)
        unit = text[open_at + 1:members[0].start].rpartition("\n")[2] or None
        newline = "\r\n" if "\r\n" in text[open_at:members[0].start] else "\n"
        if first is not None:
            self.head_style = style_of(text, first.value_start, first.value_end, first.value,
                                       line_prefix(text, first.start), unit, newline)
        else:
            self.head_style = Style(unit, (",", ": "), False, newline) if unit else ONE_LINE
        events = self._by_key["events"]
        if starts:
            self._event_prefix = line_prefix(text, starts[0])
            raw, _ = DECODER.raw_decode(text, starts[0])
            self.event_style = style_of(text, starts[0], ends[0], raw, self._event_prefix, self.head_style.indent,
                                         newline)
            self._open_ws = text[events.value_start + 1:starts[0]]
            self._close_ws = text[ends[-1]:events.value_end - 1]
            self._gap = text[ends[0]:starts[1]] if len(starts) > 1 else "," + self._open_ws
        else:  # as the plain writer lays out a first event: one a line, one level deeper than the members
            self.event_style = ONE_LINE
            self._event_prefix = self._member_prefix + (self.head_style.indent or "")
            wrapped = self.head_style.indent is not None
            self._open_ws = newline + self._event_prefix if wrapped else ""
            self._close_ws = newline + self._member_prefix if wrapped else ""
            self._gap = "," + self._open_ws if wrapped else ", "
            if after is not None and after._starts:  # all removed: events brought back are laid out as they were
                self.event_style, self._event_prefix = after.event_style, after._event_prefix
                self._open_ws, self._close_ws, self._gap = after._open_ws, after._close_ws, after._gap

    @classmethod
    def of(cls, text: str, after: SavedText | None = None) -> SavedText | None:
        """The map of an events file's text; None when it is not one JSON object with `events`, or too big.

        `after`: the map this text was saved into; what its versions held is remembered, for undone edits.
        """
        if len(text) > MAX_CHARS:
            return None
        try:
            return cls(map_events_file(text), after)
        except (ValueError, IndexError):
            return None

    @property
    def event_ids(self) -> frozenset[str]:
        """The ids of the file's events, those the loader left out included (a new event must not take one)."""
        return frozenset(self._ids)

    # -- writing ---------------------------------------------------------------------------------

    def render(self, document: Document) -> str:
        """The file's text with the document's changes written into it; the text itself when nothing differs."""
        lanes_key = document.lanes != (DEFAULT_LANE,) or self._keeps_lanes()
        header = self._header(document, lanes_key)
        events = self._events(document, lanes_key, everyone=lanes_key != ("lanes" in self._by_key))
        if not header and events is None:
            return self.text
        pieces: list[Piece] = []
        text = self.text
        for i, member in enumerate(self._members):
            for key in [k for k in header if k not in self._by_key and _before(k, member.key)]:
                pieces.append((None, None, self._new_member(key, header.pop(key))))
            lead = text[member.start:member.value_start]
            if member.key == "events" and events is not None:
                pieces.append((i, i, [lead, *events]))
            elif member.key in header:
                value = header.pop(member.key)
                if value is not _ABSENT:  # else a member a save added, now empty: it goes, as it came
                    pieces.append((i, i, lead + self._value(member.key, value, line_prefix(text, member.start))))
            else:
                pieces.append((i, i, text[member.start:member.value_end]))
        pieces += [(None, None, self._new_member(key, value)) for key, value in header.items()]
        starts, ends = [m.start for m in self._members], [m.value_end for m in self._members]
        gap = text[ends[0]:starts[1]] if len(starts) > 1 else "," + text[self._open_at + 1:starts[0]]
        # Before the first member and after the last, the text is the file's own: "{", a byte-order mark, "}\n".
        # One join at the end: a large file's text is copied once, not once per level.
        return "".join([text[:starts[0]], *join_pieces(text, starts, ends, pieces, gap), text[ends[-1]:]])

    def _new_member(self, key: str, value: object) -> str:
        return json.dumps(key) + self.head_style.separators[1] + self._value(key, value, self._member_prefix)

    def _value(self, key: str, value: object, prefix: str) -> str:
        """A member's value as text: as an earlier version wrote it, if one held it, else in the file's style."""
        return self._earlier.member_text(key, value) or self.head_style.dumps(value, prefix)

    def _items(self, key: str) -> tuple[list, set[int]]:
        """The file's `lanes` or `sources` list and which of its elements the loader reads (the others it left out)."""
        member = self._by_key.get(key)
        items = member.value if member is not None and isinstance(member.value, list) else []
        if key not in self._loaded:
            self._loaded[key] = loaded_items(items, read_lanes if key == "lanes" else read_sources)
        return items, self._loaded[key]

    def _keeps_lanes(self) -> bool:
        """Whether the file's `lanes` stays while the document has the default lane alone (not if a save added it)."""
        items, loaded = self._items("lanes")
        return "lanes" in self._by_key and ("lanes" not in self._earlier.added or len(loaded) < len(items))

    def _header(self, document: Document, lanes_key: bool) -> dict[str, object]:
        """The top-level values that differ from the file's, by key (`_ABSENT`: a member a save added goes)."""
        changed: dict[str, object] = {}
        old = {m.key: m.value for m in self._members}
        added = self._earlier.added
        if document.title != old.get("title"):
            changed["title"] = document.title
        if not document.description and "description" in old and "description" in added:
            changed["description"] = _ABSENT
        elif document.description != old.get("description", ""):
            changed["description"] = document.description
        items, loaded = self._items("sources")
        ids = {s.id for s in document.sources}
        kept = [d for i, d in enumerate(items) if i not in loaded or d["id"] in ids]  # left out by the loader: kept
        had = {items[i]["id"] for i in loaded}
        new = tuple(s for s in document.sources if s.id not in had)
        if new or len(kept) < len(items):
            made = timeline_to_dict(Timeline(title=document.title, events=(), lanes=(), sources=new)).get("sources", [])
            changed["sources"] = [*kept, *made] if kept or made or "sources" not in added else _ABSENT
        if "lanes" in old and not lanes_key:
            changed["lanes"] = _ABSENT
        elif lanes_key and (lanes := _lanes(*self._items("lanes"), document.lanes)) != old.get("lanes"):
            changed["lanes"] = lanes
        return changed

    def _events(self, document: Document, lanes_key: bool, everyone: bool) -> list[str] | None:
        """The `events` list's new text (in parts), or None when no event in it changes and none is added."""
        touched = document.touched_events()
        count = len(self._starts)
        changed = range(count) if everyone else {self._ids[i] for i in touched if i in self._ids}
        absent = [i for i in touched if i not in self._ids]
        back = {i for i in absent if i in self._earlier.events and document.find_event(i) is not None}
        before = self._earlier.places(self._ids, back) if back else {}  # element index → events put back before it
        placed = {i for ids in before.values() for i in ids}
        appended = document.events_in_order(i for i in absent if i not in placed)
        if not changed and not before and not appended:
            return None
        text, starts, ends = self.text, self._starts, self._ends
        pieces: list[Piece] = []
        done = 0
        for c in sorted({*changed, *before}):
            if done < c:
                pieces.append((done, c - 1, text[starts[done]:ends[c - 1]]))
                done = c
            pieces += [(None, None, self._restored(i, document, lanes_key)) for i in before.get(c, ())]
            if c in changed:
                element = self._element(c, document, touched, lanes_key)
                if element is not None:
                    pieces.append((c, c, element))
                done = c + 1
        if done < count:
            pieces.append((done, count - 1, text[starts[done]:ends[count - 1]]))
        pieces += [(None, None, self.event_style.dumps(_written({"id": e.id}, e, lanes_key), self._event_prefix))
                   for e in appended]
        if not pieces:
            return ["[]"]
        return ["[", self._open_ws, *join_pieces(text, starts, ends, pieces, self._gap), self._close_ws, "]"]

    def _element(self, index: int, document: Document, touched: frozenset[str], lanes_key: bool) -> str | None:
        """Event `index`'s text now: as it was, rewritten, or None when it was removed."""
        original = self.text[self._starts[index]:self._ends[index]]
        raw, _ = DECODER.raw_decode(self.text, self._starts[index])
        ident = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(ident, str) or self._ids.get(ident) != index:
            return original  # no usable or a repeated id: the loader left it out, so no edit reached it
        event = document.find_event(ident)
        if event is None:
            return None if ident in touched else original  # removed; or left out by the loader: kept
        new = _written(raw, event, lanes_key)
        if new is None:
            return original
        return self._earlier.event_text(ident, _fits(event, lanes_key)) or self.event_style.dumps(
            new, self._event_prefix)

    def _restored(self, ident: str, document: Document, lanes_key: bool) -> str:
        """The text of an event an earlier version held, brought back: that text if it still fits, else updated."""
        event = document.find_event(ident)
        assert event is not None
        text = self._earlier.event_text(ident, _fits(event, lanes_key))
        if text is not None:
            return text
        raw, _ = DECODER.raw_decode(self._earlier.events[ident][-1])
        return self.event_style.dumps(_written(raw, event, lanes_key) or raw, self._event_prefix)


def _before(new_key: str, existing: str) -> bool:
    """Whether a top-level key being added goes before `existing` (the format's order; unknown keys stay put)."""
    return existing in _TOP_KEYS and _TOP_KEYS.index(new_key) < _TOP_KEYS.index(existing)


def _fits(event: Event, lanes_key: bool) -> Callable[[object], bool]:
    """Whether an earlier text's value writes `event` as it is."""
    return lambda raw: isinstance(raw, dict) and _written(raw, event, lanes_key) is None


def _lanes(raw: list, loaded: set[int], lanes: Sequence[Lane]) -> list:
    """The `lanes` list for `lanes`: each lane's own object updated (x-… keys kept); those the loader left out
    (`loaded` holds the others) stay, at the end; a lane the document no longer has goes."""
    by_id: dict[str, dict] = {raw[i]["id"]: raw[i] for i in loaded}
    out = []
    for index, lane in enumerate(lanes):
        own = by_id.get(lane.id)
        item = dict(own) if own is not None else {"id": lane.id, "title": lane.title}
        if item.get("title") != lane.title:
            item["title"] = lane.title
        if item.get("color", PALETTE[index % len(PALETTE)]) != lane.color:  # the loader's colour for one without
            item["color"] = lane.color
        out.append(item)
    return out + [d for i, d in enumerate(raw) if i not in loaded]


def _citations(raw: object, citations: tuple[Citation, ...]) -> list | None:
    """The `citations` list for `citations`, reusing the file's objects for those it has; None when unchanged."""
    have = raw if isinstance(raw, list) else []
    want = [(c.source, c.paragraph, c.quote) for c in citations]

    def key(d: object) -> object:
        if not isinstance(d, dict):
            return None
        found = (d.get("source"), d.get("paragraph"), d.get("quote"))
        # A value of the wrong type (the loader left that citation out) matches nothing, and is not hashable.
        return found if all(v is None or isinstance(v, str | int) for v in found) else None

    keys = [key(d) for d in have]
    # Entries no document can hold (wrong types: the loader left them out) stay as they are, at the end.
    unreadable = [d for d, k in zip(have, keys, strict=True) if k is None]
    if [k for k in keys if k is not None] == want:
        return None
    pool: dict[object, list[dict]] = {}
    for d, k in zip(have, keys, strict=True):
        if k is not None:
            pool.setdefault(k, []).append(d)
    out: list[object] = []
    for c, k in zip(citations, want, strict=True):
        kept = pool.get(k)
        out.append(kept.pop(0) if kept else {"source": c.source, "paragraph": c.paragraph,
                                             **({"quote": c.quote} if c.quote else {})})
    return out + unreadable


def _written(raw: dict, event: Event, lanes_key: bool) -> dict | None:
    """`raw` with the fields that differ from `event` changed in place (new keys in the format's order); None: same."""
    want: dict[str, Any] = {
        "title": event.title, "start": event.start.text, "end": event.end.text if event.end is not None else _ABSENT,
        "lane": event.lane if lanes_key else _ABSENT, "summary": event.summary, "approximate": event.approximate,
        "tags": list(event.tags),
    }
    out: dict[str, Any] = dict(raw)
    changed = False
    for key in _EVENT_KEYS[1:]:
        if key == "citations":
            value = _citations(raw.get("citations"), event.citations)
            if value is None:
                continue
        else:
            value = want[key]
            if raw.get(key, _DEFAULTS.get(key, _ABSENT)) == value and type(raw.get(key, value)) is type(value):
                continue
        changed = True
        if value is _ABSENT:
            out.pop(key, None)
        elif key in out:
            out[key] = value
        else:
            out = _inserted(out, key, value)
    return out if changed else None


def _inserted(item: dict, key: str, value: object) -> dict:
    """`item` with `key` added before the first key that follows it in the format (after the last one, else)."""
    rank, pairs = _EVENT_KEYS.index(key), list(item.items())
    known = [i for i, (k, _) in enumerate(pairs) if k in _EVENT_KEYS]
    at = next((i for i in known if _EVENT_KEYS.index(pairs[i][0]) > rank), known[-1] + 1 if known else len(pairs))
    return dict([*pairs[:at], (key, value), *pairs[at:]])


def text_for(document: Document, saved: SavedText | None) -> str:
    """The text to save: written into the file's own text when it was mapped, else by the plain writer."""
    return saved.render(document) if saved is not None else dumps(document.timeline())


def save_text(document: Document, saved: SavedText | None, path: str | os.PathLike[str]) -> str:
    """Write the document to `path` whole or not at all (the old file stays as it was); returns the text written."""
    text = text_for(document, saved)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise WriteError(f"{path}: the timeline contains a lone UTF-16 surrogate (U+{ord(text[exc.start]):04X}), "
                         "which UTF-8 cannot hold; nothing was written") from None
    atomic_write(path, data)
    return text
