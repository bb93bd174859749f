"""Time zones for the axis: zone names, UTC offsets in numpy, timed events moved to a zone's wall clock. No Qt here.

The plot's x measures *wall-clock seconds*: the seconds a UTC calendar would give the zone's
local date and time. A timed event (start precision minute or second) moves by the zone's
UTC offset at its instant; a date without a time stays its calendar date (its begin and
finish already are that date's midnights as if in UTC), so 28 February is drawn over
28 February in every zone. The calendar tick code works in UTC, so fed wall-clock seconds
it yields the zone's local ticks. The compressed axis map then works on wall-clock seconds.

Offsets are found per distinct day through `zoneinfo` (two look-ups a day: its first and last
second), then spread with numpy; only events on a day whose offset changes (a DST switch)
are looked up one by one. The cost grows with the days the timed events cover, not their count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

import numpy as np

from desktop.layout.axis_map import LINEAR, AxisMap
from desktop.layout.carry import carried, carry, follow, rows_of
from desktop.model.columns import Columns
from desktop.model.dates import PartialDate
from desktop.model.zones import FIXED_RE, UTC_NAME, fixed_zone_name, is_utc, resolve_zone

_DAY = 86400.0
# datetime's range in epoch seconds (years 1–9999), with a day's room for the zone's offset.
_LOWEST, _HIGHEST = -62135596800.0 + _DAY, 253402300799.0 - _DAY


def zone_label(name: str, at: float) -> str:
    """What the axis says of its zone: "UTC", "UTC+07:00" or "Asia/Ho_Chi_Minh (UTC+07:00)" at epoch second `at`."""
    if name == UTC_NAME or FIXED_RE.fullmatch(name):
        return name
    offset = round(float(utc_offsets(resolve_zone(name), np.array([at]))[0]) / 60)
    return f"{name} ({fixed_zone_name(offset) if offset else 'UTC+00:00'})"


def _offset(tz: tzinfo, t: float) -> float:
    """The zone's UTC offset in seconds at epoch second `t`."""
    at = datetime.fromtimestamp(min(max(t, _LOWEST), _HIGHEST), tz)
    delta = at.utcoffset()
    return delta.total_seconds() if delta is not None else 0.0


def utc_offsets(tz: tzinfo, t: np.ndarray) -> np.ndarray:
    """The zone's UTC offset in seconds at each epoch second of `t` (array in, array out)."""
    t = np.asarray(t, np.float64)
    fixed = tz.utcoffset(None)  # a fixed offset answers without an instant; ZoneInfo answers None
    if fixed is not None or t.size == 0:
        return np.full(t.shape, fixed.total_seconds() if fixed is not None else 0.0)
    days, inverse = np.unique(np.floor(t / _DAY), return_inverse=True)
    first = np.array([_offset(tz, d * _DAY) for d in days.tolist()])
    last = np.array([_offset(tz, d * _DAY + _DAY - 1) for d in days.tolist()])
    out = first[inverse].reshape(t.shape)
    switched = (first != last)[inverse].reshape(t.shape)
    if switched.any():  # a day with a DST switch: its few events one by one
        out[switched] = [_offset(tz, x) for x in t[switched].tolist()]
    return out


def to_wall(tz: tzinfo, t: np.ndarray | float) -> np.ndarray:
    """Wall-clock seconds of epoch seconds `t` in the zone."""
    t = np.asarray(t, np.float64)
    return t + utc_offsets(tz, t)


def range_side(date: PartialDate, zone: str, *, end: bool) -> float:
    """Where a range given as a date starts (or ends, `end`) in epoch seconds: a date or time written without
    an offset is read on the zone's wall clock ("to 2019-02" ends with February there)."""
    seconds = date.end if end else date.begin
    if date.offset_minutes is not None or zone == UTC_NAME:
        return seconds
    return float(from_wall(resolve_zone(zone), seconds))


def from_wall(tz: tzinfo, w: np.ndarray | float) -> np.ndarray:
    """Epoch seconds of wall-clock seconds `w`: the inverse of `to_wall` (in a DST overlap or gap, one near it)."""
    w = np.asarray(w, np.float64)
    guess = w - utc_offsets(tz, w)
    return w - utc_offsets(tz, guess)


def zoned_columns(cols: Columns, name: str) -> Columns:
    """The columns in wall-clock seconds of zone `name`: timed events moved, dates kept; made once per zone.

    A range's ends each move by the offset at their own instant; a point (a minute, a second)
    moves whole by its start's offset, so a DST switch never stretches or folds it.
    """
    tz = resolve_zone(name)
    if is_utc(tz) or not cols.timed.any():
        return cols
    made: Columns | None = cols.memo.get(("zone", name))
    if made is None:
        found = carried(cols, ("zone", name))
        if found is None:
            made = _zoned(cols, tz)
        else:  # after an edit: the previous revision's wall clock, with the rows it put in moved alone
            edit, before = found
            part = _zoned(rows_of(cols, edit.inserted), tz)
            made = follow(replace(cols, begin=carry(before.begin, edit, part.begin),
                                  finish=carry(before.finish, edit, part.finish),
                                  anchor=carry(before.anchor, edit, part.anchor), memo={}), before, edit)
        cols.memo[("zone", name)] = made
    return made


def _zoned(cols: Columns, tz: tzinfo) -> Columns:
    """`zoned_columns` made anew: each timed event moved by the offset at its instants."""
    idx = np.flatnonzero(cols.timed)
    shift_begin = utc_offsets(tz, cols.begin[idx])
    is_range = cols.is_range[idx]
    shift_finish = shift_begin.copy()
    if is_range.any():
        shift_finish[is_range] = utc_offsets(tz, cols.finish[idx[is_range]])
    begin, finish = cols.begin.copy(), cols.finish.copy()
    begin[idx] += shift_begin
    finish[idx] += shift_finish
    anchor = cols.anchor.copy()
    anchor[idx] = (begin[idx] + finish[idx]) / 2
    return replace(cols, begin=begin, finish=finish, anchor=anchor, memo={})


@dataclass(frozen=True, eq=False)
class ZonedAxis(AxisMap):
    """Epoch seconds ⇄ axis units through a zone's wall clock, then the `wall` map (wall-clock seconds ⇄ units).

    Its knots and breaks are the wall map's, in wall-clock seconds; ticks are found there.
    """

    wall: AxisMap = LINEAR
    tz: tzinfo = UTC

    @classmethod
    def of(cls, wall: AxisMap, tz: tzinfo) -> ZonedAxis:
        """`wall` seen from epoch seconds in zone `tz`."""
        return cls(wall.times, wall.units, wall.slope, wall.breaks, wall=wall, tz=tz)

    def to_axis(self, t: np.ndarray | float) -> np.ndarray:
        """Axis units of epoch seconds `t`."""
        return self.wall.to_axis(t if is_utc(self.tz) else to_wall(self.tz, t))

    def to_time(self, u: np.ndarray | float) -> np.ndarray:
        """Epoch seconds of axis units `u`."""
        w = self.wall.to_time(u)
        return w if is_utc(self.tz) else from_wall(self.tz, w)

    def axis_of(self, t: float) -> float:
        """`to_axis` for one number (the wall map's scalar path after the zone)."""
        return self.wall.axis_of(t if is_utc(self.tz) else float(to_wall(self.tz, t)))

    def time_of(self, u: float) -> float:
        """`to_time` for one number."""
        w = self.wall.time_of(u)
        return w if is_utc(self.tz) else float(from_wall(self.tz, w))

    def break_units(self) -> np.ndarray:
        """(k, 2) axis units of each break's two edges."""
        return self.wall.break_units()


__all__ = [
    "ZonedAxis", "from_wall", "to_wall", "utc_offsets", "zone_label", "zoned_columns",
]
