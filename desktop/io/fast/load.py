"""The fast path for events files: msgspec decodes and checks events in C, in chunks.

`fast_timeline` gives exactly the Timeline the careful reader (`io.loader`) would, problems and
their places included, or raises the same refusal; when it cannot (JSON msgspec will not read,
no `version`, too many bad events) it raises FastPathDeclined with the reason, and the careful
reader reads the file. Events that fail a check are read one by one with the careful checks
(`careful`). Events stay as their JSON bytes (`store`), with numpy columns for drawing, so a
million events take a few hundred MB instead of a few GB.
"""

from __future__ import annotations

from types import GenericAlias
from typing import Annotated, Any, Literal

import msgspec
import numpy as np

from desktop.io.checks import Checker, check_top, read_lanes, read_sources, repeated_id
from desktop.io.fast.careful import Careful, Places, TopPlaces, read_carefully
from desktop.io.fast.chunks import CHUNK, Gathered, Gatherer
from desktop.io.fast.declined import FastPathDeclined
from desktop.io.fast.store import ID_DECODER, IdIndex, RawEvents
from desktop.io.jsonfile import TimelineError, parse_json
from desktop.io.progress import Progress, no_progress
from desktop.io.schema import DEFAULT_LANE
from desktop.io.zone_key import read_timezone
from desktop.model.columns import FACTS, build_columns, event_facts
from desktop.model.records import Event, Lane, Problem, Source
from desktop.model.timeline import CitationIndex, Timeline
from desktop.model.zones import ZoneError, check_zone

__all__ = ["CHUNK", "DECODED", "FastPathDeclined", "Refused", "fast_timeline"]

DECODED = 0.12  # progress once the document is scanned: reading took 0.1, the events take the rest
MAX_BAD = 50_000  # events read one by one with the careful checks; past that, the careful reader reads all
UNSET = msgspec.UNSET
_Text = Annotated[str, msgspec.Meta(min_length=1)]  # whitespace-only is checked after, in bulk


class _Envelope(msgspec.Struct):
    """The events list as undecoded views into the file; the rest is read by the careful checks."""

    events: list[msgspec.Raw]


class Refused(TimelineError):
    """The file cannot open, for the reasons the careful reader would give, at the same places."""


def fast_timeline(data: bytes, name: str, *, progress: Progress = no_progress, chunk: int = CHUNK) -> Timeline:
    """The file's timeline, problems and all, as the careful reader would make it, reading `chunk` events at a time.

    Raises Refused where the careful reader would raise TimelineError for the same reasons, and
    FastPathDeclined, saying why, when the careful reader should read the file instead.
    """
    view = memoryview(data)
    if view[:3] == b"\xef\xbb\xbf":
        view = view[3:]
    raws = _events_of(view)
    if not raws:
        raise FastPathDeclined("no events: nothing to gain")  # the careful reader handles the empty case
    doc, top = _rest_of_document(view, raws, name)
    check = Checker(name, True)
    if "version" not in doc:
        raise FastPathDeclined("no version: it may be another format, which the careful reader detects")
    if doc.get("events") != []:
        raise FastPathDeclined("the events list msgspec found is not the document's (given twice?)")
    check_top(doc, check)
    if check.problems:  # the careful reader refuses the file for any of these
        raise Refused(top.place(check.problems))
    sources = read_sources(doc.get("sources", []), check)
    lanes = read_lanes(doc["lanes"], check) if "lanes" in doc else None
    read_timezone(doc, check)  # its problem, if any, among the top's; the Timeline reads the key below
    top_problems = top.place(check.problems)  # lanes and sources left out, each with its reason
    lane_list = tuple(lanes.values()) if lanes is not None else (DEFAULT_LANE,)
    progress(DECODED)
    gatherer = Gatherer(view, raws, _event_type(lanes, sources), sources, list(lanes) if lanes is not None else None,
                        lambda done: progress(DECODED + (0.95 - DECODED) * done), chunk)
    good = gatherer.run(MAX_BAD)
    places = Places(view, raws)
    careful = read_carefully(raws, good.bad, places, name, sources, lanes)
    repeats = _repeats(raws, good, careful)
    for i in repeats:
        careful.events.pop(i, None)  # the careful reader leaves out an event whose id is taken
    problems = _problems(careful, repeats, places, raws, name, top_problems)
    return _assemble(doc, name, raws, good, careful, repeats, lane_list, tuple(sources.values()), lanes is None,
                     problems)


def _events_of(view: memoryview) -> list[msgspec.Raw]:
    """The file's events as views into it; FastPathDeclined when msgspec cannot read it as one of ours."""
    try:
        return msgspec.json.decode(view, type=_Envelope).events
    except msgspec.ValidationError as exc:
        raise FastPathDeclined(f"not an object with an events list ({exc})") from None
    except msgspec.DecodeError as exc:
        # Broken JSON, NaN, a lone surrogate escape…: the careful reader says what and where.
        raise FastPathDeclined(f"msgspec cannot read it ({exc})") from None
    except RecursionError:
        raise FastPathDeclined("nested too deeply for msgspec") from None


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
    """Every event problem at its place, top to bottom, as the careful reader lists them."""
    starts = places.starts(list(repeats))
    by_event = dict(careful.problems)
    for i, (ident, first) in repeats.items():
        # The careful reader stops at a taken id: that is the one problem it reports.
        problem = Problem(name, f"events[{i}].id", repeated_id(ident, f"events[{first}]"))
        try:
            text = bytes(raws[i]).decode("utf-8")
        except UnicodeDecodeError:  # in data msgspec skipped (an x-… value): the careful reader refuses the file
            raise FastPathDeclined(f"events[{i}] is not UTF-8") from None
        by_event[i] = places.place([problem], i, text, starts[i])
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
        bulk = getattr(good, column)
        return np.concatenate([bulk[keep], kept[column].astype(bulk.dtype, copy=False)])

    index = merged("index")
    # File order first, so events at the same time stay in file order, as the careful reader has them.
    by_file = np.argsort(index, kind="stable")
    order = by_file[np.lexsort((merged("finish")[by_file], merged("begin")[by_file]))]

    def ordered(column: str) -> np.ndarray:
        return merged(column)[order]

    positions = index[order]
    events = RawEvents(raws, positions, DEFAULT_LANE.id if no_lanes else None, careful.events)
    rank = np.full(len(raws), -1, np.int64)
    rank[positions] = np.arange(len(positions))
    cites = np.isin(good.cite_event, good.index[keep])
    citation_index = CitationIndex(
        rank[np.concatenate([good.cite_event[cites], kept["cite_event"]])],
        np.concatenate([good.cite_source[cites], kept["cite_source"]]),
        np.concatenate([good.cite_paragraph[cites], kept["cite_paragraph"]]),
        [s.id for s in sources],
    )
    return Timeline(
        title=doc["title"], description=doc.get("description", ""), events=events, lanes=lanes, sources=sources,
        path=name, problems=problems, timezone=_timezone(doc),
        columns=build_columns(*(ordered(fact) for fact in FACTS)),
        event_index=IdIndex(events, ordered("id_hash")), citation_index=citation_index,
    )


def _timezone(doc: dict) -> str | None:
    """The `timezone` key when `read_timezone` took it (it reported any other)."""
    name = doc.get("timezone")
    try:
        return check_zone(name) if isinstance(name, str) and name.strip() else None
    except ZoneError:
        return None


def _columns_of(events: dict[int, Event], lane_of: dict[str, int], source_ids: list[str]) -> dict[str, np.ndarray]:
    """The facts, id hashes and citations of the events the careful checks kept (few), from the events."""
    source_of = {s: i for i, s in enumerate(source_ids)}
    items = sorted(events.items())
    cites = [(i, source_of[c.source], c.paragraph) for i, e in items for c in e.citations]
    table = np.array(cites, np.int64).reshape(len(cites), 3)
    facts = event_facts([e for _, e in items], lane_of)
    return {
        "index": np.array([i for i, _ in items], np.int64),
        **dict(zip(FACTS, facts.T, strict=True)),
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
        raise FastPathDeclined("the events are not views into the file")
    head, tail = bytes(view[:first]).rstrip(), bytes(view[last:]).lstrip()
    if not head.endswith(b"[") or not tail.startswith(b"]"):
        raise FastPathDeclined("the events are not one list in the text")
    try:
        text = (head + tail).decode("utf-8")  # "events": [] where the events were
        doc = parse_json(text, name)
    except UnicodeDecodeError:
        raise FastPathDeclined("the text around the events is not UTF-8") from None
    except TimelineError as exc:
        # E.g. a number too long to read: the careful reader refuses it at its place in the whole file.
        raise FastPathDeclined(f"the text around the events cannot be parsed: {exc.problems[0].message}") from None
    if not isinstance(doc, dict):
        raise FastPathDeclined("the top level is not an object")
    return doc, TopPlaces(view, text, len(head.decode("utf-8")), len(view) - len(tail))


def _event_type(lanes: dict[str, Lane] | None, sources: dict[str, Source]) -> type[msgspec.Struct]:
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
        ("citations", GenericAlias(list, citation) | msgspec.UnsetType, UNSET),  # list[citation]
    ]
    if lanes is not None:
        if not lanes:
            raise FastPathDeclined("an empty lanes list: no event can name a lane")
        fields.insert(0, ("lane", Literal[tuple(lanes)], msgspec.NODEFAULT))
    return msgspec.defstruct(
        "Event", [("id", _Text), ("title", _Text), ("start", str), *fields], gc=False
    )
