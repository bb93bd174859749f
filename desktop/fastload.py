"""The fast path for a clean events file: msgspec decodes and checks events in C, in chunks.

`fast_timeline` gives exactly the Timeline the careful loader (`loader`) would, or None when
the file has anything to report; the careful loader then reads it and explains every
problem with its place. Events stay as their JSON bytes (`event_store`), with numpy columns
for drawing, so a million events take a few hundred MB instead of a few GB.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat
from operator import is_, is_not
from typing import Annotated, Any, Literal

import msgspec
import numpy as np

from desktop.dates import DateError, Precision
from desktop.event_store import ID_DECODER as _ID
from desktop.event_store import IdIndex, RawEvents
from desktop.fastdates import parse_many
from desktop.jsonfile import TimelineError, parse_json
from desktop.loader import DEFAULT_LANE, _check_top, _Checker, _lanes, _sources
from desktop.model import CitationIndex, Columns, Lane, Source, Timeline
from desktop.progress import report

CHUNK = 16384  # events per decode call: ~10 ms holding the GIL, so the window keeps painting
DECODED = 0.12  # progress once the document is scanned: reading took 0.1, the events take the rest
UNSET = msgspec.UNSET
_Text = Annotated[str, msgspec.Meta(min_length=1)]  # whitespace-only is checked after, in bulk


class _Envelope(msgspec.Struct):
    """The events list as undecoded views into the file; the rest is read by the careful loader."""

    events: list[msgspec.Raw]


def fast_timeline(data: bytes, name: str) -> Timeline | None:
    """The file's timeline if it is clean (no problem to report), else None."""
    try:
        return _fast(data, name)
    except (msgspec.DecodeError, DateError, TimelineError, _Fallback, UnicodeDecodeError, RecursionError):
        return None  # the careful loader reads it and says what is wrong
    except (TypeError, ValueError, KeyError, IndexError, OverflowError):
        # A shape this path did not foresee: never worse than the careful path, only slower.
        return None


class _Fallback(Exception):
    """Something the careful loader should look at."""


def _fast(data: bytes, name: str) -> Timeline | None:
    view = memoryview(data)
    if view[:3] == b"\xef\xbb\xbf":
        view = view[3:]
    raws = msgspec.json.decode(view, type=_Envelope).events
    if not raws:
        raise _Fallback  # nothing to gain; the careful path handles the empty case
    doc = _rest_of_document(view, raws, name)
    check = _Checker(name, True)
    _check_top(doc, check)
    if check.problems:
        raise _Fallback
    sources = _sources(doc.get("sources", []), check)
    lanes = _lanes(doc["lanes"], check) if "lanes" in doc else None
    if check.problems or doc["events"] != []:
        raise _Fallback
    lane_list = tuple(lanes.values()) if lanes is not None else (DEFAULT_LANE,)
    report(DECODED)
    cols = _decode_events(raws, _event_type(lanes, sources), sources, list(lanes) if lanes is not None else None)
    order = np.lexsort((cols.finish, cols.begin))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    timeline = Timeline(
        title=doc["title"], description=doc.get("description", ""),
        events=RawEvents(raws, order, DEFAULT_LANE.id if lanes is None else None),
        lanes=lane_list, sources=tuple(sources.values()), path=name, problems=(),
    )
    begin, finish = cols.begin[order], cols.finish[order]
    timeline.__dict__["columns"] = Columns(
        begin=begin, finish=finish, anchor=(begin + finish) / 2, lane=cols.lane[order], is_range=cols.is_range[order],
        coarse=cols.coarse[order], approximate=cols.approximate[order], cited=cols.cited[order],
    )
    timeline.__dict__["event_index"] = IdIndex(timeline.events, cols.id_hash[order])
    timeline.__dict__["citation_index"] = CitationIndex(
        rank[cols.cite_event], cols.cite_source, cols.cite_paragraph, [s.id for s in sources.values()]
    )
    return timeline


def _rest_of_document(view: memoryview, raws: list[msgspec.Raw], name: str) -> dict:
    """The document with its events list emptied, parsed strictly (repeated keys noted)."""
    base = np.frombuffer(view, np.uint8).ctypes.data
    first = np.frombuffer(raws[0], np.uint8).ctypes.data - base
    last = np.frombuffer(raws[-1], np.uint8).ctypes.data - base + len(raws[-1])
    if not 0 <= first < last <= len(view):
        raise _Fallback  # not views into this file after all
    head, tail = bytes(view[:first]).rstrip(), bytes(view[last:]).lstrip()
    if not head.endswith(b"[") or not tail.startswith(b"]"):
        raise _Fallback
    text = head + tail  # "events": [] where the events were
    doc = parse_json(text.decode("utf-8"), name)
    if not isinstance(doc, dict):
        raise _Fallback
    return doc


def _event_type(lanes: dict[str, Lane] | None, sources: dict[str, Source]) -> type:
    """A struct type that accepts exactly the events this file's lanes and sources allow."""
    source_type: Any = Literal[tuple(sources)] if sources else str  # no sources: any citation falls back

    citation = msgspec.defstruct(
        "Citation",
        [("source", source_type), ("paragraph", Annotated[int, msgspec.Meta(ge=1)]),
         ("quote", _Text | msgspec.UnsetType, UNSET)],
        forbid_unknown_fields=True, gc=False,
    )

    fields: list[tuple[str, Any, Any]] = [
        ("end", str | msgspec.UnsetType, UNSET),
        ("summary", str | msgspec.UnsetType, UNSET),
        ("approximate", bool | msgspec.UnsetType, UNSET),
        ("tags", list[str] | msgspec.UnsetType, UNSET),
        ("citations", list[citation] | msgspec.UnsetType, UNSET),
    ]
    if lanes is not None:
        if not lanes:
            raise _Fallback  # an empty lanes list: no event can name a lane
        fields.insert(0, ("lane", Literal[tuple(lanes)], msgspec.NODEFAULT))
    return msgspec.defstruct(
        "Event", [("id", _Text), ("title", _Text), ("start", str), *fields], forbid_unknown_fields=True, gc=False
    )


class _Columns:
    """Per-event values in file order, gathered chunk by chunk."""

    def __init__(self) -> None:
        self.id_hash: list[np.ndarray] = []
        self.dates = _Dates()
        self.start: list[np.ndarray] = []  # numbers of date strings in `dates`
        self.end: list[np.ndarray] = []  # -1: no end
        self.lane: list[np.ndarray] = []
        self.approximate: list[np.ndarray] = []
        self.cited: list[np.ndarray] = []
        self.cite_event: list[np.ndarray] = []
        self.cite_source: list[np.ndarray] = []
        self.cite_paragraph: list[np.ndarray] = []


def _decode_events(
    raws: list[msgspec.Raw], event_type: type, sources: dict[str, Source], lane_ids: list[str] | None
) -> _Finished:
    """Decode and check every event, a chunk at a time; their columns in file order."""
    decoder = msgspec.json.Decoder(list[event_type])
    lane_of = {lane: i for i, lane in enumerate(lane_ids or ())}
    cites = _CitationCheck(sources)
    acc = _Columns()
    n = len(raws)
    share = (1.0 - DECODED) * 0.95 / n
    for at in range(0, n, CHUNK):
        report(DECODED + at * share)
        chunk = b"[" + b",".join(raws[at:at + CHUNK]) + b"]"
        events = decoder.decode(chunk)
        size = len(events)
        # One comprehension per field: the fastest way to read a field of many structs.
        ids, titles, starts = [e.id for e in events], [e.title for e in events], [e.start for e in events]
        ends, summaries = [e.end for e in events], [e.summary for e in events]
        approximate = [e.approximate for e in events]
        tags, citations = [e.tags for e in events], [e.citations for e in events]
        lanes = [e.lane for e in events] if lane_ids is not None else []
        if any(map(str.isspace, ids)) or any(map(str.isspace, titles)):
            raise _Fallback  # an id or title of nothing but spaces
        cited = np.fromiter(map(bool, citations), bool, size)
        cite_keys, cite_strings = cites.check(acc, at, citations, cited)
        # msgspec keeps the last of a repeated key without a word, so count the strings: the
        # chunk's string quotes are two per key and per string value. The decoded events give
        # their keys and string values; a repeated key adds a string they do not have.
        # (Absent fields are UNSET, which is false, as are empty ones.)
        present = _count_present(ends, summaries, approximate, tags, citations)
        keys = 3 * size + len(lanes) + present + cite_keys
        values = 3 * size + len(lanes) + _count_present(ends, summaries) + sum(map(len, filter(None, tags)))
        if _string_quotes(chunk) != 2 * (keys + values + cite_strings):
            raise _Fallback
        acc.id_hash.append(np.fromiter(map(hash, ids), np.int64, size))
        acc.start.append(acc.dates.codes(starts))
        acc.end.append(acc.dates.codes(ends))
        lane = np.fromiter(map(lane_of.__getitem__, lanes), np.int32, size) if lanes else np.zeros(size, np.int32)
        acc.lane.append(lane)
        acc.approximate.append(np.fromiter(map(is_, approximate, repeat(True)), bool, size))
        acc.cited.append(cited)
    finished = _Finished(acc)
    _refuse_repeated_ids(finished.id_hash, raws)
    return finished


_LONGEST_RUN = 8  # backslashes before a quote worth counting; a longer run sends the file the careful way


def _string_quotes(chunk: bytes) -> int:
    """Quotes that open or close a string: those after an even run of backslashes (or none)."""
    quotes = chunk.count(b'"')
    if b"\\" not in chunk:
        return quotes
    # A quote after exactly r backslashes is escaped when r is odd. With C(m) the quotes after
    # at least m backslashes, C(1) - C(2) + C(3) - … counts exactly those.
    escaped, sign = 0, 1
    for run in range(1, _LONGEST_RUN + 1):
        escaped += sign * chunk.count(b"\\" * run + b'"')
        sign = -sign
    if chunk.count(b"\\" * (_LONGEST_RUN + 1) + b'"'):
        raise _Fallback
    return quotes - escaped


def _refuse_repeated_ids(hashes: np.ndarray, raws: list[msgspec.Raw]) -> None:
    """Fall back when two events share an id (equal hashes are compared as strings)."""
    order = np.argsort(hashes, kind="stable")
    ranked = hashes[order]
    same = np.flatnonzero(ranked[1:] == ranked[:-1])
    groups: dict[int, set[str]] = {}
    for k in np.unique(np.concatenate([same, same + 1])).tolist():
        ident = _ID.decode(raws[order[k]]).id
        seen = groups.setdefault(int(ranked[k]), set())
        if ident in seen:
            raise _Fallback
        seen.add(ident)


class _Dates:
    """The distinct date strings met so far, numbered chunk by chunk: each is parsed once, at the end."""

    def __init__(self) -> None:
        self._number: dict[str | msgspec.UnsetType, int] = {UNSET: -1}  # no end: -1

    def codes(self, texts: Sequence[str | msgspec.UnsetType]) -> np.ndarray:
        """Each string's number, adding the new ones (so the strings themselves can go)."""
        number = self._number
        new = [text for text in dict.fromkeys(texts) if text not in number]
        number.update(zip(new, range(len(number) - 1, len(number) - 1 + len(new)), strict=True))
        return np.fromiter(map(number.__getitem__, texts), np.int64, len(texts))

    def texts(self) -> list[str]:
        """The distinct strings, in number order."""
        return list(self._number)[1:]  # type: ignore[return-value]


class _CitationCheck:
    """Citations checked against the file's sources, in bulk."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.source_of = {s: i for i, s in enumerate(sources)}
        self.paragraphs = [p for s in sources.values() for p in s.paragraphs]
        self.first = np.cumsum([0, *(len(s.paragraphs) for s in sources.values())])  # first paragraph of each

    def check(self, acc: _Columns, at: int, citations: Sequence, has: np.ndarray) -> tuple[int, int]:
        """Check a chunk's citations, note them for the paragraph → events link; their keys and strings."""
        cited = np.flatnonzero(has)
        if not len(cited):
            return 0, 0
        lists = [citations[k] for k in cited.tolist()]
        flat = list(chain.from_iterable(lists))
        source_ids, paragraph, quotes = [c.source for c in flat], [c.paragraph for c in flat], [c.quote for c in flat]
        try:
            source = np.fromiter(map(self.source_of.__getitem__, source_ids), np.int64, len(flat))
        except KeyError:
            raise _Fallback from None  # a source this file does not define
        paragraph = np.array(paragraph, np.int64)
        if np.any(paragraph > np.diff(self.first)[source]):
            raise _Fallback  # past the source's last paragraph
        quoted = np.fromiter(map(is_not, quotes, repeat(UNSET)), bool, len(flat))
        given = [q for q in quotes if q is not UNSET]
        where = (self.first[source] + paragraph - 1)[quoted].tolist()
        cited_text = map(self.paragraphs.__getitem__, where)
        if any(map(str.isspace, given)) or not all(map(str.__contains__, cited_text, given)):
            raise _Fallback  # a quote that is blank or not in its paragraph
        acc.cite_event.append(at + np.repeat(cited, np.fromiter(map(len, lists), np.int64, len(lists))))
        acc.cite_source.append(source)
        acc.cite_paragraph.append(paragraph)
        return 2 * len(flat) + len(given), len(flat) + len(given)



def _count_present(*fields: list) -> int:
    return sum(len(f) - f.count(UNSET) for f in fields)


class _Finished:
    """The gathered columns as arrays, with dates resolved to their periods."""

    def __init__(self, acc: _Columns) -> None:
        begin, finish, precision = parse_many(acc.dates.texts())
        start, end = np.concatenate(acc.start), np.concatenate(acc.end)
        has_end = end >= 0
        end_finish = np.where(has_end, finish[end], 0.0)
        self.begin = begin[start]
        self.finish = np.where(has_end, end_finish, finish[start])
        if np.any(has_end & (end_finish <= self.begin)):
            raise _Fallback  # an end before its start
        self.is_range = has_end
        self.coarse = ~has_end & (precision[start] <= Precision.MONTH)
        self.lane = np.concatenate(acc.lane)
        self.approximate = np.concatenate(acc.approximate)
        self.cited = np.concatenate(acc.cited)
        self.id_hash = np.concatenate(acc.id_hash)
        empty = [np.zeros(0, np.int64)]
        self.cite_event = np.concatenate(acc.cite_event or empty)
        self.cite_source = np.concatenate(acc.cite_source or empty)
        self.cite_paragraph = np.concatenate(acc.cite_paragraph or empty)
