"""Timeline Project XML: categories, precision from the written time, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.model.dates import Precision
from desktop.model.timeline import Timeline

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<timeline>\n  <version>2.3.0</version>\n'


def _open(tmp_path: Path, body: str) -> Timeline:
    path = tmp_path / "t.timeline"
    path.write_text(HEAD + body + "</timeline>\n", encoding="utf-8")
    return open_timeline(path)


def _event(start: str, end: str, text: str = "E", extra: str = "") -> str:
    return f"    <event><start>{start}</start><end>{end}</end><text>{text}</text>{extra}</event>\n"


def test_precision_ranges_and_categories(tmp_path: Path) -> None:
    timeline = _open(tmp_path, (
        "  <categories><category><name>A</name><color>0,114,178</color></category></categories>\n"
        "  <events>\n"
        + _event("2020-01-02 00:00:00", "2020-01-02 00:00:00", "day", "<category>A</category>")
        + _event("2020-01-03 10:30:00", "2020-01-03 10:30:00", "minute", "<fuzzy>True</fuzzy>")
        + _event("2020-01-04 10:30:15", "2020-01-09 00:00:00", "range", "<description>a &lt;b&gt;</description>")
        + "  </events>\n"
    ))
    day, minute, span = timeline.events
    assert (day.start.precision, day.end, day.lane) == (Precision.DAY, None, "lane-1")
    assert (minute.start.precision, minute.approximate, minute.lane) == (Precision.MINUTE, True, "default")
    # Timeline's <end> is the instant the period stops (the end rule): midnight of the 9th ends the 8th.
    assert span.start.precision is Precision.SECOND and span.end is not None and span.end.text == "2020-01-08"
    assert span.summary == "a <b>"
    assert [(lane.title, lane.color) for lane in timeline.lanes] == [("Events", "#0072B2"), ("A", "#0072b2")]
    assert timeline.problems == ()


def test_item_problems_have_lines(tmp_path: Path) -> None:
    timeline = _open(tmp_path, (
        "  <categories><category><name>A</name><color>300,0,0</color></category></categories>\n"
        "  <events>\n"
        + _event("2020-01-02 00:00:00", "2020-01-02 00:00:00", "ok", "<category>Nowhere</category>")
        + _event("-4000-01-01 00:00:00", "-4000-01-01 00:00:00", "deep")
        + _event("2020-13-01 00:00:00", "2020-13-01 00:00:00", "bad month")
        + "  </events>\n"
    ))
    assert [e.title for e in timeline.events] == ["ok"]
    assert [lane.title for lane in timeline.lanes] == ["Nowhere"]
    assert [(p.line, p.path) for p in timeline.problems] == [
        (4, "categories/category[0]/color"),
        (6, "events/event[0]/category"),
        (7, "events/event[1]/start"),
        (7, "events/event[1]/end"),
        (8, "events/event[2]/start"),
        (8, "events/event[2]/end"),
    ]
    assert "deep time is not supported" in timeline.problems[2].message


def test_eras_become_an_eras_lane(tmp_path: Path) -> None:
    timeline = _open(tmp_path, (
        "  <eras><era><name>Age</name><start>2000-01-01 00:00:00</start><end>2010-01-01 00:00:00</end></era></eras>\n"
        "  <events>\n" + _event("2005-01-01 00:00:00", "2005-01-01 00:00:00") + "  </events>\n"
    ))
    era = timeline.events[timeline.event_index["era-0"]]
    assert era.lane == "eras" and era.end is not None and era.title == "Age"


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ('<!DOCTYPE t [<!ENTITY a "aaaa">]>', "DOCTYPE declaration"),
        ("<events><event>", "not well-formed XML"),
        ("<timetype>numtime</timetype>", "not supported"),
    ],
)
def test_refused(tmp_path: Path, body: str, match: str) -> None:
    with pytest.raises(TimelineError, match=match):
        _open(tmp_path, body)


def test_doctype_before_the_root_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.timeline"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<timeline>&lol;</timeline>')
    with pytest.raises(TimelineError) as caught:
        open_timeline(path)
    assert caught.value.problems[0].line == 2


def test_every_event_bad_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="no event could be imported"):
        _open(tmp_path, "<events>" + _event("soon", "later") + "</events>")
