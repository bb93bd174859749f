"""Ticks for a compressed time axis: calendar ticks per stretch, and the dates on both sides of each break.

No Qt here. Values are axis units (see `axis_map`); each label says which way it hugs its tick,
so the two dates at a break's edges sit outside the break instead of on top of each other.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop.layout.axis_map import AxisMap
from desktop.layout.time_axis import CHAR_PX, LABEL_PAD_PX, MONTHS, date_ticks, label_width
from desktop.model.dates import to_datetime

CENTRED, BEFORE, AFTER = 0, -1, 1  # where a label sits: centred on its tick, ending at it, starting at it
EDGE_GAP_PX = 4.0  # between a break's edge and the date hugging it
MARK_PX = 4.0  # half the width of a break's mark on the axis
MIN_PIECE_PX = 20.0  # a stretch narrower than this on screen gets no calendar ticks of its own

# (axis units, label, side) per tick, in levels of priority: break edges, majors, minors.
Tick = tuple[float, str, int]


def edge_label(epoch: float) -> str:
    """`27 Feb 2019`, with the time of day when the edge is not a midnight (`28 Feb 2019 14:00`)."""
    moment = to_datetime(epoch)
    date = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return date if (moment.hour, moment.minute) == (0, 0) else f"{date} {moment:%H:%M}"


def compressed_ticks(
    axis: AxisMap, u0: float, u1: float, width_px: float, char_px: float = CHAR_PX,
    timed: Callable[[float, float], bool] | None = None,
) -> list[tuple[float, list[Tick]]]:
    """Tick levels `[(spacing, [(unit, label, side), …]), …]` for axis units [u0, u1] over `width_px`.

    Each stretch between breaks gets the calendar ticks its own width allows; every break
    in view gets the date on each side; labels that would touch are left out, lowest
    priority first. `timed(start, end)` says whether events with a time of day are there.
    """
    if not width_px > 0 or not u1 > u0:
        return []
    px = width_px / (u1 - u0)
    edges: list[Tick] = []
    for a, b in axis.break_units().tolist():
        if u0 <= a <= u1:
            edges.append((a, edge_label(axis.time_of(a)), BEFORE))
        if u0 <= b <= u1:
            edges.append((b, edge_label(axis.time_of(b)), AFTER))
    # A stretch of no length between two breaks is one date: one label, centred, and it
    # yields to the dates at the edges of stretches that have room (where events are read).
    merged: list[Tick] = []
    for tick in edges:
        if merged and abs(merged[-1][0] - tick[0]) * px < 1 and merged[-1][1] == tick[1]:
            merged[-1] = (tick[0], tick[1], CENTRED)
        else:
            merged.append(tick)
    levels: list[tuple[float, list[Tick]]] = [(0.0, [t for t in merged if t[2] != CENTRED]),
                                              (0.0, [t for t in merged if t[2] == CENTRED])]
    for a, b in axis.stretches(u0, u1):
        if (b - a) * px < MIN_PIECE_PX:
            continue  # no room for a label of its own: its edges' dates say enough
        t0, t1 = axis.time_of(a), axis.time_of(b)
        per_s = (b - a) / (t1 - t0) if t1 > t0 else 0.0
        has_time = timed is None or timed(t0, t1)
        for k, (spacing, ticks) in enumerate(date_ticks(t0, t1, (b - a) * px, char_px, timed=has_time)):
            while len(levels) <= k + 2:
                levels.append((spacing, []))
            # Linear inside a piece: plain arithmetic, not a numpy call per tick.
            levels[k + 2][1].extend((a + (t - t0) * per_s, label, CENTRED) for t, label in ticks if label)
    # The double slash drawn in each break's middle is not to be written over.
    marks = [((a + b) / 2 - u0) * px for a, b in axis.break_units().tolist()]
    return _uncrowded(levels, u0, px, width_px, char_px, [(x - MARK_PX, x + MARK_PX) for x in marks])


def _uncrowded(levels: list[tuple[float, list[Tick]]], u0: float, px: float, width_px: float,
               char_px: float, taken: list[tuple[float, float]]) -> list[tuple[float, list[Tick]]]:
    """Keep ticks in priority order while their labels stay on the axis and touch nothing `taken` or kept."""
    out = []
    for spacing, ticks in levels:
        kept = []
        for u, label, side in ticks:
            x, w = (u - u0) * px, label_width(label, char_px)
            text = w - LABEL_PAD_PX  # the room includes half a pad on each side
            if side == CENTRED:
                left, right = x - w / 2, x + w / 2
            elif side == BEFORE:
                left, right = x - EDGE_GAP_PX - text - LABEL_PAD_PX / 2, x
            else:
                left, right = x, x + EDGE_GAP_PX + text + LABEL_PAD_PX / 2
            # pyqtgraph would clip a label that leaves the axis: leave it out instead.
            if left + LABEL_PAD_PX / 2 < 0 or right - LABEL_PAD_PX / 2 > width_px:
                continue
            if any(left < b and a < right for a, b in taken):
                continue
            taken.append((left, right))
            kept.append((u, label, side))
        out.append((spacing, kept))
    return [level for level in out if level[1]]


__all__ = ["AFTER", "BEFORE", "CENTRED", "compressed_ticks", "edge_label"]
