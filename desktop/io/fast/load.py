"""The fast path for events files: msgspec decodes and checks events in C, in chunks.

`fast_timeline` gives exactly the Timeline the careful loader (`loader`) would, problems and
their places included, raises the same refusal, or returns None when it cannot (JSON msgspec
will not read, no `version`, too many bad events): the careful loader then reads the file.
Events that fail a check are read one by one with the careful loader's own checks
(`fastcareful`). Events stay as their JSON bytes (`event_store`), with numpy columns for
drawing, so a million events take a few hundred MB instead of a few GB.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
import numpy as np

from desktop.io.fast.careful import Careful, Places, TopPlaces, read_carefully
from desktop.io.fast.chunks import Gathered, Gatherer
from desktop.io.fast.store import ID_DECODER, IdIndex, RawEvents
from desktop.io.jsonfile import TimelineError, decode_text, parse_json, quiet_collector, read_bytes
from desktop.io.loader import DEFAULT_LANE, _check_top, _Checker, _lanes, _sources, repeated_id
from desktop.io.progress import report
from desktop.model.dates import DateError, Precision
from desktop.model.timeline import CitationIndex, Columns, Event, Lane, Problem, Source, Timeline

__all__ = ["DECODED", "fast_timeline", "open_file"]

DECODED = 0.12  # progress once the document is scanned: reading took 0.1, the events take the rest
MAX_BAD = 50_000  # events read one by one with the careful checks; past that, the careful loader reads all
UNSET = msgspec.UNSET
_Text = Annotated[str, msgspec.Meta(min_length=1)]  # whitespace-only is checked after, in bulk


class _Envelope(msgspec.Struct):
    """The events list as undecoded views into the file; the rest is read by the careful loader."""

    events: list[msgspec.Raw]


def open_file(path: Path, careful: Callable[[str, str], Timeline]) -> Timeline:
    """Read a file and open it by the fast path, else hand its text and name to `careful`."""
    name = str(path)
    data = read_bytes(path)
    with quiet_collector():
        timeline = fast_timeline(data, name)
        if timeline is not None:
            return timeline
        text = decode_text(data, name)
        del data  # the text replaces it: a large file is held once, not twice
        return careful(text, name)


class Refused(TimelineError):
    """The file cannot open, for the reasons the careful loader would give, at the same places."""


def fast_timeline(data: bytes, name: str) -> Timeline | None:
    """The file's timeline, problems and all, as the careful loader would make it; None to leave it to that.

    Raises Refused where the careful loader would raise TimelineError for the same reasons.
    """
    try:
        return _fast(data, name)
    except Refused:
        raise
    except (msgspec.DecodeError, DateError, TimelineError, _Fallback, UnicodeDecodeError, RecursionError, LookupError):
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
    doc, top = _rest_of_document(view, raws, name)
    check = _Checker(name, True)
    if doc.get("events") != [] or "version" not in doc:
        raise _Fallback  # without a version it may be TimelineJS: the format is detected the careful way
    _check_top(doc, check)
    if check.problems:  # the careful loader refuses the file for any of these
        raise Refused(top.place(check.problems))
    sources = _sources(doc.get("sources", []), check)
    lanes = _lanes(doc["lanes"], check) if "lanes" in doc else None
    top_problems = top.place(check.problems)  # lanes and sources left out, each with its reason
    lane_list = tuple(lanes.values()) if lanes is not None else (DEFAULT_LANE,)
    report(DECODED)
    gatherer = Gatherer(view, raws, _event_type(lanes, sources), sources, list(lanes) if lanes is not None else None,
                        lambda done: report(DECODED + (0.95 - DECODED) * done))
    good = gatherer.run(MAX_BAD)
    places = Places(view, raws)
    careful = read_carefully(raws, good.bad, places, name, sources, lanes)
    repeats = _repeats(raws, good, careful)
    for i in repeats:
        careful.events.pop(i, None)  # the careful loader leaves out an event whose id is taken
    problems = _problems(careful, repeats, places, raws, name, top_problems)
    return _assemble(doc, name, raws, good, careful, repeats, lane_list, tuple(sources.values()), lanes is None,
                     problems)


def _repeats(raws: list[msgspec.Raw], good: Gathered, careful: Careful) -> dict[int, tuple[str, int]]:
    """Events whose id an earlier event already took: position → (id, the first one's position)."""
    positions = np.concatenate([good.index, np.array(list(careful.ids), np.int64)])
    hashes = np.concatenate([good.id_hash, np.array([hash(i) for i in careful.ids.values()], np.int64)])
    by_file = np.argsort(positions, kind="stable") if careful.ids else np.arange(len(positions))
    order = by_file[np.argsort(hashes[by_file], kind="stable")]  # by hash, then file order
    ranked = hashes[order]
    same = np.flatnonzero(ranked[1:] == ranked[:-1])
    if not len(same):
        return {}
    first: dict[str, int] = {}
    out: dict[int, tuple[str, int]] = {}
    for k in np.unique(np.concatenate([same, same + 1])).tolist():  # equal hashes, in file order
        i = int(positions[order[k]])
        ident = careful.ids[i] if i in careful.ids else ID_DECODER.decode(raws[i]).id
        if ident in first:
            out[i] = (ident, first[ident])
        else:
            first[ident] = i
    return out


def _problems(careful: Careful, repeats: dict[int, tuple[str, int]], places: Places, raws: list[msgspec.Raw],
              name: str, top: list[Problem]) -> tuple[Problem, ...]:
    """Every event problem at its place, top to bottom, as the careful loader lists them."""
    starts = places.starts(list(repeats))
    by_event = dict(careful.problems)
    for i, (ident, first) in repeats.items():
        # The careful loader stops at a taken id: that is the one problem it reports.
        problem = Problem(name, f"events[{i}].id", repeated_id(ident, f"events[{first}]"))
        by_event[i] = places.place([problem], i, bytes(raws[i]).decode("utf-8"), starts[i])
    listed = [*top, *(p for i in sorted(by_event) for p in by_event[i])]
    listed.sort(key=lambda p: (p.line or 0, p.column or 0))
    return tuple(listed)


def _assemble(doc: dict, name: str, raws: list[msgspec.Raw], good: Gathered, careful: Careful,
              repeats: dict[int, tuple[str, int]], lanes: tuple[Lane, ...], sources: tuple[Source, ...],
              no_lanes: bool, problems: tuple[Problem, ...]) -> Timeline:
    """The Timeline of the good events and of those the careful checks kept, in time order."""
    keep = ~np.isin(good.index, np.fromiter(repeats, np.int64, len(repeats)))
    kept = _columns_of(careful.events, {lane.id: i for i, lane in enumerate(lanes)}, [s.id for s in sources])

    def merged(column: str) -> np.ndarray:
        return np.concatenate([getattr(good, column)[keep], kept[column]])

    index = merged("index")
    # File order first, so events at the same time stay in file order, as the careful loader has them.
    by_file = np.argsort(index, kind="stable")
    order = by_file[np.lexsort((merged("finish")[by_file], merged("begin")[by_file]))]

    def ordered(column: str) -> np.ndarray:
        return merged(column)[order]

    positions = index[order]
    timeline = Timeline(
        title=doc["title"], description=doc.get("description", ""),
        events=RawEvents(raws, positions, DEFAULT_LANE.id if no_lanes else None, careful.events),
        lanes=lanes, sources=sources, path=name, problems=problems,
    )
    begin, finish = ordered("begin"), ordered("finish")
    timeline.__dict__["columns"] = Columns(
        begin=begin, finish=finish, anchor=(begin + finish) / 2, lane=ordered("lane").astype(np.int32),
        is_range=ordered("is_range"), coarse=ordered("coarse"), approximate=ordered("approximate"),
        cited=ordered("cited"),
    )
    timeline.__dict__["event_index"] = IdIndex(timeline.events, ordered("id_hash"))
    rank = np.full(len(raws), -1, np.int64)
    rank[positions] = np.arange(len(positions))
    cites = np.isin(good.cite_event, good.index[keep])
    timeline.__dict__["citation_index"] = CitationIndex(
        rank[np.concatenate([good.cite_event[cites], kept["cite_event"]])],
        np.concatenate([good.cite_source[cites], kept["cite_source"]]),
        np.concatenate([good.cite_paragraph[cites], kept["cite_paragraph"]]),
        [s.id for s in sources],
    )
    return timeline


def _columns_of(events: dict[int, Event], lane_of: dict[str, int], source_ids: list[str]) -> dict[str, np.ndarray]:
    """The columns of the events the careful checks kept (few), from the events themselves."""
    source_of = {s: i for i, s in enumerate(source_ids)}
    items = sorted(events.items())
    cites = [(i, source_of[c.source], c.paragraph) for i, e in items for c in e.citations]
    table = np.array(cites, np.int64).reshape(len(cites), 3)
    return {
        "index": np.array([i for i, _ in items], np.int64),
        "begin": np.array([e.begin for _, e in items], np.float64),
        "finish": np.array([e.finish for _, e in items], np.float64),
        "lane": np.array([lane_of[e.lane] for _, e in items], np.int32),
        "is_range": np.array([e.end is not None for _, e in items], bool),
        "coarse": np.array([e.end is None and e.start.precision <= Precision.MONTH for _, e in items], bool),
        "approximate": np.array([e.approximate for _, e in items], bool),
        "cited": np.array([bool(e.citations) for _, e in items], bool),
        "id_hash": np.array([hash(e.id) for _, e in items], np.int64),
        "cite_event": table[:, 0], "cite_source": table[:, 1].astype(np.int32),
        "cite_paragraph": table[:, 2].astype(np.int32),
    }


def _rest_of_document(view: memoryview, raws: list[msgspec.Raw], name: str) -> tuple[dict, TopPlaces]:
    """The document with its events list emptied, parsed strictly (repeated keys noted), and its places."""
    base = np.frombuffer(view, np.uint8).ctypes.data
    first = np.frombuffer(raws[0], np.uint8).ctypes.data - base
    last = np.frombuffer(raws[-1], np.uint8).ctypes.data - base + len(raws[-1])
    if not 0 <= first < last <= len(view):
        raise _Fallback  # not views into this file after all
    head, tail = bytes(view[:first]).rstrip(), bytes(view[last:]).lstrip()
    if not head.endswith(b"[") or not tail.startswith(b"]"):
        raise _Fallback
    text = (head + tail).decode("utf-8")  # "events": [] where the events were
    doc = parse_json(text, name)
    if not isinstance(doc, dict):
        raise _Fallback
    return doc, TopPlaces(view, text, len(head.decode("utf-8")), len(view) - len(tail))


def _event_type(lanes: dict[str, Lane] | None, sources: dict[str, Source]) -> type:
    """A struct type that accepts exactly the events this file's lanes and sources allow."""
    source_type: Any = Literal[tuple(sources)] if sources else str  # no sources: any citation falls back

    citation = msgspec.defstruct(
        "Citation",
        [("source", source_type), ("paragraph", Annotated[int, msgspec.Meta(ge=1)]),
         ("quote", _Text | msgspec.UnsetType, UNSET)],
        gc=False,  # unknown keys are skipped: people's own x-… data is allowed, the rest found by count
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
        "Event", [("id", _Text), ("title", _Text), ("start", str), *fields], gc=False
    )
