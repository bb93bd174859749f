"""Array-fed graphics items that draw shapes: lane bands, uncertainty bands, bars, markers, density.

The shared `Drawing` and the `ArrayItem` base live here too; the items that write text
(clusters' counts, event labels) are in `text_items`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from desktop.layout.frame import MARKER_PX, SELECTION_RING_PX, Frame, Rows
from desktop.layout.labels import BAR_HALF_PX, BAR_INSET
from desktop.model.columns import Columns
from desktop.render.label_measure import LabelMeasure
from desktop.render.sprites import Sprites
from desktop.render.theme import LIGHT, Theme

DIM_ALPHA = 0.22


@dataclass
class Drawing:
    """What every item reads: the frame to draw and the timeline's arrays."""

    cols: Columns | None = None
    rows: Rows | None = None
    frame: Frame = field(default_factory=Frame)
    origin: float = 0.0
    lane_colors: list[QColor] = field(default_factory=list)
    titles: Sequence[str] = field(default_factory=list)  # decoded on demand for large files
    match: np.ndarray | None = None  # bool per event while a search is active
    selected: int | None = None
    highlighted: frozenset[int] = frozenset()
    font: QFont = field(default_factory=QFont)
    measure: LabelMeasure | None = None  # title widths and elided titles, per timeline
    theme: Theme = LIGHT


def device_xy(painter: QPainter, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map item coordinates to device pixels in one numpy step (no per-point Qt calls)."""
    t = painter.transform()
    return t.m11() * xs + t.m21() * ys + t.m31(), t.m12() * xs + t.m22() * ys + t.m32()


def visible_span(painter: QPainter, x0: float, x1: float) -> tuple[float, float]:
    """[x0, x1] in device pixels (after resetTransform) cut to what the painter can show: its clip, when it has one,
    and ±1e5, where Qt's 26.6 fixed point stays exact."""
    clip = painter.clipBoundingRect()
    if clip.width() > 0:
        x0, x1 = max(x0, clip.left() - 1), min(x1, clip.right() + 1)
    return max(x0, -1e5), min(x1, 1e5)


def capped(y0: np.ndarray, y1: np.ndarray, half_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Keep a bar's share of its row, but no taller than 2 × half_px: few rows, tall rows."""
    middle, half = (y0 + y1) / 2, np.minimum(np.abs(y1 - y0) / 2, half_px)
    return middle - half, middle + half


class ArrayItem(pg.GraphicsObject):
    """Base: paints from the shared Drawing, in device pixels so sizes stay fixed at any zoom."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self._bounds = QRectF()
        self._sprites = Sprites()

    def set_bounds(self, rect: QRectF) -> None:
        """The data rectangle the item may paint in (the zoom limits)."""
        self.prepareGeometryChange()
        self._bounds = QRectF(rect)

    def boundingRect(self) -> QRectF:
        """Everything reachable within the zoom limits."""
        return self._bounds

    def paint(self, painter: QPainter, *args: object) -> None:
        """Draw, never letting an exception out of Qt's paint call."""
        painter.save()
        try:
            self.draw(painter)
        except Exception:
            # An exception escaping paint() leaves PySide in an error state that breaks the
            # next Python override Qt calls (seen: a crash). Report it once the paint is over.
            info = sys.exc_info()
            QTimer.singleShot(0, lambda: sys.excepthook(*info))
        finally:
            painter.restore()

    def draw(self, painter: QPainter) -> None:
        """Paint this layer (subclasses)."""

    def _alpha(self, idx: np.ndarray) -> np.ndarray:
        """Opacity per event: dimmed when a search is active and it does not match (unless selected)."""
        d = self.drawing
        if d.match is None:
            return np.ones(len(idx))
        alpha = np.where(d.match[idx], 1.0, DIM_ALPHA)
        if d.selected is not None:
            alpha[idx == d.selected] = 1.0  # what the person picked stays readable
        return alpha

    def _color(self, lane: int, alpha: float, lighten: int = 100) -> QColor:
        color = QColor(self.drawing.lane_colors[lane]).lighter(lighten)
        color.setAlphaF(float(alpha))
        return color

    def _spans(self, painter: QPainter, cols: Columns, rows: Rows, idx: np.ndarray, inset: float,
               half_px: float) -> tuple[np.ndarray, ...]:
        """Device rectangles (x0, y0, x1, y1) of events' spans, `inset` of their sub-row in from its edges;
        leaves the painter in device pixels, antialiased."""
        origin = self.drawing.origin
        middle, height = self.drawing.frame.event_y(rows, idx)
        x0, y0 = device_xy(painter, cols.begin[idx] - origin, middle - height * (0.5 - inset))
        x1, y1 = device_xy(painter, cols.finish[idx] - origin, middle + height * (0.5 - inset))
        y0, y1 = capped(y0, y1, half_px)
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return x0, y0, x1, y1


class LaneBandsItem(ArrayItem):
    """Alternating background bands, one per lane, with a hairline between lanes."""

    RULED_LANE_PX = 4.0  # thinner lanes are told apart by their bands alone

    def draw(self, painter: QPainter) -> None:
        """Draw the bands in device pixels over what is visible of the reachable time range."""
        rows = self.drawing.rows
        if rows is None:
            return
        shown = np.flatnonzero(rows.lane_top >= 0)
        if len(shown) == 0:
            return
        last = shown[-1]
        edges = np.append(rows.lane_top[shown], rows.lane_top[last] + rows.lane_rows[last]).astype(float)
        x, _ = device_xy(painter, np.array([self._bounds.left(), self._bounds.right()]), np.zeros(2))
        _, y = device_xy(painter, np.zeros(len(edges)), edges)
        painter.resetTransform()
        # Device pixels, never data units under a transform: vector files would otherwise carry
        # bands millions of units wide and a hairline that only `vector-effect` keeps thin, which
        # Illustrator and librsvg ignore (seen: every lane rule drawn a row tall in an SVG).
        left, right = visible_span(painter, float(min(x)), float(max(x)))
        if right <= left:
            return
        theme = self.drawing.theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # hairlines: crisp, as the breaks' edges
        painter.setPen(Qt.PenStyle.NoPen)
        seen, clip = np.arange(len(shown)), painter.clipBoundingRect()
        if clip.height() > 0:  # only the lanes in sight: thousands of lanes must not cost thousands of rects a frame
            top, bottom = np.minimum(y[:-1], y[1:]), np.maximum(y[:-1], y[1:])
            seen = seen[(bottom >= clip.top() - 1) & (top <= clip.bottom() + 1)]
        for k in seen.tolist():
            painter.setBrush(theme.band_even if k % 2 == 0 else theme.band_odd)
            painter.drawRect(QRectF(left, float(y[k]), right - left, float(y[k + 1] - y[k])))
        painter.setPen(QPen(theme.lane_rule, 1.0))
        tall = np.abs(np.diff(y)) >= self.RULED_LANE_PX
        for k in seen.tolist():
            # The rule above each lane but the first, where both lanes are tall enough for it to part
            # them: among thousands of thin lanes, rules would only grey the whole plot.
            if k > 0 and tall[k] and tall[k - 1]:
                painter.drawLine(QPointF(left, float(y[k])), QPointF(right, float(y[k])))


class UncertaintyItem(ArrayItem):
    """Faint bands behind markers over the whole period their date stands for (a day, a month, a year)."""

    MIN_PX = 3.0  # a narrower period hides behind its marker anyway

    def draw(self, painter: QPainter) -> None:
        """Draw one band behind each single marker whose period is wider than a few pixels."""
        d = self.drawing
        if d.cols is None or d.rows is None or len(d.frame.mark_idx) == 0:
            return
        idx = d.frame.mark_idx
        x0, y0, x1, y1 = self._spans(painter, d.cols, d.rows, idx, 0.18, 14.0)
        alpha = self._alpha(idx)
        painter.setPen(Qt.PenStyle.NoPen)
        for k in np.flatnonzero(x1 - x0 >= self.MIN_PX).tolist():
            painter.setBrush(self._color(int(d.cols.lane[idx[k]]), 0.18 * alpha[k]))
            painter.drawRoundedRect(QRectF(x0[k], y0[k], x1[k] - x0[k], y1[k] - y0[k]), 3, 3)


class BarsItem(ArrayItem):
    """Rounded bars over events' spans: solid for ranges, pale for a point's whole day or month."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's bars; approximate ones dashed and pale, the selection outlined."""
        d = self.drawing
        idx = d.frame.bar_idx
        if d.cols is None or d.rows is None or len(idx) == 0:
            return
        x0, y0, x1, y1 = self._spans(painter, d.cols, d.rows, idx, BAR_INSET, BAR_HALF_PX)
        alpha = self._alpha(idx)
        # Qt rasterises in 26.6 fixed point: clamp far-off edges so a bar spanning
        # years stays exact when zoomed to minutes.
        x0, x1 = np.clip(x0, -1e5, 1e5), np.clip(x1, -1e5, 1e5)
        for k, i in enumerate(idx.tolist()):
            lane = int(d.cols.lane[i])
            tentative = bool(d.cols.approximate[i])
            # A point event drawn over its period (its day, its month) is paler than a range:
            # it says "some time in here", not "all of this time".
            fill = (0.45 if tentative else 0.85) if d.cols.is_range[i] else (0.2 if tentative else 0.38)
            painter.setBrush(self._color(lane, alpha[k] * fill))
            pen = QPen(self._color(lane, alpha[k], 80), 1.4)
            if tentative:
                pen.setStyle(Qt.PenStyle.DashLine)
            if i == d.selected or i in d.highlighted:
                pen = QPen(d.theme.selected, 2.6)
            painter.setPen(pen)
            painter.drawRoundedRect(QRectF(x0[k], y0[k], x1[k] - x0[k], y1[k] - y0[k]), 4, 4)


def _dot_pen(color: QColor, width: float) -> QPen:
    """A pen whose points are filled discs of `width` pixels."""
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class MarkersItem(ArrayItem):
    """One dot per single point event; approximate ones hollow and dashed."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's single markers."""
        d = self.drawing
        idx = d.frame.mark_idx
        if d.cols is None or d.rows is None or len(idx) == 0:
            return
        xs, ys = device_xy(painter, d.cols.anchor[idx] - d.origin, d.frame.event_y(d.rows, idx)[0])
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        alpha = self._alpha(idx)
        lanes = d.cols.lane[idx]
        tentative = d.cols.approximate[idx]
        # Solid markers: one round-capped drawPoints per lane and strength, not one call per
        # event, so hundreds of markers cost about as much as one.
        solid = ~tentative
        for lane in np.unique(lanes[solid]).tolist():
            for a in np.unique(alpha[solid & (lanes == lane)]).tolist():
                pick = solid & (lanes == lane) & (alpha == a)
                points = pg.functions.arrayToQPolygonF(xs[pick], ys[pick])
                painter.setPen(_dot_pen(self._color(lane, a, 70), MARKER_PX + 2.4))
                painter.drawPoints(points)
                painter.setPen(_dot_pen(self._color(lane, a), MARKER_PX))
                painter.drawPoints(points)
        r = MARKER_PX / 2
        for k in np.flatnonzero(tentative).tolist():
            lane, a = int(lanes[k]), float(alpha[k])

            def hollow(p: QPainter, centre: QPointF, lane: int = lane, a: float = a) -> None:
                p.setPen(QPen(self._color(lane, a, 90), 1.8, Qt.PenStyle.DashLine))
                fill = QColor(d.theme.hollow_fill)
                fill.setAlpha(int(230 * a))
                p.setBrush(fill)
                p.drawEllipse(centre, r, r)

            key = ("hollow", d.lane_colors[lane].rgba(), a, d.theme.name)
            self._sprites.stamp(painter, xs[k], ys[k], key, r + 1, hollow)
        ringed = (idx == d.selected) | np.isin(idx, list(d.highlighted))
        painter.setPen(QPen(d.theme.selected, 2.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for k in np.flatnonzero(ringed).tolist():
            ring = r + SELECTION_RING_PX - 1.5
            painter.drawEllipse(QPointF(xs[k], ys[k]), ring, ring)


class DensityItem(ArrayItem):
    """Counts per cell and row as one image: deeper colour, more events (dense frames only)."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's density cells in a single drawImage call."""
        d = self.drawing
        f = d.frame
        if not f.dense or f.density is None or d.rows is None or f.density.size == 0:
            return
        counts = f.density.astype(np.float64)
        # Log scale: one story of thousands must not wash out a lone event elsewhere.
        strength = np.log1p(counts) / np.log1p(max(float(counts.max()), 1.0))
        alpha = np.where(counts > 0, 0.25 + 0.75 * strength, 0.0)
        if f.density_match is not None:
            alpha = np.where(f.density_match > 0, alpha, alpha * DIM_ALPHA)
        rgb = np.array([(c.red(), c.green(), c.blue()) for c in d.lane_colors], np.uint8)[d.rows.lane_of_row]
        image = np.empty((*counts.shape, 4), np.uint8)
        image[..., :3] = rgb[:, None, :]
        image[..., 3] = (alpha * 255).astype(np.uint8)
        qimage = QImage(image.data, image.shape[1], image.shape[0], image.shape[1] * 4, QImage.Format.Format_RGBA8888)
        left = f.density_start - d.origin
        target = QRectF(left, 0.0, f.density_cell_s * counts.shape[1], float(counts.shape[0]))
        painter.drawImage(target, qimage)
