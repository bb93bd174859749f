"""Sub-rows within a lane: greedy first fit by begin; after an edit, run again only where it changed them. No Qt.

Each event takes the row that frees up first (a new one while the lane has fewer than
MAX_SUBROWS). The greedy's state before an event is the last reach of each row so far, so
after an edit the rows before the first changed event stand, and from there the greedy runs
again until its state equals the state the previous revision's run had at the same event:
every row after that is the old one. A moved event costs the events between the edit and
that point (a few dozen in a crowded lane), not the lane.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.layout.carry import carried, carry
from desktop.model.columns import Columns
from desktop.model.edited_timeline import ColumnsEdit

MAX_SUBROWS = 12  # per lane; past that, events share the row that frees up first
# Room for titles: in a lane of at most TITLED_LANE_MAX events, an event keeps its row to itself
# for TITLE_SHARE of the timeline's span after its start (about a title's width when all of it is
# shown), so crowded lanes get the sub-rows their titles need, and a taller export.
TITLE_SHARE = 0.15
TITLED_LANE_MAX = 1_000
MAX_CARRIED_LANES = 16  # lanes an edit may restack one by one; past that (a new span), all at once


def sub_rows(cols: Columns, lane_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each event's sub-row within its lane, and the sub-rows each lane uses: the costly part, made once."""
    key = ("sub_rows", lane_count)
    made: tuple[np.ndarray, np.ndarray] | None = cols.memo.get(key)
    if made is None:
        made = cols.memo[key] = _carried(cols, lane_count) or _made(cols, lane_count)
    return made


def _span(cols: Columns) -> float:
    """The whole timeline's span in seconds, which titles' room is a share of (kept: the next edit asks again)."""
    span: float | None = cols.memo.get("span")
    if span is None:
        span = cols.memo["span"] = float(cols.finish.max() - cols.begin.min()) if len(cols.begin) else 0.0
    return span


def _lane(cols: Columns, members: np.ndarray, span: float) -> tuple[np.ndarray, np.ndarray]:
    """Begin and reach (how long an event keeps its row) of one lane's events."""
    reach = cols.finish[members]
    if len(members) <= TITLED_LANE_MAX:
        reach = np.maximum(reach, cols.begin[members] + TITLE_SHARE * span)
    return cols.begin[members], reach


def _made(cols: Columns, lane_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Every lane's sub-rows from scratch."""
    sub = np.zeros(len(cols.begin), dtype=np.int32)
    used = np.zeros(lane_count, dtype=np.int32)
    span = _span(cols)
    for lane in range(lane_count):
        members = np.flatnonzero(cols.lane == lane)
        begin, reach = _lane(cols, members, span)
        sub[members], used[lane] = lane_rows(begin.tolist(), reach.tolist())
    return sub, used


def lane_rows(begin: list[float], finish: list[float]) -> tuple[list[int], int]:
    """Greedy sub-rows for one lane's events (sorted by begin): each takes the earliest-freed row."""
    rows = [0] * len(begin)
    heap: list[tuple[float, int]] = []  # (finish of the row's last event, row): the earliest-freed on top
    used = 0
    push, replace = heapq.heappush, heapq.heapreplace
    for k, b in enumerate(begin):
        if heap and (heap[0][0] <= b or used >= MAX_SUBROWS):
            r = heap[0][1]
            replace(heap, (finish[k], r))
        else:
            r, used = used, used + 1
            push(heap, (finish[k], r))
        rows[k] = r
    return rows, used


def _carried(cols: Columns, lane_count: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The previous revision's sub-rows with the lanes an edit touched restacked (None: not carried)."""
    found = carried(cols, ("sub_rows", lane_count))
    if found is None:
        return None
    edit, (old_sub, old_used) = found
    prev = edit.previous
    span, old_span = _span(cols), _span(prev)
    lanes = set(prev.lane[edit.removed].tolist()) | set(cols.lane[edit.inserted].tolist())
    if span != old_span:  # titles' room follows the span: every lane that gives it changes
        sizes = np.bincount(cols.lane, minlength=lane_count)
        lanes |= set(np.flatnonzero((sizes > 0) & (sizes <= TITLED_LANE_MAX)).tolist())
    if len(lanes) > MAX_CARRIED_LANES:
        return None
    sub = carry(old_sub, edit, -1)
    used = old_used.copy()
    changes = [edit.inserted]
    for lane in sorted(lanes):
        members = np.flatnonzero(cols.lane == lane)
        old_members = np.flatnonzero(prev.lane == lane)
        if min(len(members), len(old_members)) <= TITLED_LANE_MAX:  # few events, or their reach has changed
            before = sub[members]
            rows, used[lane] = lane_rows(*(part.tolist() for part in _lane(cols, members, span)))
            sub[members] = rows
            changes.append(members[sub[members] != before])
            continue
        moved, used[lane] = _restacked(_Run(members, sub, cols), _Run(old_members, old_sub, prev), edit,
                                       int(old_used[lane]))
        changes.append(np.array(moved, np.int64))
    cols.memo[("sub_rows_changed", lane_count)] = np.unique(np.concatenate(changes))
    return sub, used


def sub_row_changes(cols: Columns, lane_count: int) -> np.ndarray | None:
    """Positions whose sub-row differs from the previous revision's (the inserted too), when they were carried."""
    changed: np.ndarray | None = cols.memo.get(("sub_rows_changed", lane_count))
    return changed


@dataclass(frozen=True)
class _Run:
    """One lane's events in one revision's greedy run: their positions in the columns, and the rows given there."""

    members: np.ndarray  # positions in the columns, in order
    rows: np.ndarray  # sub-row per position in the columns
    cols: Columns

    def row(self, j: int) -> int:
        """The sub-row of the lane's event `j`."""
        return int(self.rows[self.members[j]])

    def finish(self, j: int) -> float:
        """When the lane's event `j` frees its row."""
        return float(self.cols.finish[self.members[j]])


def _restacked(run: _Run, old: _Run, edit: ColumnsEdit, old_used: int) -> tuple[list[int], int]:
    """A large lane's sub-rows after an edit (reach is finish there), run again only where they change.

    `run.rows` holds the previous run's rows already (moved to the new positions) and takes the new
    ones; returns the positions given another row and the rows the lane uses.
    """
    new = np.flatnonzero(np.isin(run.members, edit.inserted))  # lane indices, both runs
    gone = np.flatnonzero(np.isin(old.members, edit.removed))
    new_list, new_kept = new.tolist(), (new - np.arange(len(new))).tolist()  # kept events before each
    gone_kept = (gone - np.arange(len(gone))).tolist()
    n_kept = len(run.members) - len(new_list)

    def old_at(j: int) -> int:  # where the previous run had the lane's kept event j
        k = j - bisect_left(new_list, j)
        return k + bisect_right(gone_kept, k)

    # Where the runs part: each inserted event, and the event after each removed one.
    dirty = sorted({*new_list, *(k + bisect_right(new_kept, k) if k < n_kept else len(run.members)
                                 for k in gone_kept)})
    moved: list[int] = []
    done, top = 0, -1
    for start in dirty:
        if start >= done:
            done, high = _rerun(run, old, start, set(new_list), old_at, moved)
            top = max(top, high)
    used = max(old_used, top + 1)
    # A row given up entirely can only be the top one: look again when it lost an event.
    if any(old.row(g) == old_used - 1 for g in gone.tolist()) or any(
            r == old_used - 1 for r in moved[1::2]):
        used = int(run.rows[run.members].max()) + 1
    return moved[::2], used


def _rerun(run: _Run, old: _Run, start: int, new: set[int], old_at: Callable[[int], int],
           moved: list[int]) -> tuple[int, int]:
    """Run the greedy on from `start` until its state is the previous run's; return where it stopped, top row.

    Appends to `moved` each position given another row, then the row it had.
    """
    last = _state(run, start)
    heap = [(f, r) for r, f in enumerate(last) if f is not None]
    heapq.heapify(heap)
    used, top = len(heap), -1
    old_last: list[float | None] | None = None
    old_i = 0
    begin, finish, members, rows = run.cols.begin, run.cols.finish, run.members, run.rows
    for j in range(start, len(members)):
        if j not in new:  # an event both runs had: the same state now means the same rows from here on
            i = old_at(j)
            if old_last is None:
                old_last = _state(old, i)
            else:
                for k in range(old_i, i):  # the previous run's rows, known: replay them
                    old_last[old.row(k)] = old.finish(k)
            old_i = i
            if old_last == last:
                return j, top
        p = int(members[j])
        b, f = float(begin[p]), float(finish[p])
        if heap and (heap[0][0] <= b or used >= MAX_SUBROWS):
            r = heap[0][1]
            heapq.heapreplace(heap, (f, r))
        else:
            r, used = used, used + 1
            heapq.heappush(heap, (f, r))
        last[r], top = f, max(top, r)
        if rows[p] != r:
            moved += [p, int(rows[p])]
            rows[p] = r
    return len(members), top


def _state(run: _Run, end: int) -> list[float | None]:
    """The greedy's state before the lane's event `end`: each row's last finish so far (None: not used yet)."""
    last: list[float | None] = [None] * MAX_SUBROWS
    hi, size, found = end, 64, 0
    # Back from `end` until every row has shown up (in a crowded lane, within a few events) or the lane begins:
    # rows are opened in order, so those seen are all the used ones.
    while found < MAX_SUBROWS and hi > 0:
        lo = max(hi - size, 0)
        at = run.members[lo:hi][::-1]
        seen, first = np.unique(run.rows[at], return_index=True)
        for r, k in zip(seen.tolist(), first.tolist(), strict=True):
            if last[r] is None:
                last[r] = float(run.cols.finish[at[k]])
                found += 1
        hi, size = lo, size * 2
    return last
