"""The end rule and the HTML text rules that every reader and writer of other formats shares."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.io.conventions import (
    CitedText,
    citations_html,
    clock_text,
    drops_end,
    end_from_clock,
    end_from_instant,
    end_instant_clock,
    html_text,
    html_to_text,
    instant_of_end,
    offset_text,
    quoted_paragraphs,
    split_citations,
    text_as_shown,
)
from desktop.model.dates import DateError, PartialDate, Precision, parse_date

SETTINGS = settings(max_examples=300, derandomize=True, deadline=None)


@st.composite
def dates(draw: st.DrawFn) -> PartialDate:
    """A date at any precision in years 1–9999, times sometimes with an offset written as we write it."""
    precision = Precision(draw(st.integers(1, 5)))
    year = draw(st.sampled_from([1, 2, 1999, 2000, 2016, 9998, 9999]) | st.integers(1, 9999))
    month = draw(st.sampled_from([1, 2, 12]) | st.integers(1, 12))
    day = draw(st.sampled_from([1, 28, calendar.monthrange(year, month)[1]]))
    clock = (year, month, day, draw(st.sampled_from([0, 23])), draw(st.sampled_from([0, 59])),
             draw(st.sampled_from([0, 59])))
    offset = draw(st.none() | st.sampled_from([0, 420, -210])) if precision >= Precision.MINUTE else None
    return parse_date(clock_text(clock, precision, offset))


@pytest.mark.parametrize(
    ("end", "clock"),
    [
        ("2017", (2018, 1, 1, 0, 0, 0)),
        ("2019-12", (2020, 1, 1, 0, 0, 0)),
        ("2016-02", (2016, 3, 1, 0, 0, 0)),
        ("2016-02-29", (2016, 3, 1, 0, 0, 0)),
        ("2019-02-28T23:59", (2019, 3, 1, 0, 0, 0)),
        ("2019-02-28T23:59:59+07:00", (2019, 3, 1, 0, 0, 0)),
        ("9999", (10000, 1, 1, 0, 0, 0)),
        ("9999-12-31T23:59:59", (10000, 1, 1, 0, 0, 0)),
    ],
)
def test_the_peer_end_is_the_instant_after_our_end(end: str, clock: tuple[int, ...]) -> None:
    date = parse_date(end)
    assert end_instant_clock(date) == clock
    assert instant_of_end(date) == date.end


@pytest.mark.parametrize(
    ("clock", "precision", "ours"),
    [
        ((650,), Precision.YEAR, "0649"),
        ((2017, 1, 1), Precision.DAY, "2016-12-31"),
        ((2017, 1), Precision.MONTH, "2016-12"),
        ((2016, 3, 1), Precision.DAY, "2016-02-29"),
        ((2019, 3, 1, 0, 0), Precision.MINUTE, "2019-02-28T23:59"),
        ((10000,), Precision.YEAR, "9999"),
        ((10000, 1, 1), Precision.DAY, "9999-12-31"),
    ],
)
def test_our_end_is_the_period_before_the_peer_instant(clock: tuple[int, ...], precision: Precision,
                                                         ours: str) -> None:
    assert end_from_clock(clock, precision).text == ours


def test_a_peer_end_at_the_first_instant_has_no_period_before_it() -> None:
    with pytest.raises(DateError, match="no year before it"):
        end_from_clock((1,), Precision.YEAR)
    with pytest.raises(DateError, match="no period before it"):
        end_from_clock((1, 1, 1), Precision.DAY)


def test_an_instant_inside_a_period_ends_in_that_period() -> None:
    noon = parse_date("2019-03-01T12:00").begin
    assert end_from_instant(noon, Precision.DAY).text == "2019-03-01"
    assert end_from_instant(noon, Precision.MINUTE).text == "2019-03-01T11:59"
    assert end_from_instant(noon + 0.5, Precision.SECOND).text == "2019-03-01T12:00:00"
    assert end_from_instant(noon, Precision.MINUTE, 420).text == "2019-03-01T18:59+07:00"


@SETTINGS
@given(dates())
def test_writing_then_reading_an_end_gives_it_back(end: PartialDate) -> None:
    clock = end_instant_clock(end)
    assert end_from_clock(clock, end.precision, end.offset_minutes) == end
    assert end_from_instant(instant_of_end(end), end.precision, end.offset_minutes) == end


@SETTINGS
@given(dates(), dates())
def test_abutting_peer_ranges_stay_abutting(a: PartialDate, b: PartialDate) -> None:
    """A peer range ending where the next begins reads as two ranges that touch and do not overlap."""
    start, end = sorted((a, b), key=lambda d: d.begin)
    ours = end_from_instant(end.begin, end.precision, end.offset_minutes) if end.begin > start.begin else None
    if ours is not None:
        assert ours.end == end.begin


def test_offset_text() -> None:
    assert [offset_text(m) for m in (None, 0, 420, -210)] == ["", "Z", "+07:00", "-03:30"]


@pytest.mark.parametrize(
    ("start", "end", "dropped"),
    [
        ({"year": "2018", "month": "12"}, {"year": "2018", "month": "12", "day": "6"}, True),
        ({"year": "2018", "month": "12", "day": ""}, {"year": "2018", "month": "12", "day": "6"}, False),
        ({"year": "2018"}, {"year": 2018}, True),  # "2018" == 2018 in JavaScript
        ({"year": "2018", "month": "03"}, {"year": "2018", "month": "3"}, False),  # two strings: compared as text
        ({"year": "2018", "hour": None}, {"year": "2018"}, True),  # null == undefined
        ({"year": "2018", "month": ""}, {"year": "2018"}, False),  # "" == undefined is false
    ],
)
def test_timelinejs_drops_an_end_that_repeats_every_part_of_the_start(start: dict, end: dict, dropped: bool) -> None:
    assert drops_end(start, end) is dropped


# --- text in HTML -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<ul><li>a</li><li>b</li></ul>after", "a\nb\n\nafter"),
        ("it was a thing.</p><span class='tl-note'>This slide", "it was a thing.\n\nThis slide"),
        ("Take <a href='x'>Ada</a><span>'s</span> notes", "Take Ada's notes"),
        ("a\n  b\t&amp; <b>c</b>", "a b & c"),
        ("x<script>alert('<p>')</script>y<style>p{}</style>", "xy"),
    ],
)
def test_html_to_text_keeps_breaks_and_never_glues_inline_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


@SETTINGS
@given(st.lists(st.characters(codec="utf-8") | st.sampled_from(
    ["\n", "\n\n", " ", "  ", "\t", "\r", "<", "&", "&amp;", "<p>", "\x85", "\u2028"]), max_size=30).map("".join))
def test_html_text_reads_back_as_shown(text: str) -> None:
    assert html_to_text(html_text(text)) == text_as_shown(text)
    assert text_as_shown(text_as_shown(text)) == text_as_shown(text)


# --- citations on a page ------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & </span></p><p class="summit-citations">'


def test_citations_read_back_exactly_and_escape_everything() -> None:
    cited = [
        CitedText("s", f"Title {HOSTILE}", 3, f"q {HOSTILE}", f"P {HOSTILE}", "2019-03-01", "https://a.test/?a=1&b=\""),
        CitedText('id "x"', "Notebook", 1, None, None, None, "javascript:alert(1)"),
    ]
    block = citations_html(cited)
    assert "<script>" not in block and "javascript:" not in block.split("data-url")[0]
    assert '<a href="https://a.test/?a=1&amp;b=&quot;">' in block and 'href="javascript' not in block
    before, back, bad = split_citations("<p>Summary</p>" + block)
    assert (before, bad) == ("<p>Summary</p>", 0)
    assert back == [CitedText("s", f"Title {HOSTILE}", 3, f"q {HOSTILE}", f"P {HOSTILE}", "2019-03-01",
                              "https://a.test/?a=1&b=\""), cited[1]]
    assert html_to_text(block) == (f"Title {HOSTILE} (P {HOSTILE}, 1 March 2019), ¶ 3: “q {HOSTILE}”\n"
                                   "Notebook, ¶ 1")


def test_text_without_our_citations_is_left_alone() -> None:
    assert split_citations("<p>Just text</p>") == ("<p>Just text</p>", [], 0)
    assert citations_html([]) == ""


def test_quoted_paragraphs_hold_every_quote_at_its_number() -> None:
    assert quoted_paragraphs([(3, "a"), (3, "b"), (1, None), (3, "a")]) == ("", "", "a … b")
    assert quoted_paragraphs([]) == ()
