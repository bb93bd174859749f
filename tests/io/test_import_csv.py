"""CSV import: our columns and TimelineJS sheets, BOM, semicolons, problems with line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.model.dates import Precision, parse_date
from desktop.model.timeline import Timeline

HEADER = "start,end,title,lane,summary,source,paragraph,quote\n"
SHEET = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)


def _open(tmp_path: Path, text: str, encoding: str = "utf-8") -> Timeline:
    path = tmp_path / "events.csv"
    path.write_bytes(text.encode(encoding))
    return open_timeline(path)


def test_our_columns(tmp_path: Path) -> None:
    timeline = _open(tmp_path, HEADER + (
        "2019-02-27,2019-02-28,Summit,United States,Met in Hanoi,https://example.org/a,"
        "Kim met Trump in Hanoi.,met Trump\n"
        "2018-06,,Earlier,,,https://example.org/a,Kim met Trump in Hanoi.,\n"
        "2018-06-12T10:00,,Singapore,North Korea,,Paper,Second paragraph.,\n"
    ))
    assert timeline.problems == ()
    assert [lane.title for lane in timeline.lanes] == ["Events", "United States", "North Korea"]
    assert [e.title for e in timeline.events] == ["Earlier", "Singapore", "Summit"]
    assert [e.start.precision for e in timeline.events] == [Precision.MONTH, Precision.MINUTE, Precision.DAY]
    summit = timeline.events[2]
    assert summit.id == "row-1" and summit.end is not None and summit.summary == "Met in Hanoi"
    assert summit.citations[0].quote == "met Trump"
    first = timeline.source_index[summit.citations[0].source]
    assert first.url == "https://example.org/a" and first.paragraphs == ("Kim met Trump in Hanoi.",)
    assert timeline.events[0].citations[0].source == first.id  # same source, one Source
    assert timeline.source_index["source-2"].url is None


def test_bom_and_semicolons(tmp_path: Path) -> None:
    text = "\ufeff" + HEADER.replace(",", ";") + "2019-02-27;;Summit, in Hanoi;;;;;\n"
    timeline = _open(tmp_path, text)
    assert [e.title for e in timeline.events] == ["Summit, in Hanoi"]
    assert timeline.problems == ()


def test_bad_date_reported_with_its_line_and_the_rest_kept(tmp_path: Path) -> None:
    text = HEADER + '2019-02-27,,Good,,"two\nlines",,,\n\n2019-02-31,,Bad,,,,,\n2019-03-01,2019-02-01,Backwards,,,,,\n'
    timeline = _open(tmp_path, text)
    assert [e.title for e in timeline.events] == ["Good", "Backwards"]
    assert [(p.line, p.path) for p in timeline.problems] == [(5, "start"), (6, "end")]
    assert "February 2019 has 28 days" in timeline.problems[0].message
    assert timeline.events[1].end is None


def test_citation_problems_keep_the_event(tmp_path: Path) -> None:
    text = HEADER + "2019,,A,,,Paper,Para one.,not there\n2019,,B,,,,Orphan paragraph,\n2019,,C,,,Paper,,\n"
    timeline = _open(tmp_path, text)
    assert len(timeline.events) == 3 and not any(e.citations for e in timeline.events)
    assert [(p.line, p.path) for p in timeline.problems] == [(2, "quote"), (3, "source"), (4, "paragraph")]


def test_unknown_column_and_extra_fields_are_listed(tmp_path: Path) -> None:
    timeline = _open(tmp_path, "start,title,colour\n2019,A,red,extra\n")
    assert [(p.line, p.path) for p in timeline.problems] == [(1, "colour"), (2, "")]
    assert len(timeline.events) == 1


def test_header_without_start_and_title_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as caught:
        _open(tmp_path, "when,what\n2019,A\n")
    assert caught.value.problems[0].line == 1 and "header row" in caught.value.problems[0].message


def test_every_row_bad_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as caught:
        _open(tmp_path, HEADER + "yesterday,,A,,,,,\n")
    assert caught.value.problems[0].line == 2


def test_timelinejs_sheet(tmp_path: Path) -> None:
    timeline = _open(tmp_path, SHEET + (
        ",,,,,,,,,My <i>title</i>,<p>Intro &amp; more</p>,,,,,title,,\n"
        "1969,7,20,8:17 PM,,,,,,Moon,<b>Eagle</b> landed,https://nasa.gov/x,NASA,Photo,,,Space,\n"
        "1960,,,,1970,,,,,Space race,,,,,,era,,\n"
        "1970,13,,,,,,,,Bad month,,,,,,,,\n"
        ",,,,,,,,,No date,,,,,,,,\n"
    ))
    assert (timeline.title, timeline.description) == ("My title", "Intro & more")
    assert [lane.title for lane in timeline.lanes] == ["Space", "Eras"]
    moon = timeline.events[timeline.event_index["row-2"]]
    assert moon.start.text == "1969-07-20T20:17" and moon.start.precision is Precision.MINUTE
    assert moon.summary == "Eagle landed"
    source = timeline.source_index[moon.citations[0].source]
    assert (source.publisher, source.url, source.title) == ("NASA", "https://nasa.gov/x", "Photo")
    era = timeline.events[timeline.event_index["era-3"]]
    # TimelineJS's End Year 1970 is where the bar stops: our inclusive end is the year before.
    assert era.lane == "eras" and era.end is not None
    assert (era.end.text, era.finish) == ("1969", parse_date("1970").begin)
    assert [(p.line, p.path) for p in timeline.problems] == [(5, "Year"), (6, "Year")]
