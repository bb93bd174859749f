"""Calendar-aware UTC ticks for a time axis, chosen so their labels never touch. No Qt here."""

from __future__ import annotations

import calendar
import itertools
import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from desktop.layout.carry import carried, carry, rows_of
from desktop.model.columns import Columns
from desktop.model.dates import from_datetime as to_epoch
from desktop.model.dates import to_datetime

MIN_EPOCH = to_epoch(datetime(1, 1, 1, tzinfo=UTC))
MAX_EPOCH = to_epoch(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))

MIN_GAP_PX = 80.0  # closest two ticks may be; denser axes read as noise
CHAR_PX = 7.0  # estimated width of one label character at the axis font
LABEL_PAD_PX = 16.0  # breathing room between neighbouring labels
MAX_TICKS_PER_PX = 1 / 40  # hard cap on ticks per level, whatever the range
# Without a timed event in view, hour ticks would claim a time of day the dates do not have:
# they appear only once the view is narrower than this, where a day spans the whole axis.
UNTIMED_MIN_SPAN_S = 2 * 86400.0
SUB_DAY = ("second", "minute", "hour")

# Month names are spelled out here because strftime("%b") follows the locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = 86400.0
_MONTH = 30.436875 * _DAY  # mean Gregorian month, only used as a nominal spacing
_YEAR = 365.2425 * _DAY

Levels = list[tuple[float, list[tuple[float, str]]]]


@dataclass(frozen=True)
class _Step:
    """One candidate tick step: `n` calendar `kind`s, never closer than `min_seconds`."""

    kind: str  # "second", "minute", "hour", "day", "month" or "year"
    n: int
    min_seconds: float
    nominal: float


def _step(kind: str, n: int) -> _Step:
    """Build a step, with the shortest real gap its calendar alignment can produce."""
    unit = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": _DAY}
    if kind in unit:
        return _Step(kind, n, n * unit[kind], n * unit[kind])
    if kind == "month":  # 1 → February; 3 and 6 months hold at least one 30-day month
        return _Step(kind, n, {1: 28, 3: 89, 6: 181}[n] * _DAY, n * _MONTH)
    return _Step(kind, n, n * 365 * _DAY, n * _YEAR)


# Finest first; the first one whose labels fit wins.
_STEPS = (
    [_step("second", n) for n in (1, 2, 5, 10, 15, 30)]
    + [_step("minute", n) for n in (1, 5, 10, 15, 30)]
    + [_step("hour", n) for n in (1, 3, 6, 12)]
    + [_step("day", n) for n in (1, 2, 7, 14)]
    + [_step("month", n) for n in (1, 3, 6)]
    + [_step("year", n) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)]
)


@dataclass(frozen=True)
class TimedSpans:
    """The events that have a time of day, ready to ask whether any of them is in a window."""

    begin: np.ndarray  # sorted epoch seconds
    reach: np.ndarray  # running maximum of their finishes, in the same order

    @classmethod
    def of(cls, cols: Columns) -> TimedSpans:
        """Index `cols`' timed events: a start with a time of day, or a begin or finish off a midnight."""
        made: TimedSpans | None = cols.memo.get("timed_spans")  # an edit that moves nothing asks again
        if made is None:
            timed = _timed(cols)
            found, before = carried(cols, "timed_spans"), carried(cols, "timed")
            if found is not None and before is not None and not before[1][found[0].removed].any() \
                    and not timed[found[0].inserted].any():
                made = cols.memo["timed_spans"] = found[1]  # an edit of dates alone: the same timed events
                return made
            begin, finish = cols.begin[timed], cols.finish[timed]
            if len(begin) > 1 and not bool((begin[1:] >= begin[:-1]).all()):  # timeline order is by begin
                order = np.argsort(begin, kind="stable")
                begin, finish = begin[order], finish[order]
            made = cols.memo["timed_spans"] = cls(begin, np.maximum.accumulate(finish) if len(finish) else finish)
        return made

    def any_in(self, start: float, end: float) -> bool:
        """True if a timed event overlaps [start, end]."""
        k = int(np.searchsorted(self.begin, end, side="right"))
        return k > 0 and float(self.reach[k - 1]) >= start


def _timed(cols: Columns) -> np.ndarray:
    """Which events are timed, per `TimedSpans.of`; after an edit, the previous mask with the changed rows."""
    found = carried(cols, "timed")
    if found is None:
        timed = _timed_rows(cols)
    else:
        edit, before = found
        timed = carry(before, edit, _timed_rows(rows_of(cols, edit.inserted)))
    cols.memo["timed"] = timed
    return timed


def _timed_rows(cols: Columns) -> np.ndarray:
    """A start with a time of day, or a begin or finish off a midnight (so a timed event a zone put on one counts)."""
    return cols.timed | (cols.begin % _DAY != 0) | (cols.finish % _DAY != 0)


def label_width(label: str, char_px: float = CHAR_PX) -> float:
    """Pixels a tick label needs, including the gap to its neighbours."""
    return len(label) * char_px + LABEL_PAD_PX


def _major_of(step: _Step) -> _Step:
    """The coarser step that carries the fuller labels for `step`."""
    if step.kind in ("second", "minute", "hour"):
        return _step("day", 1)  # midnights
    if step.kind == "day":
        return _step("month", 1)
    if step.kind == "month":
        return _step("year", 1)
    return _step("year", 10 ** len(str(step.n)))  # 1, 2, 5 → 10; 10, 20, 50 → 100 …


def _values(step: _Step, lo: float, hi: float) -> list[float]:
    """Epoch seconds of every tick of `step` in [lo, hi], snapped to UTC calendar units."""
    if step.kind in ("second", "minute", "hour") or (step.kind == "day" and step.n == 1):
        # Every sub-day step divides a day, and UTC days are uniform, so multiples of
        # the step from the epoch land on midnight, the hour, the minute, …
        size = step.nominal
        ks = range(math.ceil(lo / size), math.floor(hi / size) + 1)
        # lo / size can round (or underflow) past lo: keep the range exact.
        return [k * size for k in ks if lo <= k * size <= hi]
    first = to_datetime(lo)
    out: list[float] = []
    if step.kind == "day":
        # Days 1, 1+n, … within each month, dropping a last one closer than n/2 to the
        # next 1st, so gaps never shrink below n days (n = 14 gives the 1st and 15th).
        year, month = first.year, first.month
        while year <= 9999:
            last = calendar.monthrange(year, month)[1] - step.n // 2
            for day in range(1, last + 1, step.n):
                value = to_epoch(datetime(year, month, day, tzinfo=UTC))
                if value > hi:
                    return out
                if value >= lo:
                    out.append(value)
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return out
    # Months and years share one index (year * 12 + month), so both snap to the 1st.
    months = step.n * (12 if step.kind == "year" else 1)
    index = (first.year * 12 + first.month - 1) // months * months
    while (year := index // 12) <= 9999:
        if year >= 1:  # there is no year 0
            value = to_epoch(datetime(year, index % 12 + 1, 1, tzinfo=UTC))
            if value > hi:
                break
            if value >= lo:
                out.append(value)
        index += months
    return out


def _date(moment: datetime) -> str:
    """`28 Feb 2019`."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _minor_label(kind: str, moment: datetime) -> str:
    """Short label of a minor tick: `23:40`, `27 Feb`, `Jun` or `2018`."""
    if kind == "second":
        return f"{moment:%H:%M:%S}"
    if kind in ("minute", "hour"):
        return f"{moment:%H:%M}"
    if kind == "day":
        return f"{moment.day} {MONTHS[moment.month - 1]}"
    if kind == "month":
        return MONTHS[moment.month - 1]
    return str(moment.year)


def _major_label(kind: str, moment: datetime) -> str:
    """Full label of a major tick for minor steps of `kind`: `28 Feb 2019`, `Mar 2019`, `2019`."""
    if kind in ("second", "minute", "hour"):
        return _date(moment)
    if kind == "day":
        return f"{MONTHS[moment.month - 1]} {moment.year}"
    return str(moment.year)


def _context_label(kind: str, moment: datetime) -> str | None:
    """Self-contained label for a minor tick when no major tick is in view."""
    if kind in ("second", "minute", "hour"):
        return f"{_date(moment)} {_minor_label(kind, moment)}"
    if kind == "day":
        return _date(moment)
    if kind == "month":
        return f"{MONTHS[moment.month - 1]} {moment.year}"
    return None  # a year label is already self-contained


def tick_label(epoch: float, spacing: float) -> str:
    """Label for a tick at `epoch` on a level spaced `spacing` seconds apart."""
    floors = (("year", 365 * _DAY), ("month", 28 * _DAY), ("day", _DAY), ("minute", 60.0))
    kind = next((kind for kind, floor in floors if spacing >= floor), "second")
    return _minor_label(kind, to_datetime(epoch))


def _fits(ticks: list[tuple[float, str]], px_per_s: float, char_px: float) -> bool:
    """True if no two neighbouring labels in the sorted `ticks` overlap."""
    labelled = [(v, label) for v, label in ticks if label]
    return all(
        (b - a) * px_per_s + 1e-6 >= (label_width(la, char_px) + label_width(lb, char_px)) / 2
        for (a, la), (b, lb) in itertools.pairwise(labelled)
    )


def date_ticks(start: float, end: float, width_px: float, char_px: float = CHAR_PX, timed: bool = True) -> Levels:
    """Major and minor UTC calendar ticks `[(spacing, [(epoch, label), …]), …]` for a range.

    With `timed` False (no event in view has a time of day), hours, minutes and seconds
    are left out unless the range is too short for day ticks to say anything.
    """
    # Empty, reversed or non-finite ranges get no ticks rather than a guess.
    if not all(map(math.isfinite, (start, end, width_px, char_px))) or width_px <= 0:
        return []
    lo, hi = max(start, MIN_EPOCH), min(end, MAX_EPOCH)
    if hi <= lo:
        return []
    px_per_s = width_px / (hi - lo)
    budget = max(1, int(width_px * MAX_TICKS_PER_PX))
    for step in _STEPS:
        # Checked before generating anything: keeps huge ranges cheap, and makes the
        # choice hinge on the zoom rather than on where the range happens to sit.
        if step.min_seconds * px_per_s < MIN_GAP_PX:
            continue
        if not timed and step.kind in SUB_DAY and hi - lo >= UNTIMED_MIN_SPAN_S:
            continue
        major_step = _major_of(step)
        majors = [(v, _major_label(step.kind, to_datetime(v))) for v in _values(major_step, lo, hi)]
        taken = {v for v, _ in majors}
        minors = [
            (v, _minor_label(step.kind, to_datetime(v)))
            for v in _values(step, lo, hi)
            if v not in taken  # a position belongs to one level only
        ]
        if len(minors) > budget or len(majors) > budget:
            continue
        if not _fits(sorted(majors + minors), px_per_s, char_px):
            continue
        majors, minors = _add_context(step.kind, majors, minors, (lo, width_px, px_per_s), char_px)
        return [(major_step.nominal, majors), (step.nominal, minors)]
    return []


def _add_context(
    kind: str,
    majors: list[tuple[float, str]],
    minors: list[tuple[float, str]],
    geometry: tuple[float, float, float],
    char_px: float,
) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """Make the first visible label carry its context: the year, or the date on a time.

    A major label is self-contained; when a minor one (`Jul`, `06:00`) comes first, the
    first minor that has room for it gets the full label (`Jul 2018`, `27 Feb 2019 06:00`),
    and minor labels left of it are dropped so that nothing without context leads.
    """
    lo, width_px, px_per_s = geometry

    def visible(value: float, label: str) -> bool:
        x, half = (value - lo) * px_per_s, label_width(label, char_px) / 2
        return x - half >= 0 and x + half <= width_px

    first_major = min((v for v, label in majors if label and visible(v, label)), default=math.inf)
    for value, label in minors:
        if value > first_major:
            # A major label names its year or day; minors before it had no room for theirs.
            return majors, [(v, label if v > first_major else "") for v, label in minors]
        if not label or not visible(value, label):
            continue
        context = _context_label(kind, to_datetime(value))
        if context is None:
            return majors, minors  # a year label is already self-contained
        if visible(value, context):
            break
    else:
        return majors, minors

    def clear(v: float, label: str, minor: bool) -> bool:
        # Minor labels left of the context one are dropped (they lack it); majors there are
        # past the edge and never drawn, but stay named.
        return (v > value or not minor) and _fits(sorted([(v, label), (value, context)]), px_per_s, char_px)

    def relabel(ticks: list[tuple[float, str]], minor: bool) -> list[tuple[float, str]]:
        # A neighbour keeps its tick line but loses its label where the longer context
        # label needs the room, so the step still depends on the zoom alone.
        return [(v, context if v == value else label if clear(v, label, minor) else "") for v, label in ticks]

    return relabel(majors, False), relabel(minors, True)
