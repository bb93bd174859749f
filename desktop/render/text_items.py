"""Array-fed graphics items that write text: cluster discs with their counts, and event labels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.layout.frame import cluster_radius
from desktop.render.items import DIM_ALPHA, ArrayItem, device_xy
from desktop.render.theme import LIGHT


class ClustersItem(ArrayItem):
    """One disc with a count where markers would collide at this zoom."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's clusters with their counts."""
        d = self.drawing
        f = d.frame
        if d.cols is None or d.rows is None or len(f.cluster_x) == 0 or f.dense:
            return
        xs, ys = device_xy(painter, f.cluster_x - d.origin, f.clusters_y())
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(d.font)
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 6.5))
        font.setBold(True)
        painter.setFont(font)
        radius = cluster_radius(f.cluster_count)
        lanes = d.rows.lane_of_row[f.cluster_row]
        font_key = font.key()
        for k in range(len(xs)):
            alpha = 1.0 if f.cluster_match[k] or d.match is None else DIM_ALPHA
            lane, rad, count = int(lanes[k]), float(radius[k]), int(f.cluster_count[k])
            text = str(count) if count < 1000 else f"{count // 1000}k"

            def disc(p: QPainter, centre: QPointF, lane: int = lane, alpha: float = alpha, rad: float = rad,
                     text: str = text) -> None:
                color = self._color(lane, alpha)
                p.setPen(QPen(QColor(255, 255, 255, int(255 * alpha)), 1.5))
                p.setBrush(color)
                p.drawEllipse(centre, rad, rad)
                # Dark digits on light lane colours (pastels), white on dark ones: always legible.
                ink = QColor(LIGHT.text) if color.lightnessF() > 0.62 else QColor(255, 255, 255)
                ink.setAlphaF(alpha)
                p.setPen(ink)
                p.setFont(font)
                p.drawText(QRectF(centre.x() - rad, centre.y() - rad, 2 * rad, 2 * rad), Qt.AlignmentFlag.AlignCenter,
                           text)

            key = ("disc", d.lane_colors[lane].rgba(), alpha, rad, text, font_key)
            self._sprites.stamp(painter, xs[k], ys[k], key, rad + 1, disc)


class LabelsItem(ArrayItem):
    """Event titles at the places the layout chose; elided to the width it measured."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's labels."""
        d = self.drawing
        f = d.frame
        if d.cols is None or d.rows is None or len(f.label_idx) == 0:
            return
        idx = f.label_idx
        xs, ys = device_xy(painter, d.cols.anchor[idx] - d.origin, f.event_y(d.rows, idx)[0])
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(d.font)
        metrics = QFontMetricsF(d.font)
        # Baseline that centres the text on the row: cheaper than laying text out in a rectangle.
        baseline = (metrics.ascent() - metrics.descent()) / 2
        alpha = self._alpha(idx)
        for a in np.unique(alpha).tolist():
            color = QColor(d.theme.text)
            color.setAlphaF(float(a))
            painter.setPen(color)
            for k in np.flatnonzero(alpha == a).tolist():
                text = d.measure.elided(int(idx[k]), float(f.label_width[k])) if d.measure else d.titles[idx[k]]
                painter.drawText(QPointF(xs[k] + f.label_dx[k], ys[k] + baseline), text)
