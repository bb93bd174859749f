"""Collision stacking: a lane whose marks or labels collide at this zoom spreads them over more sub-rows.

Rows from `stack_rows` only part events that overlap in time. At a zoom, marks a few pixels
apart and the titles beside them collide as well; when the lane is tall enough on screen,
its visible events are re-packed by their footprint in pixels (mark and title) into as many
sub-rows ("slots") as its height holds, before anything is clustered or labelled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.layout.frame import (
    LABEL_GAP_PX,
    MARKER_PX,
    MIN_LABEL_PX,
    NEAR_PX,
    STACK_ROW_PX,
    Frame,
    Measure,
    Rows,
    View,
)
from desktop.model.columns import Columns

MAX_SLOTS = 32  # per lane: past that, more rows only make thinner ones
# A lane with more visible events than this clusters them anyway: not worth a Python pass per event.
MAX_STACKED = 600


@dataclass(frozen=True)
class Slots:
    """Where the visible events sit on screen: a slot (sub-row) per event, and each slot's place."""

    of: np.ndarray  # slot id per visible event (aligned with the frame's visible indices)
    y: np.ndarray  # per slot id: centre in row units
    h: np.ndarray  # per slot id: height in row units

    def moved(self, rows: Rows, idx: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """True for events whose slot is not their own row."""
        return slot != rows.row[idx]


def base_slots(rows: Rows, visible: np.ndarray) -> Slots:
    """One slot per row: every event on its own row."""
    total = max(rows.total, 1)
    return Slots(rows.row[visible].astype(np.int64), np.arange(total) + 0.5, np.ones(total))


def footprints(cols: Columns, view: View, idx: np.ndarray, wide: np.ndarray,
               measure: Measure | None) -> tuple[np.ndarray, np.ndarray]:
    """Pixel extent each event wants in its row: its glyph and a title beside it (or inside its bar)."""
    w = np.zeros(len(idx)) if measure is None else np.minimum(np.asarray(measure(idx), float), view.width_px / 3)
    half = MARKER_PX / 2
    x = view.px(cols.anchor[idx])
    x0, x1 = x - half, x + half + LABEL_GAP_PX + w
    if wide.any():
        b0 = view.px(cols.begin[idx[wide]])
        b1 = view.px(cols.finish[idx[wide]])
        room = np.minimum(b1, view.width_px) - np.maximum(b0, 0.0)
        inside = room >= w[wide] + 2 * LABEL_GAP_PX
        x0[wide] = b0
        x1[wide] = np.where(inside, b1, b1 + LABEL_GAP_PX + w[wide])
    # Half the keep-away distance on each side: a title whose footprint touches the next one's
    # ends NEAR_PX (and the small gap a label keeps) before the next glyph.
    return x0 - NEAR_PX / 2, x1 + NEAR_PX / 2 + LABEL_GAP_PX


def stack_slots(cols: Columns, rows: Rows, view: View, idx: np.ndarray, wide: np.ndarray,
                measure: Measure | None) -> Slots:
    """Slots for the visible events `idx` (`wide`: drawn as bars): lanes that collide and have room are re-packed."""
    slots = base_slots(rows, idx)
    if len(idx) == 0 or view.row_px <= 0:
        return slots
    x0, x1 = footprints(cols, view, idx, wide, measure)
    m0, m1 = footprints(cols, view, idx, wide, None)  # the glyph alone, for events left without a title
    lanes = cols.lane[idx]
    # Slots the lane's height holds on screen, never fewer than its rows.
    room = np.floor(rows.lane_rows * view.row_px / STACK_ROW_PX).astype(np.int64)
    held = np.maximum(np.minimum(room, MAX_SLOTS), rows.lane_rows)
    colliding = _colliding_lanes(slots.of, lanes, x0, x1, view.width_px)
    extra_y: list[float] = []
    extra_h: list[float] = []
    of = slots.of.copy()
    next_id = len(slots.y)
    for lane in colliding.tolist():
        members = np.flatnonzero(lanes == lane)
        # Past what its slots could ever title (each title MIN_LABEL_PX at least), they cluster anyway.
        if len(members) > min(MAX_STACKED, 2 * held[lane] * view.width_px / (MIN_LABEL_PX + MARKER_PX + NEAR_PX)):
            continue
        order = members[np.argsort(x0[members], kind="stable")]
        slot_of, used = _pack(x0[order].tolist(), x1[order].tolist(), m0[order].tolist(), m1[order].tolist(),
                              int(held[lane]))
        top, base = int(rows.lane_top[lane]), int(rows.lane_rows[lane])
        if used <= base:
            of[order] = top + np.asarray(slot_of)  # the lane's own rows are enough
            continue
        of[order] = next_id + np.asarray(slot_of)
        extra_y += [top + (j + 0.5) * base / used for j in range(used)]
        extra_h += [base / used] * used
        next_id += used
    if not extra_y:
        return Slots(of, slots.y, slots.h)
    return Slots(of, np.r_[slots.y, extra_y], np.r_[slots.h, extra_h])


def _colliding_lanes(slot: np.ndarray, lanes: np.ndarray, x0: np.ndarray, x1: np.ndarray,
                     width: float) -> np.ndarray:
    """Lanes in which two footprints of one row overlap (within the view)."""
    a, b = np.clip(x0, -1.0, width + 1.0), np.clip(x1, -1.0, width + 1.0)
    order = np.lexsort((a, slot))
    # Each row shifted past the last, so one running maximum serves all rows.
    shift = slot[order].astype(float) * (width + 4.0)
    start, reach = a[order] + shift, np.maximum.accumulate(b[order] + shift)
    hit = np.flatnonzero(start[1:] < reach[:-1]) + 1
    return np.unique(lanes[order[hit]])


def _pack(x0: list[float], x1: list[float], mark0: list[float], mark1: list[float],
          limit: int) -> tuple[list[int], int]:
    """Slots for footprints sorted by left edge, at most `limit`: each whole footprint takes the first
    slot free at its start; those with no room left keep only their glyph's extent (`mark0`, `mark1`)
    and go where that overlaps the least, so the titles already given room stay whole."""
    ends: list[float] = []  # right end of each slot's last whole footprint
    out = [0] * len(x0)
    left_over: list[int] = []
    for k, (a, b) in enumerate(zip(x0, x1, strict=True)):
        j = next((j for j, end in enumerate(ends) if end <= a), -1)
        if j < 0 and len(ends) < limit:
            j = len(ends)
            ends.append(b)
        if j < 0:
            left_over.append(k)
            continue
        ends[j] = b
        out[k] = j
    if left_over:
        whole = np.ones(len(x0), bool)
        whole[left_over] = False
        cost = _cover_cost(np.asarray(out)[whole], np.asarray(x0)[whole], np.asarray(mark1)[whole],
                           np.asarray(x1)[whole], np.asarray(mark0)[left_over], np.asarray(mark1)[left_over],
                           len(ends))
        for k, j in zip(left_over, np.argmin(cost, axis=0).tolist(), strict=True):
            out[k] = j
    return out, len(ends)


def _cover_cost(slot: np.ndarray, left: np.ndarray, glyph: np.ndarray, end: np.ndarray, a: np.ndarray,
                b: np.ndarray, slots: int) -> np.ndarray:
    """slots × len(a): what a glyph over [a, b] spoils in each slot of footprints (left, glyph's end,
    title's end), which do not overlap within a slot: over a glyph it joins a cluster; over a title
    it cuts that title short, far worse."""
    cost = np.zeros((slots, len(a)))
    if len(left) == 0:
        return cost
    # Each slot shifted past the last, so one sorted array and one search serve all slots.
    origin = float(min(left.min(), a.min()))
    stride = float(max(end.max(), b.max())) - origin + 1.0
    key = slot * stride + (left - origin)
    order = np.argsort(key, kind="stable")
    key, slot, left, glyph, end = key[order], slot[order], left[order], glyph[order], end[order]
    want = np.arange(slots)[:, None]
    first = np.searchsorted(key, want * stride + (a[None, :] - origin), side="right") - 1
    # A glyph's extent is narrower than any whole footprint: it meets at most three of them.
    for step in range(3):
        k = first + step
        inside = (k >= 0) & (k < len(key))
        k = np.clip(k, 0, len(key) - 1)
        meets = inside & (slot[k] == want)
        on_glyph = np.maximum(0.0, np.minimum(b, glyph[k]) - np.maximum(a, left[k]))
        on_title = np.maximum(0.0, np.minimum(b, end[k]) - np.maximum(a, glyph[k]))
        cost += np.where(meets, on_glyph + 10 * on_title, 0.0)
    return cost


def set_placed(frame: Frame, rows: Rows, idx: np.ndarray, slots: Slots) -> None:
    """Record in the frame where its bars and markers sit when stacking moved them off their row."""
    drawn = np.concatenate([frame.bar_idx, frame.mark_idx])
    slot = slots.of[np.searchsorted(idx, drawn)]
    moved = slots.moved(rows, drawn, slot)
    order = np.argsort(drawn[moved])
    frame.placed_idx = drawn[moved][order]
    frame.placed_y = slots.y[slot[moved][order]]
    frame.placed_h = slots.h[slot[moved][order]]
