"""Every peer data file (TimelineJS3, Timeline Project, vis-timeline) opens with the counts we expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.io.importers.detect import CSV, TIMELINE_XML, TIMELINEJS, VIS, detect_format
from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.model.dates import Precision, parse_date
from desktop.model.timeline import Timeline

PEERS = Path(__file__).resolve().parents[3] / "shared" / "peers"
pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason="peer files not present (../shared/peers)")

# file → (format, events, lanes, problems)
EXPECTED = {
    "timelinejs3/eras.json": (TIMELINEJS, 23, 2, 0),
    "timelinejs3/women_in_computing.json": (TIMELINEJS, 10, 1, 0),
    "timelinejs3/error_message_test.json": (TIMELINEJS, 16, 1, 4),
    "thetimelineproj/example.timeline": (TIMELINE_XML, 1, 1, 0),
    "thetimelineproj/versions.timeline": (TIMELINE_XML, 59, 3, 0),
    "vis-timeline/basic.json": (VIS, 6, 1, 0),
}


def _open(name: str) -> Timeline:
    return open_timeline(PEERS / name)


def test_every_peer_file_is_covered() -> None:
    files = {p.relative_to(PEERS).as_posix() for p in PEERS.rglob("*") if p.is_file() and p.suffix != ".md"}
    assert files == {*EXPECTED, "timelinejs3/cosmo.json"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_peer_counts(name: str) -> None:
    kind, events, lanes, problems = EXPECTED[name]
    assert detect_format((PEERS / name).read_text(encoding="utf-8")) == kind
    timeline = _open(name)
    assert (len(timeline.events), len(timeline.lanes), len(timeline.problems)) == (events, lanes, problems)
    assert [e.begin for e in timeline.events] == sorted(e.begin for e in timeline.events)
    assert len({e.id for e in timeline.events}) == len(timeline.events)
    for event in timeline.events:
        assert event.lane in timeline.lane_index
        for citation in event.citations:
            assert 1 <= citation.paragraph <= len(timeline.source_index[citation.source].paragraphs)


def test_error_message_test_flags_the_slide_without_a_start_date() -> None:
    timeline = _open("timelinejs3/error_message_test.json")
    missing = [p for p in timeline.problems if p.path == "events[9]"]
    assert len(missing) == 1 and "start_date" in missing[0].message and missing[0].line is not None
    assert "Hawaii" not in {e.title for e in timeline.events}
    untitled = [p for p in timeline.problems if p.path.endswith("text.headline")]
    assert [p.path for p in untitled] == [f"events[{i}].text.headline" for i in (3, 4, 5)]
    # unique_id "" → a derived id; the first slide has a media credit, kept as its source
    twain = timeline.events[timeline.event_index["slide-0"]]
    assert twain.start.precision is Precision.SECOND and twain.end is not None
    source = timeline.source_index[twain.citations[0].source]
    assert source.publisher == "Vanity Fair" and source.url and source.url.startswith("http://upload.wikimedia")
    assert source.paragraphs == (twain.summary,)
    last = timeline.events[timeline.event_index["slide-16"]]
    assert last.start.precision is Precision.YEAR and last.start.year == 2014


def test_cosmo_deep_time_is_refused_per_event_and_nothing_remains() -> None:
    with pytest.raises(TimelineError) as caught:
        _open("timelinejs3/cosmo.json")
    problems = caught.value.problems
    refused = [p for p in problems if "deep time is not supported by this app" in p.message]
    assert [p.path for p in refused] == [
        *(f"events[{i}].start_date" for i in range(5)), "events[4].end_date", "events[5].start_date",
    ]
    assert refused[0].message == (
        "year -13800000000 puts TimelineJS on its cosmological scale (years beyond -271,820…275,759); "
        "deep time is not supported by this app; left out")
    assert refused[5].message.endswith("; end left out")
    assert refused[0].line == 20
    # -3500 is a year TimelineJS could show on its ordinary axis, but this file puts it on the cosmological one.
    (bce,) = [p for p in problems if p.path == "events[6].start_date"]
    assert bce.message == (
        "year -3500 is before year 1: TimelineJS shows it on the cosmological scale this file's other dates put it "
        "on, but this app's dates are years 0001–9999 (its time axis, date formatting and exports cannot show "
        "others yet); left out")
    assert len(problems) == len(refused) + 2
    assert problems[-1].message == "no event could be imported"


def test_women_in_computing_partial_dates_one_lane_plain_text() -> None:
    timeline = _open("timelinejs3/women_in_computing.json")
    assert timeline.title == "Women in Computing"
    assert [lane.title for lane in timeline.lanes] == ["Events"]
    by_id = {e.id: e for e in timeline.events}
    assert by_id["slide-2"].start.precision is Precision.MONTH and by_id["slide-2"].start.text == "1943-07"
    assert by_id["slide-2"].end is not None and by_id["slide-2"].end.precision is Precision.YEAR
    assert by_id["slide-4"].start.precision is Precision.YEAR
    assert by_id["slide-1"].start.text == "1948-03-14"
    texts = [e.summary for e in timeline.events] + [p for s in timeline.sources for p in s.paragraphs]
    texts += [s.title for s in timeline.sources] + [s.publisher or "" for s in timeline.sources]
    assert not any("<" in t or "&quot;" in t for t in texts)
    assert any("Spärck" in e.title for e in timeline.events)
    assert by_id["slide-0"].summary.startswith("Women have been programming since before it was a thing. Take Ada")
    # the <blockquote> written as media.url is text, not a link
    clarke = timeline.source_index[by_id["slide-1"].citations[0].source]
    assert clarke.url is None and clarke.paragraphs[0].startswith("There is no demand for women engineers")


def test_eras_become_range_events_in_an_eras_lane() -> None:
    timeline = _open("timelinejs3/eras.json")
    eras = [e for e in timeline.events if e.lane == "eras"]
    # TimelineJS's end year is where the bar stops: our inclusive ends are the years before, so eras abut.
    assert [(e.start.year, e.end.year if e.end else None) for e in eras] == [(600, 649), (650, 699), (700, 719)]
    assert [e.finish for e in eras[:2]] == [e.begin for e in eras[1:]]
    assert timeline.lanes[timeline.lane_index["eras"]].title == "Eras"
    assert sum(e.lane != "eras" for e in timeline.events) == 20
    assert min(e.start.year for e in timeline.events) == 600
    assert sum(e.start.text == "0632-06-08" for e in timeline.events) == 2


def test_timeline_xml_categories_colours_and_points() -> None:
    example = _open("thetimelineproj/example.timeline")
    assert [(lane.title, lane.color) for lane in example.lanes] == [("Test", "#ff0000")]
    (event,) = example.events
    assert (event.title, event.start.text, event.end) == ("Test", "2012-07-04T13:20", None)
    versions = _open("thetimelineproj/versions.timeline")
    assert [lane.title for lane in versions.lanes] == ["Planned Release", "Correction Release", "Future Release"]
    assert versions.lanes[0].color == "#80ff80"
    assert all(e.end is None for e in versions.events)
    assert sum(not e.summary for e in versions.events) == 1
    assert (versions.events[0].start.year, versions.events[-1].start.year) == (2009, 2020)


def test_vis_basic_items() -> None:
    timeline = _open("vis-timeline/basic.json")
    by_id = {e.id: e for e in timeline.events}
    assert set(by_id) == {"1", "2", "3", "4", "5", "6"}
    # vis's end 2014-04-19 is where the bar stops: our inclusive end is the day before.
    assert by_id["4"].end is not None and by_id["4"].end.text == "2014-04-18"
    assert by_id["4"].finish == parse_date("2014-04-19").begin
    assert [lane.title for lane in timeline.lanes] == ["Events"]  # no groups: one default lane
    assert by_id["6"].title == "item 6" and by_id["6"].end is None


def test_peer_files_are_not_csv() -> None:
    assert all(detect_format((PEERS / n).read_text(encoding="utf-8")) != CSV for n in EXPECTED)
