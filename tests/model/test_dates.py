"""Dates at the precision the evidence gives: parsing, period bounds, rejections, formatting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.model.dates import (
    DateError,
    PartialDate,
    Precision,
    format_date,
    format_span,
    from_datetime,
    parse_date,
    to_datetime,
)


def ts(*args: int) -> float:
    """Epoch seconds of a UTC wall-clock time."""
    return datetime(*args, tzinfo=UTC).timestamp()


# --- accepted forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "fields"),
    [
        ("2018", Precision.YEAR, (2018, 1, 1, 0, 0, 0, None)),
        ("0001", Precision.YEAR, (1, 1, 1, 0, 0, 0, None)),
        ("9999", Precision.YEAR, (9999, 1, 1, 0, 0, 0, None)),
        ("2018-06", Precision.MONTH, (2018, 6, 1, 0, 0, 0, None)),
        ("2019-02-28", Precision.DAY, (2019, 2, 28, 0, 0, 0, None)),
        ("2019-02-28T23:40", Precision.MINUTE, (2019, 2, 28, 23, 40, 0, None)),
        ("2019-02-28T23:40:05", Precision.SECOND, (2019, 2, 28, 23, 40, 5, None)),
        ("2019-02-28T23:40Z", Precision.MINUTE, (2019, 2, 28, 23, 40, 0, 0)),
        ("2019-02-28T23:40:05Z", Precision.SECOND, (2019, 2, 28, 23, 40, 5, 0)),
        ("2019-02-28T23:40+07:00", Precision.MINUTE, (2019, 2, 28, 23, 40, 0, 420)),
        ("2019-02-28T23:40:05-05:30", Precision.SECOND, (2019, 2, 28, 23, 40, 5, -330)),
        ("2019-02-28T00:00+18:00", Precision.MINUTE, (2019, 2, 28, 0, 0, 0, 1080)),
        ("2019-02-28T00:00-18:00", Precision.MINUTE, (2019, 2, 28, 0, 0, 0, -1080)),
        ("2019-02-28T00:00-00:00", Precision.MINUTE, (2019, 2, 28, 0, 0, 0, 0)),
        ("2000-02-29", Precision.DAY, (2000, 2, 29, 0, 0, 0, None)),
        ("2024-02-29", Precision.DAY, (2024, 2, 29, 0, 0, 0, None)),
        ("2019-12-31T23:59:59", Precision.SECOND, (2019, 12, 31, 23, 59, 59, None)),
    ],
)
def test_accepted_forms(text: str, precision: Precision, fields: tuple) -> None:
    d = parse_date(text)
    assert d.text == text
    assert d.precision is precision
    assert (d.year, d.month, d.day, d.hour, d.minute, d.second, d.offset_minutes) == fields


# --- period bounds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "begin", "end"),
    [
        ("2018-06", ts(2018, 6, 1), ts(2018, 7, 1)),
        ("2019-02", ts(2019, 2, 1), ts(2019, 3, 1)),
        ("2020-02", ts(2020, 2, 1), ts(2020, 3, 1)),
        ("2018-12", ts(2018, 12, 1), ts(2019, 1, 1)),
        ("2019", ts(2019, 1, 1), ts(2020, 1, 1)),
        ("2019-02-28", ts(2019, 2, 28), ts(2019, 3, 1)),
        ("2019-02-28T23:40", ts(2019, 2, 28, 23, 40), ts(2019, 2, 28, 23, 41)),
        ("2019-02-28T23:59:59", ts(2019, 2, 28, 23, 59, 59), ts(2019, 3, 1)),
        ("1969-12-31", ts(1969, 12, 31), ts(1970, 1, 1)),
        ("0001", ts(1, 1, 1), ts(2, 1, 1)),
        ("9999-12-31", ts(9999, 12, 31), ts(9999, 12, 31) + 86400),
    ],
)
def test_period_bounds(text: str, begin: float, end: float) -> None:
    d = parse_date(text)
    assert d.begin == begin
    assert d.end == end
    assert d.middle == (begin + end) / 2


@pytest.mark.parametrize(("year", "days"), [(2019, 365), (2020, 366), (2000, 366), (1900, 365), (2100, 365)])
def test_year_length_follows_leap_years(year: int, days: int) -> None:
    d = parse_date(f"{year:04d}")
    assert d.end - d.begin == days * 86400


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2019-02-28T10:00+07:00", ts(2019, 2, 28, 3, 0)),
        ("2019-02-28T01:00+07:00", ts(2019, 2, 27, 18, 0)),
        ("2019-02-28T10:00-05:30", ts(2019, 2, 28, 15, 30)),
        ("2019-02-28T10:00Z", ts(2019, 2, 28, 10, 0)),
        ("2019-02-28T10:00", ts(2019, 2, 28, 10, 0)),  # no zone: read as UTC
        ("2019-02-28T10:00:30Z", ts(2019, 2, 28, 10, 0, 30)),
    ],
)
def test_offsets_shift_to_utc(text: str, utc: float) -> None:
    assert parse_date(text).begin == utc


def test_naive_time_equals_z() -> None:
    assert parse_date("2019-02-28T10:00").begin == parse_date("2019-02-28T10:00Z").begin
    assert parse_date("2019-02-28T10:00").offset_minutes is None


# --- rejections --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("2019-02-30", ("day 30 does not exist", "February 2019 has 28 days")),
        ("2019-04-31", ("day 31 does not exist", "April 2019 has 30 days")),
        ("1900-02-29", ("day 29 does not exist", "February 1900 has 28 days")),
        ("2023-02-29", ("day 29 does not exist", "February 2023 has 28 days")),
        ("2019-02-00", ("day 00 does not exist",)),
        ("2019-13", ("month 13 does not exist",)),
        ("2019-00-10", ("month 00 does not exist",)),
        ("0000", ("outside 0001–9999",)),
        ("0000-06-01", ("outside 0001–9999",)),
        ("10000", ("outside 0001–9999",)),
        ("10000-01-01", ("outside 0001–9999",)),
        ("-0044", ("outside 0001–9999",)),
        ("2019-W09", ("ISO week dates", "not supported")),
        ("2019-W09-1", ("ISO week dates",)),
        ("2019-059", ("ordinal dates", "not supported")),
        ("2019-02-28T24:00", ("hour 24 is not 00–23", "next day's 00:00")),
        ("2019-02-28T23:60", ("minute 60 is not 00–59",)),
        ("2019-02-28T23:59:60", ("second 60", "leap seconds are not supported")),
        ("2019-02-28 10:00", ("capital T",)),
        ("2019-02-28t10:00", ("capital T",)),
        ("2019-02-28T10:00:00.5", ("fractional seconds are not supported",)),
        ("2019-02-28T10:00:00.123Z", ("fractional seconds are not supported",)),
        ("2019-02-28T10:00:00,5", ("fractional seconds are not supported",)),
        ("2019-02-28T10:00+19:00", ("UTC offset +19:00 is out of range", "±18:00")),
        ("2019-02-28T10:00+18:30", ("UTC offset +18:30 is out of range",)),
        ("2019-02-28T10:00-07:60", ("UTC offset -07:60 is out of range",)),
    ],
)
def test_rejections_say_why(text: str, fragments: tuple[str, ...]) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert repr(text) in message or text in message


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "2019 ",
        " 2019",
        "2019\n",
        "19",
        "2019-2-28",
        "2019-02-28Z",  # a zone needs a time
        "2019-02-28T10",
        "2019-02-28T10:00+0700",
        "2019-02-28T10:00+07",
        "2019-02-28T10:00 UTC",
        "T10:00",
        "+2019",
        "2019/02/28",
        "28.02.2019",
        "February 2019",
        "２０１９",  # fullwidth digits
        "٢٠١٩",  # Arabic-Indic digits
        "2019-٠٢",
    ],
)
def test_other_malformed_strings_are_rejected(text: str) -> None:
    with pytest.raises(DateError, match=r"not a date|outside|capital T|not supported"):
        parse_date(text)


@pytest.mark.parametrize("value", [2019, 2019.0, None, True, ["2019"], {"year": 2019}, b"2019"])
def test_non_strings_are_rejected(value: object) -> None:
    with pytest.raises(DateError, match="must be a string"):
        parse_date(value)  # type: ignore[arg-type]


def test_date_error_is_a_value_error() -> None:
    assert issubclass(DateError, ValueError)


# --- formatting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2018", "2018"),
        ("2018-06", "June 2018"),
        ("2019-02-28", "28 February 2019"),
        ("2019-03-01", "1 March 2019"),
        ("2019-02-28T23:40", "28 February 2019, 23:40"),
        ("2019-02-28T09:05:07", "28 February 2019, 09:05:07"),
        ("2019-02-28T23:40Z", "28 February 2019, 23:40 UTC"),
        ("2019-02-28T23:40+07:00", "28 February 2019, 23:40 (UTC+07:00)"),
        ("2019-02-28T23:40-05:30", "28 February 2019, 23:40 (UTC−05:30)"),
    ],
)
def test_format_date(text: str, shown: str) -> None:
    assert format_date(parse_date(text)) == shown


@pytest.mark.parametrize(
    ("start", "end", "approximate", "shown"),
    [
        ("2019-02-27", "2019-02-28", False, "27–28 February 2019"),
        ("2019-02-28", None, True, "c. 28 February 2019"),
        ("2018-06", None, True, "c. June 2018"),
        ("2016", "2017", False, "2016–2017"),
        ("2016", "2017", True, "c. 2016–2017"),
        ("2018-06", "2019-03-01", False, "June 2018 – 1 March 2019"),
        ("2019-02-28T10:00", "2019-02-28T12:30", False, "28 February 2019, 10:00–12:30"),
        ("2019-02-28T10:00:05", "2019-02-28T10:00:09", False, "28 February 2019, 10:00:05–10:00:09"),
        ("2019-02-27T10:00Z", "2019-02-27T12:00Z", False, "27 February 2019, 10:00–12:00 UTC"),
        (
            "2019-02-27T10:00+07:00",
            "2019-02-28T12:00+07:00",
            False,
            "27 February 2019, 10:00 (UTC+07:00) – 28 February 2019, 12:00 (UTC+07:00)",
        ),
        (
            "2019-02-28T10:00+07:00",
            "2019-02-28T12:00Z",
            False,
            "28 February 2019, 10:00 (UTC+07:00) – 28 February 2019, 12:00 UTC",
        ),
        ("2018-03", "2018-06", False, "March – June 2018"),
        ("2018-11", "2019-02", False, "November 2018 – February 2019"),
        ("2019-01-30", "2019-02-02", False, "30 January – 2 February 2019"),
        ("2018-12-30", "2019-01-02", False, "30 December 2018 – 2 January 2019"),
        ("2019-02-28", "2019-02-28", False, "28 February 2019"),
        ("2018-06", "2018-06", False, "June 2018"),
        ("2019-02-28", None, False, "28 February 2019"),
    ],
)
def test_format_span(start: str, end: str | None, approximate: bool, shown: str) -> None:
    end_date = parse_date(end) if end is not None else None
    assert format_span(parse_date(start), end_date, approximate) == shown


# --- datetime helpers --------------------------------------------------------------


def test_datetime_round_trip_and_clamp() -> None:
    moment = datetime(2019, 2, 28, 10, 0, tzinfo=UTC)
    assert to_datetime(from_datetime(moment)) == moment
    assert from_datetime(datetime(2019, 2, 28, 10, 0)) == moment.timestamp()  # naive is UTC
    assert to_datetime(-1e30).year == 1
    assert to_datetime(1e30).year == 9999
    assert to_datetime(float(ts(9999, 12, 31)) + 10 * 86400).year == 9999


# --- property: every valid date has an ordered, formattable period -----------------

_ZONES = st.sampled_from(["", "Z", "+07:00", "-05:30", "+18:00", "-18:00", "+00:00", "-00:00"])


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)))
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.YEAR:
        return f"{moment.year:04d}"
    if precision is Precision.MONTH:
        return f"{moment.year:04d}-{moment.month:02d}"
    day = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if precision is Precision.DAY:
        return day
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    if precision is Precision.SECOND:
        clock += f":{moment.second:02d}"
    return f"{day}T{clock}{draw(_ZONES)}"


@settings(max_examples=300, deadline=None)
@given(date_texts(), date_texts(), st.booleans())
def test_any_valid_date_has_a_period_and_formats(a: str, b: str, approximate: bool) -> None:
    first, second = parse_date(a), parse_date(b)
    for d in (first, second):
        assert isinstance(d, PartialDate)
        assert d.text in (a, b)
        assert d.begin < d.middle < d.end
        assert format_date(d)
    # Bounds agree with the standard library for the wall-clock start, less the offset.
    naive = datetime(first.year, first.month, first.day, first.hour, first.minute, first.second)
    offset = timedelta(minutes=first.offset_minutes or 0)
    assert first.begin == (naive - datetime(1970, 1, 1) - offset).total_seconds()
    lo, hi = sorted((first, second), key=lambda d: d.begin)
    text = format_span(lo, hi, approximate)
    assert text.startswith("c. ") == approximate
    assert format_span(first, None, approximate)
