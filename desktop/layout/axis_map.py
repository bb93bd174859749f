"""A time axis that can shrink long empty stretches into narrow breaks: a piecewise-linear map. No Qt here.

Axis units are what the plot's x coordinate measures. In linear mode they are epoch seconds.
In compressed mode the map goes through knots: every long empty stretch (a *break*) becomes
a fixed narrow width, and the stretches between breaks share the rest of the axis. Inside a
stretch the map is linear, so an event's drawn extent keeps its proportions there.

The rules, in one place:
- What fills time: an event's span, unless it is a range longer than GAP_SHARE of the whole
  span; such a long range (a "since June 2018" range, a two-year sanction) fills only its two
  ends, so it does not hide the gaps it crosses; its bar is
  drawn across the breaks.
- A break: a stretch longer than GAP_SHARE of the whole span that nothing fills. Sorting the
  filled intervals and a running maximum of their ends finds them in O(n log n).
- Room: each break gets BREAK_SHARE of the axis (all together at most MAX_BREAKS_SHARE); each
  stretch gets room in proportion to sqrt(its duration × the events in it), so a stretch that
  lasts long and one where much happens both get room, and a month around one event does
  not crowd out the three days that hold fifteen.
- Scale: the roomiest stretch keeps one axis unit per second (so zoom limits in seconds
  still mean seconds there); the others are shrunk. Axis unit u(first event) is its epoch second.
- Automatic mode: compressed when the breaks cover more than DOMINANT_SHARE of the span.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

import numpy as np

from desktop.model.columns import Columns

AxisMode = Literal["linear", "compressed"]
AXIS_MODES: tuple[AxisMode, ...] = ("linear", "compressed")
GAP_SHARE = 0.05  # an empty stretch (or a span) longer than this share of the whole span is "long"
BREAK_SHARE = 0.045  # a break's share of the compressed axis
MAX_BREAKS_SHARE = 0.3  # all breaks together never take more of the axis
DOMINANT_SHARE = 0.5  # the automatic rule: compress when breaks cover more than this share of the span


@dataclass(frozen=True, eq=False)
class AxisMap:
    """Epoch seconds ⇄ axis units through strictly increasing knots; linear outside them."""

    times: np.ndarray  # knots, epoch seconds
    units: np.ndarray  # the same knots, axis units
    slope: float  # axis units per second before the first knot and after the last
    breaks: np.ndarray  # (k, 2) epoch seconds: each break's empty stretch [from, to]

    @property
    def linear(self) -> bool:
        """True for the identity map (no breaks)."""
        return len(self.breaks) == 0

    def to_axis(self, t: np.ndarray | float) -> np.ndarray:
        """Axis units of epoch seconds `t` (array in, array out)."""
        return _through(np.asarray(t, np.float64), self.times, self.units, self.slope, self.linear)

    def to_time(self, u: np.ndarray | float) -> np.ndarray:
        """Epoch seconds of axis units `u`: the inverse of `to_axis`."""
        return _through(np.asarray(u, np.float64), self.units, self.times, 1.0 / self.slope, self.linear)

    def axis_of(self, t: float) -> float:
        """`to_axis` for one number."""
        # Ticks and hit tests ask for single numbers dozens of times a frame: a bisect on
        # plain floats costs a microsecond where numpy's array set-up costs tens.
        return float(t) if self.linear else _one(float(t), *self._knots, self.slope)

    def time_of(self, u: float) -> float:
        """`to_time` for one number."""
        return float(u) if self.linear else _one(float(u), *self._knots[::-1], 1.0 / self.slope)

    @cached_property
    def _knots(self) -> tuple[list[float], list[float]]:
        return self.times.tolist(), self.units.tolist()

    def break_units(self) -> np.ndarray:
        """(k, 2) axis units of each break's two edges."""
        return self._break_units

    @cached_property
    def _break_units(self) -> np.ndarray:
        # Asked for several times a frame (ticks, axis marks, bands); the map never changes.
        units = self.to_axis(self.breaks) if len(self.breaks) else np.empty((0, 2))
        units.flags.writeable = False  # shared by every caller
        return units

    def stretches(self, u0: float, u1: float) -> list[tuple[float, float]]:
        """The linear parts of [u0, u1] (axis units) outside every break, in order.

        Before the first knot and after the last the slope differs from the stretch next to
        them, so those are parts of their own.
        """
        if self.linear:
            return [(u0, u1)] if u1 > u0 else []
        cuts = [(float(self.units[0]), float(self.units[0])), *self.break_units().tolist(),
                (float(self.units[-1]), float(self.units[-1]))]
        out, at = [], u0
        for a, b in cuts:
            if b < at or a >= u1:
                continue
            if a > at:
                out.append((at, a))
            at = max(at, b)
        if at < u1:
            out.append((at, u1))
        return out


def _one(x: float, xp: list[float], fp: list[float], slope: float) -> float:
    """`_through` for one number, on the knots as plain lists."""
    if x < xp[0]:
        return fp[0] + (x - xp[0]) * slope
    if x > xp[-1]:
        return fp[-1] + (x - xp[-1]) * slope
    i = min(bisect_right(xp, x), len(xp) - 1)
    x0, x1, f0, f1 = xp[i - 1], xp[i], fp[i - 1], fp[i]
    return f1 if x1 <= x0 else f0 + (x - x0) * (f1 - f0) / (x1 - x0)


def _through(x: np.ndarray, xp: np.ndarray, fp: np.ndarray, slope: float, identity: bool) -> np.ndarray:
    """Piecewise-linear interpolation through (xp, fp), extended with `slope` past both ends."""
    if identity:
        return x
    inside = np.interp(x, xp, fp)
    before = fp[0] + (x - xp[0]) * slope
    after = fp[-1] + (x - xp[-1]) * slope
    return np.where(x < xp[0], before, np.where(x > xp[-1], after, inside))


LINEAR = AxisMap(np.array([0.0, 1.0]), np.array([0.0, 1.0]), 1.0, np.empty((0, 2)))


def _filled(cols: Columns, limit: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Intervals that fill time, sorted by start: (start, end, weight); see the module's rules."""
    # A point's band (its day, month or year) is when it happened, however long: it always fills.
    long = ((cols.finish - cols.begin) > limit) & cols.is_range
    short = ~long
    starts = np.concatenate([cols.begin[short], cols.begin[long], cols.finish[long]])
    ends = np.concatenate([cols.finish[short], cols.begin[long], cols.finish[long]])
    # A long range counts as one event, half at each end.
    half = np.full(int(long.sum()), 0.5)
    weights = np.concatenate([np.ones(int(short.sum())), half, half])
    # Begin is sorted already and nothing is long in most large files: a stable sort is then cheap.
    order = np.argsort(starts, kind="stable")
    return starts[order], ends[order], weights[order]


def find_breaks(cols: Columns) -> np.ndarray:
    """(k, 2) epoch seconds of the empty stretches longer than GAP_SHARE of the span."""
    if len(cols.begin) == 0:
        return np.empty((0, 2))
    lo, hi = float(cols.begin.min()), float(cols.finish.max())
    limit = GAP_SHARE * (hi - lo)
    if limit <= 0:
        return np.empty((0, 2))
    begin, finish = cols.begin, cols.finish
    if bool(((finish - begin) <= limit).all()) and bool((begin[1:] >= begin[:-1]).all()):
        # Nothing long and already in order (most large files, and every edit of one): the filled
        # intervals are the events as they are, without the copies and the sort (0.1 s at 1M).
        starts, ends = begin, finish
    else:
        starts, ends, _ = _filled(cols, limit)
    reach = np.maximum.accumulate(ends)
    k = np.flatnonzero(starts[1:] - reach[:-1] > limit)
    return np.column_stack([reach[k], starts[k + 1]]) if len(k) else np.empty((0, 2))


def auto_mode(cols: Columns) -> AxisMode:
    """The automatic rule: "compressed" when breaks cover more than DOMINANT_SHARE of the span (once per columns)."""
    found: AxisMode | None = cols.memo.get("auto_mode")
    if found is None:
        breaks = find_breaks(cols)
        span = float(cols.finish.max() - cols.begin.min()) if len(breaks) else 0.0
        gaps = float((breaks[:, 1] - breaks[:, 0]).sum()) if len(breaks) else 0.0
        found = "compressed" if len(breaks) and gaps > DOMINANT_SHARE * span else "linear"
        cols.memo["auto_mode"] = found
    return found


def build_map(cols: Columns, breaks: np.ndarray | None = None) -> AxisMap:
    """The compressed map of these columns (LINEAR when nothing is worth compressing).

    `breaks` ((k, 2) epoch seconds, sorted, apart) replaces the breaks found: benchmarks use it
    to compress a file whose events leave no gap.
    """
    breaks = find_breaks(cols) if breaks is None else np.asarray(breaks, np.float64).reshape(-1, 2)
    if len(breaks) == 0:
        return LINEAR
    lo, hi = float(cols.begin.min()), float(cols.finish.max())
    starts, _, weights = _filled(cols, GAP_SHARE * (hi - lo))
    first = np.r_[lo, breaks[:, 1]]  # each stretch's start and end
    last = np.r_[breaks[:, 0], hi]
    duration = last - first
    stretch = np.searchsorted(breaks[:, 1], starts, side="right")
    count = np.bincount(stretch, weights=weights, minlength=len(first))
    weight = np.sqrt(duration * np.maximum(count, 0.5))  # a stretch always holds at least an end
    if weight.sum() <= 0:
        return LINEAR  # only instants between the breaks: nothing has room to give
    share = min(BREAK_SHARE, MAX_BREAKS_SHARE / len(breaks))
    room = weight / weight.sum() * (1.0 - share * len(breaks))  # shares of the axis
    has_room = duration > 0
    units_per_share = 1.0 / float(np.max(room[has_room] / duration[has_room]))  # roomiest stretch: 1 unit/s
    room, gap = room * units_per_share, share * units_per_share
    times, units, at = [], [], lo
    for j in range(len(first)):
        if j:
            at += gap
        times.append(first[j])
        units.append(at)
        if duration[j] > 0:
            at += room[j]
            times.append(last[j])
            units.append(at)
    t, u = np.array(times), np.array(units)
    return AxisMap(t, u, (u[-1] - u[0]) / (hi - lo), breaks)


def axis_columns(cols: Columns, mode: AxisMode, breaks: np.ndarray | None = None) -> tuple[AxisMap, Columns]:
    """The map for `mode` and the columns in axis units, made once per timeline and mode.

    `breaks` (see `build_map`) makes this mode's map anew from them, and keeps it.

    Layout and drawing take the mapped columns and need no other change. Ranges keep their
    anchor at their drawn middle; points keep theirs mapped (inside a stretch both agree).
    """
    if mode == "linear":
        return LINEAR, cols
    made: tuple[AxisMap, Columns] | None = cols.memo.get(("axis", mode))
    if made is None or breaks is not None:
        axis = build_map(cols, breaks)
        if axis.linear:
            made = (axis, cols)
        else:
            begin, finish = axis.to_axis(cols.begin), axis.to_axis(cols.finish)
            anchor = np.where(cols.is_range, (begin + finish) / 2, axis.to_axis(cols.anchor))
            made = (axis, replace(cols, begin=begin, finish=finish, anchor=anchor, memo={}))
        cols.memo[("axis", mode)] = made
    return made


__all__ = ["AXIS_MODES", "LINEAR", "AxisMap", "AxisMode", "auto_mode", "axis_columns", "build_map", "find_breaks"]
