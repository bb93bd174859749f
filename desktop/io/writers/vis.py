"""Timeline → vis-timeline JSON (`{"items": [...], "groups": [...]}`), for people who embed vis-timeline.

Load it with `new vis.Timeline(container, new vis.DataSet(doc.items), new vis.DataSet(doc.groups))`;
`desktop.io.importers.vis` reads it back. Each lane is a group (`id` the lane id, `content` the title,
`order` its place); the default lane is the group `default`, "Events". Each event is an item: `id`,
`content` the title and `title` (the tooltip) the summary, both HTML-escaped because vis-timeline shows
them as HTML; `start` the start as written (precision and UTC offset kept; vis-timeline reads a date
without a zone as the browser's local time, this app as UTC); `end`, for a range, the instant where the
bar stops (our end is inclusive, see `desktop.io.conventions`); `group` its lane. Ranges in the lane with
id `background` (where the importer puts vis-timeline's background items) are written back as
`type: "background"` items of that group.

What vis-timeline has no place for is reported to `losses`, one kind a line: the timeline's title,
description and time zone, sources and citations, tags, `approximate`, lane colours (vis-timeline colours with CSS;
read back, lanes take palette colours), lanes without events (written as groups, but a group without
items is not read back), the default lane's place (read back first), an end in the year 9999 (read back as
December 9999), and white space HTML does not show: runs in titles and lane titles, and in summaries all
but line breaks and blank lines between paragraphs (`desktop.io.conventions.text_as_shown`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from desktop.io.conventions import BACKGROUND_LANE_ID, clock_text, end_instant_clock, html_text, text_as_shown
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers.losses import Losses
from desktop.model.dates import PartialDate, Precision
from desktop.model.records import PALETTE, Event, Lane
from desktop.model.timeline import Timeline

BATCH = 10_000  # items encoded per piece of text


def timeline_to_dict(timeline: Timeline, losses: Losses | None = None) -> dict[str, Any]:
    """The vis-timeline document: items (one per event) and groups (one per lane)."""
    doc: dict[str, Any] = json.loads(dumps(timeline, losses))
    return doc


def dumps(timeline: Timeline, losses: Losses | None = None) -> str:
    """The vis-timeline JSON text (not ASCII-escaped, an item a line, ending in a newline)."""
    return "".join(pieces(timeline, losses))


def pieces(timeline: Timeline, losses: Losses | None = None) -> Iterator[str]:
    """The same text in pieces of BATCH items, so a million events are never one string.

    `losses`, when given, is told what vis-timeline cannot hold by the time the last piece is handed out.
    """
    tally = _Tally(timeline)
    events = iter(timeline.events)
    # Without indent, json encodes in C: a million items take seconds, not a minute.
    first = True
    while batch := [json.dumps(_item(e, tally), ensure_ascii=False) for e in islice(events, BATCH)]:
        yield ('{\n  "items": [\n    ' if first else ",\n    ") + ",\n    ".join(batch)
        first = False
    groups = ",\n    ".join(json.dumps(_group(lane, i), ensure_ascii=False) for i, lane in enumerate(timeline.lanes))
    if losses is not None:
        tally.report(losses)
    yield ('{\n  "items": [],' if first else "\n  ],") + f'\n  "groups": [\n    {groups}\n  ]\n}}\n'


def peer_end(end: PartialDate) -> str:
    """vis-timeline's `end` for our inclusive `end`: the instant its bar stops, at the end's precision.

    After an end in 9999's last period that instant is in the year 10000, written as JavaScript's extended
    year (`+010000-01-01`), which needs at least a month: an end of the year 9999 comes back as December 9999.
    """
    clock = end_instant_clock(end)
    precision = end.precision
    # The zone as written ("+00:00" stays that, not "Z"): our dates are fixed-width up to it.
    zone = end.text[len(clock_text((end.year,), precision)):] if precision >= Precision.MINUTE else ""
    if clock[0] < 10000:
        return clock_text(clock, precision) + zone
    return "+0" + clock_text(clock, max(precision, Precision.MONTH)) + zone


def _group(lane: Lane, order: int) -> dict[str, Any]:
    return {"id": lane.id, "content": html.escape(lane.title), "order": order}


def _item(event: Event, tally: _Tally) -> dict[str, Any]:
    tally.event(event)
    out: dict[str, Any] = {"id": event.id, "content": html.escape(event.title), "start": event.start.text}
    if event.end is not None:
        out["end"] = peer_end(event.end)
        if event.lane == BACKGROUND_LANE_ID:
            out["type"] = "background"
    out["group"] = event.lane
    if summary := html_text(event.summary):
        out["title"] = summary
    return out


def _collapsed(text: str) -> bool:
    """True when a title comes back other than it is: whitespace at its ends or in runs."""
    return " ".join(text.split()) != text


class _Tally:
    """What the vis reader will make of the items written so far, to say what differs from the timeline."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.used: set[str] = set()
        self.citations = 0
        self.tagged = 0
        self.approximate = 0
        self.collapsed = 0
        self.year_9999 = 0

    def event(self, event: Event) -> None:
        """Count what one item does not keep."""
        self.used.add(event.lane)
        self.citations += len(event.citations)
        self.tagged += bool(event.tags)
        self.approximate += event.approximate
        self.collapsed += _collapsed(event.title) + (text_as_shown(event.summary) != event.summary)
        self.year_9999 += event.end is not None and event.end.precision is Precision.YEAR and event.end.year == 9999

    def report(self, losses: Losses) -> None:
        """Add every kind of loss found, with its count."""
        timeline = self.timeline
        losses.add("title", bool(timeline.title), "not written (read back as the file's name)")
        losses.add("description", bool(timeline.description), "not written")
        losses.add("timezone", int(timeline.timezone is not None), "timeline's time zone not written")
        losses.add("citations", self.citations, "not written (vis-timeline items have no sources)")
        losses.add("sources", len(timeline.sources), "not written")
        losses.add("tags", self.tagged, "events' tags not written")
        losses.add("approximate", self.approximate, "events written as exact")
        losses.add("ends", self.year_9999, "in the year 9999 read back as December 9999")
        used = [lane for lane in timeline.lanes if lane.id in self.used]
        again = self._lanes_read_back()
        losses.add("lane colours", sum(lane.color != again[lane.id].color for lane in used),
                   "not written (vis-timeline colours with CSS); palette colours read back")
        losses.add("lanes", len(timeline.lanes) - len(used), "without events dropped (an empty group is not read back)")
        order = sorted(used, key=lambda lane: again[lane.id] != DEFAULT_LANE)  # the reader puts it first
        moved = sum(a.id != again[b.id].id for a, b in zip(used, order, strict=True))
        losses.add("lane order", moved, "lanes moved or renamed (the default lane is read back first)")
        collapsed = sum(_collapsed(lane.title) for lane in used)
        losses.add("whitespace", self.collapsed + collapsed, "titles, summaries or lane titles with spaces collapsed")

    def _lanes_read_back(self) -> dict[str, Lane]:
        """Each lane (by its id) as the vis reader makes it: palette colours in group order."""
        made = {}
        n = 0
        taken = {lane.id for lane in self.timeline.lanes}
        for lane in self.timeline.lanes:
            title = " ".join(lane.title.split())  # the group's content as the reader takes it
            if lane.id == DEFAULT_LANE.id and title == DEFAULT_LANE.title:
                made[lane.id] = DEFAULT_LANE
                continue
            n += 1
            ident, k = lane.id, 1
            while lane.id == DEFAULT_LANE.id and ident in taken:  # the reader's `default-2`, `default-3`, …
                k += 1
                ident = f"{lane.id}-{k}"
            made[lane.id] = Lane(ident, title or lane.id, PALETTE[n % len(PALETTE)])
        return made
