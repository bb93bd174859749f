"""The fast path's inner loop: decode and check events a chunk at a time, into numpy columns.

A chunk that fails any check is taken again one event at a time, so a few bad events among
a million cost a few extra decodes, not the careful reader's whole pass; the bad ones are
handed back by position for `careful` to explain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import is_, is_not
from types import GenericAlias
from typing import Any

import msgspec
import numpy as np

from desktop.io.checks import is_blank
from desktop.io.fast.dates import parse_many_lenient
from desktop.io.fast.declined import FastPathDeclined, decline_unreadable
from desktop.io.schema import CITATION_KEYS
from desktop.model.records import Source

CHUNK = 16384  # events per decode call: ~10 ms holding the GIL, so the window keeps painting
UNSET = msgspec.UNSET
_LONG_PARAGRAPH = 4096  # characters: a paragraph worth remembering quotes found in (searching it is slow)
_LONGEST_RUN = 8  # backslashes before a quote worth counting; a longer run is checked the careful way


class _Bad(Exception):
    """These events need the careful reader's eye."""


@dataclass
class Gathered:
    """The events that passed every check, as columns in file order, and the positions of the rest."""

    index: np.ndarray  # file position of each good event
    begin: np.ndarray
    finish: np.ndarray
    lane: np.ndarray
    is_range: np.ndarray
    precision: np.ndarray  # of the start: `build_columns` tells coarse events from it
    approximate: np.ndarray
    cited: np.ndarray
    id_hash: np.ndarray
    cite_event: np.ndarray  # file position of the event of each citation
    cite_source: np.ndarray
    cite_paragraph: np.ndarray
    bad: list[int] = field(default_factory=list)  # file positions, ascending


@dataclass
class _Piece:
    """Columns of some good events (file positions in `index`); dates as numbers in `_Dates`."""

    index: np.ndarray
    id_hash: np.ndarray
    start: np.ndarray
    end: np.ndarray  # -1: no end
    lane: np.ndarray
    approximate: np.ndarray
    cited: np.ndarray
    cite_event: np.ndarray
    cite_source: np.ndarray
    cite_paragraph: np.ndarray


class Gatherer:
    """Decodes a file's events with its struct type and checks what the type cannot say."""

    def __init__(self, view: memoryview, raws: list[msgspec.Raw], event_type: type[msgspec.Struct],
                 sources: dict[str, Source],
                 lane_ids: list[str] | None, progress: Callable[[float], None], chunk: int = CHUNK) -> None:
        self._view = view  # the file: consecutive events are one slice of it
        self._base = np.frombuffer(view, np.uint8).ctypes.data
        self._raws = raws
        self._fields = frozenset(event_type.__struct_fields__)
        self._decoder = msgspec.json.Decoder(GenericAlias(list, event_type))  # list[event_type], made at run time
        self._single = msgspec.json.Decoder(event_type)
        self._lane_ids = lane_ids
        self._lane_of = {lane: i for i, lane in enumerate(lane_ids or ())}
        self._cites = _CitationCheck(sources)
        self._dates = _Dates()
        self._pieces: list[_Piece] = []
        self._bad: list[int] = []
        self._progress = progress
        self._chunk = chunk

    def run(self, max_bad: int) -> Gathered:
        """Every event checked; more than `max_bad` bad ones decline the file (reading it all carefully is faster)."""
        n, size = len(self._raws), self._chunk
        for at in range(0, n, size):
            self._progress(at / n)
            try:
                self._gather(self._raws[at:at + size], at)
            except msgspec.DecodeError as exc:
                # Bytes the scan of the whole file let through (it does not look inside what it skips), such
                # as a string that is not UTF-8, but a closer decode refuses: the careful reader explains them.
                raise FastPathDeclined(f"msgspec cannot read events[{at}:{at + size}] ({exc})") from None
            if len(self._bad) > max_bad:
                raise FastPathDeclined(f"more than {max_bad:,} events need the careful checks")
        return self._finish()

    def _gather(self, part: list[msgspec.Raw], at: int) -> None:
        """Check the events `part`, which start at file position `at`, a whole chunk at once if they allow."""
        chunk = self._slice(part)
        try:
            events = self._decoder.decode(chunk)
        except msgspec.ValidationError:
            self._one_by_one(part, at)
        else:
            self._take(events, part, np.arange(at, at + len(part)), chunk)

    def _slice(self, part: list[msgspec.Raw]) -> bytes:
        """Consecutive events as a JSON list: the file from the first to the last, one copy."""
        first = np.frombuffer(part[0], np.uint8).ctypes.data - self._base
        last = np.frombuffer(part[-1], np.uint8).ctypes.data - self._base + len(part[-1])
        return b"[" + self._view[first:last] + b"]"  # between events: commas and white space

    def _one_by_one(self, part: list[msgspec.Raw], at: int) -> None:
        """A chunk msgspec refused: each event decoded alone; those that pass go on to the checks."""
        events, raws, positions = [], [], []
        for k, raw in enumerate(part):
            try:
                events.append(self._single.decode(raw))
            except msgspec.ValidationError:
                self._bad.append(at + k)  # a type, key or value msgspec refuses
                continue
            raws.append(raw)
            positions.append(at + k)
        if events:
            self._take(events, raws, np.array(positions, np.int64), _joined(raws))

    def _take(self, events: list, raws: list[msgspec.Raw], positions: np.ndarray, chunk: bytes) -> None:
        """Keep the columns of these events, all checked at once; if that fails, find the bad ones."""
        try:
            self._pieces.append(self._piece(events, chunk, positions))
            return
        except _Bad:
            pass
        bad = self._bad_events(events, raws)
        good = np.flatnonzero(~bad)
        self._bad.extend(positions[bad].tolist())
        if len(good):
            kept = [raws[k] for k in good.tolist()]
            try:
                self._pieces.append(self._piece([events[k] for k in good.tolist()], _joined(kept), positions[good]))
            except _Bad:  # cannot happen when the checks agree; if they do not, the careful checks decide
                self._bad.extend(positions[good].tolist())

    def _bad_events(self, events: list, raws: list[msgspec.Raw]) -> np.ndarray:
        """Which events fail a check, one by one (the same checks as `_piece`, per event)."""
        size = len(events)
        bad = np.fromiter((is_blank(e.id) or is_blank(e.title) for e in events), bool, size)
        bad |= self._cites.bad_events([e.citations for e in events])
        lanes = self._lane_ids is not None
        for k, (event, raw) in enumerate(zip(events, raws, strict=True)):
            if bad[k]:
                continue
            text = bytes(raw)
            keys, values = _own_counts(event, lanes)
            try:
                quotes = _string_quotes(text)
                if quotes != 2 * (keys + values) and (
                    b'"x-' not in text or quotes != 2 * (keys + values) + self._own_data(b"[" + text + b"]")
                ):
                    bad[k] = True
            except _Bad:
                bad[k] = True
        return bad

    def _piece(self, events: list, chunk: bytes, positions: np.ndarray) -> _Piece:
        """The columns of the events at file `positions`; _Bad when any check fails."""
        size = len(events)
        # One comprehension per field: the fastest way to read a field of many structs.
        ids, titles, starts = [e.id for e in events], [e.title for e in events], [e.start for e in events]
        ends, summaries = [e.end for e in events], [e.summary for e in events]
        approximate = [e.approximate for e in events]
        tags, citations = [e.tags for e in events], [e.citations for e in events]
        lanes = [e.lane for e in events] if self._lane_ids is not None else []
        if _any_blank(ids) or _any_blank(titles):
            raise _Bad  # an id or title of nothing but spaces (or invisible characters)
        cited = np.fromiter(map(bool, citations), bool, size)
        cites = self._cites.check(citations, cited, positions)
        # msgspec keeps the last of a repeated key without a word (msgspec #648), so count the
        # strings: the chunk's string quotes are two per key and per string value. The decoded
        # events give their keys and string values; a repeated key adds a string they lack.
        # (Absent fields are UNSET, which is false, as are empty ones.)
        present = _count_present(ends, summaries, approximate, tags, citations)
        keys = 3 * size + len(lanes) + present + cites.keys
        values = 3 * size + len(lanes) + _count_present(ends, summaries) + sum(map(len, filter(None, tags)))
        quotes = _string_quotes(chunk)
        if quotes != 2 * (keys + values + cites.strings) and (
            b'"x-' not in chunk or quotes != 2 * (keys + values + cites.strings) + self._own_data(chunk)
        ):
            raise _Bad
        lane = np.fromiter(map(self._lane_of.__getitem__, lanes), np.int32, size) if lanes else np.zeros(size, np.int32)
        return _Piece(
            index=positions, id_hash=np.fromiter(map(hash, ids), np.int64, size),
            start=self._dates.codes(starts), end=self._dates.codes(ends), lane=lane,
            approximate=np.fromiter(map(is_, approximate, repeat(True)), bool, size), cited=cited,
            cite_event=cites.event, cite_source=cites.source, cite_paragraph=cites.paragraph,
        )

    def _own_data(self, chunk: bytes) -> int:
        """Quotes of the `x-…` keys (people's own data) and of their values; _Bad on any other unknown key.

        The struct types skip keys they do not know, so these cost a second decode, as plain
        objects, of chunks that have them.
        """
        quotes = 0
        for event in _OBJECTS.decode(chunk):
            for key in event.keys() - self._fields:
                quotes += _own(key, event[key])
            cited = event.get("citations")
            if cited is not None and b'"x-' in bytes(cited):
                for citation in _OBJECTS.decode(cited):
                    for key in citation.keys() - CITATION_KEYS:
                        quotes += _own(key, citation[key])
        return quotes

    def _finish(self) -> Gathered:
        """Join the pieces; resolve dates, and send events with a bad date or an end before start back."""
        pieces = self._pieces or [_Piece(*(np.zeros(0, np.int64) for _ in range(10)))]

        def joined(name: str) -> np.ndarray:
            return np.concatenate([getattr(p, name) for p in pieces])

        begin_of, finish_of, precision_of, ok = parse_many_lenient(self._dates.texts())
        begin_of, finish_of = np.append(begin_of, 0.0), np.append(finish_of, 0.0)  # [-1]: no end
        precision_of, ok = np.append(precision_of, 0), np.append(ok, True)
        start, end = joined("start"), joined("end")
        has_end = end >= 0
        begin, end_finish = begin_of[start], finish_of[end]
        good = ok[start] & ok[end] & ~(has_end & (end_finish <= begin))
        index = joined("index")
        cite_event = joined("cite_event")
        cite_keep = np.isin(cite_event, index[good])
        return Gathered(
            index=index[good], begin=begin[good], finish=np.where(has_end, end_finish, finish_of[start])[good],
            lane=joined("lane").astype(np.int32)[good], is_range=has_end[good],
            precision=precision_of[start][good],
            approximate=joined("approximate").astype(bool)[good], cited=joined("cited").astype(bool)[good],
            id_hash=joined("id_hash")[good], cite_event=cite_event[cite_keep],
            cite_source=joined("cite_source").astype(np.int32)[cite_keep],
            cite_paragraph=joined("cite_paragraph").astype(np.int32)[cite_keep],
            bad=sorted(self._bad + index[~good].tolist()),
        )


_OBJECTS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])


def _own(key: str, value: msgspec.Raw) -> int:
    """The quotes of one `x-…` key and its value; _Bad for a key the format does not have."""
    if not key.startswith("x-"):
        raise _Bad
    text = bytes(value)
    decline_unreadable(text)  # the one place the fast path meets bytes msgspec did not read
    return 2 + _string_quotes(text)


def _any_blank(texts: list[str]) -> bool:
    """`is_blank` for many (non-empty) strings, at C speed unless one holds an unprintable character."""
    return any(map(str.isspace, texts)) or (not all(map(str.isprintable, texts)) and any(map(is_blank, texts)))


def _joined(part: list[msgspec.Raw]) -> bytes:
    return b"[" + b",".join(part) + b"]"


def _own_counts(event: Any, lanes: bool) -> tuple[int, int]:
    """One event's keys and string values, as `_piece` counts them for a whole chunk."""
    present = sum(getattr(event, f) is not UNSET for f in ("end", "summary", "approximate", "tags", "citations"))
    cites = event.citations if event.citations is not UNSET else ()
    quotes = sum(c.quote is not UNSET for c in cites)
    keys = 3 + lanes + present + 2 * len(cites) + quotes
    strings = sum(f is not UNSET for f in (event.end, event.summary))
    values = 3 + lanes + strings + len(event.tags or ()) + len(cites) + quotes
    return keys, values


def _count_present(*fields: Sequence) -> int:
    return sum(len(f) - f.count(UNSET) for f in fields)


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
        raise _Bad
    return quotes - escaped


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


@dataclass
class _Cited:
    """A chunk's citations: one row each, and what they add to the chunk's key and string counts."""

    event: np.ndarray
    source: np.ndarray
    paragraph: np.ndarray
    keys: int
    strings: int


class _CitationCheck:
    """Citations checked against the file's sources, in bulk."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.source_of = {s: i for i, s in enumerate(sources)}
        self.paragraphs = [p for s in sources.values() for p in s.paragraphs]
        self.first = np.cumsum([0, *(len(s.paragraphs) for s in sources.values())])  # first paragraph of each
        self.found: set[tuple[int, str]] = set()  # (long paragraph, quote) pairs known to match

    def _quoted(self, where: list[int], quotes: list[str]) -> bool:
        """Whether each quote occurs in its paragraph (by index among all the sources' paragraphs).

        Each distinct pair is searched once: 2,000 citations of one 10 MB paragraph searched
        it 2,000 times (84 s). Matches in long paragraphs are remembered across chunks.
        """
        if _any_blank(quotes):
            return False
        pairs = set(zip(where, quotes, strict=True)) - self.found
        paragraphs = self.paragraphs
        if not all(quote in paragraphs[at] for at, quote in pairs):
            return False
        self.found.update(pair for pair in pairs if len(paragraphs[pair[0]]) > _LONG_PARAGRAPH)
        return True

    def bad_events(self, citations: Sequence) -> np.ndarray:
        """Per event: does any of its citations fail a check (unknown source or paragraph, bad quote)?"""
        out = np.zeros(len(citations), bool)
        for k, cites in enumerate(citations):
            out[k] = any(not self._fits(c) for c in cites or ())
        return out

    def _fits(self, citation: Any) -> bool:
        s = self.source_of.get(citation.source)
        if s is None or citation.paragraph > self.first[s + 1] - self.first[s]:
            return False
        quote = citation.quote
        return quote is UNSET or self._quoted([int(self.first[s]) + citation.paragraph - 1], [quote])

    def check(self, citations: Sequence, has: np.ndarray, positions: np.ndarray) -> _Cited:
        """Check the citations of the events at file `positions`."""
        cited = np.flatnonzero(has)
        if not len(cited):
            empty = np.zeros(0, np.int64)
            return _Cited(empty, empty.astype(np.int32), empty.astype(np.int32), 0, 0)
        lists = [citations[k] for k in cited.tolist()]
        flat = list(chain.from_iterable(lists))
        source_ids, numbers, quotes = [c.source for c in flat], [c.paragraph for c in flat], [c.quote for c in flat]
        try:
            source = np.fromiter(map(self.source_of.__getitem__, source_ids), np.int32, len(flat))
        except KeyError:
            raise _Bad from None  # a source this file does not define
        try:
            paragraph = np.array(numbers, np.int64)
        except OverflowError:
            raise FastPathDeclined("a paragraph number past 2**63") from None
        if np.any(paragraph > np.diff(self.first)[source]):
            raise _Bad  # past the source's last paragraph
        quoted = np.fromiter(map(is_not, quotes, repeat(UNSET)), bool, len(flat))
        given = [q for q in quotes if q is not UNSET]
        where = (self.first[source] + paragraph - 1)[quoted].tolist()
        if not self._quoted(where, given):
            raise _Bad  # a quote that is blank or not in its paragraph
        event = np.repeat(positions[cited], np.fromiter(map(len, lists), np.int64, len(lists)))
        return _Cited(event, source, paragraph.astype(np.int32), 2 * len(flat) + len(given), len(flat) + len(given))
