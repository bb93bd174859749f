"""Where each drawn event sits on an exported page: boxes for its marker or bar, its label, or its cluster.

The SVG names every event under its box (a tooltip, searchable text) and the web page
makes the boxes links; both read these boxes, in page (layout) pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF

from desktop.layout.frame import MARKER_PX, cluster_radius
from desktop.render.scene import TimelineScene

PAD_PX = 3.0  # a click a little off a marker still counts, as in the window


@dataclass(frozen=True)
class Box:
    """A box on the page and the events it stands for (one, or a cluster's)."""

    events: tuple[int, ...]
    x: float
    y: float
    w: float
    h: float


def _affine(scene: TimelineScene) -> tuple[float, float, float, float]:
    """Scene x = ax·(axis units − origin) + bx, y = ay·rows + by: the view's map, as numbers for numpy."""
    p0 = scene.vb.mapViewToScene(QPointF(0.0, 0.0))
    p1 = scene.vb.mapViewToScene(QPointF(1.0, 1.0))
    return p1.x() - p0.x(), p0.x(), p1.y() - p0.y(), p0.y()


def event_boxes(scene: TimelineScene, left: float, top: float) -> list[Box]:
    """Boxes of what the scene draws now, offset by the plot's place on the page (`left`, `top`)."""
    cols, rows, f = scene.drawing.cols, scene.rows, scene.frame
    if cols is None or rows is None:
        return []
    ax, bx, ay, by = _affine(scene)
    origin = scene.drawing.origin
    start, end = scene.axis_range()

    def x(units: np.ndarray) -> np.ndarray:
        return ax * (np.clip(units, start, end) - origin) + bx + left

    def y(rows_y: np.ndarray) -> np.ndarray:
        return ay * rows_y + by + top

    boxes: list[Box] = []
    r = MARKER_PX / 2 + PAD_PX
    if len(f.mark_idx):
        xs, ys = x(cols.anchor[f.mark_idx]), y(f.event_y(rows, f.mark_idx)[0])
        boxes += [Box((int(i),), a - r, b - r, 2 * r, 2 * r)
                  for i, a, b in zip(f.mark_idx.tolist(), xs, ys, strict=True)]
    if len(f.bar_idx):
        middle, height = f.event_y(rows, f.bar_idx)
        x0, x1 = x(cols.begin[f.bar_idx]), x(cols.finish[f.bar_idx])
        half = np.maximum(np.abs(ay) * height * 0.3, r)
        ys = y(middle)
        boxes += [Box((int(i),), a, c - h, max(b - a, 2 * r), 2 * h)
                  for i, a, b, c, h in zip(f.bar_idx.tolist(), x0, x1, ys, half, strict=True)]
    if len(f.label_idx):
        lx = x(cols.anchor[f.label_idx]) + f.label_dx
        ly = y(f.event_y(rows, f.label_idx)[0])
        boxes += [Box((int(i),), a, b - 8, w, 16)
                  for i, a, b, w in zip(f.label_idx.tolist(), lx, ly, f.label_width, strict=True)]
    if len(f.cluster_x) and not f.dense:
        cx, cy = x(f.cluster_x), y(f.clusters_y())
        radius = cluster_radius(f.cluster_count) + 2
        for k in range(len(cx)):
            members = _cluster_members(scene, k)
            rad = float(radius[k])
            boxes.append(Box(members, float(cx[k]) - rad, float(cy[k]) - rad, 2 * rad, 2 * rad))
    return boxes


def _cluster_members(scene: TimelineScene, k: int) -> tuple[int, ...]:
    """The events a cluster disc stands for: its row's single marks within its span."""
    cols, rows, f = scene.drawing.cols, scene.rows, scene.frame
    assert cols is not None and rows is not None
    begin, finish, row = float(f.cluster_begin[k]), float(f.cluster_finish[k]), int(f.cluster_row[k])
    inside = (rows.row == row) & (cols.anchor >= begin) & (cols.anchor <= finish)
    return tuple(np.flatnonzero(inside).tolist())


__all__ = ["Box", "event_boxes"]
