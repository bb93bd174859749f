"""Event counts on a fixed time grid per row, so drawing a million events costs pixels, not events."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from desktop.model.columns import Columns

FINE_BINS = 1 << 16  # level-0 bins over the data's span; each level above halves them


@dataclass(frozen=True)
class DensityGrid:
    """Counts of event anchors per (row, time bin), at every power-of-two bin width."""

    start: float  # epoch seconds at the left edge of bin 0
    bin_s: float  # width of a level-0 bin, seconds
    levels: tuple[np.ndarray, ...]  # levels[k]: int32 counts, rows × (FINE_BINS >> k)


def build_grid(cols: Columns, row: np.ndarray, n_rows: int, weights: np.ndarray | None = None) -> DensityGrid:
    """Bin every shown event's anchor once (per timeline, lane set or search)."""
    shown = row >= 0
    anchor = cols.anchor[shown]
    lo = float(cols.anchor.min()) if len(cols.anchor) else 0.0
    hi = float(cols.anchor.max()) if len(cols.anchor) else 1.0
    bin_s = max(hi - lo, 1.0) / FINE_BINS * (1 + 1e-9)  # the last anchor still falls in the last bin
    b = np.minimum(((anchor - lo) / bin_s).astype(np.int64), FINE_BINS - 1)
    key = row[shown].astype(np.int64) * FINE_BINS + b
    w = None if weights is None else weights[shown].astype(np.float64)
    counts = np.bincount(key, weights=w, minlength=max(n_rows, 1) * FINE_BINS).astype(np.int32)
    levels = [counts.reshape(max(n_rows, 1), FINE_BINS)]
    while levels[-1].shape[1] > 1:
        c = levels[-1]
        levels.append(c[:, 0::2] + c[:, 1::2])
    return DensityGrid(lo, bin_s, tuple(levels))


def cell_counts(grid: DensityGrid, start: float, end: float, cells: int) -> np.ndarray:
    """Events per (row, cell) for `cells` equal cells across [start, end]."""
    n_rows = grid.levels[0].shape[0]
    out = np.zeros((n_rows, cells), np.int64)
    if cells <= 0 or end <= start:
        return out
    cell_s = (end - start) / cells
    # The coarsest level whose bins are still at most a quarter of a cell: few bins to add,
    # and each cell's count is off by at most part of a bin at its edges.
    k = int(np.clip(math.floor(math.log2(max(cell_s / 4 / grid.bin_s, 1e-300))), 0, len(grid.levels) - 1))
    counts = grid.levels[k]
    bw = grid.bin_s * (1 << k)
    j0 = max(math.ceil((start - grid.start) / bw - 0.5), 0)
    j1 = min(math.floor((end - grid.start) / bw - 0.5) + 1, counts.shape[1])
    if j1 <= j0:
        return out
    centres = grid.start + (np.arange(j0, j1) + 0.5) * bw
    cell = np.clip(((centres - start) / cell_s).astype(np.int64), 0, cells - 1)
    first = np.flatnonzero(np.r_[True, np.diff(cell) > 0])
    out[:, cell[first]] = np.add.reduceat(counts[:, j0:j1], first, axis=1)
    return out
