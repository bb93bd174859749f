"""The zone shift: offsets in numpy, timed events moved to the wall clock, dates kept, and the composed map."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from desktop.layout.axis_map import LINEAR
from desktop.layout.time_zone import ZonedAxis, from_wall, to_wall, utc_offsets, zone_label, zoned_columns
from desktop.model.columns import build_columns
from desktop.model.dates import parse_date
from desktop.model.zones import resolve_zone

NY = resolve_zone("America/New_York")
SWITCH = datetime(2019, 3, 10, 7, 0, tzinfo=UTC).timestamp()  # 02:00 EST becomes 03:00 EDT


def test_offsets_across_a_dst_switch_are_exact_and_per_instant() -> None:
    t = np.array([SWITCH - 1, SWITCH, SWITCH + 3600, SWITCH - 86400 * 30, SWITCH + 86400 * 250])
    assert (utc_offsets(NY, t) / 3600).tolist() == [-5, -4, -4, -5, -5]


def test_utc_is_the_identity_and_round_trips_hold() -> None:
    t = np.linspace(-1e9, 2e9, 1001)
    utc = resolve_zone("UTC")
    assert np.array_equal(to_wall(utc, t), t)
    assert np.array_equal(utc_offsets(resolve_zone("UTC+07:00"), t), np.full_like(t, 25200.0))
    away = np.abs(t - SWITCH) > 7200  # an hour either side of a switch has no single answer
    assert np.array_equal(from_wall(NY, to_wall(NY, t))[away], t[away])


def _columns(*starts: str):
    dates = [parse_date(s) for s in starts]
    return build_columns(np.array([d.begin for d in dates]), np.array([d.end for d in dates]), np.zeros(len(dates)),
                         np.zeros(len(dates), bool), np.array([int(d.precision) for d in dates]),
                         np.zeros(len(dates), bool), np.zeros(len(dates), bool))


def test_timed_events_move_to_the_wall_clock_and_dates_stay() -> None:
    cols = _columns("2019-02-28", "2019-02-28T14:00+07:00", "2019-02")
    assert cols.timed.tolist() == [False, True, False]
    hanoi = zoned_columns(cols, "Asia/Ho_Chi_Minh")
    assert hanoi.begin[0] == cols.begin[0] and hanoi.finish[2] == cols.finish[2]  # calendar dates unchanged
    assert datetime.fromtimestamp(hanoi.begin[1], UTC).strftime("%d %H:%M") == "28 14:00"
    assert hanoi.finish[1] - hanoi.begin[1] == 60 and hanoi.anchor[1] == hanoi.begin[1] + 30
    assert zoned_columns(cols, "Asia/Ho_Chi_Minh") is hanoi  # made once per zone
    assert zoned_columns(cols, "UTC") is cols


def test_a_point_on_a_dst_switch_keeps_its_length() -> None:
    cols = _columns("2019-03-10T06:59:59Z")
    ny = zoned_columns(cols, "America/New_York")
    assert ny.finish[0] - ny.begin[0] == 1.0


def test_the_zoned_axis_converts_through_the_wall_clock() -> None:
    axis = ZonedAxis.of(LINEAR, resolve_zone("Asia/Tokyo"))
    t = datetime(2019, 2, 28, 5, tzinfo=UTC).timestamp()
    assert axis.axis_of(t) == t + 9 * 3600
    assert axis.time_of(axis.axis_of(t)) == t
    assert len(axis.break_units()) == 0


@pytest.mark.parametrize(("name", "label"), [
    ("UTC", "UTC"), ("UTC+07:00", "UTC+07:00"), ("Asia/Ho_Chi_Minh", "Asia/Ho_Chi_Minh (UTC+07:00)"),
    ("America/New_York", "America/New_York (UTC-05:00)"), ("Europe/London", "Europe/London (UTC+00:00)"),
])
def test_the_label_names_the_zone_and_its_offset(name: str, label: str) -> None:
    assert zone_label(name, datetime(2019, 2, 28, tzinfo=UTC).timestamp()) == label
