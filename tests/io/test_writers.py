"""Writers: our JSON (v1), CSV and TimelineJS JSON say what the readers read back; atomic writes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.io.importers.detect import CSV, OURS, TIMELINEJS, detect_format, open_text
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers import (
    Losses,
    WriteError,
    atomic_write,
    csv_export,
    encode,
    encode_pieces,
    events_json,
    format_for_path,
    timelinejs,
)
from desktop.model.dates import parse_date
from desktop.model.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"
PEERS = ROOT.parent / "shared" / "peers"


def _ours(events: list[dict[str, Any]], **top: Any) -> Timeline:
    doc = {"version": 1, "title": "T", "events": events, **top}
    timeline = timeline_from_json(doc, "t.json")
    assert timeline.problems == ()
    return timeline


SOURCES = [
    {"id": "s", "title": "Article", "publisher": "Agency", "published": "2019-03-01",
     "url": "https://example.org/a", "paragraphs": ["First <para> & more.", "", "Third one."]},
    {"id": "plain", "title": "Notebook", "paragraphs": ["Only text."]},
]
LANES = [{"id": "us", "title": "United States"}, {"id": "kp", "title": "North Korea", "color": "#123456"}]


def _rich() -> Timeline:
    return _ours([
        {"id": "a", "title": "Summit", "start": "2019-02-27T18:30+07:00", "end": "2019-02-28", "lane": "us",
         "summary": "Two days.\nIn Hanoi.", "approximate": True, "tags": ["hanoi"],
         "citations": [{"source": "s", "paragraph": 2}, {"source": "s", "paragraph": 1, "quote": "<para>"}]},
        {"id": "b", "title": "Vow <b>", "start": "2019-03", "lane": "kp",
         "citations": [{"source": "plain", "paragraph": 1}]},
        {"id": "c", "title": "Year", "start": "2018", "lane": "us"},
    ], sources=SOURCES, lanes=LANES, description="About the summits.")


# --- our JSON -----------------------------------------------------------------------


def test_json_writes_only_what_differs_from_the_defaults() -> None:
    doc = events_json.timeline_to_dict(_ours([{"id": "a", "title": "A", "start": "2019-02-27T23:40:05Z"}]))
    assert doc == {"version": 1, "title": "T", "events": [{"id": "a", "title": "A", "start": "2019-02-27T23:40:05Z"}]}


def test_json_keeps_lanes_colours_sources_and_citations() -> None:
    timeline = _rich()
    doc = events_json.timeline_to_dict(timeline)
    assert list(doc) == ["version", "title", "description", "sources", "lanes", "events"]
    assert doc["lanes"] == [{"id": "us", "title": "United States"}, {"id": "kp", "title": "North Korea",
                                                                     "color": "#123456"}]
    assert doc["sources"] == SOURCES
    summit = next(e for e in doc["events"] if e["id"] == "a")
    assert summit["start"] == "2019-02-27T18:30+07:00" and summit["approximate"] is True
    assert summit["citations"][1] == {"source": "s", "paragraph": 1, "quote": "<para>"}
    again = timeline_from_json(json.loads(events_json.dumps(timeline)), "again.json")
    assert (again.events, again.lanes, again.sources, again.description) == (
        timeline.events, timeline.lanes, timeline.sources, timeline.description)


def test_json_text_is_unescaped_utf8_indented_by_two() -> None:
    text = events_json.dumps(_ours([{"id": "a", "title": "Spärck Jones – 北", "start": "2019"}]))
    assert "Spärck Jones – 北" in text and '\n  "title"' in text and text.endswith("}\n")


def test_the_dataset_round_trips_exactly() -> None:
    timeline = open_timeline(DATASET)
    text = events_json.dumps(timeline)
    again = timeline_from_json(json.loads(text), "again.json", text)
    assert again.problems == ()
    assert (again.title, again.description, again.events, again.lanes, again.sources) == (
        timeline.title, timeline.description, timeline.events, timeline.lanes, timeline.sources)
    assert events_json.dumps(again) == text
    assert detect_format(text) == OURS


def test_a_lone_surrogate_is_refused_with_one_line() -> None:
    timeline = open_text(json.dumps({"events": [{"start_date": {"year": "2000"}, "text": {"headline": "\ud800"}}]}),
                         "tl.json")
    with pytest.raises(WriteError, match="lone UTF-16 surrogate"):
        encode(timeline, "json")


# --- CSV ----------------------------------------------------------------------------


def test_csv_header_rows_and_first_usable_citation() -> None:
    timeline = _rich()
    us = timeline.lanes[timeline.lane_index["us"]].color  # the colour the model gives a lane without one
    text = csv_export.dumps(timeline)
    lines = text.split("\r\n")
    assert lines[0] == "id,start,end,title,lane,lane color,summary,approximate,tags,source,paragraph,quote"
    assert lines[1] == f"c,2018,,Year,United States,{us},,,,,,"
    assert lines[2] == (f'a,2019-02-27T18:30+07:00,2019-02-28,Summit,United States,{us},"Two days.\nIn Hanoi.",yes,'
                        'hanoi,https://example.org/a,First <para> & more.,<para>')  # paragraph 2 is blank: skipped
    assert lines[3] == "b,2019-03,,Vow <b>,North Korea,#123456,,,,Notebook,Only text.,"
    assert lines[4:] == [""]


def test_csv_further_citations_are_rows_below_the_event() -> None:
    timeline = _ours([{"id": "a", "title": "A", "start": "2019", "tags": ["x", "y"], "citations": [
        {"source": "plain", "paragraph": 1}, {"source": "s", "paragraph": 3, "quote": "Third"},
        {"source": "s", "paragraph": 2}]}], sources=SOURCES)
    assert csv_export.dumps(timeline).split("\r\n")[1:] == [
        "a,2019,,A,,,,,x; y,Notebook,Only text.,", "a,,,,,,,,,https://example.org/a,Third one.,Third", ""]
    (back,) = open_text(csv_export.dumps(timeline), "t.csv").events
    assert [(c.source, c.paragraph, c.quote) for c in back.citations] == [
        ("source-1", 1, None), ("source-2", 1, "Third")]
    assert back.tags == ("x", "y")


def test_csv_reads_back_what_it_can_hold() -> None:
    timeline = _rich()
    losses = Losses()
    data = encode(timeline, "csv", losses)
    assert data.startswith(b"\xef\xbb\xbfid,")
    text = data.decode("utf-8")
    assert detect_format(text.removeprefix("\ufeff")) == CSV
    back = open_text(text, "t.csv")
    assert back.problems == ()
    assert [(e.id, e.start, e.end, e.title, e.summary, e.approximate, e.tags) for e in back.events] == [
        (e.id, e.start, e.end, e.title, e.summary, e.approximate, e.tags) for e in timeline.events]
    assert [(lane.title, lane.color) for lane in back.lanes] == [
        (lane.title, lane.color) for lane in timeline.lanes]
    summit = back.events[back.event_index["a"]]
    (citation,) = summit.citations  # the other one cites a blank paragraph
    source = back.source_index[citation.source]
    assert (source.title, source.url, source.paragraphs[citation.paragraph - 1], citation.quote) == (
        "https://example.org/a", "https://example.org/a", "First <para> & more.", "<para>")
    # What a CSV cannot hold is said, one kind a line.
    assert losses.lines() == [
        "title: 1 not written (read back as the file's name)",
        "description: 1 not written",
        "lane ids: 2 re-made from titles (lane-1, …) in order of first use",
        "sources: 2 re-made from cited paragraphs (ids, publishers, dates, uncited paragraphs, paragraph numbers "
        "and, where the URL is written, titles are lost)",
        "citations: 1 of a blank paragraph dropped",
    ]
    assert (back.title, back.description, [lane.id for lane in back.lanes]) == ("t", "", ["lane-1", "lane-2"])


def test_csv_default_lane_is_an_empty_cell() -> None:
    timeline = _ours([{"id": "a", "title": "A", "start": "2019"}])
    assert csv_export.dumps(timeline).split("\r\n")[1] == "a,2019,,A,,,,,,,,"  # no lane, so no lane colour
    assert open_text(csv_export.dumps(timeline), "t.csv").lanes == (DEFAULT_LANE,)


# --- TimelineJS ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("0632", {"year": "632"}),
        ("2019-02", {"year": "2019", "month": "2"}),
        ("2019-02-28", {"year": "2019", "month": "2", "day": "28"}),
        ("2019-02-28T00:00", {"year": "2019", "month": "2", "day": "28", "hour": "0", "minute": "0"}),
        ("2019-02-28T23:40:00", {"year": "2019", "month": "2", "day": "28", "hour": "23", "minute": "40",
                                 "second": "0"}),
        ("2019-02-27T18:30+07:00", {"year": "2019", "month": "2", "day": "27", "hour": "11", "minute": "30"}),
        ("2019-01-01T02:00+05:00", {"year": "2018", "month": "12", "day": "31", "hour": "21", "minute": "0"}),
        ("0001-01-01T02:00+05:00", {"year": "1", "month": "1", "day": "1", "hour": "2", "minute": "0"}),
    ],
)
def test_timelinejs_dates_have_only_the_parts_of_their_precision(text: str, parts: dict[str, str]) -> None:
    assert timelinejs.date_parts(parse_date(text)) == parts


def test_timelinejs_slides() -> None:
    doc = timelinejs.timeline_to_dict(_rich())
    assert doc["title"] == {"text": {"headline": "T", "text": "About the summits."}}
    year, summit, vow = doc["events"]
    cite = ('<cite><a href="https://example.org/a">Article</a></cite> (Agency, 1 March 2019)')
    data = 'data-publisher="Agency" data-published="2019-03-01" data-url="https://example.org/a"'
    assert summit == {
        "unique_id": "a",
        "start_date": {"year": "2019", "month": "2", "day": "27", "hour": "11", "minute": "30"},
        # Our end is inclusive: the bar stops at the instant after 28 February.
        "end_date": {"year": "2019", "month": "3", "day": "1"},
        "display_date": "c. 27 February 2019, 18:30 (UTC+07:00) – 28 February 2019",
        "text": {"headline": "Summit", "text": (
            '<p>Two days.<br>In Hanoi.</p><p class="summit-citations">'
            f'<span class="summit-citation" data-source="s" data-paragraph="2" {data}>{cite}, ¶ 2</span><br>'
            f'<span class="summit-citation" data-source="s" data-paragraph="1" {data}>{cite}, ¶ 1: '
            "“<q>&lt;para&gt;</q>”</span></p>")},
        "group": "United States",
        "media": {"url": "https://example.org/a", "caption": "Article", "credit": "Agency"},
    }
    # A source without an http(s) URL is no media, but its citation is in the slide text.
    assert vow == {
        "unique_id": "b", "start_date": {"year": "2019", "month": "3"},
        "text": {"headline": "Vow &lt;b&gt;", "text": (
            '<p class="summit-citations"><span class="summit-citation" data-source="plain" data-paragraph="1">'
            "<cite>Notebook</cite>, ¶ 1</span></p>")},
        "group": "North Korea",
    }
    assert year == {"unique_id": "c", "start_date": {"year": "2018"}, "text": {"headline": "Year"},
                    "group": "United States"}


def test_timelinejs_range_has_display_date_and_group_is_escaped_twice() -> None:
    timeline = _ours([{"id": "a", "title": "A", "start": "2016", "end": "2017", "lane": "x"}],
                     lanes=[{"id": "x", "title": 'Lane <A> & "B"'}])
    (slide,) = timelinejs.timeline_to_dict(timeline)["events"]
    assert (slide["end_date"], slide["display_date"]) == ({"year": "2018"}, "2016–2017")
    assert slide["group"] == "Lane &amp;lt;A&amp;gt; &amp;amp; &amp;quot;B&amp;quot;"


def test_timelinejs_escapes_html_and_keeps_paragraphs() -> None:
    assert timelinejs.html_text("<script>alert('x')</script> & co") == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co")
    assert timelinejs.html_text("One\nline.\n\n  Two.\n") == "<p>One<br>line.</p><p>Two.</p>"


def test_timelinejs_media_url_is_only_http() -> None:
    sources = [{"id": "s", "title": "Bad", "url": "javascript:alert(1)", "paragraphs": ["p"]}]
    timeline = _ours([{"id": "a", "title": "A", "start": "2019", "citations": [{"source": "s", "paragraph": 1}]}],
                     sources=sources)
    (slide,) = timelinejs.timeline_to_dict(timeline)["events"]
    assert "media" not in slide and "group" not in slide
    # The URL is kept as data, never as a link.
    assert slide["text"]["text"] == (
        '<p class="summit-citations"><span class="summit-citation" data-source="s" data-paragraph="1" '
        'data-url="javascript:alert(1)"><cite>Bad</cite>, ¶ 1</span></p>')
    back = open_text(timelinejs.dumps(timeline), "t.json")
    assert back.sources[0].url == "javascript:alert(1)" and back.events[0].citations == timeline.events[0].citations


def test_timelinejs_reads_back() -> None:
    timeline = _rich()
    losses = Losses()
    text = timelinejs.dumps(timeline, losses)
    assert detect_format(text) == TIMELINEJS
    back = open_text(text, "t.json")
    assert back.problems == ()
    for event in timeline.events:
        again = back.events[back.event_index[event.id]]
        # The very dates (offsets from the display date), approximate, line breaks and every citation.
        assert (again.start, again.end, again.approximate, again.citations) == (
            event.start, event.end, event.approximate, event.citations)
        assert back.lanes[back.lane_index[again.lane]].title == timeline.lanes[timeline.lane_index[event.lane]].title
        assert (again.title, again.summary) == (event.title, event.summary)
    summit = back.events[back.event_index["a"]]
    source = back.source_index[summit.citations[0].source]
    assert (source.title, source.publisher, source.published, source.url) == (
        "Article", "Agency", parse_date("2019-03-01"), "https://example.org/a")
    assert source.paragraphs == ("<para>", "")  # only the quoted words are on the page
    assert (back.title, back.description) == ("T", "About the summits.")
    assert losses.lines() == [
        "tags: 1 events' tags dropped",
        "lanes: 2 kept by title only (ids and colours re-made)",
        "paragraphs: 3 source paragraphs not kept beyond the words quoted from them",
    ]


@pytest.mark.skipif(not PEERS.is_dir(), reason="peer files not present (../shared/peers)")
def test_timelinejs_eras_go_back_to_eras() -> None:
    original = (PEERS / "timelinejs3" / "eras.json").read_text(encoding="utf-8")
    timeline = open_text(original, "eras.json")
    doc = timelinejs.timeline_to_dict(timeline)
    assert len(doc["eras"]) == 3 and len(doc["events"]) == 20
    back = open_text(json.dumps(doc), "eras.json")
    assert back.problems == ()
    assert [(e.id, e.start.text, e.end.text if e.end else None, e.lane) for e in back.events] == [
        (e.id, e.start.text, e.end.text if e.end else None, e.lane) for e in timeline.events]


# --- files --------------------------------------------------------------------------


def test_format_for_path() -> None:
    assert [format_for_path(p) for p in ("a.json", "B.CSV", "c.timeline", "d")] == ["json", "csv", None, None]


def test_atomic_write_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_atomic_write_failure_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.json"
    path.write_bytes(b"old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError, match="No space left on device"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_failure_between_pieces_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_bytes(b"old")

    def pieces():
        yield b"new, first half"
        raise WriteError("the second half cannot be encoded")

    with pytest.raises(WriteError, match="second half"):
        atomic_write(path, pieces())
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_json_pieces_make_the_same_text_as_one_string() -> None:
    timeline = _rich()
    assert encode(timeline, "json") == b"".join(encode_pieces(timeline, "json")) == events_json.dumps(timeline).encode()
    assert json.loads(events_json.dumps(timeline))["events"]  # one event a line, still one JSON document


def test_atomic_write_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_atomic_write_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist"):
        atomic_write(tmp_path / "nowhere" / "out.csv", b"x")


def test_writers_and_convert_import_no_qt() -> None:
    qt = ("PySide6", "shiboken6", "pyqtgraph")
    probe = ("import sys, desktop.cli.convert, desktop.io.writers.csv_export, desktop.io.writers.events_json, "
             f"desktop.io.writers.timelinejs; print(sorted(m for m in sys.modules if m.split('.')[0] in {qt}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60,
                         cwd=ROOT)
    assert out.stdout.strip() == "[]"
