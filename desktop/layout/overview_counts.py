"""Events in progress per lane and time bin, counted over each event's whole span. No Qt here."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from desktop.layout.carry import carried, rows_of
from desktop.model.columns import Columns


def span_counts(cols: Columns, n_lanes: int, edges: np.ndarray, hidden: Collection[int] = ()) -> np.ndarray:
    """Events per (lane, bin) whose [begin, finish) overlaps the bin; lanes in `hidden` count 0.

    `edges` are the bins' epoch-second edges (bins + 1, increasing). A range spanning
    many bins counts once in each; a point counts in the bin (or bins) of its date.
    """
    # The last answer is kept with the columns: an edit that moves nothing asks again (0.1 s at 1M).
    key = (n_lanes, np.asarray(edges, np.float64).tobytes(), tuple(sorted(hidden)))
    kept = cols.memo.get("span_counts")
    if kept is not None and kept[0] == key:
        return kept[1]
    found = carried(cols, "span_counts")
    if found is not None and found[1][0] == key:
        # Counts add up event by event: the previous revision's, less the rows an edit took out, plus those it put in.
        edit, (_, before) = found
        counts = (before - _span_counts(rows_of(edit.previous, edit.removed), n_lanes, edges, hidden)
                  + _span_counts(rows_of(cols, edit.inserted), n_lanes, edges, hidden))
    else:
        counts = _span_counts(cols, n_lanes, edges, hidden)
    cols.memo["span_counts"] = (key, counts)
    return counts


def _span_counts(cols: Columns, n_lanes: int, edges: np.ndarray, hidden: Collection[int]) -> np.ndarray:
    bins = len(edges) - 1
    out = np.zeros((max(n_lanes, 0), max(bins, 0)), np.int64)
    if bins <= 0 or n_lanes <= 0 or len(cols.begin) == 0:
        return out
    lo, hi = float(edges[0]), float(edges[-1])
    begin, finish = cols.begin, cols.finish
    # A span [begin, finish) must overlap [lo, hi); an instant (finish == begin) lie in [lo, hi].
    keep = np.where(finish > begin, (finish > lo) & (begin < hi), (begin >= lo) & (begin <= hi))
    if hidden:
        keep &= ~np.isin(cols.lane, np.fromiter(hidden, np.int64))
    # Fractional bin positions (edges may be uneven: a compressed axis), then the bin holding
    # the begin and the last bin whose left edge the finish passes (an instant: its own bin).
    first = np.minimum(_position(begin, edges).astype(np.int64), bins - 1)
    last = np.ceil(_position(finish, edges)).astype(np.int64) - 1
    # Arithmetic may land a hair off an edge: settle those against the edges themselves.
    first += (begin >= edges[np.minimum(first + 1, bins)]) & (first < bins - 1)
    first -= (begin < edges[first]) & (first > 0)
    last -= (finish <= edges[np.clip(last, 0, bins)]) & (last >= 0)
    last += (finish > edges[np.clip(last + 1, 0, bins)]) & (last < bins - 1)
    last = np.maximum(last, first)
    # A difference array per lane: +1 where a span starts, −1 just past where it ends, then
    # one running sum along time. Two bincounts, whatever the events' lengths; events left
    # out add their +1 and −1 past the last bin, where the sum is never read.
    first = np.where(keep, first, bins)
    stop = np.where(keep, last + 1, bins)
    width = bins + 1
    size = n_lanes * width
    lane = cols.lane.astype(np.int64) * width
    diff = np.bincount(lane + first, minlength=size) - np.bincount(lane + stop, minlength=size)
    return np.cumsum(diff.reshape(n_lanes, width), axis=1)[:, :bins].astype(np.int64)


def _position(t: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Where epoch seconds `t` fall among `edges`, in bins (0 … bins), clamped at the ends."""
    bins = len(edges) - 1
    step = np.diff(edges)
    if np.allclose(step, step[0], rtol=1e-9, atol=0.0):
        # Even bins (a linear axis): arithmetic, several times quicker than a search per event.
        return np.clip((t - edges[0]) * (bins / (edges[-1] - edges[0])), 0.0, float(bins))
    return np.interp(t, edges, np.arange(bins + 1, dtype=np.float64))
