"""What layout made for one revision's columns, carried to the next by the rows an edit changed. No Qt here.

An edit that moves, adds or removes events leaves a `ColumnsEdit` in the new columns' memo
(see `desktop.model.edited_timeline`): the previous columns, the positions taken out of them
and the positions put into the new ones. Sub-rows, shown rows, the density grid and the
overview's counts are then updated by those rows, at a cost that follows the edit rather
than the million events. What is carried equals what making it anew gives; whatever cannot
be carried (no edit recorded, the previous value never made) is made anew.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import fields
from typing import Any

import numpy as np

from desktop.model.columns import Columns
from desktop.model.edited_timeline import ColumnsEdit, splice

_ARRAYS = tuple(f.name for f in fields(Columns) if f.name != "memo")
MAX_STEPS = 8  # rows an edit may take out and put in for positions to be renumbered mask by mask
RUN_BLOCK = 4096  # rows of a running maximum made again at a time after an edit


def edit_of(cols: Columns) -> ColumnsEdit | None:
    """The edit that made `cols` from the previous revision's columns, if one was recorded."""
    edit: ColumnsEdit | None = cols.memo.get(ColumnsEdit.KEY)
    return edit


def carried(cols: Columns, key: Hashable) -> tuple[ColumnsEdit, Any] | None:
    """The edit that made `cols` and what the previous columns keep under `key` (None: either is missing)."""
    edit = edit_of(cols)
    if edit is None:
        return None
    value = edit.previous.memo.get(key)
    return None if value is None else (edit, value)


def carry(array: np.ndarray, edit: ColumnsEdit, values: np.ndarray | float) -> np.ndarray:
    """A per-event array of the previous columns moved to the new positions, `values` at the inserted ones."""
    values = np.broadcast_to(np.asarray(values, array.dtype), (len(edit.inserted),))
    return splice(array, edit.removed, edit.inserted, values)


def new_positions(edit: ColumnsEdit, old: np.ndarray) -> np.ndarray:
    """Positions in the new columns of rows at `old` positions of the previous ones (none of them removed)."""
    positions = np.array(old, np.int64)
    renumber(edit, positions)
    return positions


def renumber(edit: ColumnsEdit, positions: np.ndarray) -> None:
    """`new_positions` in place, on an int64 array: a million positions without a temporary of their size."""
    # Past each removed row a position falls by one; from each inserted row's old place on it rises by one.
    kept_before = edit.inserted - np.arange(len(edit.inserted))  # rows kept before each inserted one
    rises = kept_before + np.searchsorted(edit.removed - np.arange(len(edit.removed)), kept_before, side="right")
    steps = [(int(r) + 1, -1) for r in edit.removed] + [(int(t), 1) for t in rises]
    if len(steps) > MAX_STEPS:
        positions[:] = new_positions_searched(edit, positions)
        return
    masks = [(positions >= at, step) for at, step in steps]  # all against the old positions
    for mask, step in masks:
        (np.add if step > 0 else np.subtract)(positions, mask, out=positions)


def new_positions_searched(edit: ColumnsEdit, old: np.ndarray) -> np.ndarray:
    """`new_positions` by binary searches: for edits of many rows."""
    x = old - np.searchsorted(edit.removed, old)  # among the rows kept
    return x + np.searchsorted(edit.inserted - np.arange(len(edit.inserted)), x, side="right")


def old_positions(edit: ColumnsEdit, new: np.ndarray) -> np.ndarray:
    """Positions in the previous columns of rows at `new` positions (none of them inserted)."""
    x = new - np.searchsorted(edit.inserted, new)  # among the rows kept
    return x + np.searchsorted(edit.removed - np.arange(len(edit.removed)), x, side="right")


def carried_running_max(cols: Columns) -> np.ndarray | None:
    """The running maximum of `finish`, from the previous revision's: made again only from each changed row
    until it meets the old one again (from there on both are the maximum of the same finishes)."""
    found = carried(cols, "running_max")
    if found is None:
        return None
    edit, before = found
    finish, n = cols.finish, len(cols.finish)
    out = carry(before, edit, 0.0)
    inserted = set(edit.inserted.tolist())
    done = 0
    for start in sorted(inserted | set(new_positions(edit, edit.removed).tolist())):
        at = max(start, done)
        while at < n:
            stop = min(at + RUN_BLOCK, n)
            run = np.maximum.accumulate(finish[at:stop])
            if at > 0:
                np.maximum(run, out[at - 1], out=run)
            # The first row where both agree (an inserted row holds no old value to agree with).
            met = next((k for k in np.flatnonzero(run == out[at:stop]).tolist() if at + k not in inserted), None)
            if met is not None:
                out[at:at + met] = run[:met]
                at += met
                break
            out[at:stop] = run
            at = stop
        done = at
    return out


def rows_of(cols: Columns, idx: np.ndarray) -> Columns:
    """Columns of just the rows `idx` (an edit's few), for counting what they add or take away."""
    return Columns(**{name: getattr(cols, name)[idx] for name in _ARRAYS})


def follow(derived: Columns, previous_derived: Columns, edit: ColumnsEdit) -> Columns:
    """Record on `derived` (made from the new columns row by row) that it came from `previous_derived` by `edit`."""
    previous_derived.memo.pop(ColumnsEdit.KEY, None)  # one revision back only, as for the columns themselves
    derived.memo[ColumnsEdit.KEY] = ColumnsEdit(previous_derived, edit.removed, edit.inserted)
    return derived


__all__ = ["carried", "carried_running_max", "carry", "edit_of", "follow", "new_positions", "new_positions_searched",
           "old_positions", "renumber", "rows_of"]
