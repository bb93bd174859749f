"""Pure layout: sub-rows, what to draw at a zoom, clusters, and labels that never overlap."""

from __future__ import annotations

import math

import numpy as np

from desktop.layout.carry import carried, carried_running_max, carry
from desktop.layout.density import ROW_CHANGES, DensityGrid, build_grid, cell_counts
from desktop.layout.frame import (
    CLUSTER_PX,
    EXACT_LIMIT,
    GLYPH_BUDGET,
    LABEL_HEIGHT_PX,
    Frame,
    Measure,
    Rows,
    View,
)
from desktop.layout.labels import place_labels
from desktop.layout.stacking import base_slots, set_placed, stack_slots
from desktop.layout.sub_rows import MAX_SUBROWS as MAX_SUBROWS
from desktop.layout.sub_rows import TITLE_SHARE as TITLE_SHARE
from desktop.layout.sub_rows import sub_row_changes, sub_rows
from desktop.model.columns import Columns

MAX_LANE_SETS = 4  # rows kept per timeline, one per set of hidden lanes: memory stays bounded
GAP_BLOCK = 1 << 16  # starts compared at a time when looking for gaps


def stack_rows(cols: Columns, lane_count: int, hidden: frozenset[int] = frozenset()) -> Rows:
    """Give events that overlap in time within a lane, or whose titles would, separate sub-rows (greedy, first fit)."""
    # Kept with the columns, per lane set: the window, its export and the overview ask alike,
    # and the load worker asks first, so the window does not spend the half second a million
    # events take. A worker fills the memo of columns no other thread holds yet.
    kept: dict[frozenset[int], Rows] = cols.memo.setdefault(("rows", lane_count), {})
    hidden = frozenset(hidden)
    rows = kept.get(hidden)
    if rows is None:
        if len(kept) >= MAX_LANE_SETS:
            kept.clear()
        rows = kept[hidden] = _carried_rows(cols, lane_count, hidden) or _shown_rows(cols, sub_rows(cols, lane_count),
                                                                                     hidden)
    return rows


def _shown_rows(cols: Columns, sub_rows: tuple[np.ndarray, np.ndarray], hidden: frozenset[int]) -> Rows:
    """The rows with the `hidden` lanes left out: every row below moves up."""
    sub, used = sub_rows
    n, lane_count = len(sub), len(used)
    lane_rows = np.maximum(used, 1).astype(np.int32)
    shown = np.array([i not in hidden for i in range(lane_count)], dtype=bool)
    lane_rows[~shown] = 0
    lane_top = (np.cumsum(lane_rows) - lane_rows).astype(np.int32)
    lane_top[~shown] = -1
    row = np.where(shown[cols.lane], lane_top[cols.lane] + sub, -1).astype(np.int32) if n else sub
    lane_of_row = np.repeat(np.arange(lane_count, dtype=np.int32), lane_rows)
    return Rows(row=row, lane_top=lane_top, lane_rows=lane_rows, lane_of_row=lane_of_row,
                total=int(lane_rows.sum()))


def _carried_rows(cols: Columns, lane_count: int, hidden: frozenset[int]) -> Rows | None:
    """The previous revision's rows for these lanes, moved by its edit: only events whose sub-row changed are set."""
    found = carried(cols, ("rows", lane_count))
    old_rows = found[1].get(hidden) if found is not None else None
    old_sub = carried(cols, ("sub_rows", lane_count))
    if found is None or old_rows is None or old_sub is None:
        return None
    edit, (sub, used) = found[0], sub_rows(cols, lane_count)
    if not np.array_equal(np.maximum(used, 1), np.maximum(old_sub[1][1], 1)):
        return None  # a lane's height changed: the rows below it move
    changed = sub_row_changes(cols, lane_count)
    if changed is None:  # the sub-rows were made anew: compare (the inserted events never equal -1)
        changed = np.flatnonzero(carry(old_sub[1][0], edit, -1) != sub)
    row = carry(old_rows.row, edit, -1)
    lane = cols.lane[changed]
    row[changed] = np.where(old_rows.lane_top[lane] >= 0, old_rows.lane_top[lane] + sub[changed], -1)
    cols.memo[ROW_CHANGES] = (row, changed)  # for the density grid: only these events' keys move
    return Rows(row=row, lane_top=old_rows.lane_top, lane_rows=old_rows.lane_rows, lane_of_row=old_rows.lane_of_row,
                total=old_rows.total)


def _candidates(cols: Columns, start: float, end: float) -> tuple[int, int]:
    """The slice of events (sorted by begin) that may meet [start, end): two binary searches."""
    # Half-open, as the export's count (layout.captions): an event of 1 March drew its label at the
    # edge of a picture of 28 February, which did not count it.
    hi = int(np.searchsorted(_suffix_min(cols), end, side="left"))
    # A running max of finish finds the first event that can reach `start`.
    lo = int(np.searchsorted(_running_max(cols), start, side="right"))
    return lo, hi


def visible_indices(cols: Columns, rows: Rows, start: float, end: float) -> np.ndarray:
    """Indices of events of shown lanes whose span meets [start, end)."""
    if len(cols.begin) == 0:
        return np.empty(0, np.int64)
    lo, hi = _candidates(cols, start, end)
    idx = np.arange(lo, hi)
    keep = (cols.finish[lo:hi] > start) & (rows.row[lo:hi] >= 0)
    return idx[keep]


def _suffix_min(cols: Columns) -> np.ndarray:
    """The smallest begin from each event on: `begin` itself when sorted, made once per columns.

    A time zone moves timed events by hours and may leave begin out of order by that much;
    the suffix minimum is sorted either way, so the search above still finds every candidate.
    """
    found: np.ndarray | None = cols.memo.get("suffix_min")
    if found is None:
        begin = cols.begin
        ordered = _still_ordered(cols) or len(begin) < 2 or bool((begin[1:] >= begin[:-1]).all())
        found = begin if ordered else np.minimum.accumulate(begin[::-1])[::-1]
        cols.memo["suffix_min"] = found
    return found


def _running_max(cols: Columns) -> np.ndarray:
    """Prefix maximum of `finish`, made once per timeline and kept with its columns."""
    found: np.ndarray | None = cols.memo.get("running_max")
    if found is None:
        found = carried_running_max(cols)
        found = cols.memo["running_max"] = np.maximum.accumulate(cols.finish) if found is None else found
    return found


def _still_ordered(cols: Columns) -> bool:
    """Whether an edit kept `begin` in order: the previous one was, and each inserted row fits where it went."""
    found = carried(cols, "suffix_min")
    if found is None or found[1] is not found[0].previous.begin:
        return False
    begin = cols.begin
    return all(begin[max(q - 1, 0)] <= begin[q] <= begin[min(q + 1, len(begin) - 1)]
               for q in found[0].inserted.tolist())


def compute_frame(
    cols: Columns,
    rows: Rows,
    view: View,
    measure: Measure | None = None,
    match: np.ndarray | None = None,
    selected: int | None = None,
    grid: DensityGrid | None = None,
    match_grid: DensityGrid | None = None,
) -> Frame:
    """Decide bars, markers, clusters and labels for one view of the timeline."""
    frame = Frame()
    if len(cols.begin) == 0:
        return frame
    lo, hi = _candidates(cols, view.start, view.end)
    # Long ranges make the candidate slice loose; count exactly while that stays cheap.
    idx = visible_indices(cols, rows, view.start, view.end) if hi - lo <= 40 * EXACT_LIMIT else None
    if idx is None or len(idx) > EXACT_LIMIT:
        # Too many to look at one by one: counts per cell, from the precomputed grid.
        return _dense_frame(cols, rows, view, match, selected, grid, match_grid)
    frame.visible_count = len(idx)
    if len(idx) == 0:
        return frame
    # Precision drawn honestly: whatever spans CLUSTER_PX or more is drawn over its whole span,
    # ranges and points alike (a day-precise point at deep zoom covers its day, a month its month).
    wide = (cols.finish[idx] - cols.begin[idx]) * view.scale >= CLUSTER_PX
    labelled = measure is not None and view.row_px >= LABEL_HEIGHT_PX
    # Stacking is for titles: rows too thin for labels keep their events on their own rows.
    slots = stack_slots(cols, rows, view, idx, wide, measure) if labelled else base_slots(rows, idx)
    wide[wide] = _apart(cols, view, idx[wide], slots.of[wide])
    frame.bar_idx = idx[wide]
    points, point_slot = idx[~wide], slots.of[~wide]
    if selected is not None and selected in points:
        keep = points != selected
        points, point_slot = points[keep], point_slot[keep]
        forced = np.array([selected], np.int64)
    else:
        forced = np.empty(0, np.int64)
    singles, clusters = _cluster(cols, view, points, point_slot, match)
    frame.mark_idx = np.concatenate([singles, forced])
    (frame.cluster_x, cluster_slot, frame.cluster_count,
     frame.cluster_begin, frame.cluster_finish, frame.cluster_match) = clusters
    frame.cluster_y = slots.y[cluster_slot]
    # The row the cluster's slot lies in: its lane, for colours and hidden-lane checks.
    frame.cluster_row = np.floor(frame.cluster_y).astype(np.int32)
    if len(frame.bar_idx) + len(frame.mark_idx) + len(frame.cluster_x) > GLYPH_BUDGET:
        return _dense_frame(cols, rows, view, match, selected, grid, match_grid)
    set_placed(frame, rows, idx, slots)
    if labelled:
        assert measure is not None
        place_labels(frame, cols, rows, view, measure, match, selected, (idx, slots, cluster_slot))
    return frame


def _dense_frame(
    cols: Columns, rows: Rows, view: View, match: np.ndarray | None, selected: int | None,
    grid: DensityGrid | None, match_grid: DensityGrid | None,
) -> Frame:
    """Counts per CLUSTER_PX cell and row; only the selected event is drawn on its own."""
    frame = Frame(dense=True)
    grid = grid or build_grid(cols, rows.row, rows.total)
    cell_s = CLUSTER_PX / view.scale
    # Cells on a grid fixed in time, not to the view's edge, so panning does not reshuffle counts.
    first = math.floor((view.start - grid.start) / cell_s)
    start = grid.start + first * cell_s
    cells = max(math.ceil((view.end - start) / cell_s), 1)
    counts = cell_counts(grid, start, start + cells * cell_s, cells)
    shown_selected = selected is not None and rows.row[selected] >= 0 and cols.finish[selected] > view.start \
        and cols.begin[selected] < view.end
    if shown_selected:
        _uncount(counts, int(rows.row[selected]), (float(cols.anchor[selected]) - start) / cell_s)
    frame.density, frame.density_start, frame.density_cell_s = counts, start, cell_s
    if match is not None:
        match_grid = match_grid or build_grid(cols, rows.row, rows.total, match)
        frame.density_match = cell_counts(match_grid, start, start + cells * cell_s, cells)
    r, c = np.nonzero(counts)
    frame.cluster_x = start + (c + 0.5) * cell_s
    frame.cluster_row = r.astype(np.int32)
    frame.cluster_count = counts[r, c]
    frame.cluster_begin = start + c * cell_s
    frame.cluster_finish = frame.cluster_begin + cell_s
    frame.cluster_match = frame.density_match[r, c] > 0 if frame.density_match is not None else np.ones(len(r), bool)
    frame.visible_count = int(counts.sum()) + int(shown_selected)
    if shown_selected:
        wide = (cols.finish[selected] - cols.begin[selected]) * view.scale >= CLUSTER_PX
        if wide:
            frame.bar_idx = np.array([selected], np.int64)
        else:
            frame.mark_idx = np.array([selected], np.int64)
    return frame


def _uncount(counts: np.ndarray, row: int, cell: float) -> None:
    """Take the selected event out of its cell's count: it is drawn on its own."""
    c = int(np.clip(math.floor(cell), 0, counts.shape[1] - 1))
    # Bins straddle cell edges, so its count may sit one cell over.
    for k in (c, c - 1, c + 1):
        if 0 <= k < counts.shape[1] and counts[row, k] > 0:
            counts[row, k] -= 1
            return


def _apart(cols: Columns, view: View, bars: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """True for bars that overlap no earlier bar of their slot (sub-row).

    Rows of a lane past MAX_SUBROWS are shared, so bars there can pile up without
    bound; the ones that overlap are drawn as points instead, which cluster.
    """
    if len(bars) == 0:
        return np.ones(0, bool)
    stride = view.width_px + 4.0
    # Pixel x clipped to the view, each slot shifted past the last so one running max serves all.
    shift = slot.astype(float) * stride
    left = np.clip(view.px(cols.begin[bars]), -1.0, view.width_px + 1.0) + shift
    right = np.clip(view.px(cols.finish[bars]), -1.0, view.width_px + 1.0) + shift
    order = np.lexsort((left, slot))  # by slot, then left edge
    reach = np.maximum.accumulate(right[order])
    keep = np.ones(len(bars), bool)
    keep[order[1:]] = left[order[1:]] >= reach[:-1]
    return keep


def _cluster(cols: Columns, view: View, points: np.ndarray, slot: np.ndarray, match: np.ndarray | None):
    """Split point markers into singles and clusters of markers that would collide in their slot."""
    empty = (np.empty(0), np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0),
             np.empty(0, bool))
    if len(points) == 0:
        return points, empty
    px = view.px(cols.anchor[points])
    # Bin by a CLUSTER_PX grid per slot first, so the cost is bounded by pixels, not events.
    key = slot.astype(np.int64) * (int(view.width_px / CLUSTER_PX) + 3) + np.floor(px / CLUSTER_PX).astype(np.int64)
    order = np.argsort(key, kind="stable")
    key, px_sorted, pts, slot_sorted = key[order], px[order], points[order], slot[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    counts = np.diff(np.r_[starts, len(key)])
    centre = np.add.reduceat(px_sorted, starts) / counts
    group_slot = slot_sorted[starts]
    # Neighbouring cells whose centres are still too close merge (single linkage along a slot).
    close = (np.diff(centre) < CLUSTER_PX) & (np.diff(group_slot) == 0)
    cluster_id = np.cumsum(np.r_[True, ~close]) - 1
    n_clusters = int(cluster_id[-1]) + 1
    total = np.bincount(cluster_id, weights=counts, minlength=n_clusters).astype(np.int64)
    member_cluster = np.repeat(cluster_id, counts)
    is_single = total[member_cluster] == 1
    singles = pts[is_single]
    multi = ~is_single
    if not multi.any():
        return singles, empty
    mc, mp = member_cluster[multi], pts[multi]
    ids, first = np.unique(mc, return_index=True)
    sums = np.bincount(mc, weights=px_sorted[multi], minlength=n_clusters)[ids]
    cnt = total[ids]
    x = view.start + (sums / cnt) / view.scale
    begin = np.minimum.reduceat(cols.begin[mp], first)
    finish = np.maximum.reduceat(cols.finish[mp], first)
    matched = np.maximum.reduceat(match[mp], first).astype(bool) if match is not None else np.ones(len(ids), bool)
    return singles, (x, slot_sorted[multi][first].astype(np.int64), cnt, begin, finish, matched)


def gap_clusters(cols: Columns, min_gap_fraction: float = 0.15,
                 min_gap: float = 30 * 86400.0) -> list[tuple[float, float, int]]:
    """Groups of events whose starts are separated by large gaps: (begin, end, count) each."""
    key = ("gap_clusters", min_gap_fraction, min_gap)
    found: list[tuple[float, float, int]] | None = cols.memo.get(key)  # an edit that moves nothing asks again
    if found is None:
        found = cols.memo[key] = _gap_clusters(cols, min_gap_fraction, min_gap)
    return list(found)


def _gap_clusters(cols: Columns, min_gap_fraction: float, min_gap: float) -> list[tuple[float, float, int]]:
    """`gap_clusters` made anew."""
    n = len(cols.begin)
    if n == 0:
        return []
    span = float(cols.finish.max() - cols.begin.min())
    threshold = max(min_gap, span * min_gap_fraction)
    # Starts, not ends: one long range (a "since June 2018") must not bridge every gap. A block at a
    # time: a million-long difference is a fresh 8 MB each time an edit asks.
    begin = cols.begin
    breaks = np.concatenate([np.flatnonzero(np.diff(begin[at:at + GAP_BLOCK + 1]) > threshold) + at + 1
                             for at in range(0, n, GAP_BLOCK)])
    bounds = np.r_[0, breaks, n].astype(np.int64)
    groups = []
    for a, b, nxt in zip(bounds[:-1].tolist(), bounds[1:].tolist(), [*bounds[1:-1].tolist(), None], strict=True):
        finish = cols.finish[a:b]
        limit = float(cols.begin[nxt]) if nxt is not None else np.inf
        # A long range running into the next group ("since June 2018") must not stretch this one.
        inside = finish[finish <= limit] if nxt is not None else finish
        end = float(inside.max()) if len(inside) else min(float(finish.max()), limit)
        groups.append((float(cols.begin[a]), end, b - a))
    return groups
