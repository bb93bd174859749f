"""Dates parsed in bulk agree with `parse_date`, string by string, bad ones included."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_loader_properties import SETTINGS

from desktop.io.fast.dates import parse_many
from desktop.model.dates import DateError, parse_date

PIECES = st.sampled_from(
    ["0000", "0001", "1900", "2000", "2019", "2024", "9999", "-", "01", "02", "12", "13", "00", "28", "29", "30",
     "31", "T", "23", "24", ":", "59", "60", "Z", "+", "-", "18", "19", "07", " ", "٢", "W"]
)
DATE_LIKE = st.lists(PIECES, min_size=1, max_size=12).map("".join)


def one_by_one(texts: list[str]) -> list[tuple[float, float, int]] | None:
    try:
        return [(d.begin, d.end, int(d.precision)) for d in map(parse_date, texts)]
    except DateError:
        return None


@given(st.lists(DATE_LIKE | st.text(max_size=25), max_size=30))
@SETTINGS
def test_parse_many_matches_parse_date(texts: list[str]) -> None:
    expected = one_by_one(texts)
    if expected is None:
        with pytest.raises(DateError):
            parse_many(texts)
        return
    begin, end, precision = parse_many(texts)
    assert list(zip(begin.tolist(), end.tolist(), precision.tolist(), strict=True)) == expected


@pytest.mark.parametrize(
    "text",
    ["2016", "2016-02", "2015-02", "2000-02-29", "1900-02", "2019-02-28T23:40", "2019-02-28T23:40Z",
     "2019-02-28T23:40:05", "2019-02-28T23:40:05Z", "2019-02-28T01:00+07:00", "2019-03-01T09:00:30-05:00",
     "0001-01-01", "9999-12-31T23:59:59+18:00"],
)
def test_each_form(text: str) -> None:
    d = parse_date(text)
    begin, end, precision = parse_many([text])
    assert (begin[0], end[0], precision[0]) == (d.begin, d.end, d.precision)
