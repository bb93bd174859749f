"""Our CSV: a round trip changes only what the writer reports as lost, and a second one changes nothing."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from desktop.io.importers.detect import open_text
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers import csv_export
from desktop.io.writers.losses import Losses
from desktop.model.records import Event
from desktop.model.timeline import Timeline

DATASET = Path(__file__).resolve().parents[2] / "data" / "events.json"


def _trip(timeline: Timeline) -> tuple[Timeline, Losses, str]:
    losses = Losses()
    text = csv_export.dumps(timeline, losses)
    back = open_text(text, "back.csv")
    assert back.problems == ()
    return back, losses, text


def _cited(timeline: Timeline, event: Event) -> list[tuple[str, str, str | None]]:
    """An event's citations as text: (source URL or title, paragraph, quote), which a CSV can hold."""
    out = []
    for c in event.citations:
        source = timeline.source_index[c.source]
        out.append((csv_export.source_key(source), source.paragraphs[c.paragraph - 1], c.quote))
    return out


def _differences(before: Timeline, after: Timeline) -> Counter[str]:
    """What differs between a timeline and its trip back, by the writer's kinds, counted independently."""
    found: Counter[str] = Counter()
    found["title"] += before.title != after.title
    found["description"] += before.description != after.description
    lanes_before = {lane.id: lane for lane in before.lanes}
    lanes_after = {lane.id: lane for lane in after.lanes}
    assert sorted(after.event_index) == sorted(before.event_index)
    for event in before.events:
        again = after.events[after.event_index[event.id]]
        assert (again.start, again.end, again.approximate) == (event.start, event.end, event.approximate)
        found["whitespace"] += (again.title != event.title) + (again.summary != event.summary)
        assert (again.title, again.summary) == (event.title.strip(), event.summary.strip())
        found["tags"] += again.tags != event.tags
        lane, lane_again = lanes_before[event.lane], lanes_after[again.lane]
        if lane == DEFAULT_LANE:
            assert lane_again == DEFAULT_LANE
        else:
            found["whitespace"] += lane.title != lane_again.title
            assert (lane_again.title, lane_again.color) == (lane.title.strip(), lane.color)
        cited, cited_again = _cited(before, event), _cited(after, again)
        kept = [c for c in cited if c[1].strip()]
        found["citations"] += len(cited) - len(kept)
        trimmed = [(s.strip(), p.strip(), q.strip() if q else q) for s, p, q in kept]
        found["whitespace"] += sum(cell != again for row, row_again in zip(kept, trimmed, strict=True)
                                   for cell, again in zip(row, row_again, strict=True) if cell is not None)
        assert cited_again == trimmed
    used = {e.lane for e in before.events}
    found["lanes"] += sum(lane.id not in used for lane in before.lanes)
    ids_before = [lane.id for lane in before.lanes if lane.id in used]
    found["lane ids"] += sum(a != b.id for a, b in zip(ids_before, after.lanes, strict=True))
    cited_ids = {c.source for e in before.events for c in csv_export.kept_citations(e, before)}
    found["uncited sources"] += sum(s.id not in cited_ids for s in before.sources)
    found["sources"] += sum(s not in after.sources for s in before.sources if s.id in cited_ids)
    return +found  # only what differs


def _ours(events: list[dict[str, Any]], **top: Any) -> Timeline:
    timeline = timeline_from_json({"version": 1, "title": "T", "events": events, **top}, "t.json")
    assert timeline.problems == ()
    return timeline


def test_the_dataset_keeps_approximate_every_citation_and_lane_colours() -> None:
    timeline = open_timeline(DATASET)
    back, losses, _ = _trip(timeline)
    assert [e.approximate for e in back.events] == [e.approximate for e in timeline.events]
    assert sum(e.approximate for e in back.events) > 0
    assert sum(len(e.citations) for e in back.events) == sum(len(e.citations) for e in timeline.events)
    assert sorted(lane.color for lane in back.lanes) == sorted(lane.color for lane in timeline.lanes)
    assert dict(losses.counts) == dict(_differences(timeline, back))
    assert "approximate" not in losses.counts and "citations" not in losses.counts


def test_the_dataset_reports_what_a_csv_cannot_hold() -> None:
    timeline = open_timeline(DATASET)
    back, losses, _ = _trip(timeline)
    lines = losses.lines()
    assert lines[0] == "title: 1 not written (read back as the file's name)"
    assert any(line.startswith("sources: 1 re-made from cited paragraphs") for line in lines)
    assert back.title == "back" and timeline.title != "back"


def test_a_second_trip_gives_the_same_bytes() -> None:
    timeline = open_timeline(DATASET)
    back, _, text = _trip(timeline)
    again, losses, text_again = _trip(back)
    assert text_again == text
    assert losses.lines() == ["title: 1 not written (read back as the file's name)"]  # "back", named by the file
    assert (again.events, again.lanes, again.sources) == (back.events, back.lanes, back.sources)


SOURCES = [
    {"id": "s", "title": "Article", "publisher": "Agency", "url": "https://example.org/a",
     "paragraphs": ["First para.", "", " Third, spaced. ", "Unused."]},
    {"id": "plain", "title": "Notebook", "paragraphs": ["Only text."]},
    {"id": "never", "title": "Never cited", "paragraphs": ["x"]},
]
LANES = [{"id": "empty", "title": "Nobody"}, {"id": "us", "title": " United States"},
         {"id": "kp", "title": "North Korea", "color": "#123456"}]


def _lossy() -> Timeline:
    return _ours([
        {"id": "a", "title": "Summit ", "start": "2019-02-27T18:30+07:00", "end": "2019-02-28", "lane": "us",
         "summary": "Two days.\nIn Hanoi.", "approximate": True, "tags": ["hanoi", "a;b", " spaced"],
         "citations": [{"source": "s", "paragraph": 2}, {"source": "s", "paragraph": 1, "quote": "First"},
                       {"source": "s", "paragraph": 3, "quote": "Third"}, {"source": "plain", "paragraph": 1}]},
        {"id": "b", "title": "Vow <b>", "start": "2019-03", "lane": "kp", "tags": ["x", "y"],
         "citations": [{"source": "plain", "paragraph": 1, "quote": "Only"}]},
        {"id": "c", "title": "Year", "start": "2018", "lane": "us"},
    ], sources=SOURCES, lanes=LANES, description="About.")


def test_a_lossy_timeline_loses_exactly_what_is_reported() -> None:
    timeline = _lossy()
    back, losses, _ = _trip(timeline)
    assert dict(losses.counts) == dict(_differences(timeline, back))
    assert {"citations", "tags", "whitespace", "lanes", "uncited sources", "sources"} <= losses.counts.keys()
    assert losses.counts["citations"] == 1  # the blank paragraph 2
    assert losses.counts["tags"] == 1  # event a: "a;b" and " spaced" cannot come back
    assert back.events[back.event_index["b"]].tags == ("x", "y")
    again, _, text_again = _trip(back)
    assert csv_export.dumps(again) == text_again


def test_further_citations_are_rows_of_their_own() -> None:
    rows = csv_export.dumps(_lossy()).split("\r\n")
    assert rows[0] == "id,start,end,title,lane,lane color,summary,approximate,tags,source,paragraph,quote"
    summit = [r for r in rows if r.startswith("a,")]
    assert summit[0].startswith('a,2019-02-27T18:30+07:00,2019-02-28,Summit , United States,#')
    assert ",yes,hanoi; a;b;  spaced,https://example.org/a,First para.,First" in summit[0]
    assert summit[1:] == ['a,,,,,,,,,https://example.org/a," Third, spaced. ",Third',
                          "a,,,,,,,,,Notebook,Only text.,"]


def test_continuation_rows_are_read_wherever_they_are() -> None:
    text = ("id,start,title,source,paragraph,quote\n"
            "a,,,Notebook,Second.,Sec\n"  # sorted above its event, as a spreadsheet may leave it
            "a,2019,A,Notebook,First.,\n"
            "zz,,,Notebook,Third.,\n")
    timeline = open_text(text, "t.csv")
    (event,) = timeline.events
    source = timeline.source_index[event.citations[0].source]
    assert [source.paragraphs[c.paragraph - 1] for c in event.citations] == ["First.", "Second."]
    assert [(p.line, p.path) for p in timeline.problems] == [(4, "id")]
    assert "no event row has id 'zz'" in timeline.problems[0].message


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("maybe,,", "approximate 'maybe' is not yes or no; read as no"),
        (",red,L", "lane color 'red' is not like #e69f00; ignored"),
        (",#111111,", "a lane color is given without a lane; ignored"),
    ],
)
def test_bad_cells_are_reported_with_their_line(cells: str, message: str) -> None:
    timeline = open_text(f"start,title,approximate,lane color,lane\n2019,A,{cells}\n", "t.csv")
    assert [(p.line, p.message) for p in timeline.problems] == [(2, message)]
    assert timeline.events[0].approximate is False


def test_a_lane_takes_the_first_colour_given_for_it() -> None:
    text = "start,title,lane,lane color\n2019,A,L,\n2020,B,L,#00ff00\n2021,C,L,#0000FF\n2022,D,L,#00FF00\n"
    timeline = open_text(text, "t.csv")
    (lane,) = timeline.lanes
    assert lane.color == "#00ff00"
    assert [(p.line, p.message) for p in timeline.problems] == [
        (4, "lane 'L' is already #00ff00 (line 3); #0000FF ignored")]


def test_yes_and_no_words() -> None:
    text = "start,title,approximate\n2019,A,Yes\n2019,B,TRUE\n2019,C,x\n2019,D,no\n2019,E,0\n2019,F,\n"
    timeline = open_text(text, "t.csv")
    assert [e.approximate for e in timeline.events] == [True, True, True, False, False, False]
    assert timeline.problems == ()
