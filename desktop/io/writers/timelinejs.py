"""Timeline → TimelineJS3 JSON, to publish a timeline on the web; `desktop.io.importers.timelinejs` reads it back.

Each event is a slide: `start_date` holds only the parts its precision has (as strings, so a zero hour
shows), `end_date` the instant the bar stops by the end rule of `desktop.io.conventions` (our inclusive
"2017" is written as 2018, so TimelineJS draws the range as long as we do), `display_date` our own
wording of the dates ("2016–2017", "c. June 2018", a time with its UTC offset) on every range and on
approximate or zoned dates, `text.headline` the title, `text.text` the summary and a paragraph naming
each citation (source title, publisher and date, ¶ number, quote), `group` the lane's title (none for
the default lane), `unique_id` the event id, and `media` the first cited source that has an http(s)
URL. Text is HTML-escaped (TimelineJS renders HTML); `group` and `display_date` twice, as TimelineJS
strips their markup before it shows them as HTML. Events of the "Eras" lane with an end become eras.

TimelineJS drops an end whose parts equal every part the start has (a June 2018 start with an end on
5 June 2018), so such a start also gets its next finer part as "" (`"day": ""`), which keeps the end.
Times are written in UTC (TimelineJS has no zones; the display date keeps the offset, and the reader
takes it back from there). The title slide carries the timeline's title and description.

What TimelineJS cannot hold is reported to `Losses`: tags, lane ids and colours, lanes without events,
lane order (groups are ordered by their first slide), the timeline's zone, runs of white space in text
(HTML shows one space), the cited paragraphs' words beyond the quotes, sources no event cites, and a
`+00:00` offset (read back as `Z`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from desktop.io.conventions import (
    ERAS_LANE_ID,
    ERAS_LANE_TITLE,
    CitedText,
    citations_html,
    drops_end,
    end_instant_clock,
    html_text,
    is_url,
    quoted_paragraphs,
    text_as_shown,
    utc_clock,
)
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers.losses import Losses
from desktop.model.dates import PartialDate, Precision, format_span, parse_date
from desktop.model.records import PALETTE, Event, Lane
from desktop.model.timeline import Timeline

__all__ = ["date_parts", "dumps", "end_parts", "html_text", "pieces", "report_losses", "slides", "timeline_to_dict"]

PART_NAMES = ("year", "month", "day", "hour", "minute", "second")
_NEEDS = (Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.MINUTE, Precision.MINUTE, Precision.SECOND)


def timeline_to_dict(timeline: Timeline, losses: Losses | None = None) -> dict[str, Any]:
    """The TimelineJS3 document: a title slide, the events as slides, eras from the Eras lane."""
    title, events, eras = slides(timeline)
    doc: dict[str, Any] = {"title": title, "events": events}
    if eras:
        doc["eras"] = eras
    if losses is not None:
        report_losses(timeline, losses)
    return doc


def dumps(timeline: Timeline, losses: Losses | None = None) -> str:
    """The TimelineJS JSON text (not ASCII-escaped, indented by 2, ending in a newline)."""
    return json.dumps(timeline_to_dict(timeline, losses), ensure_ascii=False, indent=2) + "\n"


def pieces(timeline: Timeline, losses: Losses | None = None) -> Iterator[str]:
    """The same text as one piece (TimelineJS reads one JSON document)."""
    yield dumps(timeline, losses)


def slides(timeline: Timeline) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The title slide, the event slides in time order, and the eras."""
    lanes = {lane.id: lane for lane in timeline.lanes}
    title: dict[str, Any] = {"text": {"headline": html_text(timeline.title)}}
    if timeline.description.strip():
        title["text"]["text"] = html_text(timeline.description)
    events, eras = [], []
    for event in timeline.events:
        lane = lanes[event.lane]
        if is_era(event, lane):
            eras.append(_slide(event, None, timeline))
        else:
            events.append(_slide(event, lane, timeline))
    return title, events, eras


def is_era(event: Event, lane: Lane) -> bool:
    """True for an event written as a TimelineJS era: a range in the lane eras are imported into."""
    return lane.id == ERAS_LANE_ID and lane.title == ERAS_LANE_TITLE and event.end is not None


def date_parts(date: PartialDate) -> dict[str, str]:
    """A TimelineJS date object with only the parts the precision has; a time with an offset in UTC."""
    clock = (date.year, date.month, date.day, date.hour, date.minute, date.second)
    return _parts(utc_clock(clock, date.offset_minutes), date.precision)


def end_parts(end: PartialDate) -> dict[str, str]:
    """The TimelineJS end for our inclusive `end`: the instant after its period, at its precision, in UTC."""
    return _parts(utc_clock(end_instant_clock(end), end.offset_minutes), end.precision)


def display_words(event: Event) -> str | None:
    """Our wording of the event's dates when TimelineJS's own would mislead: ranges, approximate or zoned dates."""
    zoned = any(d is not None and d.offset_minutes is not None for d in (event.start, event.end))
    if not (zoned or event.approximate or event.end is not None):
        return None
    end = _as_read(event.end) if event.end is not None else None
    return format_span(_as_read(event.start), end, event.approximate)


def _as_read(date: PartialDate) -> PartialDate:
    """The date as a reader gets it back: an offset +00:00 as `Z` (the words must name the dates read back)."""
    if date.offset_minutes == 0 and not date.text.endswith("Z"):
        return parse_date(date.text[:-len("+00:00")] + "Z")
    return date


def shown_twice(text: str) -> str:
    """Text for a field TimelineJS strips of markup and then shows as HTML: escaped twice."""
    return html.escape(html.escape(" ".join(text.split())))


def cited_texts(event: Event, timeline: Timeline) -> list[CitedText]:
    """The event's citations as the slide text shows them."""
    out = []
    for c in event.citations:
        s = timeline.source_index[c.source]
        out.append(CitedText(s.id, s.title, c.paragraph, c.quote, s.publisher,
                             s.published.text if s.published else None, s.url))
    return out


def _parts(clock: tuple[int, ...], precision: Precision) -> dict[str, str]:
    named = zip(PART_NAMES, _NEEDS, clock, strict=True)
    return {name: str(value) for name, needs, value in named if precision >= needs}


def _slide(event: Event, lane: Lane | None, timeline: Timeline) -> dict[str, Any]:
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": date_parts(event.start)}
    if event.end is not None:
        slide["end_date"] = end_parts(event.end)
        if drops_end(slide["start_date"], slide["end_date"]):
            # TimelineJS compares only the parts the start has: an empty finer one keeps the end.
            slide["start_date"][PART_NAMES[len(slide["start_date"])]] = ""
    words = display_words(event)
    if words is not None:
        slide["display_date"] = shown_twice(words)
    text = {"headline": html_text(event.title)}
    summary, cited = html_text(event.summary), citations_html(cited_texts(event, timeline))
    if summary and cited and not summary.startswith("<p>"):
        summary = f"<p>{summary}</p>"  # else TimelineJS wraps the summary and the citations in one <p>
    if summary or cited:
        text["text"] = summary + cited
    slide["text"] = text
    if lane is not None and lane != DEFAULT_LANE:
        slide["group"] = shown_twice(lane.title)
    media = _media(event, timeline) if lane is not None else None
    if media:
        slide["media"] = media
    return slide


def _media(event: Event, timeline: Timeline) -> dict[str, str] | None:
    """The first cited source with an http(s) URL as media: url, credit (publisher) and caption (title)."""
    for citation in event.citations:
        source = timeline.source_index[citation.source]
        url = (source.url or "").strip()
        if is_url(url):
            media = {"url": url, "caption": html_text(source.title)}
            if source.publisher and source.publisher.strip():
                media["credit"] = html_text(source.publisher)
            return media
    return None


# --- what cannot be kept ------------------------------------------------------------


def report_losses(timeline: Timeline, losses: Losses) -> None:
    """Add to `losses` what a TimelineJS reader cannot get back from the slides of `timeline`."""
    lanes = {lane.id: lane for lane in timeline.lanes}
    losses.add("tags", sum(bool(e.tags) for e in timeline.events), "events' tags dropped")
    _lane_losses(timeline, lanes, losses)
    losses.add("timezone", int(timeline.timezone is not None), "timeline's time zone dropped (TimelineJS has none)")
    texts = [timeline.title, timeline.description]
    texts += [t for e in timeline.events for t in (e.title, e.summary)]
    changed = sum(text_as_shown(t) != t for t in texts)
    changed += sum(" ".join(lane.title.split()) != lane.title for lane in _used(timeline, lanes))
    cited: dict[str, list[tuple[int, str | None]]] = {}
    for event in timeline.events:
        for c in event.citations:
            quote = " ".join(c.quote.split()) if c.quote else None
            changed += quote != c.quote
            cited.setdefault(c.source, []).append((c.paragraph, quote or None))
    kept = [timeline.source_index[ident] for ident in cited]
    changed += sum(" ".join(s.title.split()) != s.title for s in kept)
    losses.add("whitespace", changed, "texts with runs of white space collapsed (HTML shows one space)")
    lost = 0
    for source in kept:
        back = quoted_paragraphs(cited[source.id])
        lost += sum(i >= len(back) or back[i] != p for i, p in enumerate(source.paragraphs))
    losses.add("paragraphs", lost, "source paragraphs not kept beyond the words quoted from them")
    losses.add("sources", len(timeline.sources) - len(kept), "sources no event cites dropped")
    zero = sum(d is not None and d.offset_minutes == 0 and not d.text.endswith("Z")
               for e in timeline.events for d in (e.start, e.end))
    losses.add("dates", zero, "dates' UTC offset +00:00 written as Z")


def _used(timeline: Timeline, lanes: dict[str, Lane]) -> list[Lane]:
    used = {e.lane for e in timeline.events}
    return [lane for lane in timeline.lanes if lane.id in used]


def _lane_losses(timeline: Timeline, lanes: dict[str, Lane], losses: Losses) -> None:
    """Lane ids and colours re-made, lanes without events, and lanes in the order of their first slide."""
    used = _used(timeline, lanes)
    losses.add("empty lanes", len(timeline.lanes) - len(used), "lanes without events dropped")
    # What a reader makes, in the order written (slides, then eras): the default lane as it is, and a
    # lane per group name (or the eras lane) numbered in order of first use, with a palette colour.
    made: dict[tuple[str, str], Lane] = {}
    back: dict[str, set[Lane]] = {}  # our lane id → the lanes its events come back in
    for event in sorted(timeline.events, key=lambda e: is_era(e, lanes[e.lane])):
        lane = lanes[event.lane]
        key = ("id", ERAS_LANE_ID) if is_era(event, lane) else ("name", " ".join(lane.title.split()))
        if lane != DEFAULT_LANE and key not in made:
            n = len(made) + 1
            made[key] = Lane(ERAS_LANE_ID if key[0] == "id" else f"lane-{n}", key[1], PALETTE[n % len(PALETTE)])
        back.setdefault(lane.id, set()).add(DEFAULT_LANE if lane == DEFAULT_LANE else made[key])
    remade = sum(any((m.id, m.color) != (lane.id, lane.color) for m in back[lane.id]) for lane in used)
    losses.add("lanes", remade, "kept by title only (ids and colours re-made)")
    # Read back, the default lane comes first, then the others in first use; lanes merged into one (one
    # title) share its place, which is no change of order (the merge is reported above).
    place = {lane: n for n, lane in enumerate([DEFAULT_LANE, *made.values()])}
    ranked = sorted(used, key=lambda lane: min(place[m] for m in back[lane.id]))
    losses.add("lane order", int(ranked != used), "timeline's lanes put in the order of their first slide")
