"""Timeline → TimelineJS3 JSON, to publish a timeline on the web; `desktop.io.importers.timelinejs` reads it back.

Each event is a slide: `start_date`/`end_date` hold only the parts its precision has (year … second,
as strings, so that TimelineJS also shows a zero hour or second), `text.headline` the title and
`text.text` the summary, both HTML-escaped because TimelineJS renders HTML (line breaks become <br>,
blank-line-separated paragraphs <p>), `group` the lane's title (left out for the default lane),
`unique_id` the event id, and `media` the first citation's source: its URL (only an http(s) one, so a
`javascript:` link cannot reach the page), publisher as credit and title as caption. The title slide
carries the timeline's title and description. Events of the "Eras" lane that the importer makes from
TimelineJS eras (lane id `eras`) and that have an end go back to `eras`.

TimelineJS dates have no time zone (a browser reads them as its local time), so a time written with a
UTC offset is converted to UTC, which is how this app places a time without one, and the slide's
`display_date` shows it as written, e.g. "27 February 2019, 18:30 (UTC+07:00)". An approximate event's
`display_date` starts with "c. ". Read back: ids, titles and summaries (whitespace runs become one
space), dates (the same instants at the same precision; offsets become UTC), lanes by title (ids and
colours are re-made), and for each cited event one source with the cited source's title, publisher and
URL. Lost: tags, `approximate`, all citations but the first, quotes and paragraph texts (the source's
one paragraph is the summary), uncited sources and source dates.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from desktop.io.conventions import ERAS_LANE_ID, ERAS_LANE_TITLE, is_url
from desktop.io.schema import DEFAULT_LANE
from desktop.model.dates import PartialDate, Precision, format_span
from desktop.model.records import Event, Lane
from desktop.model.timeline import Timeline

_PARTS = (
    (Precision.YEAR, "year"), (Precision.MONTH, "month"), (Precision.DAY, "day"),
    (Precision.MINUTE, "hour"), (Precision.MINUTE, "minute"), (Precision.SECOND, "second"),
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The TimelineJS3 document: a title slide, the events as slides, eras from the importer's Eras lane."""
    lanes = {lane.id: lane for lane in timeline.lanes}
    title_text = {"headline": html_text(timeline.title)}
    if timeline.description:
        title_text["text"] = html_text(timeline.description)
    doc: dict[str, Any] = {"title": {"text": title_text}, "events": []}
    eras = []
    for event in timeline.events:
        lane = lanes[event.lane]
        if _is_era_lane(lane) and event.end is not None:
            eras.append(_era(event, event.end))
        else:
            doc["events"].append(_slide(event, lane, timeline))
    if eras:
        doc["eras"] = eras
    return doc


def dumps(timeline: Timeline) -> str:
    """The TimelineJS JSON text (not ASCII-escaped, indented by 2, ending in a newline)."""
    return json.dumps(timeline_to_dict(timeline), ensure_ascii=False, indent=2) + "\n"


def html_text(text: str) -> str:
    """Plain text as the HTML TimelineJS shows: escaped, paragraphs as <p>, line breaks as <br>."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in text:
        return html.escape(text)
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text)]
    lines = ["<br>".join(html.escape(line) for line in p.split("\n")) for p in paragraphs if p]
    return "".join(f"<p>{p}</p>" for p in lines) if len(lines) > 1 else lines[0]


def date_parts(date: PartialDate) -> dict[str, str]:
    """A TimelineJS date object with only the parts the precision has; a time with an offset in UTC."""
    fields = (date.year, date.month, date.day, date.hour, date.minute, date.second)
    if date.offset_minutes:
        try:
            moment = datetime(*fields, tzinfo=UTC) - timedelta(minutes=date.offset_minutes)
        except OverflowError:
            pass  # UTC falls outside years 1–9999: keep the clock as written rather than leave the calendar
        else:
            fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return {name: str(value) for (needs, name), value in zip(_PARTS, fields, strict=True) if date.precision >= needs}


def _is_era_lane(lane: Lane) -> bool:
    return lane.id == ERAS_LANE_ID and lane.title == ERAS_LANE_TITLE


def _display_date(event: Event) -> str | None:
    """What TimelineJS should show instead of its own date text, when its own would mislead."""
    zoned = any(d is not None and d.offset_minutes is not None for d in (event.start, event.end))
    if not (zoned or event.approximate):
        return None
    return html.escape(format_span(event.start, event.end, event.approximate))


def _text(event: Event) -> dict[str, str]:
    out = {"headline": html_text(event.title)}
    if event.summary.strip():
        out["text"] = html_text(event.summary)
    return out


def _slide(event: Event, lane: Lane, timeline: Timeline) -> dict[str, Any]:
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": date_parts(event.start)}
    if event.end is not None:
        slide["end_date"] = date_parts(event.end)
    shown = _display_date(event)
    if shown is not None:
        slide["display_date"] = shown
    slide["text"] = _text(event)
    if lane != DEFAULT_LANE:
        slide["group"] = lane.title
    media = _media(event, timeline)
    if media:
        slide["media"] = media
    return slide


def _era(event: Event, end: PartialDate) -> dict[str, Any]:
    return {"unique_id": event.id, "start_date": date_parts(event.start), "end_date": date_parts(end),
            "text": _text(event)}


def _media(event: Event, timeline: Timeline) -> dict[str, str] | None:
    """The first citation's source as a media object: url, credit (publisher) and caption (title)."""
    if not event.citations:
        return None
    source = timeline.source_index.get(event.citations[0].source)
    if source is None:
        return None
    url = (source.url or "").strip()
    media = {"url": url if is_url(url) else "", "caption": html_text(source.title)}
    if source.publisher and source.publisher.strip():
        media["credit"] = html_text(source.publisher)
    return media
