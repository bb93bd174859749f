"""A few array-fed graphics items: lane bands, uncertainty bands, bars, markers, clusters, labels."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from desktop.layout.frame import MARKER_PX, SELECTION_RING_PX, Frame, Rows, cluster_radius
from desktop.model.timeline import Columns

TEXT = QColor("#1d2125")
DIM_ALPHA = 0.22
BAND_EVEN, BAND_ODD = QColor("#f6f7f9"), QColor("#ffffff")
SELECTED = QColor("#111111")


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


def _device(painter: QPainter, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map item coordinates to device pixels in one numpy step (no per-point Qt calls)."""
    t = painter.transform()
    return t.m11() * xs + t.m21() * ys + t.m31(), t.m12() * xs + t.m22() * ys + t.m32()


def _capped(y0: np.ndarray, y1: np.ndarray, half_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Keep a bar's share of its row, but no taller than 2 × half_px: few rows, tall rows."""
    middle, half = (y0 + y1) / 2, np.minimum(np.abs(y1 - y0) / 2, half_px)
    return middle - half, middle + half


class _Sprites:
    """Small antialiased drawings made once and stamped where needed: a blit costs a tenth of
    drawing the disc and its text again (clusters and hollow markers, hundreds a frame)."""

    # Sprites kept (2–10 KB each), least recently used dropped first: a frame stamps far fewer
    # kinds, and a long session meets many counts and colours (the soak test watches memory).
    LIMIT = 256

    def __init__(self) -> None:
        self._made: OrderedDict[tuple, tuple[QImage, float]] = OrderedDict()

    def stamp(self, painter: QPainter, x: float, y: float, key: tuple, radius: float,
              draw: Callable[[QPainter, QPointF], None]) -> None:
        """Draw `draw`'s picture (centred, within `radius` + 2 px) with its centre at device (x, y)."""
        device = painter.device()
        ratio = device.devicePixelRatioF()
        full = (key, ratio, device.logicalDpiX(), device.logicalDpiY())
        made = self._made.get(full)
        if made is None:
            if len(self._made) >= self.LIMIT:
                self._made.popitem(last=False)
            made = self._made[full] = self._make(device, ratio, radius, draw)
        else:
            self._made.move_to_end(full)
        image, half = made
        # Whole device pixels: a fractional position would resample the sprite and blur it.
        painter.drawImage(QPointF(round(x - half), round(y - half)), image)

    @staticmethod
    def _make(device: object, ratio: float, radius: float, draw: Callable[[QPainter, QPointF], None]
              ) -> tuple[QImage, float]:
        half = float(int(radius + 2.5))
        side = int(2 * half * ratio)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        # The target's DPI, so text in the sprite has the size it would have there.
        image.setDotsPerMeterX(round(device.logicalDpiX() / 0.0254))  # type: ignore[attr-defined]
        image.setDotsPerMeterY(round(device.logicalDpiY() / 0.0254))  # type: ignore[attr-defined]
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter, QPointF(half, half))
        painter.end()
        return image, half


class _ArrayItem(pg.GraphicsObject):
    """Base: paints from the shared Drawing, in device pixels so sizes stay fixed at any zoom."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self._bounds = QRectF()
        self._sprites = _Sprites()

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

    def _spans(self, painter: QPainter, idx: np.ndarray, inset: float, half_px: float) -> tuple[np.ndarray, ...]:
        """Device rectangles (x0, y0, x1, y1) of events' spans, `inset` rows in from their row's edges;
        leaves the painter in device pixels, antialiased."""
        d = self.drawing
        x0, y0 = _device(painter, d.cols.begin[idx] - d.origin, d.rows.row[idx] + inset)
        x1, y1 = _device(painter, d.cols.finish[idx] - d.origin, d.rows.row[idx] + 1.0 - inset)
        y0, y1 = _capped(y0, y1, half_px)
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return x0, y0, x1, y1

    def _row_y(self, rows: np.ndarray) -> np.ndarray:
        return rows.astype(float) + 0.5


class LaneBandsItem(_ArrayItem):
    """Alternating background bands, one per lane, with a hairline between lanes."""

    def draw(self, painter: QPainter) -> None:
        """Draw the bands across the whole reachable time range."""
        rows = self.drawing.rows
        if rows is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        left, width = self._bounds.left(), self._bounds.width()
        shown = [i for i in range(len(rows.lane_top)) if rows.lane_top[i] >= 0]
        for k, lane in enumerate(shown):
            painter.setBrush(BAND_EVEN if k % 2 == 0 else BAND_ODD)
            painter.drawRect(QRectF(left, float(rows.lane_top[lane]), width, float(rows.lane_rows[lane])))
        pen = QPen(QColor("#d5d9de"))
        pen.setCosmetic(True)
        painter.setPen(pen)
        for lane in shown[1:]:
            y = float(rows.lane_top[lane])
            painter.drawLine(QPointF(left, y), QPointF(left + width, y))


class UncertaintyItem(_ArrayItem):
    """Faint bands over the whole month or year a coarse date stands for."""

    def draw(self, painter: QPainter) -> None:
        """Draw one band behind each single marker of month or year precision."""
        d = self.drawing
        if d.cols is None:
            return
        idx = d.frame.mark_idx[d.cols.coarse[d.frame.mark_idx]]
        if len(idx) == 0:
            return
        x0, y0, x1, y1 = self._spans(painter, idx, 0.18, 14.0)
        alpha = self._alpha(idx)
        for k, i in enumerate(idx.tolist()):
            color = self._color(int(d.cols.lane[i]), 0.18 * alpha[k])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(x0[k], y0[k], max(x1[k] - x0[k], 2.0), y1[k] - y0[k]), 3, 3)


class BarsItem(_ArrayItem):
    """Rounded bars for events with a start and an end."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's bars; approximate ones dashed and pale, the selection outlined."""
        d = self.drawing
        idx = d.frame.bar_idx
        if d.cols is None or len(idx) == 0:
            return
        x0, y0, x1, y1 = self._spans(painter, idx, 0.22, 11.0)
        alpha = self._alpha(idx)
        # Qt rasterises in 26.6 fixed point: clamp far-off edges so a bar spanning
        # years stays exact when zoomed to minutes.
        x0, x1 = np.clip(x0, -1e5, 1e5), np.clip(x1, -1e5, 1e5)
        for k, i in enumerate(idx.tolist()):
            lane = int(d.cols.lane[i])
            tentative = bool(d.cols.approximate[i])
            painter.setBrush(self._color(lane, alpha[k] * (0.45 if tentative else 0.85)))
            pen = QPen(self._color(lane, alpha[k], 80), 1.4)
            if tentative:
                pen.setStyle(Qt.PenStyle.DashLine)
            if i == d.selected or i in d.highlighted:
                pen = QPen(SELECTED, 2.6)
            painter.setPen(pen)
            painter.drawRoundedRect(QRectF(x0[k], y0[k], x1[k] - x0[k], y1[k] - y0[k]), 4, 4)


def _dot_pen(color: QColor, width: float) -> QPen:
    """A pen whose points are filled discs of `width` pixels."""
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


class MarkersItem(_ArrayItem):
    """One dot per single point event; approximate ones hollow and dashed."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's single markers."""
        d = self.drawing
        idx = d.frame.mark_idx
        if d.cols is None or len(idx) == 0:
            return
        xs, ys = _device(painter, d.cols.anchor[idx] - d.origin, self._row_y(d.rows.row[idx]))
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
                p.setBrush(QColor(255, 255, 255, int(230 * a)))
                p.drawEllipse(centre, r, r)

            self._sprites.stamp(painter, xs[k], ys[k], ("hollow", d.lane_colors[lane].rgba(), a), r + 1, hollow)
        ringed = (idx == d.selected) | np.isin(idx, list(d.highlighted))
        painter.setPen(QPen(SELECTED, 2.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for k in np.flatnonzero(ringed).tolist():
            ring = r + SELECTION_RING_PX - 1.5
            painter.drawEllipse(QPointF(xs[k], ys[k]), ring, ring)


class DensityItem(_ArrayItem):
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
        rgb = np.array([c.getRgb()[:3] for c in d.lane_colors], np.uint8)[d.rows.lane_of_row]
        image = np.empty((*counts.shape, 4), np.uint8)
        image[..., :3] = rgb[:, None, :]
        image[..., 3] = (alpha * 255).astype(np.uint8)
        qimage = QImage(image.data, image.shape[1], image.shape[0], image.shape[1] * 4, QImage.Format.Format_RGBA8888)
        left = f.density_start - d.origin
        target = QRectF(left, 0.0, f.density_cell_s * counts.shape[1], float(counts.shape[0]))
        painter.drawImage(target, qimage)


class ClustersItem(_ArrayItem):
    """One disc with a count where markers would collide at this zoom."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's clusters with their counts."""
        d = self.drawing
        f = d.frame
        if d.cols is None or len(f.cluster_x) == 0 or f.dense:
            return
        xs, ys = _device(painter, f.cluster_x - d.origin, self._row_y(f.cluster_row))
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
                ink = QColor(TEXT) if color.lightnessF() > 0.62 else QColor(255, 255, 255)
                ink.setAlphaF(alpha)
                p.setPen(ink)
                p.setFont(font)
                p.drawText(QRectF(centre.x() - rad, centre.y() - rad, 2 * rad, 2 * rad), Qt.AlignmentFlag.AlignCenter,
                           text)

            key = ("disc", d.lane_colors[lane].rgba(), alpha, rad, text, font_key)
            self._sprites.stamp(painter, xs[k], ys[k], key, rad + 1, disc)


class LabelsItem(_ArrayItem):
    """Event titles at the places the layout chose; elided to the width it measured."""

    def draw(self, painter: QPainter) -> None:
        """Draw the frame's labels."""
        d = self.drawing
        f = d.frame
        if d.cols is None or len(f.label_idx) == 0:
            return
        idx = f.label_idx
        xs, ys = _device(painter, d.cols.anchor[idx] - d.origin, self._row_y(d.rows.row[idx]))
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(d.font)
        metrics = QFontMetricsF(d.font)
        # Baseline that centres the text on the row: cheaper than laying text out in a rectangle.
        baseline = (metrics.ascent() - metrics.descent()) / 2
        alpha = self._alpha(idx)
        for a in np.unique(alpha).tolist():
            color = QColor(TEXT)
            color.setAlphaF(float(a))
            painter.setPen(color)
            for k in np.flatnonzero(alpha == a).tolist():
                text = d.measure.elided(int(idx[k]), float(f.label_width[k])) if d.measure else d.titles[idx[k]]
                painter.drawText(QPointF(xs[k] + f.label_dx[k], ys[k] + baseline), text)


def label_font() -> QFont:
    """The font labels are measured and drawn with."""
    font = QFont()
    font.setPointSizeF(9.0)
    return font


class LabelMeasure:
    """Title widths in pixels, measured lazily and cached per timeline (the layout's `measure`)."""

    def __init__(self, titles: Sequence[str], font: QFont) -> None:
        self._titles = titles
        self._metrics = QFontMetricsF(font)
        self._widths = np.full(len(titles), np.nan)
        self._elided: dict[int, tuple[float, str]] = {}

    def __call__(self, idx: np.ndarray) -> np.ndarray:
        """Widths of the titles of events `idx`."""
        missing = idx[np.isnan(self._widths[idx])]
        for i in missing.tolist():
            self._widths[i] = self._metrics.horizontalAdvance(self._titles[i]) + 2
        return self._widths[idx]

    def elided(self, i: int, width: float) -> str:
        """Event i's title cut to `width` pixels with an ellipsis (cached: labels repaint every frame)."""
        cached = self._elided.get(i)
        if cached is None or cached[0] != width:
            if len(self._elided) > 100_000:
                self._elided.clear()  # bounded: a long session pans over many titles
            cached = (width, self._metrics.elidedText(self._titles[i], Qt.TextElideMode.ElideRight, width + 0.5))
            self._elided[i] = cached
        return cached[1]

