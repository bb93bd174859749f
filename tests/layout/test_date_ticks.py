"""Calendar ticks from desktop.render.date_axis.date_ticks read naturally at every zoom."""

from __future__ import annotations

import itertools
import math
import re
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.layout.time_axis import (
    MAX_EPOCH,
    MIN_EPOCH,
    date_ticks,
    label_width,
    tick_label,
    to_datetime,
    to_epoch,
)

DAY = 86400.0
YEAR = 365.2425 * DAY
WIDTH = 1000.0
ORIGIN = to_epoch(datetime(2019, 2, 27, tzinfo=UTC))

MON = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
DATE = rf"\d{{1,2}} {MON} \d{{4}}"  # 28 Feb 2019
TIME = rf"({DATE} )?\d\d:\d\d"  # 23:40, or 27 Feb 2019 23:40 when no midnight is in view

# (zoom, visible span, major label pattern, minor label pattern)
ZOOMS = [
    ("30 years", 30 * YEAR, r"\d{4}", r"\d{4}"),
    ("3 years", 3 * YEAR, r"\d{4}", rf"{MON}( \d{{4}})?"),
    ("9 months", 274 * DAY, r"\d{4}", rf"{MON}( \d{{4}})?"),
    ("2 months", 61 * DAY, rf"{MON} \d{{4}}", rf"\d{{1,2}} {MON}( \d{{4}})?"),
    ("10 days", 10 * DAY, rf"{MON} \d{{4}}", rf"\d{{1,2}} {MON}( \d{{4}})?"),
    ("2 days", 2 * DAY, DATE, TIME),
    ("6 hours", 6 * 3600.0, DATE, TIME),
    ("10 minutes", 600.0, DATE, TIME),
    ("1 minute", 60.0, DATE, rf"{TIME}:\d\d"),
]
# Where the range sits: centred on a boundary, starting on one, and off every grid.
PLACES = {"centred": -0.5, "aligned": 0.0, "offset": 0.37}


def _start(span: float, place: str) -> float:
    return ORIGIN + PLACES[place] * span + (1234.5 if place == "offset" else 0.0)


def _check_structure(levels: list, start: float, end: float, width: float) -> None:
    """Invariants every answer must hold, whatever the range."""
    seen: set[float] = set()
    for _, ticks in levels:
        values = [v for v, _ in ticks]
        assert len(values) <= max(1, width / 40)
        assert values == sorted(values)
        assert all(start <= v <= end for v in values)
        assert seen.isdisjoint(values)  # a position belongs to one level only
        seen.update(values)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("zoom", "span", "major", "minor"), ZOOMS, ids=[z[0] for z in ZOOMS])
def test_ticks_read_naturally(zoom: str, span: float, major: str, minor: str, place: str) -> None:
    start = _start(span, place)
    end = start + span
    levels = date_ticks(start, end, WIDTH)
    assert len(levels) == 2
    _check_structure(levels, start, end, WIDTH)
    (_, majors), (_, minors) = levels
    for pattern, ticks in ((major, majors), (minor, minors)):
        for _, label in ticks:
            # An empty label only makes room for a longer context label next to it.
            assert label == "" or re.fullmatch(pattern, label), (zoom, label)

    merged = sorted(majors + minors)
    assert len(merged) >= 3, zoom  # enough ticks to read the scale from
    px = WIDTH / span
    for (a, _), (b, _) in itertools.pairwise(merged):
        assert (b - a) * px >= 80 - 1e-6  # never a crowded axis
    labelled = [(v, label) for v, label in merged if label]
    for (a, la), (b, lb) in itertools.pairwise(labelled):
        assert (b - a) * px >= (label_width(la) + label_width(lb)) / 2, (zoom, la, lb)

    # Somewhere a fully visible label names the year, so every other label has context.
    def visible(value: float, label: str) -> bool:
        x, half = (value - start) * px, label_width(label) / 2
        return half <= x <= WIDTH - half

    assert any(re.search(r"\d{4}", label) and visible(v, label) for v, label in labelled), zoom


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2017-06-01", "2020-06-01", {"2018", "2019", "Apr", "Jul"}),
        ("2018-05-20", "2018-12-20", {"Jun 2018", "Jul", "Dec"}),
        ("2019-02-22", "2019-03-04", {"27 Feb", "28 Feb", "Mar 2019", "3 Mar"}),
        ("2019-02-26T12:00", "2019-02-28T12:00", {"27 Feb 2019", "28 Feb 2019", "18:00"}),
        ("2019-02-27T23:35", "2019-02-27T23:45", {"23:40", "23:44"}),
    ],
)
def test_example_labels(start: str, end: str, expected: set[str]) -> None:
    epoch = [to_epoch(datetime.fromisoformat(s).replace(tzinfo=UTC)) for s in (start, end)]
    labels = {label for _, ticks in date_ticks(*epoch, WIDTH) for _, label in ticks}
    assert expected <= labels, labels


def test_ticks_snap_to_calendar_boundaries() -> None:
    start = to_epoch(datetime(2018, 1, 10, 7, 13, tzinfo=UTC))
    for span in (3 * YEAR, 274 * DAY, 61 * DAY, 10 * DAY, 2 * DAY, 600.0):
        for _, ticks in date_ticks(start, start + span, WIDTH):
            for value, _ in ticks:
                moment = to_datetime(value)
                assert moment.second == moment.microsecond == 0
                if span > 10 * DAY:
                    assert moment.hour == moment.minute == 0


def test_far_past_and_future_years() -> None:
    levels = date_ticks(to_epoch(datetime(1, 1, 1, tzinfo=UTC)), MAX_EPOCH, 4000)
    labels = [label for _, ticks in levels for _, label in ticks]
    assert "1000" in labels
    assert "9000" in labels
    start = to_epoch(datetime(9999, 12, 30, tzinfo=UTC))
    assert date_ticks(start, start + 10 * YEAR, WIDTH)  # clamped to 9999-12-31, not an error
    early = date_ticks(MIN_EPOCH - YEAR, MIN_EPOCH + 3 * DAY, WIDTH)
    assert all(v >= MIN_EPOCH for _, ticks in early for v, _ in ticks)


@pytest.mark.parametrize(
    ("start", "end", "width"),
    [
        (ORIGIN, ORIGIN, WIDTH),
        (ORIGIN + DAY, ORIGIN, WIDTH),
        (math.nan, ORIGIN, WIDTH),
        (ORIGIN, math.inf, WIDTH),
        (ORIGIN, ORIGIN + DAY, math.nan),
        (ORIGIN, ORIGIN + DAY, 0.0),
    ],
)
def test_degenerate_ranges_give_no_ticks(start: float, end: float, width: float) -> None:
    assert date_ticks(start, end, width) == []


def test_tick_label_fallback_follows_spacing() -> None:
    assert tick_label(ORIGIN, YEAR) == "2019"
    assert tick_label(ORIGIN, 30 * DAY) == "Feb"
    assert tick_label(ORIGIN, DAY) == "27 Feb"
    assert tick_label(ORIGIN + 23 * 3600 + 40 * 60, 600.0) == "23:40"
    assert tick_label(ORIGIN + 5.0, 5.0) == "00:00:05"


@settings(max_examples=300, deadline=None)
@given(
    start=st.floats(MIN_EPOCH, MAX_EPOCH),
    span=st.floats(60.0, 9000 * YEAR),
    width=st.floats(100.0, 4000.0),
)
def test_any_range_is_bounded_and_safe(start: float, span: float, width: float) -> None:
    end = start + span
    levels = date_ticks(start, end, width)
    _check_structure(levels, start, end, width)
    if start < MAX_EPOCH and span < 50 * YEAR * width:  # the 5000-year step fits
        assert len(levels) == 2


# --- context at the left, and no time of day for dates without one --------------------


def _epoch(text: str) -> float:
    return to_epoch(datetime.fromisoformat(text).replace(tzinfo=UTC))


def _first_visible(levels: list, start: float, end: float, width: float) -> str:
    """The leftmost label drawn whole inside the axis."""
    px = width / (end - start)
    labelled = sorted((v, label) for _, ticks in levels for v, label in ticks if label)
    return next(label for v, label in labelled
                if (v - start) * px - label_width(label) / 2 >= 0
                and (v - start) * px + label_width(label) / 2 <= width)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("zoom", "span", "major", "minor"), ZOOMS, ids=[z[0] for z in ZOOMS])
def test_the_first_visible_label_carries_its_context(zoom: str, span: float, major: str, minor: str,
                                                     place: str) -> None:
    start = _start(span, place)
    first = _first_visible(date_ticks(start, start + span, WIDTH), start, start + span, WIDTH)
    assert re.search(r"\d{4}", first), (zoom, first)  # the year, and with a time also the day
    if re.search(r"\d\d:\d\d", first):
        assert re.match(DATE, first), (zoom, first)


@pytest.mark.parametrize(
    ("start", "end", "width", "timed", "names"),
    [
        # "Jul · Oct · 2019" said nothing of 2018.
        ("2018-05-20", "2019-03-20", 700, True, "Jul 2018"),
        # A 3-day view, as Jump To shows the Hanoi summit, with and without timed events.
        ("2019-02-26T18:00", "2019-03-01T18:00", 1600, True, "27 Feb 2019"),
        ("2019-02-26T18:00", "2019-03-01T18:00", 1600, False, "27 Feb 2019"),
        ("2019-02-26T18:00", "2019-03-01T18:00", 700, False, "27 Feb 2019"),
        # Starting on 27 February's midnight, whose own label is cut at the edge.
        ("2019-02-27", "2019-03-02", 1600, True, "27 Feb 2019"),
    ],
)
def test_the_left_edge_names_its_year_and_day(start: str, end: str, width: float, timed: bool,
                                              names: str) -> None:
    a, b = _epoch(start), _epoch(end)
    assert _first_visible(date_ticks(a, b, width, timed=timed), a, b, width).startswith(names)


@pytest.mark.parametrize("span_days", [2.0, 3.25, 10.0, 61.0])
@pytest.mark.parametrize("width", [700.0, 1600.0, 4000.0])
def test_without_timed_events_no_tick_names_a_time_of_day(span_days: float, width: float) -> None:
    start = _epoch("2019-02-26T18:00")
    levels = date_ticks(start, start + span_days * DAY, width, timed=False)
    labels = [label for _, ticks in levels for _, label in ticks]
    assert labels and not any(":" in label for label in labels), labels
    for _, ticks in levels:  # and no tick line sits between two midnights (at "12:00")
        assert all(to_datetime(v).hour == 0 for v, _ in ticks)
    timed = [label for _, ticks in date_ticks(start, start + span_days * DAY, width) for _, label in ticks]
    if span_days <= 3.25 and width >= 1600:
        assert any(":" in label for label in timed)  # the same view with timed events shows hours


def test_without_timed_events_a_view_inside_a_day_still_has_ticks() -> None:
    start = _epoch("2019-02-28T03:00")
    labels = [label for _, ticks in date_ticks(start, start + 17 * 3600, 800, timed=False) for _, label in ticks]
    assert "28 Feb 2019 06:00" in labels


def test_timed_spans_find_timed_events_in_a_window() -> None:
    from desktop.layout.time_axis import TimedSpans
    from desktop.model.columns import build_columns

    begin = np.array([_epoch("2016-01-01"), _epoch("2019-02-28"), _epoch("2019-02-28T07:00"),
                      _epoch("2018-06-01T10:00")])
    finish = np.array([_epoch("2018-01-01"), _epoch("2019-03-01"), begin[2] + 60, _epoch("2018-09-01")])
    n = len(begin)
    cols = build_columns(begin, finish, np.zeros(n), finish - begin > DAY, np.full(n, 3), np.zeros(n, bool),
                         np.zeros(n, bool))
    spans = TimedSpans.of(cols)
    assert len(spans.begin) == 2  # the 07:00 press conference and the range from 10:00
    assert spans.any_in(_epoch("2019-02-28"), _epoch("2019-03-01"))
    assert spans.any_in(_epoch("2018-08-01"), _epoch("2018-08-02"))  # inside the timed range
    assert not spans.any_in(_epoch("2017-01-01"), _epoch("2017-02-01"))  # only the day-precise bar
    assert not spans.any_in(_epoch("2019-02-28T08:00"), _epoch("2019-03-05"))
