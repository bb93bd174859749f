"""Event counts per (row, time cell), so drawing a million events costs pixels, not events.

The structure is sparse: every shown event's anchor once, sorted by row and then time, as
one integer key. Its memory grows with the events (16 bytes each), never with rows × bins,
and a request for counts costs either the events in the window or rows × cells binary
searches, whichever is less.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from desktop.layout.carry import carried, carry, new_positions, old_positions, renumber
from desktop.model.columns import Columns
from desktop.model.edited_timeline import ColumnsEdit, splice

KEY_BITS = 62  # row and time bits together, so keys and the searches into them stay in int64
SEARCH_COST = 4  # a binary search costs about this many gathered events
MAX_CARRIED_KEYS = 2_000  # keys an edit may move one by one; past that the grid is sorted anew
ROW_CHANGES = "row_changes"  # memo: (rows' row array, positions whose row an edit changed)


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
        grid = carried_grid(cols, row, n_rows) or build_grid(cols, row, n_rows, np.ones(0))
        cols.memo[("grid", n_rows)] = (row, grid)
        return grid
    lo, step_s, time_bits = _scale(cols, n_rows)
    shown = row >= 0
    keys = _keys(cols.anchor[shown], row[shown], lo, step_s, time_bits)
    order = np.argsort(keys, kind="stable")
    grid = DensityGrid(lo, step_s, time_bits, max(n_rows, 1), keys[order], np.flatnonzero(shown)[order], None)
    return grid if len(weights) == 0 else reweigh(grid, weights)


def _scale(cols: Columns, n_rows: int) -> tuple[float, float, int]:
    """The grid's time origin, seconds per step and time bits for these columns and rows."""
    lo = float(cols.anchor.min()) if len(cols.anchor) else 0.0
    hi = float(cols.anchor.max()) if len(cols.anchor) else 1.0
    time_bits = KEY_BITS - max(int(max(n_rows, 1)).bit_length(), 1)
    step_s = max(hi - lo, 1.0) / (1 << time_bits) * (1 + 1e-9)  # the last anchor still falls in the last step
    return lo, step_s, time_bits


def _keys(anchor: np.ndarray, row: np.ndarray, lo: float, step_s: float, time_bits: int) -> np.ndarray:
    """Each event's key: its row, then its anchor's time step."""
    t = np.minimum(((anchor - lo) / step_s).astype(np.int64), (1 << time_bits) - 1)
    return (row.astype(np.int64) << time_bits) | t


def carried_grid(cols: Columns, row: np.ndarray, n_rows: int) -> DensityGrid | None:
    """The previous revision's grid with the keys of the events an edit moved taken out and put back.

    None when there is none to carry, the grid's scale changed (the first or last anchor moved)
    or too many keys moved (a lane grew a sub-row: every row below it moved).
    """
    found = carried(cols, ("grid", n_rows))
    if found is None:
        return None
    edit, (old_row, old) = found
    lo, step_s, time_bits = _scale(cols, n_rows)
    if old.running is not None or (lo, step_s, time_bits) != (old.start, old.step_s, old.time_bits):
        return None
    known = cols.memo.get(ROW_CHANGES)
    # Inserted, or on another row: from the rows' own record when these are its rows, else compared.
    changed = known[1] if known is not None and known[0] is row else np.flatnonzero(carry(old_row, edit, -2) != row)
    moved = changed[~np.isin(changed, edit.inserted)]
    out = np.union1d(edit.removed, old_positions(edit, moved))
    out = out[old_row[out] >= 0]
    put = changed[row[changed] >= 0]
    if len(out) + len(put) > MAX_CARRIED_KEYS:
        return None
    # Out: found by their old key, then by index among equal keys (a stable sort keeps them by index).
    at = _find(old.keys, old.order, _keys(edit.previous.anchor[out], old_row[out], lo, step_s, time_bits), out)
    if not np.array_equal(old.order[at], out):
        return None  # not the grid these rows made: make it anew
    at.sort()
    new_keys = _keys(cols.anchor[put], row[put], lo, step_s, time_bits)
    by = np.lexsort((put, new_keys))
    new_keys, put = new_keys[by], put[by]
    place = _place(old.keys, old.order, at, new_keys, put, edit) + np.arange(len(put))
    order = splice(old.order, at, place, put)
    renumber(edit, order)  # the kept entries' event indices, in place; then the put ones' again
    order[place] = put
    return replace(old, keys=splice(old.keys, at, place, new_keys), order=order)


def _place(keys: np.ndarray, order: np.ndarray, out: np.ndarray, key: np.ndarray, index: np.ndarray,
           edit: ColumnsEdit) -> np.ndarray:
    """Where each (key, new event index) goes once the sorted positions `out` are taken from (keys, old order)."""
    lo, hi = np.searchsorted(keys, key, "left"), np.searchsorted(keys, key, "right")
    places = []
    for a, b, i in zip(lo.tolist(), hi.tolist(), index.tolist(), strict=True):
        run = np.setdiff1d(np.arange(a, b), out)  # the run of equal keys, without what goes
        places.append(a - int(np.searchsorted(out, a)) + int((new_positions(edit, order[run]) < i).sum()))
    return np.array(places, np.int64)


def _find(keys: np.ndarray, order: np.ndarray, key: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Where each (key, event index) sits, or would, in a grid's (keys, order): by key, then by index among equals."""
    lo, hi = np.searchsorted(keys, key, "left"), np.searchsorted(keys, key, "right")
    return np.array([a + int(np.searchsorted(order[a:b], i)) for a, b, i in
                     zip(lo.tolist(), hi.tolist(), index.tolist(), strict=True)], np.int64)


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
