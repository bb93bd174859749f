"""Label and glyph rectangles of a layout frame, in pixels, and the check that no label reads as a neighbour's."""

from __future__ import annotations

import math

from desktop.layout.frame import LABEL_HEIGHT_PX, MARKER_PX, Frame, Rows, View, cluster_radius
from desktop.layout.labels import bar_half_px
from desktop.model.columns import Columns

Box = tuple[int, float, float, float, float]  # event (-1: a cluster), x0, y0, x1, y1 in pixels


def label_boxes(frame: Frame, cols: Columns, rows: Rows, view: View) -> list[Box]:
    """The label rectangles the layout returns, in pixels."""
    y, _ = frame.event_y(rows, frame.label_idx)
    out = []
    for i, dx, w, yc in zip(frame.label_idx.tolist(), frame.label_dx.tolist(), frame.label_width.tolist(),
                            (y * view.row_px).tolist(), strict=True):
        left = float(view.px(cols.anchor[i])) + dx
        out.append((i, left, yc - LABEL_HEIGHT_PX / 2, left + w, yc + LABEL_HEIGHT_PX / 2))
    return out


def glyph_boxes(frame: Frame, cols: Columns, rows: Rows, view: View) -> list[Box]:
    """Markers, bars and clusters as drawn, in pixels."""
    out: list[Box] = []
    y, _ = frame.event_y(rows, frame.mark_idx)
    for i, yc in zip(frame.mark_idx.tolist(), (y * view.row_px).tolist(), strict=True):
        x, r = float(view.px(cols.anchor[i])), MARKER_PX / 2
        out.append((i, x - r, yc - r, x + r, yc + r))
    y, h = frame.event_y(rows, frame.bar_idx)
    for i, yc, hh in zip(frame.bar_idx.tolist(), (y * view.row_px).tolist(), (h * view.row_px).tolist(), strict=True):
        half = float(bar_half_px(hh))
        out.append((i, float(view.px(cols.begin[i])), yc - half, float(view.px(cols.finish[i])), yc + half))
    for x, yc, c in zip(view.px(frame.cluster_x).tolist(), (frame.clusters_y() * view.row_px).tolist(),
                        frame.cluster_count.tolist(), strict=True):
        r = float(cluster_radius(c))
        out.append((-1, x - r, yc - r, x + r, yc + r))
    return out


def distance(a: Box, b: Box) -> float:
    """Gap between two rectangles (0 when they touch or overlap)."""
    dx = max(0.0, b[1] - a[3], a[1] - b[3])
    dy = max(0.0, b[2] - a[4], a[2] - b[4])
    return math.hypot(dx, dy)


def assert_unambiguous(frame: Frame, cols: Columns, rows: Rows, view: View) -> None:
    """Every label sits closer to its own event's glyph than to any other event's (or cluster's)."""
    glyphs = glyph_boxes(frame, cols, rows, view)
    for label in label_boxes(frame, cols, rows, view):
        own = min(distance(label, g) for g in glyphs if g[0] == label[0])
        others = [(distance(label, g), g[0]) for g in glyphs if g[0] != label[0]]
        if others:
            nearest, who = min(others)
            assert own < nearest, f"label of {label[0]} is {nearest:.1f} px from {who}, {own:.1f} from its own"
