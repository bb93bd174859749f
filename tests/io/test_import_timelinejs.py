"""TimelineJS slides: precision from the parts given, ids, groups, nothing dropped silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.io.importers import plain_text
from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.model.dates import Precision
from desktop.model.timeline import Timeline


def _open(tmp_path: Path, events: list[Any], **top: Any) -> Timeline:
    path = tmp_path / "tl.json"
    path.write_text(json.dumps({"events": events, **top}, indent=2), encoding="utf-8")
    return open_timeline(path)


def slide(headline: str = "H", unique_id: str = "", group: str = "", **date: Any) -> dict:
    return {"start_date": date or {"year": "2000"}, "text": {"headline": headline}, "unique_id": unique_id,
            "group": group}


@pytest.mark.parametrize(
    ("date", "text", "precision"),
    [
        ({"year": "1999"}, "1999", Precision.YEAR),
        ({"year": 1999, "month": 2}, "1999-02", Precision.MONTH),
        ({"year": "1999", "month": "2", "day": "3", "hour": ""}, "1999-02-03", Precision.DAY),
        ({"year": "1999", "month": "2", "day": "3", "hour": "7"}, "1999-02-03T07:00", Precision.MINUTE),
        ({"year": "1999", "month": "2", "day": "3", "hour": "7", "minute": "5", "second": "9"},
         "1999-02-03T07:05:09", Precision.SECOND),
        ({"year": "999"}, "0999", Precision.YEAR),
    ],
)
def test_precision_follows_the_parts_given(tmp_path: Path, date: dict, text: str, precision: Precision) -> None:
    (event,) = _open(tmp_path, [slide(**date)]).events
    assert (event.start.text, event.start.precision) == (text, precision)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ({"year": "0"}, "year 0 is before year 1: TimelineJS shows it as year 0 on its ordinary time axis, but "
                        "this app's dates are years 0001–9999"),
        ({"year": "-300"}, "year -300 is before year 1: TimelineJS shows it as 300 BCE on its ordinary time axis"),
        ({"year": "12000"}, "year 12000 is after 9999: TimelineJS shows it as year 12000 on its ordinary time axis"),
        ({"year": "275760"}, "year 275760 puts TimelineJS on its cosmological scale (years beyond "
                             "-271,820…275,759); deep time is not supported by this app"),
        ({"year": "2000", "day": "3"}, "gives a day but no month"),
        ({"year": "2000", "month": "13"}, "month 13 is not 1–12"),
        ({"year": "2000", "month": "2", "day": "30"}, "February 2000 has 29 days"),
        ({"year": "MMXX"}, "is not a whole number"),
        ({"month": "3"}, "no year"),
    ],
)
def test_bad_dates_are_listed_and_the_rest_kept(tmp_path: Path, date: dict, message: str) -> None:
    timeline = _open(tmp_path, [slide("good"), slide("bad", **date)])
    assert [e.title for e in timeline.events] == ["good"]
    (problem,) = timeline.problems
    assert problem.path == "events[1].start_date" and message in problem.message and problem.line is not None
    assert problem.message.endswith("; left out")


def test_ids_duplicates_and_groups(tmp_path: Path) -> None:
    timeline = _open(tmp_path, [
        slide("a", unique_id="x", group="North"),
        slide("b", unique_id="x", group="South"),
        slide("c", group="North"),
        slide("d"),
    ])
    assert sorted(e.id for e in timeline.events) == ["slide-1", "slide-2", "slide-3", "x"]
    (problem,) = timeline.problems
    assert problem.path == "events[1].unique_id" and "kept as 'slide-1'" in problem.message
    assert [lane.title for lane in timeline.lanes] == ["Events", "North", "South"]


def test_notes_that_keep_the_event(tmp_path: Path) -> None:
    timeline = _open(tmp_path, [
        {"start_date": {"year": "2000", "millisecond": "250", "thumbnail": "x.png"}, "text": {"headline": "A"},
         "end_date": {"year": "1999"}},
        "not a slide",
    ], eras=[{"start_date": {"year": "1990"}, "text": {"headline": "Era"}}])
    assert sorted(e.title for e in timeline.events) == ["A", "Era"]
    paths = [p.path for p in timeline.problems]
    assert paths == ["events[0].start_date", "events[0].start_date", "events[0].end_date", "events[1]",
                     "eras[0].end_date"]


def test_media_becomes_a_cited_source(tmp_path: Path) -> None:
    (event,) = _open(tmp_path, [{
        "start_date": {"year": "2000"},
        "text": {"headline": "<b>Big</b> news", "text": "<p>First &amp; <a href='x'>second</a></p>"},
        "media": {"url": "https://example.org/p.jpg", "credit": "<i>Agency</i>", "caption": "A photo"},
    }]).events
    assert (event.title, event.summary) == ("Big news", "First & second")
    (citation,) = event.citations
    assert citation.paragraph == 1


def test_only_title_and_nothing_wrong_opens_empty(tmp_path: Path) -> None:
    timeline = _open(tmp_path, [], title={"text": {"headline": "Just a title", "text": "<p>Hi</p>"}})
    assert (timeline.title, timeline.description, timeline.events) == ("Just a title", "Hi", ())


def test_all_refused_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="no event could be imported"):
        _open(tmp_path, [{"text": {"headline": "no date"}}])


def test_plain_text() -> None:
    assert plain_text("<p>a<br>b</p><script>x</script>&lt;tag&gt; &eacute;") == "a b <tag> é"
