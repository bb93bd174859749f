"""Timeline → our events file, format v1: what `desktop.io.loader` reads back into an equal Timeline.

Dates are written as their original text, so precision and UTC offsets survive ("2019-02-27T18:30+07:00"
stays that). Only keys that differ from what the loader assumes are written: no empty description,
summary, tags or citations, no `approximate: false`, no lane colour the loader would pick anyway, and
no `lanes` list (nor `lane` keys) when every event sits in the one default lane. Sources keep every
paragraph, cited or not. Keys come in the order `desktop.io.schema` lists them. Not written: `x-…` keys
of the input (the model does not keep them) and the problems found while opening it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from desktop.io.schema import DEFAULT_LANE, FORMAT_VERSION
from desktop.model.records import PALETTE, Citation, Event, Lane, Source
from desktop.model.timeline import Timeline

BATCH = 10_000  # events encoded per piece of text


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The JSON document for `timeline`, keys in the order people read them."""
    doc = _head(timeline)
    doc["events"] = [_event(e, _named(timeline)) for e in timeline.events]
    return doc


def dumps(timeline: Timeline) -> str:
    """The events file's text: UTF-8-ready (not ASCII-escaped), indented by 2, ending in a newline."""
    return "".join(pieces(timeline))


def pieces(timeline: Timeline) -> Iterator[str]:
    """The events file's text in pieces, one event a line, so a million events are never one string."""
    head = json.dumps({**_head(timeline), "events": []}, ensure_ascii=False, indent=2)
    before, after = head.rsplit("[]", 1)  # "events" is the last key
    events = iter(timeline.events)
    named = _named(timeline)
    # Without indent, json encodes in C: a million events take seconds, not a minute.
    batch = [json.dumps(_event(e, named), ensure_ascii=False) for e in islice(events, BATCH)]
    if not batch:
        yield head + "\n"
        return
    yield before + "[\n    " + ",\n    ".join(batch)
    while batch := [json.dumps(_event(e, named), ensure_ascii=False) for e in islice(events, BATCH)]:
        yield ",\n    " + ",\n    ".join(batch)
    yield "\n  ]" + after + "\n"


def _named(timeline: Timeline) -> bool:
    return timeline.lanes != (DEFAULT_LANE,)


def _head(timeline: Timeline) -> dict[str, Any]:
    """Everything but the events."""
    doc: dict[str, Any] = {"version": FORMAT_VERSION, "title": timeline.title}
    if timeline.description:
        doc["description"] = timeline.description
    if timeline.timezone is not None:
        doc["timezone"] = timeline.timezone
    if timeline.sources:
        doc["sources"] = [_source(s) for s in timeline.sources]
    if _named(timeline):
        doc["lanes"] = [_lane(lane, i) for i, lane in enumerate(timeline.lanes)]
    return doc


def _given(value: str | None) -> bool:
    """An optional text worth writing: the loader refuses a blank one."""
    return bool(value and value.strip())


def _source(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.id, "title": source.title}
    if _given(source.publisher):
        out["publisher"] = source.publisher
    if source.published is not None:
        out["published"] = source.published.text
    if _given(source.url):
        out["url"] = source.url
    out["paragraphs"] = list(source.paragraphs)
    return out


def _lane(lane: Lane, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": lane.id, "title": lane.title}
    if lane.color != PALETTE[index % len(PALETTE)]:  # the loader's colour for a lane written without one
        out["color"] = lane.color
    return out


def _event(event: Event, named_lanes: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": event.id, "title": event.title, "start": event.start.text}
    if event.end is not None:
        out["end"] = event.end.text
    if named_lanes:
        out["lane"] = event.lane
    if event.summary:
        out["summary"] = event.summary
    if event.approximate:
        out["approximate"] = True
    if event.tags:
        out["tags"] = list(event.tags)
    if event.citations:
        out["citations"] = [_citation(c) for c in event.citations]
    return out


def _citation(citation: Citation) -> dict[str, Any]:
    out: dict[str, Any] = {"source": citation.source, "paragraph": citation.paragraph}
    if citation.quote:
        out["quote"] = citation.quote
    return out
