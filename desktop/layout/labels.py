"""Labels chosen by importance, placed only where they overlap no glyph and no other label."""

from __future__ import annotations

import numpy as np

from desktop.layout.frame import (
    LABEL_GAP_PX,
    MARKER_PX,
    MAX_LABEL_PX,
    MIN_LABEL_PX,
    SELECTION_RING_PX,
    Frame,
    Measure,
    Rows,
    View,
    cluster_radius,
)
from desktop.model.columns import Columns


def place_labels(
    frame: Frame, cols: Columns, rows: Rows, view: View, measure: Measure,
    match: np.ndarray | None, selected: int | None,
) -> None:
    """Greedy, by importance: a label is drawn only where it overlaps no glyph and no label."""
    width = int(np.ceil(view.width_px))
    n_rows = max(rows.total, 1)
    glyphs = np.zeros((n_rows, width + 1), bool)  # markers and clusters
    bars = np.zeros((n_rows, width + 1), bool)
    texts = np.zeros((n_rows, width + 1), bool)

    def mark(grid: np.ndarray, r: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        a = np.clip(np.floor(a), 0, width).astype(int)
        b = np.clip(np.ceil(b), 0, width).astype(int)
        for ri, ai, bi in zip(r.tolist(), a.tolist(), b.tolist(), strict=True):
            grid[ri, ai:bi + 1] = True

    to_px = lambda t: (t - view.start) * view.scale  # noqa: E731
    mpx = to_px(cols.anchor[frame.mark_idx])
    # The selected marker wears a ring around it: keep labels clear of the ring too.
    reach = MARKER_PX / 2 + np.where(frame.mark_idx == selected, SELECTION_RING_PX, 0.0)
    mark(glyphs, rows.row[frame.mark_idx], mpx - reach, mpx + reach)
    cpx = to_px(frame.cluster_x)
    rad = cluster_radius(frame.cluster_count)
    mark(glyphs, frame.cluster_row, cpx - rad, cpx + rad)
    b0, b1 = to_px(cols.begin[frame.bar_idx]), to_px(cols.finish[frame.bar_idx])
    mark(bars, rows.row[frame.bar_idx], b0, b1)

    candidates = np.concatenate([frame.bar_idx, frame.mark_idx])
    if len(candidates) == 0:
        return
    is_bar = np.arange(len(candidates)) < len(frame.bar_idx)
    # Importance: the selection, then search matches, ranges, cited events; earlier first.
    rank = np.zeros(len(candidates))
    rank -= cols.is_range[candidates] * 2 + cols.cited[candidates]
    if match is not None:
        rank -= match[candidates] * 4
    if selected is not None:
        rank -= (candidates == selected) * 8
    order = np.lexsort((cols.begin[candidates], rank))
    candidates, is_bar = candidates[order], is_bar[order]
    widths = np.minimum(np.asarray(measure(candidates), dtype=float), MAX_LABEL_PX)
    out_idx, out_dx, out_w = [], [], []
    for i, w, bar in zip(candidates.tolist(), widths.tolist(), is_bar.tolist(), strict=True):
        r = int(rows.row[i])
        anchor = to_px(cols.anchor[i])
        # (edge px, grows rightwards, inside its own bar, furthest the label may reach)
        options: list[tuple[float, bool, bool, float]] = []
        if bar:
            left, right = to_px(cols.begin[i]), to_px(cols.finish[i])
            inner = max(left, 0.0) + LABEL_GAP_PX
            options.append((inner, True, True, min(right, view.width_px) - LABEL_GAP_PX))
            options.append((right + LABEL_GAP_PX, True, False, view.width_px))
            options.append((left - LABEL_GAP_PX, False, False, 0.0))
        else:
            clear = MARKER_PX / 2 + LABEL_GAP_PX + (SELECTION_RING_PX if i == selected else 0.0)
            options.append((anchor + clear, True, False, view.width_px))
            options.append((anchor - clear, False, False, 0.0))
        # The first side with room for the whole title wins; else the roomiest side, if it can
        # hold a shortened title (elided when drawn). Never over a glyph or another label.
        best: tuple[float, float] | None = None  # (left px, width)
        for edge, rightwards, inside, limit in options:
            blocked = texts[r] | glyphs[r] if inside else texts[r] | glyphs[r] | bars[r]
            room = _room(blocked, edge, rightwards, min(w, abs(limit - edge)))
            if room >= w:
                best = (edge if rightwards else edge - w, w)
                break
            if room >= MIN_LABEL_PX and (best is None or room > best[1]):
                best = (edge if rightwards else edge - room, room)
        if best is None:
            continue
        left, width_px = best
        texts[r, int(np.floor(left)):int(np.ceil(left + width_px)) + 1] = True
        out_idx.append(i)
        out_dx.append(left - anchor)
        out_w.append(width_px)
    frame.label_idx = np.array(out_idx, np.int64)
    frame.label_dx = np.array(out_dx, float)
    frame.label_width = np.array(out_w, float)


def _room(blocked: np.ndarray, edge: float, rightwards: bool, want: float) -> float:
    """Free pixels from `edge` along a row, up to `want`, before anything drawn or the plot's edge."""
    if want <= 0 or not 0 <= edge <= len(blocked) - 1:
        return 0.0
    if rightwards:
        a, b = int(np.floor(edge)), min(int(np.ceil(edge + want)), len(blocked) - 1)
        hit = np.flatnonzero(blocked[a:b + 1])
        # A label cut short by something keeps a small gap before it instead of touching it.
        return float(min(want, (a + hit[0] - 1 - LABEL_GAP_PX / 2 if len(hit) else b) - edge))
    a, b = max(int(np.floor(edge - want)), 0), int(np.ceil(edge))
    hit = np.flatnonzero(blocked[a:b + 1])
    return float(min(want, edge - (a + hit[-1] + 1 + LABEL_GAP_PX / 2 if len(hit) else a)))
