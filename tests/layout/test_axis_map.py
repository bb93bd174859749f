"""The compressed time axis map: monotonic, invertible, identity when linear, gaps shrunk. Plain pytest, no Qt."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.axis_map import (
    BREAK_SHARE,
    GAP_SHARE,
    LINEAR,
    auto_mode,
    axis_columns,
    build_map,
    find_breaks,
)
from desktop.layout.axis_ticks import AFTER, BEFORE, compressed_ticks
from desktop.layout.rows import stack_rows
from desktop.model.columns import build_columns
from desktop.model.dates import parse_date
from desktop.model.timeline import Timeline

DAY = 86400.0


def _cols(spans: list[tuple[float, float]], is_range: list[bool] | None = None):
    """Columns of events [begin, finish) in days after 2019-01-01, sorted by begin."""
    base = parse_date("2019-01-01").begin
    spans = sorted(spans)
    begin = np.array([base + a * DAY for a, _ in spans])
    finish = np.array([base + b * DAY for _, b in spans])
    n = len(spans)
    ranges = np.array(is_range if is_range is not None else [b - a > 1 for a, b in spans])
    return build_columns(begin, finish, np.zeros(n), ranges, np.full(n, 5), np.zeros(n, bool), np.ones(n, bool))


@pytest.fixture(scope="module")
def dataset() -> Timeline:
    return open_timeline(default_events_path())


def test_linear_mode_is_the_identity_and_keeps_the_columns(dataset: Timeline) -> None:
    axis, cols = axis_columns(dataset.columns, "linear")
    assert axis is LINEAR and axis.linear and cols is dataset.columns
    t = np.array([-1e10, 0.0, 1.5e9, 2.5e11])
    np.testing.assert_array_equal(axis.to_axis(t), t)
    np.testing.assert_array_equal(axis.to_time(t), t)


def test_the_map_is_monotonic_and_its_inverse_undoes_it(dataset: Timeline) -> None:
    axis = build_map(dataset.columns)
    assert not axis.linear
    begin, finish = dataset.span()
    t = np.linspace(begin - 5 * (finish - begin), finish + 5 * (finish - begin), 100_001)
    u = axis.to_axis(t)
    assert np.all(np.diff(u) > 0)  # strictly: every time has its own place, and back
    np.testing.assert_allclose(axis.to_time(u), t, rtol=0, atol=1e-3)
    np.testing.assert_allclose(axis.to_axis(axis.to_time(u)), u, rtol=0, atol=1e-3)


def test_long_empty_stretches_become_narrow_breaks() -> None:
    # Two busy weeks a year apart: the year between them is a break.
    cols = _cols([(0, 1), (3, 4), (6, 7), (13, 14), (380, 381), (385, 386), (393, 394)])
    breaks = find_breaks(cols)
    assert breaks.shape == (1, 2)
    assert breaks[0, 1] - breaks[0, 0] == pytest.approx(366 * DAY)
    axis = build_map(cols)
    u = axis.to_axis(np.array([cols.begin[0], cols.finish[3], cols.begin[4], cols.finish[-1]]))
    gap, weeks = u[2] - u[1], (u[1] - u[0]) + (u[3] - u[2])
    # The year takes BREAK_SHARE of the axis; the two stretches the rest.
    assert gap / (u[3] - u[0]) == pytest.approx(BREAK_SHARE, rel=1e-6)
    assert weeks > 10 * gap
    # Inside a stretch, proportions stay: equal days, equal widths.
    days = axis.to_axis(cols.begin[0] + DAY * np.arange(0, 15))
    np.testing.assert_allclose(np.diff(days), np.diff(days)[0])
    assert auto_mode(cols) == "compressed"


def test_short_gaps_and_even_spreads_stay_linear() -> None:
    # A gap of under GAP_SHARE of the span is not a break; evenly spread events give none.
    even = _cols([(k * 7, k * 7 + 1) for k in range(60)])
    assert GAP_SHARE > 7 / (60 * 7)
    assert len(find_breaks(even)) == 0 and build_map(even).linear and auto_mode(even) == "linear"
    assert axis_columns(even, "compressed")[1] is even


def test_a_long_range_does_not_hide_the_gap_it_crosses() -> None:
    # A year-long range over the gap: its ends count, its middle does not fill time.
    cols = _cols([(0, 2), (1, 400), (398, 400)], is_range=[False, True, False])
    breaks = find_breaks(cols)
    assert len(breaks) == 1 and breaks[0, 0] == cols.begin[0] + 2 * DAY and breaks[0, 1] == cols.begin[0] + 398 * DAY


def test_a_points_band_fills_its_time_however_long() -> None:
    # "February 2019" then "1 March 2019": the month is when the first happened, not an empty stretch
    # to break out (that squeezed the month to a sliver between breaks and gave the one day the axis).
    cols = _cols([(31, 59), (59, 60)], is_range=[False, False])
    assert len(find_breaks(cols)) == 0 and auto_mode(cols) == "linear"
    # A year-precision point among days still fills its year; the gap after it is still a break.
    year = _cols([(0, 365), (700, 701)], is_range=[False, False])
    breaks = find_breaks(year)
    assert len(breaks) == 1 and breaks[0, 0] == year.begin[0] + 365 * DAY


def test_mapped_columns_keep_rows_order_and_anchors(dataset: Timeline) -> None:
    axis, mapped = axis_columns(dataset.columns, "compressed")
    cols = dataset.columns
    assert axis_columns(cols, "compressed")[1] is mapped  # made once per timeline and mode
    assert np.all(np.diff(mapped.begin) >= 0)  # still sorted by begin
    np.testing.assert_allclose(mapped.begin, axis.to_axis(cols.begin))
    points = ~cols.is_range
    np.testing.assert_allclose(mapped.anchor[points], axis.to_axis(cols.anchor[points]))
    # Overlaps survive a monotone map: the sub-rows are the same whichever columns stack them.
    lanes = len(dataset.lanes)
    np.testing.assert_array_equal(stack_rows(mapped, lanes).row, stack_rows(cols, lanes).row)


def test_default_dataset_gives_the_hanoi_days_most_of_the_room(dataset: Timeline) -> None:
    assert auto_mode(dataset.columns) == "compressed"
    axis = build_map(dataset.columns)
    begin, finish = axis.to_axis(np.array(dataset.span()))
    hanoi = axis.to_axis(np.array([parse_date("2019-02-27").begin, parse_date("2019-03-01").end]))
    assert (hanoi[1] - hanoi[0]) / (finish - begin) > 0.3  # linear: under 0.3 %


def test_ticks_name_the_dates_on_both_sides_of_a_break(dataset: Timeline) -> None:
    axis = build_map(dataset.columns)
    begin, finish = axis.to_axis(np.array(dataset.span()))
    levels = compressed_ticks(axis, begin - (finish - begin) * 0.04, finish + (finish - begin) * 0.04, 970.0)
    ticks = [t for _, level in levels for t in level]
    sides = {label: side for _, label, side in ticks}
    assert sides.get("1 Jul 2018") == BEFORE and sides.get("27 Feb 2019") == AFTER
    # Every label is on its own piece of axis.
    values = sorted(u for u, _, _ in ticks)
    assert len(values) == len(set(values))


def test_one_number_agrees_with_the_array_form() -> None:
    # axis_of/time_of take a scalar shortcut; it must give what the numpy path gives, knots included.
    from desktop.layout.axis_map import AxisMap

    amap = AxisMap(np.array([0.0, 10.0, 50.0, 60.0]), np.array([0.0, 10.0, 12.0, 22.0]), 1.0,
                   np.array([[10.0, 50.0]]))
    for t in [-5.0, 0.0, 3.0, 10.0, 30.0, 50.0, 55.0, 60.0, 75.0]:
        assert amap.axis_of(t) == pytest.approx(float(amap.to_axis(np.array([t]))[0]))
        u = amap.axis_of(t)
        assert amap.time_of(u) == pytest.approx(float(amap.to_time(np.array([u]))[0]))
