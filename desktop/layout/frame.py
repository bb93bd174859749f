"""The shapes layout works in: rows, the visible window, one frame's drawing, and their sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

MARKER_PX = 10.0  # diameter of a single event's marker
CLUSTER_PX = 20.0  # markers closer than this (centre to centre) merge into a cluster
SELECTION_RING_PX = 5.0  # how far the selected marker's ring reaches past the marker
LABEL_GAP_PX = 5.0
EXACT_LIMIT = 5_000  # events that may be in view, past which a frame shows counts per cell
GLYPH_BUDGET = 1_500  # bars, markers and clusters a frame may draw one by one
LABEL_HEIGHT_PX = 15.0
MIN_LABEL_PX = 48.0  # a title shortened below this says too little: no label then
# A label keeps at least this far from every other event's glyph (twice its gap to its own),
# so it never reads as a neighbour's.
NEAR_PX = 2 * LABEL_GAP_PX
STACK_ROW_PX = 20.0  # least height of a sub-row made to pull colliding marks and labels apart

Measure = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Rows:
    """Where each event sits vertically: one row per lane sub-row, hidden lanes removed."""

    row: np.ndarray  # int32 per event, -1 for events of hidden lanes
    lane_top: np.ndarray  # int32 per lane: its first row, -1 when hidden
    lane_rows: np.ndarray  # int32 per lane: how many rows it takes (0 when hidden)
    lane_of_row: np.ndarray  # int32 per row: the lane it belongs to
    total: int


@dataclass(frozen=True)
class View:
    """The visible window: epoch seconds across `width_px` pixels, `row_px` pixels a row."""

    start: float
    end: float
    width_px: float
    row_px: float

    @property
    def scale(self) -> float:
        """Pixels per second."""
        return self.width_px / max(self.end - self.start, 1e-9)

    def px(self, t: np.ndarray | float) -> np.ndarray:
        """Pixel x of epoch seconds `t`, from the view's left edge."""
        return (np.asarray(t, dtype=float) - self.start) * self.scale


@dataclass
class Frame:
    """Everything to draw for one view; times in epoch seconds, indices into the events."""

    bar_idx: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    mark_idx: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    cluster_x: np.ndarray = field(default_factory=lambda: np.empty(0))
    cluster_row: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    cluster_count: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    cluster_begin: np.ndarray = field(default_factory=lambda: np.empty(0))
    cluster_finish: np.ndarray = field(default_factory=lambda: np.empty(0))
    cluster_match: np.ndarray = field(default_factory=lambda: np.empty(0, bool))
    label_idx: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    label_dx: np.ndarray = field(default_factory=lambda: np.empty(0))  # px from the event's anchor x
    label_width: np.ndarray = field(default_factory=lambda: np.empty(0))
    # Where the events drawn one by one sit when collision stacking moved them off their row's
    # middle: sorted event indices, centre y and height in row units (absent: row + 0.5, 1).
    placed_idx: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    placed_y: np.ndarray = field(default_factory=lambda: np.empty(0))
    placed_h: np.ndarray = field(default_factory=lambda: np.empty(0))
    cluster_y: np.ndarray | None = None  # centre y per cluster in row units (None: cluster_row + 0.5)
    visible_count: int = 0
    # Dense frames draw counts per cell instead of glyphs: clusters above are those cells.
    dense: bool = False
    density: np.ndarray | None = None  # rows × cells event counts
    density_match: np.ndarray | None = None  # rows × cells matching events, while searching
    density_start: float = 0.0  # epoch seconds at the left edge of cell 0
    density_cell_s: float = 1.0

    def event_y(self, rows: Rows, idx: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
        """Centre y and height, in row units, of events `idx` as this frame draws them."""
        idx = np.atleast_1d(np.asarray(idx, np.int64))
        y, h = rows.row[idx] + 0.5, np.ones(len(idx))
        if len(self.placed_idx) and len(idx):
            k = np.minimum(np.searchsorted(self.placed_idx, idx), len(self.placed_idx) - 1)
            moved = self.placed_idx[k] == idx
            y[moved], h[moved] = self.placed_y[k[moved]], self.placed_h[k[moved]]
        return y, h

    def clusters_y(self) -> np.ndarray:
        """Centre y of each cluster in row units."""
        return self.cluster_y if self.cluster_y is not None else self.cluster_row + 0.5


def cluster_radius(count: int | np.ndarray) -> np.ndarray:
    """Pixel radius of a cluster glyph: grows slowly with its count, stays inside CLUSTER_PX."""
    return np.minimum(7.5 + 1.2 * np.log10(np.maximum(count, 1)), CLUSTER_PX / 2 - 0.5)
