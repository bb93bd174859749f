"""Random valid timelines through every writer and back through the readers: what each format keeps."""

from __future__ import annotations

import calendar
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_peer_round_trips import check_round_trip

from desktop.io.checks import is_blank
from desktop.io.conventions import join_tags, split_tags, text_as_shown
from desktop.io.importers.detect import open_text
from desktop.io.loader import timeline_from_json
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers import FORMATS, csv_export, encode, events_json
from desktop.model.dates import PartialDate, parse_date
from desktop.model.records import Citation, Event
from desktop.model.timeline import Timeline

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

IDS = st.text(st.characters(categories=["L", "N"], include_characters="-_:."), min_size=1, max_size=6)
TEXT = st.text(max_size=20)
LINE = st.text(min_size=1, max_size=20).filter(lambda s: not is_blank(s))  # zero-width-only text is blank too
COLOR = st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)
URL = st.sampled_from(["https://example.org/a", "http://x.test/p?q=1&r=2", "javascript:alert(1)", "www.example.org",
                       "ftp://f.test/x"])
# Lanes the readers treat specially (our default lane, TimelineJS eras, vis background items, ids a reader makes),
# and titles that only white space tells apart.
EDGE_LANE_IDS = st.sampled_from(["default", "eras", "background", "lane-1", "default-2"])
EDGE_TITLES = st.sampled_from(["Events", "Events ", "Eras", "Background", "a  b", "a b", "<b>x</b> &amp;"])


def draw_citations(draw: st.DrawFn, sources: list[dict[str, Any]], most: int) -> list[dict[str, Any]]:
    """Up to `most` citations of `sources`' paragraphs, some with a quote cut from the paragraph."""
    citations = []
    for _ in range(draw(st.integers(0, most)) if sources else 0):
        source = draw(st.sampled_from(sources))
        number = draw(st.integers(1, len(source["paragraphs"])))
        citation: dict[str, Any] = {"source": source["id"], "paragraph": number}
        paragraph = source["paragraphs"][number - 1]
        a, b = sorted(draw(st.lists(st.integers(0, len(paragraph)), min_size=2, max_size=2)))
        if not is_blank(paragraph[a:b]) and draw(st.booleans()):
            citation["quote"] = paragraph[a:b]
        citations.append(citation)
    return citations


@st.composite
def dates(draw: st.DrawFn, edges: bool = False) -> str:
    """A date text at any precision; times sometimes with Z or an offset (`edges`: often in years 1 and 9999)."""
    year = draw(st.sampled_from([1, 9999]) | st.integers(1, 9999) if edges else st.integers(1, 9999))
    precision = draw(st.integers(1, 5))
    if precision == 1:
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == 2:
        return f"{year:04d}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if precision == 3:
        return text
    text += f"T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if precision == 5:
        text += f":{draw(st.integers(0, 59)):02d}"
    zone = draw(st.sampled_from(["", "", "Z", "offset"]))
    # Without `edges`, not in years 1 and 9999, where UTC may leave the calendar (TimelineJS keeps the clock then).
    if zone == "offset" and (edges or 1 < year < 9999):
        minutes = draw(st.integers(-18 * 60, 18 * 60))
        sign = "-" if minutes < 0 else "+"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text + ("" if zone == "offset" else zone)


@st.composite
def timelines(draw: st.DrawFn, edges: bool = False) -> Timeline:
    """A valid events file (checked by the loader) with lanes, sources, citations, ranges and unicode text.

    `edges`: also lanes the readers treat specially, lanes of one title, dates in years 1 and 9999.
    """
    doc: dict[str, Any] = {"version": 1, "title": draw(LINE), "events": []}
    if draw(st.booleans()):
        doc["description"] = draw(TEXT)
    if draw(st.booleans()):
        doc["timezone"] = draw(st.sampled_from(["Asia/Ho_Chi_Minh", "UTC", "UTC+07:00"]))
    sources = []
    for ident in draw(st.lists(IDS, max_size=3, unique=True)):
        source: dict[str, Any] = {"id": ident, "title": draw(LINE),
                                  "paragraphs": draw(st.lists(TEXT, min_size=1, max_size=3))}
        if draw(st.booleans()):
            source["publisher"] = draw(LINE)
        if draw(st.booleans()):
            source["published"] = draw(dates())
        if draw(st.booleans()):
            source["url"] = draw(URL)
        sources.append(source)
    if sources:
        doc["sources"] = sources
    lane_ids = draw(st.lists(IDS | EDGE_LANE_IDS if edges else IDS.filter(lambda s: s != "eras"), max_size=4,
                             unique=True))
    titles = draw(st.lists(LINE | EDGE_TITLES, min_size=len(lane_ids), max_size=len(lane_ids)) if edges else
                  st.lists(LINE, min_size=len(lane_ids), max_size=len(lane_ids), unique_by=str.strip))
    if lane_ids:
        doc["lanes"] = [{"id": i, "title": t, **({"color": draw(COLOR)} if draw(st.booleans()) else {})}
                        for i, t in zip(lane_ids, titles, strict=True)]
    for ident in draw(st.lists(IDS, min_size=1, max_size=6, unique=True)):
        start = parse_date(draw(dates(edges)))
        event: dict[str, Any] = {"id": ident, "title": draw(LINE), "start": start.text}
        if draw(st.booleans()):
            end = parse_date(draw(dates(edges)))
            if end.end <= start.begin:
                start, end = end, start
            event["start"], event["end"] = start.text, end.text
        if lane_ids:
            event["lane"] = draw(st.sampled_from(lane_ids))
        if draw(st.booleans()):
            event["summary"] = draw(st.text(max_size=30))
        if draw(st.booleans()):
            event["approximate"] = True
        if draw(st.booleans()):
            event["tags"] = draw(st.lists(TEXT, max_size=2))
        citations = draw_citations(draw, sources, 2)
        if citations:
            event["citations"] = citations
        doc["events"].append(event)
    timeline = timeline_from_json(doc, "random.json")
    assert timeline.problems == ()
    return timeline


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _lane_title(timeline: Timeline, event: Event) -> str | None:
    """The event's lane title; None for the default lane."""
    lane = timeline.lanes[timeline.lane_index[event.lane]]
    return None if lane == DEFAULT_LANE else lane.title.strip()


@SETTINGS
@given(timelines())
def test_ours_to_ours_is_identical(timeline: Timeline) -> None:
    text = events_json.dumps(timeline)
    back = timeline_from_json(json.loads(text), "back.json", text)
    assert back.problems == ()
    assert (back.title, back.description, back.events, back.lanes, back.sources) == (
        timeline.title, timeline.description, timeline.events, timeline.lanes, timeline.sources)
    assert events_json.dumps(back) == text


def _same_moment(a: PartialDate, b: PartialDate) -> bool:
    return (a.begin, a.end, a.precision) == (b.begin, b.end, b.precision)


@SETTINGS
@given(timelines())
def test_ours_to_timelinejs_to_ours_keeps_dates_lanes_titles(timeline: Timeline) -> None:
    back = open_text(encode(timeline, "timelinejs").decode("utf-8"), "back.json")
    assert back.problems == ()
    assert (back.title, back.description) == (text_as_shown(timeline.title), text_as_shown(timeline.description))
    assert sorted(back.event_index) == sorted(timeline.event_index)
    for event in timeline.events:
        again = back.events[back.event_index[event.id]]
        assert _same_moment(again.start, event.start)
        assert (again.end is None) == (event.end is None)
        assert again.end is None or event.end is None or _same_moment(again.end, event.end)
        if event.start.offset_minutes is None and (event.end is None or event.end.offset_minutes is None):
            assert (again.start, again.end) == (event.start, event.end)  # the very text, too
        assert again.approximate == event.approximate  # from the "c. …" display date
        # HTML keeps line and paragraph breaks; runs of white space show as one space.
        assert (again.title, again.summary) == (text_as_shown(event.title), text_as_shown(event.summary))
        assert _lane_title(back, again) == (None if _lane_title(timeline, event) is None
                                            else _collapse(_lane_title(timeline, event)))
        # Every citation is in the slide text, with its source's id, ¶ number and quote.
        assert again.citations == tuple(
            Citation(c.source, c.paragraph, _collapse(c.quote) or None) for c in event.citations)
        for citation in event.citations:
            source = timeline.source_index[citation.source]
            made = back.source_index[citation.source]
            assert (made.title, made.publisher, made.url) == (_collapse(source.title), source.publisher, source.url)
            assert made.published == source.published
    # What came back is written the same way again: a second trip changes nothing.
    text = encode(back, "timelinejs").decode("utf-8")
    assert encode(open_text(text, "again.json"), "timelinejs").decode("utf-8") == text


@SETTINGS
@given(timelines())
def test_ours_to_csv_to_ours_keeps_what_csv_holds(timeline: Timeline) -> None:
    back = open_text(encode(timeline, "csv").decode("utf-8"), "back.csv")
    assert back.problems == ()
    assert [e.id for e in back.events] == [e.id for e in timeline.events]
    for event, again in zip(timeline.events, back.events, strict=True):
        assert (again.start, again.end) == (event.start, event.end)
        assert (again.title, again.summary) == (event.title.strip(), event.summary.strip())
        assert (again.approximate, again.tags) == (event.approximate, split_tags(join_tags(event.tags)))
        assert _lane_title(back, again) == _lane_title(timeline, event)
        if _lane_title(timeline, event) is not None:  # lane titles are unique here, so no colour is merged
            lane = timeline.lanes[timeline.lane_index[event.lane]]
            assert back.lanes[back.lane_index[again.lane]].color == lane.color
        # Every citation of a paragraph that is not blank: the first on the event's row, the rest below it.
        kept = csv_export.kept_citations(event, timeline)
        assert len(again.citations) == len(kept)
        for citation, read in zip(kept, again.citations, strict=True):
            source = timeline.source_index[citation.source]
            made = back.source_index[read.source]
            assert made.title == csv_export.source_key(source).strip()
            assert made.paragraphs[read.paragraph - 1] == source.paragraphs[citation.paragraph - 1].strip()
            assert read.quote == (citation.quote.strip() if citation.quote else None)
    text = csv_export.dumps(back)
    assert csv_export.dumps(open_text(text, "again.csv")) == text


@SETTINGS
@given(timelines() | timelines(edges=True), st.sampled_from(FORMATS))
def test_every_writer_reports_exactly_what_changes(timeline: Timeline, kind: str) -> None:
    """Through every writer (vis and the TimelineJS sheet too): the report matches the differences, kind by kind."""
    check_round_trip(timeline, kind)
