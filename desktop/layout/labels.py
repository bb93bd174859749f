"""Labels chosen by importance, each whole where it has room and never where it reads as a neighbour's.

A label takes the free room beside its mark (or inside its bar) up to the next glyph or
label of its sub-row; it is shortened only when no side has room for the whole title. It
overlaps no glyph, no other bar and no other label, and keeps NEAR_PX from every other
event's glyph (twice its gap to its own), so it always sits closer to its own mark.
"""

from __future__ import annotations

import math

import numpy as np

from desktop.layout.frame import (
    LABEL_GAP_PX,
    LABEL_HEIGHT_PX,
    MARKER_PX,
    MIN_LABEL_PX,
    NEAR_PX,
    SELECTION_RING_PX,
    Frame,
    Measure,
    Rows,
    View,
    cluster_radius,
)
from desktop.layout.stacking import Slots, base_slots
from desktop.model.columns import Columns

BAR_INSET = 0.22  # a bar fills its sub-row but this share of it at the top and the bottom
BAR_HALF_PX = 11.0  # and is never taller than twice this


def bar_half_px(h_px: np.ndarray | float) -> np.ndarray:
    """Half the drawn height of a bar in a sub-row `h_px` pixels tall."""
    return np.minimum(np.asarray(h_px, float) * (0.5 - BAR_INSET), BAR_HALF_PX)


class _Grids:
    """Per sub-row pixel masks: what a label may not cover, and how many glyphs are near each pixel."""

    def __init__(self, n_slots: int, width: int) -> None:
        self.width = width
        self.glyphs = np.zeros((n_slots, width + 1), bool)  # markers and clusters
        self.bars = np.zeros((n_slots, width + 1), bool)
        self.texts = np.zeros((n_slots, width + 1), bool)
        self.near = np.zeros((n_slots, width + 1), np.int16)  # glyphs within NEAR_PX of the label box

    def span(self, a: float, b: float) -> tuple[int, int]:
        """Whole pixels covering [a, b], clipped to the view (plain Python: called per glyph and label)."""
        w = self.width
        return min(max(math.floor(a), 0), w), min(max(math.ceil(b), 0), w)


def place_labels(
    frame: Frame, cols: Columns, rows: Rows, view: View, measure: Measure,
    match: np.ndarray | None, selected: int | None,
    placed: tuple[np.ndarray, Slots, np.ndarray] | None = None,
) -> None:
    """Greedy, by importance: whole titles where they fit, never over a glyph, a bar or a label.

    `placed` gives the frame's visible events (sorted), their slots from collision stacking
    and the clusters' slots; without it every event sits on its own row.
    """
    drawn = np.concatenate([frame.bar_idx, frame.mark_idx])
    if len(drawn) == 0:
        return
    if placed is None:
        placed = (np.sort(drawn), base_slots(rows, np.sort(drawn)), frame.cluster_row.astype(np.int64))
    visible, slots, cluster_slot = placed
    slot_of = slots.of[np.searchsorted(visible, drawn)]
    grids = _Grids(len(slots.y), int(np.ceil(view.width_px)))
    # Glyph boxes in pixels: x0, x1, centre y, half height, slot, and whether it is a bar.
    mpx = view.px(cols.anchor[frame.mark_idx])
    # The selected marker wears a ring around it: keep labels clear of the ring too.
    reach = MARKER_PX / 2 + np.where(frame.mark_idx == selected, SELECTION_RING_PX, 0.0)
    n_bars = len(frame.bar_idx)
    mark_slot, bar_slot = slot_of[n_bars:], slot_of[:n_bars]
    cpx, rad = view.px(frame.cluster_x), cluster_radius(frame.cluster_count)
    b0, b1 = view.px(cols.begin[frame.bar_idx]), view.px(cols.finish[frame.bar_idx])
    boxes = (
        np.r_[mpx - reach, cpx - rad, b0],
        np.r_[mpx + reach, cpx + rad, b1],
        np.r_[slots.y[mark_slot], slots.y[cluster_slot], slots.y[bar_slot]] * view.row_px,
        np.r_[reach, rad, bar_half_px(slots.h[bar_slot] * view.row_px)],
        np.r_[mark_slot, cluster_slot, bar_slot].astype(np.int64),
        np.r_[np.zeros(len(mpx) + len(cpx), bool), np.ones(n_bars, bool)],
    )
    own_zone = _mark_grids(grids, slots, view, boxes)
    # The zone each drawn event's own glyph adds to `near`, to take out again for its own label.
    own_of = dict(zip(np.r_[frame.mark_idx, frame.bar_idx].tolist(),
                      own_zone[np.r_[np.arange(len(mpx)), len(mpx) + len(cpx) + np.arange(n_bars)]].tolist(),
                      strict=True))

    is_bar = np.arange(len(drawn)) < n_bars
    # Importance: the selection, then search matches, ranges, cited events; earlier first.
    rank = np.zeros(len(drawn))
    rank -= cols.is_range[drawn] * 2 + cols.cited[drawn]
    if match is not None:
        rank -= match[drawn] * 4
    if selected is not None:
        rank -= (drawn == selected) * 8
    order = np.lexsort((cols.begin[drawn], rank))
    candidates, is_bar, slot_of = drawn[order], is_bar[order], slot_of[order]
    widths = np.asarray(measure(candidates), dtype=float)
    # Pixel x of each candidate's anchor and span, in one numpy step each.
    xs = zip(view.px(cols.anchor[candidates]).tolist(), view.px(cols.begin[candidates]).tolist(),
             view.px(cols.finish[candidates]).tolist(), strict=True)
    out_idx, out_dx, out_w = [], [], []
    for i, w, bar, s, x in zip(candidates.tolist(), widths.tolist(), is_bar.tolist(), slot_of.tolist(), xs,
                               strict=True):
        best = _best_place(grids, view, x, w, bar, s, own_of[i], i == selected)
        if best is None:
            continue
        left, width_px = best
        a, b = grids.span(left, left + width_px)
        grids.texts[s, a:b + 1] = True
        out_idx.append(i)
        out_dx.append(left - x[0])
        out_w.append(width_px)
    frame.label_idx = np.array(out_idx, np.int64)
    frame.label_dx = np.array(out_dx, float)
    frame.label_width = np.array(out_w, float)


def _mark_grids(grids: _Grids, slots: Slots, view: View, boxes: tuple[np.ndarray, ...]) -> np.ndarray:
    """Fill the masks from the glyph boxes; returns each glyph's (first, last) near-zone pixel in its own slot."""
    x0, x1, yc, half, slot, bar = boxes
    own = np.zeros((len(x0), 2), np.int64)
    slot_y = slots.y * view.row_px
    # Other slots whose label box comes closer to a glyph than a label's gap to its own mark
    # (rows stacked tight): there too a label would read as the glyph's.
    # Slots sorted by height, two searches per glyph: the pairs, not glyphs × slots.
    order = np.argsort(slot_y, kind="stable")
    ys = slot_y[order]
    span_y = LABEL_HEIGHT_PX / 2 + half + LABEL_GAP_PX + 1
    lo = np.searchsorted(ys, yc - span_y, side="left")
    count = np.searchsorted(ys, yc + span_y, side="right") - lo
    pairs_k = np.repeat(np.arange(len(yc)), count)
    pairs_t = order[lo[pairs_k] + np.arange(len(pairs_k)) - np.repeat(np.cumsum(count) - count, count)]
    gap = np.abs(slot_y[pairs_t] - yc[pairs_k]) - LABEL_HEIGHT_PX / 2 - half[pairs_k]
    reach = np.sqrt(NEAR_PX ** 2 - np.maximum(gap, 0.0) ** 2)
    own_slot = pairs_t == slot[pairs_k]
    dx = np.where(own_slot, NEAR_PX, reach)
    za, zb = _pixels(x0[pairs_k] - dx, grids.width), _pixels(x1[pairs_k] + dx, grids.width, up=True)
    grids.near[:] = _coverage(grids.near.shape, pairs_t, za, zb)
    own[pairs_k[own_slot]] = np.stack([za[own_slot], zb[own_slot]], axis=1)
    a, b = _pixels(x0, grids.width), _pixels(x1, grids.width, up=True)
    grids.glyphs[:] = _coverage(grids.glyphs.shape, slot[~bar], a[~bar], b[~bar]) > 0
    grids.bars[:] = _coverage(grids.bars.shape, slot[bar], a[bar], b[bar]) > 0
    return own


def _pixels(x: np.ndarray, width: int, up: bool = False) -> np.ndarray:
    """Whole pixels (floor, or ceil when `up`) clipped to the view, as `_Grids.span` makes them."""
    return np.clip(np.ceil(x) if up else np.floor(x), 0, width).astype(np.int64)


def _coverage(shape: tuple[int, ...], row: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many of the pixel spans [a, b] (inclusive) of rows `row` cover each cell: one numpy pass, no loop."""
    diff = np.zeros((shape[0], shape[1] + 1), np.int32)
    np.add.at(diff, (row, a), 1)
    np.add.at(diff, (row, b + 1), -1)
    return np.cumsum(diff, axis=1)[:, :shape[1]]


def _best_place(grids: _Grids, view: View, x: tuple[float, float, float], w: float, bar: bool, s: int,
                own: tuple[int, int], is_selected: bool) -> tuple[float, float] | None:
    """(left px, width) of a label `w` wide for an event at pixels x (anchor, begin, finish): the first
    place with room for the whole title, else the roomiest."""
    anchor, left, right = x
    # (edge px, grows rightwards, its own bar's pixels (a label may lie over them), furthest it may reach)
    options: list[tuple[float, bool, tuple[int, int] | None, float]] = []
    if bar:
        inner = max(left, 0.0) + LABEL_GAP_PX
        mine = grids.span(left, right)
        options.append((inner, True, mine, min(right, view.width_px) - LABEL_GAP_PX))  # inside the bar
        options.append((right + LABEL_GAP_PX, True, None, view.width_px))
        options.append((left - LABEL_GAP_PX, False, None, 0.0))
        # Starting inside its bar and running on past its end: still plainly the bar's own.
        options.append((inner, True, mine, view.width_px))
    else:
        clear = MARKER_PX / 2 + LABEL_GAP_PX + (SELECTION_RING_PX if is_selected else 0.0)
        options.append((anchor + clear, True, None, view.width_px))
        options.append((anchor - clear, False, None, 0.0))
    best: tuple[float, float] | None = None
    for edge, rightwards, over, limit in options:
        room = _room(grids, s, own, over, edge, rightwards, min(w, abs(limit - edge)))
        if room >= w:
            return (edge if rightwards else edge - w, w)
        if room >= MIN_LABEL_PX and (best is None or room > best[1]):
            best = (edge if rightwards else edge - room, room)
    return best


def _room(grids: _Grids, s: int, own: tuple[int, int], mine: tuple[int, int] | None, edge: float,
          rightwards: bool, want: float) -> float:
    """Free pixels from `edge` along slot s, up to `want`, before anything drawn, a neighbour's glyph or the edge."""
    last = grids.width
    if want <= 0 or not 0 <= edge <= last:
        return 0.0
    if rightwards:
        a, b = int(np.floor(edge)), min(int(np.ceil(edge + want)), last)
    else:
        a, b = max(int(np.floor(edge - want)), 0), int(np.ceil(edge))
    # Clear of every other event's glyph by NEAR_PX: its own glyph's zone does not count.
    near = grids.near[s, a:b + 1].astype(np.int32)
    lo, hi = max(own[0] - a, 0), min(own[1] - a + 1, b - a + 1)
    if lo < hi:
        near[lo:hi] -= 1
    bars = grids.bars[s, a:b + 1].copy()
    if mine is not None:
        bars[max(mine[0] - a, 0):max(mine[1] - a + 1, 0)] = False  # over its own bar
    blocked = grids.texts[s, a:b + 1] | grids.glyphs[s, a:b + 1] | (near > 0) | bars
    hit = np.flatnonzero(blocked)
    if rightwards:
        # A label cut short by something keeps a small gap before it instead of touching it.
        return float(min(want, (a + hit[0] - 1 - LABEL_GAP_PX / 2 if len(hit) else b) - edge))
    return float(min(want, edge - (a + hit[-1] + 1 + LABEL_GAP_PX / 2 if len(hit) else a)))
