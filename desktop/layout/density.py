"""Event counts per (row, time cell), so drawing a million events costs pixels, not events.

The structure is sparse: every shown event's anchor once, sorted by row and then time, as
one integer key. Its memory grows with the events (16 bytes each), never with rows × bins,
and a request for counts costs either the events in the window or rows × cells binary
searches, whichever is less.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from desktop.model.columns import Columns

KEY_BITS = 62  # row and time bits together, so keys and the searches into them stay in int64
SEARCH_COST = 4  # a binary search costs about this many gathered events


@dataclass(frozen=True)
class DensityGrid:
    """Shown events' anchors as sorted (row, quantized time) keys, with running weights."""

    start: float  # epoch seconds at time step 0
    step_s: float  # seconds per time step
    time_bits: int  # a key is row << time_bits | time step
    n_rows: int
    keys: np.ndarray  # int64, sorted ascending
    order: np.ndarray  # event index of each key
    running: np.ndarray | None  # running sums of the weights in key order, with a leading 0 (None: all 1)


def build_grid(cols: Columns, row: np.ndarray, n_rows: int, weights: np.ndarray | None = None) -> DensityGrid:
    """Sort every shown event's anchor once (per timeline, lane set or search)."""
    if weights is None:
        # Kept with the columns for the rows it was made for: an edit that moves nothing
        # (a title) shows the same columns and rows again, and sorting a million keys is 0.1 s.
        kept = cols.memo.get(("grid", n_rows))
        if kept is not None and kept[0] is row:
            return kept[1]
        grid = build_grid(cols, row, n_rows, np.ones(0))
        cols.memo[("grid", n_rows)] = (row, grid)
        return grid
    n_rows = max(n_rows, 1)
    shown = row >= 0
    anchor = cols.anchor[shown]
    lo = float(cols.anchor.min()) if len(cols.anchor) else 0.0
    hi = float(cols.anchor.max()) if len(cols.anchor) else 1.0
    time_bits = KEY_BITS - max(int(n_rows).bit_length(), 1)
    steps = 1 << time_bits
    step_s = max(hi - lo, 1.0) / steps * (1 + 1e-9)  # the last anchor still falls in the last step
    t = np.minimum(((anchor - lo) / step_s).astype(np.int64), steps - 1)
    keys = (row[shown].astype(np.int64) << time_bits) | t
    order = np.argsort(keys, kind="stable")
    grid = DensityGrid(lo, step_s, time_bits, n_rows, keys[order], np.flatnonzero(shown)[order], None)
    return grid if len(weights) == 0 else reweigh(grid, weights)


def reweigh(grid: DensityGrid, weights: np.ndarray) -> DensityGrid:
    """The same events counted by `weights` (per event, e.g. search matches), without sorting again."""
    running = np.concatenate([[0.0], np.cumsum(weights[grid.order], dtype=np.float64)])
    return replace(grid, running=running)


def _steps(grid: DensityGrid, times: np.ndarray) -> np.ndarray:
    """Time steps of `times` (seconds), clipped into the key's time field."""
    steps = (times - grid.start) / grid.step_s
    return np.clip(np.ceil(steps), 0, 1 << grid.time_bits).astype(np.int64)


def cell_counts(grid: DensityGrid, start: float, end: float, cells: int) -> np.ndarray:
    """Events (or their weights) per (row, cell) for `cells` equal cells across [start, end]."""
    n_rows = grid.n_rows
    out = np.zeros((n_rows, cells), np.int64)
    if cells <= 0 or end <= start or len(grid.keys) == 0:
        return out
    edges = _steps(grid, start + (end - start) * np.arange(cells + 1) / cells)
    base = np.arange(n_rows, dtype=np.int64) << grid.time_bits
    # Where each row's window begins and ends in the sorted keys.
    lo = np.searchsorted(grid.keys, base + edges[0])
    hi = np.searchsorted(grid.keys, base + edges[-1])
    inside = int((hi - lo).sum())
    if inside <= SEARCH_COST * n_rows * (cells + 1):
        # Few events in the window: gather them and count each once.
        lens = hi - lo
        at = np.repeat(lo - np.cumsum(lens) + lens, lens) + np.arange(inside)
        keys = grid.keys[at]
        r = keys >> grid.time_bits
        c = np.searchsorted(edges, keys & ((1 << grid.time_bits) - 1), side="right") - 1
        c = np.clip(c, 0, cells - 1)
        w = None if grid.running is None else grid.running[at + 1] - grid.running[at]
        flat = np.bincount(r * cells + c, weights=w, minlength=n_rows * cells)
        return np.rint(flat).astype(np.int64).reshape(n_rows, cells) if w is not None \
            else flat.astype(np.int64).reshape(n_rows, cells)
    # Many: one binary search per row and cell edge.
    pos = np.searchsorted(grid.keys, (base[:, None] + edges[None, :]).ravel()).reshape(n_rows, cells + 1)
    if grid.running is None:
        return np.diff(pos, axis=1)
    return np.rint(np.diff(grid.running[pos], axis=1)).astype(np.int64)
