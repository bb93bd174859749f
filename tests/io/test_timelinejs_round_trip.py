"""Our timelines through TimelineJS JSON and back: only what the writer reports as lost changes.

A port of TimelineJS's own date rules (TimelineConfig._processDates drops an end that repeats the
start's parts; TLDate places a date with `new Date(year, month - 1, day, …)`; Slide.getFormattedDate
shows `display_date` when it has one, after _tidyFields stripped its markup and before innerHTML reads it
as HTML again) checks that every range ends where ours does and says our words.
"""

from __future__ import annotations

import calendar
import html
import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip_properties import draw_citations

from desktop.io.conventions import clock_text, end_instant_clock
from desktop.io.importers.detect import open_text
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.writers import timelinejs
from desktop.io.writers.losses import Losses
from desktop.layout.rows import stack_rows
from desktop.model.dates import Precision, format_span, parse_date
from desktop.model.records import Event, Lane
from desktop.model.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"
PEERS = ROOT.parent / "shared" / "peers"
SETTINGS = settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- what changed, in the units the writers report -----------------------------------


def _squeeze(text: str | None) -> str:
    return " ".join((text or "").split())


def differences(before: Timeline, after: Timeline, ids: dict[str, str] | None = None) -> Counter[str]:
    """Count what changed from `before` to `after` by kind; fail on any change no kind covers.

    `ids` maps our event ids to the ids they came back with (a sheet numbers its rows).
    """
    ids = ids or {e.id: e.id for e in before.events}
    changed: Counter[str] = Counter()
    changed["ids"] = sum(old != new for old, new in ids.items())
    assert sorted(after.event_index) == sorted(ids.values())
    lanes_back: dict[str, set[Lane]] = {}
    cited: dict[str, list[tuple[int, str | None]]] = {}
    for event in before.events:
        again = after.events[after.event_index[ids[event.id]]]
        _dates(event, again, changed)
        for ours, theirs in ((event.title, again.title), (event.summary, again.summary)):
            assert _squeeze(theirs) == _squeeze(ours)
            changed["whitespace"] += theirs != ours
        changed["approximate"] += again.approximate != event.approximate
        changed["tags"] += again.tags != event.tags
        assert len(again.citations) == len(event.citations)
        for ours_c, theirs_c in zip(event.citations, again.citations, strict=True):
            assert (theirs_c.source, theirs_c.paragraph, _squeeze(theirs_c.quote)) == (
                ours_c.source, ours_c.paragraph, _squeeze(ours_c.quote))
            changed["whitespace"] += theirs_c.quote != ours_c.quote
            cited.setdefault(ours_c.source, []).append((ours_c.paragraph, ours_c.quote))
        lanes_back.setdefault(event.lane, set()).add(after.lanes[after.lane_index[again.lane]])
    used = [lane for lane in before.lanes if lane.id in lanes_back]
    for lane in used:
        assert {_squeeze(m.title) for m in lanes_back[lane.id]} == {_squeeze(lane.title)}
        changed["whitespace"] += any(m.title != lane.title for m in lanes_back[lane.id])
        changed["lanes"] += any((m.id, m.color) != (lane.id, lane.color) for m in lanes_back[lane.id])
    changed["empty lanes"] = len(before.lanes) - len(used)
    came_back = {m.id: lane.id for lane in used for m in lanes_back[lane.id]}
    assert set(came_back) == {lane.id for lane in after.lanes}
    order = list(dict.fromkeys(came_back[m.id] for m in after.lanes))
    changed["lane order"] = int(order != [lane.id for lane in used])
    changed["timezone"] = int(after.timezone != before.timezone)
    for ours_t, theirs_t in ((before.title, after.title), (before.description, after.description)):
        assert _squeeze(theirs_t) == _squeeze(ours_t)
        changed["whitespace"] += theirs_t != ours_t
    _sources(before, after, cited, changed)
    return +changed


def _dates(event: Event, again: Event, changed: Counter[str]) -> None:
    """The same instants (a day start written at 0:00 counts as one); texts may differ."""
    if again.start.precision != event.start.precision:
        assert (event.start.precision, again.start.precision, again.start.begin) == (
            Precision.DAY, Precision.MINUTE, event.start.begin)
        changed["start times"] += 1
    else:
        assert (again.start.begin, again.start.end) == (event.start.begin, event.start.end)
        changed["dates"] += again.start.text != event.start.text
    assert (again.end is None) == (event.end is None)
    if event.end is not None and again.end is not None:
        assert (again.end.begin, again.end.end, again.end.precision) == (
            event.end.begin, event.end.end, event.end.precision)
        changed["dates"] += again.end.text != event.end.text


def _sources(before: Timeline, after: Timeline, cited: dict[str, list[Any]], changed: Counter[str]) -> None:
    changed["sources"] = len(before.sources) - len(cited)
    assert set(after.source_index) == set(cited)
    for ident in cited:
        ours, theirs = before.source_index[ident], after.source_index[ident]
        assert (theirs.publisher, theirs.published, theirs.url) == (ours.publisher, ours.published, ours.url)
        assert _squeeze(theirs.title) == _squeeze(ours.title)
        changed["whitespace"] += theirs.title != ours.title
        changed["paragraphs"] += sum(
            i >= len(theirs.paragraphs) or theirs.paragraphs[i] != p for i, p in enumerate(ours.paragraphs))
        for number, quote in cited[ident]:
            assert _squeeze(quote) in theirs.paragraphs[number - 1]


def through_timelinejs(timeline: Timeline) -> tuple[dict[str, Any], Timeline, Losses]:
    """The TimelineJS document, what reading it gives, and what the writer reported."""
    losses = Losses()
    text = timelinejs.dumps(timeline, losses)
    back = open_text(text, "back.json")
    assert back.problems == ()
    return json.loads(text), back, losses


# --- TimelineJS's rules, ported --------------------------------------------------------


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date, any year (as JavaScript's Date counts)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def js_time(parts: dict[str, Any]) -> float:
    """TLDate._createDateObj with the browser in UTC: epoch milliseconds of a slide date object."""
    values = {}
    for name, baseline in (("year", 0), ("month", 1), ("day", 1), ("hour", 0), ("minute", 0), ("second", 0)):
        raw = str(parts.get(name, "")).strip()
        values[name] = int(raw) if re.fullmatch(r"-?\d+", raw) else baseline  # parseInt, NaN → the baseline
    month0 = values["month"] - 1 if 0 < values["month"] <= 12 else values["month"]
    year = values["year"] + month0 // 12  # new Date(y, m, …) carries months over into years
    days = _days_from_civil(year, month0 % 12 + 1, 1) + values["day"] - 1
    return ((days * 24 + values["hour"]) * 60 + values["minute"]) * 60_000 + values["second"] * 1000.0


def js_drops_end(start: dict[str, Any], end: dict[str, Any]) -> bool:
    """TimelineConfig._processDates: `equal = equal && start_date[p] == end_date[p]` for every property of the start."""
    def loose(a: Any, b: Any) -> bool:
        if a is None or b is None:
            return a is None and b is None
        if isinstance(a, str) and isinstance(b, str):
            return a == b
        return float(str(a).strip() or 0) == float(str(b).strip() or 0)
    return all(loose(v, end.get(k)) for k, v in start.items())


def _text_content(fragment: str) -> str:
    """DOMParser's textContent, near enough: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", " ", fragment))


def shown_date(slide: dict[str, Any]) -> str | None:
    """Slide.getFormattedDate's words when the slide has a display_date (stripMarkup, then innerHTML)."""
    words = " ".join(_text_content(_text_content(slide.get("display_date", ""))).split())
    return words or None


def check_against_timelinejs(timeline: Timeline, doc: dict[str, Any]) -> None:
    """Every slide and era: drawn from our start to our end, showing our words and its citations."""
    by_id = {e.id: e for e in timeline.events}
    for slide in [*doc["events"], *doc.get("eras", [])]:
        event = by_id[slide["unique_id"]]
        assert js_time(slide["start_date"]) == event.start.begin * 1000
        kept = "end_date" in slide and not js_drops_end(slide["start_date"], slide["end_date"])
        assert kept == (event.end is not None), event.id
        if kept:
            assert js_time(slide["end_date"]) == event.finish * 1000, event.id  # where the bar stops
        if event.end is not None or event.approximate:
            assert shown_date(slide) == format_span(event.start, event.end, event.approximate)
        page = " ".join(_text_content(slide["text"].get("text", "")).split())
        for citation in event.citations:
            source = timeline.source_index[citation.source]
            assert f"{_squeeze(source.title)}" in page and f"¶ {citation.paragraph}" in page
            assert citation.quote is None or _squeeze(citation.quote) in page


# --- the default dataset ---------------------------------------------------------------


def test_default_dataset_round_trip_changes_only_what_is_reported() -> None:
    timeline = open_timeline(DATASET)
    _, back, losses = through_timelinejs(timeline)
    assert differences(timeline, back) == Counter(losses.counts)
    assert losses.counts["tags"] == len(timeline.events)  # and no approximate, citations or ends lost
    assert {"approximate", "citations", "dates"}.isdisjoint(losses.counts)


def test_default_dataset_as_timelinejs_draws_and_says_what_we_do() -> None:
    timeline = open_timeline(DATASET)
    doc = timelinejs.timeline_to_dict(timeline)
    check_against_timelinejs(timeline, doc)
    sanctions = next(s for s in doc["events"] if s["unique_id"] == "un-sanctions-2016-2017")
    assert sanctions["end_date"] == {"year": "2018"} and shown_date(sanctions) == "2016–2017"
    assert all(slide["media"]["url"] for slide in doc["events"] if "media" in slide)


def test_a_month_start_keeps_an_end_in_the_same_month() -> None:
    timeline = _ours([{"id": "a", "title": "A", "start": "2018-12", "end": "2018-12-05"}])
    (slide,) = timelinejs.timeline_to_dict(timeline)["events"]
    assert slide["start_date"] == {"year": "2018", "month": "12", "day": ""}
    assert slide["end_date"] == {"year": "2018", "month": "12", "day": "6"}
    check_against_timelinejs(timeline, {"events": [slide]})
    assert open_text(json.dumps({"events": [slide]}), "a.json").events[0].end.text == "2018-12-05"  # type: ignore


def test_lane_titles_and_text_stay_text_on_the_page() -> None:
    timeline = _ours([{"id": "a", "title": "<b>A</b>", "start": "2019", "lane": "x", "summary": "1 < 2 & 3"}],
                     lanes=[{"id": "x", "title": 'Lane <A> & "B"'}])
    (slide,) = timelinejs.timeline_to_dict(timeline)["events"]
    # TimelineJS strips the group's markup (DOMParser textContent), then sets it as innerHTML.
    assert _text_content(_text_content(slide["group"])) == 'Lane <A> & "B"'
    assert slide["text"] == {"headline": "&lt;b&gt;A&lt;/b&gt;", "text": "1 &lt; 2 &amp; 3"}
    back = open_text(json.dumps({"events": [slide]}), "a.json")
    assert back.lanes[back.lane_index[back.events[0].lane]].title == 'Lane <A> & "B"'


# --- peers: abutting eras --------------------------------------------------------------


@pytest.mark.skipif(not PEERS.is_dir(), reason="peer files not present (../shared/peers)")
def test_abutting_eras_stay_abutting_in_one_row() -> None:
    timeline = open_timeline(PEERS / "timelinejs3" / "eras.json")
    eras = sorted((e for e in timeline.events if e.lane == "eras"), key=lambda e: e.begin)
    assert [(e.start.text, e.end.text if e.end else None) for e in eras] == [
        ("0600", "0649"), ("0650", "0699"), ("0700", "0719")]
    assert [a.finish == b.begin for a, b in itertools.pairwise(eras)] == [True, True]
    rows = stack_rows(timeline.columns, len(timeline.lanes))
    assert len({int(rows.row[timeline.event_index[e.id]]) for e in eras}) == 1
    doc = timelinejs.timeline_to_dict(timeline)
    original = json.loads((PEERS / "timelinejs3" / "eras.json").read_text(encoding="utf-8"))
    assert sorted((e["start_date"]["year"], e["end_date"]["year"]) for e in doc["eras"]) == sorted(
        (e["start_date"]["year"], e["end_date"]["year"]) for e in original["eras"])


# --- generated timelines ---------------------------------------------------------------

WORDS = st.text(st.sampled_from("ab <&>\"'é\n "), min_size=1, max_size=12).filter(lambda s: s.strip())
IDS = st.text(st.sampled_from("abcxyz-19"), min_size=1, max_size=5)


@st.composite
def date_texts(draw: st.DrawFn, precision: Precision | None = None, zones: bool = True) -> str:
    """A date at `precision` (any when None); times sometimes with an offset (never in years 1 or 9999)."""
    precision = precision or Precision(draw(st.integers(1, 5)))
    year = draw(st.sampled_from([1, 999, 2016, 2019, 9999]) | st.integers(2, 9998))
    month = draw(st.integers(1, 12))
    day = draw(st.sampled_from([1, calendar.monthrange(year, month)[1]]) | st.integers(1, 28))
    clock = (year, month, day, draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 59])), draw(st.integers(0, 59)))
    offset = None
    if zones and precision >= Precision.MINUTE and 1 < year < 9999:
        offset = draw(st.none() | st.sampled_from([0, 420, -210, 18 * 60]))
    return clock_text(clock, precision, offset)


@st.composite
def timelines(draw: st.DrawFn, zones: bool = True, approximate: bool = True, one_line: bool = False) -> Timeline:
    """Ranges at every precision, abutting ranges, approximate dates, several citations, lane colours.

    `zones`: times with UTC offsets; `one_line`: a title and description without breaks.
    """
    lane_ids = draw(st.lists(IDS.filter(lambda s: s != "eras"), max_size=3, unique=True))
    titles = draw(st.lists(WORDS, min_size=len(lane_ids), max_size=len(lane_ids), unique_by=_squeeze))
    lanes = [{"id": i, "title": t, **({"color": draw(st.sampled_from(["#123456", "#E69F00", "#0072B2"]))}
                                      if draw(st.booleans()) else {})} for i, t in zip(lane_ids, titles, strict=True)]
    sources = []
    for ident in draw(st.lists(IDS, max_size=3, unique=True)):
        source: dict[str, Any] = {"id": ident, "title": draw(WORDS),
                                  "paragraphs": draw(st.lists(WORDS | st.just(""), min_size=1, max_size=4))}
        for key, value in (("publisher", WORDS), ("published", date_texts(Precision.DAY)),
                           ("url", st.sampled_from(["https://example.org/a?b=1&c", "javascript:alert(1)"]))):
            if draw(st.booleans()):
                source[key] = draw(value)
        sources.append(source)
    events: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 7))):
        start = parse_date(draw(date_texts(zones=zones)))
        event: dict[str, Any] = {"id": f"e{n}", "title": draw(WORDS), "start": start.text}
        kind = draw(st.sampled_from(["point", "range", "abutting", "inside"]))
        if kind == "abutting" and events and "end" in events[-1]:
            before = parse_date(events[-1]["end"])  # start just after the previous range ends
            clock = end_instant_clock(before)
            if clock[0] <= 9999:
                start = parse_date(clock_text(clock, before.precision, before.offset_minutes))
                event["start"] = start.text
        if kind == "inside" and start.precision < Precision.SECOND and start.offset_minutes is None:
            # An end at a finer precision inside the start's period (a June start, an end on 5 June).
            finer = Precision(draw(st.integers(start.precision + 1, 5)))
            drawn = (0, draw(st.integers(1, 12)), draw(st.integers(1, 28)), draw(st.integers(0, 23)),
                     draw(st.integers(0, 59)), draw(st.integers(0, 59)))
            given_ = (start.year, start.month, start.day, start.hour, start.minute, start.second)
            keep = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3, Precision.MINUTE: 5}[start.precision]
            event["end"] = clock_text(given_[:keep] + drawn[keep:], finer)
        elif kind != "point":
            end = parse_date(draw(date_texts(Precision(draw(st.integers(1, 5))), zones=zones)))
            if end.end > start.begin:
                event["end"] = end.text
        if lane_ids:  # a file with lanes names one for every event
            event["lane"] = draw(st.sampled_from(lane_ids))
        if draw(st.booleans()):
            event["summary"] = draw(WORDS)
        event["approximate"] = approximate and draw(st.booleans())
        if draw(st.booleans()):
            event["tags"] = draw(st.lists(IDS, max_size=2))
        citations = draw_citations(draw, sources, 3)
        if citations:
            event["citations"] = citations
        events.append(event)
    heading = WORDS.map(lambda s: s.replace("\n", " ")).filter(str.strip) if one_line else WORDS
    doc: dict[str, Any] = {"version": 1, "title": draw(heading), "events": events, "sources": sources}
    if lanes:
        doc["lanes"] = lanes
    doc["description"] = draw(heading | st.just(""))
    if draw(st.booleans()):
        doc["timezone"] = "Asia/Ho_Chi_Minh"
    timeline = timeline_from_json(doc, "random.json")
    assert timeline.problems == ()
    return timeline


@SETTINGS
@given(timelines())
def test_generated_timelines_round_trip_with_exact_reports(timeline: Timeline) -> None:
    doc, back, losses = through_timelinejs(timeline)
    assert differences(timeline, back) == Counter(losses.counts)
    check_against_timelinejs(timeline, doc)
    # A second trip from what came back loses nothing more.
    again = Losses()
    assert timelinejs.dumps(open_text(timelinejs.dumps(back, again), "again.json")) == timelinejs.dumps(back)


def _ours(events: list[dict[str, Any]], **top: Any) -> Timeline:
    timeline = timeline_from_json({"version": 1, "title": "T", "events": events, **top}, "t.json")
    assert timeline.problems == ()
    return timeline


def test_approximate_zoned_and_edge_dates_come_back() -> None:
    timeline = _ours([
        {"id": "a", "title": "A", "start": "2019-02-27T18:30+07:00", "end": "2019-02-28T01:05:09-03:30",
         "approximate": True},
        {"id": "b", "title": "B", "start": "2019-02-27T18:30Z"},
        {"id": "c", "title": "C", "start": "9998", "end": "9999"},
        {"id": "d", "title": "D", "start": "0001-01-01T02:00+05:00"},
        {"id": "e", "title": "E", "start": "9999-12-31T20:00+07:00", "end": "9999-12-31T23:59+07:00"},
    ])
    doc, back, losses = through_timelinejs(timeline)
    assert [(e.start, e.end, e.approximate) for e in back.events] == [
        (e.start, e.end, e.approximate) for e in timeline.events]
    assert differences(timeline, back) == Counter(losses.counts)
    c, e = (next(s for s in doc["events"] if s["unique_id"] == i) for i in "ce")
    assert c["end_date"] == {"year": "10000"}
    assert e["end_date"] == {"year": "9999", "month": "12", "day": "31", "hour": "17", "minute": "0"}
    check_against_timelinejs(timeline, {"events": [c, e]})  # "d" keeps its clock: UTC is before year 1


def test_offset_zero_written_plus_is_reported() -> None:
    timeline = _ours([{"id": "a", "title": "A", "start": "2019-02-27T18:30+00:00"}])
    _, back, losses = through_timelinejs(timeline)
    assert back.events[0].start.text == "2019-02-27T18:30Z"
    assert losses.lines() == ["dates: 1 dates' UTC offset +00:00 written as Z"]



# --- other people's TimelineJS files -----------------------------------------------------


def _read(*slides: dict[str, Any]) -> Timeline:
    return open_text(json.dumps({"events": list(slides)}), "peer.json")


def _slide(year: Any = "2019", **more: Any) -> dict[str, Any]:
    return {"start_date": {"year": year}, "text": {"headline": "H"}, **more}


@pytest.mark.parametrize(
    ("year", "words"),
    [
        ("-300", "year -300 is before year 1: TimelineJS shows it as 300 BCE on its ordinary time axis"),
        ("0", "year 0 is before year 1: TimelineJS shows it as year 0 on its ordinary time axis"),
        ("12000", "year 12000 is after 9999: TimelineJS shows it as year 12000 on its ordinary time axis"),
        ("-13800000000", "puts TimelineJS on its cosmological scale"),
    ],
)
def test_years_we_cannot_hold_say_what_timelinejs_does(year: str, words: str) -> None:
    timeline = _read(_slide(), _slide(year))
    (problem,) = timeline.problems
    assert words in problem.message and "left out" in problem.message and len(timeline.events) == 1


@pytest.mark.parametrize(
    ("display", "approximate"),
    [("Spring 2019 (reported)", False), ("c. 8 March", True), ("about March", True), ("Around 1900", True),
     ("circa 2019", True), ("Dec. 5", False), ("<b>ca.</b> 2019 &amp; later", True)],
)
def test_display_dates_are_kept_in_the_summary(display: str, approximate: bool) -> None:
    (event,) = _read(_slide(display_date=display, text={"headline": "H", "text": "<p>Body</p>"})).events
    shown = " ".join(_text_content(_text_content(display)).split())
    assert event.summary == f"Date shown: {shown}\n\nBody" and event.approximate is approximate


def test_a_date_objects_own_display_date_is_kept_too() -> None:
    slide = _slide(end_date={"year": "2021", "display_date": "the end"})
    (event,) = _read(slide).events
    assert event.summary == "Date shown: 2019 — the end" and event.end is not None and event.end.text == "2020"


def test_block_elements_break_lines_and_inline_text_is_not_glued() -> None:
    text = "<p>First.</p><span class='tl-note'>Note</span><ul><li>a</li><li>b</li></ul>x<br>y <i>z</i>"
    (event,) = _read(_slide(text={"headline": "H", "text": text})).events
    assert event.summary == "First.\n\nNote\n\na\nb\n\nx\ny z"


def test_dates_timelinejs_drops_or_skips_are_reported_with_what_it_does() -> None:
    timeline = _read(
        _slide(),
        {"start_date": {"year": "", "month": ""}, "text": {"headline": "empty"}},
        {"text": {"headline": "none"}},
        _slide("2019", end_date={"year": "2019"}),  # the same date: TimelineJS drops it without a word
        _slide("2019", end_date={"year": "2019", "month": "6"}),
    )
    messages = [p.message for p in timeline.problems]
    assert len(messages) == 3
    assert "TimelineJS places such a slide at year 0" in messages[0]
    assert "TimelineJS skips such a slide without a message" in messages[1]
    assert "TimelineJS drops it and shows a point" in messages[2]
    assert [e.end for e in timeline.events] == [None, None, None]
