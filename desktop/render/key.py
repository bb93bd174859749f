"""The key: what each mark on the timeline means, painted with the plot's own shapes and colours.

`paint_key` draws into any QPainter (a widget, an exported image), so the window and the
export show the same key. All its text is drawn as plain characters, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.layout.frame import MARKER_PX, SELECTION_RING_PX, cluster_radius
from desktop.render.breaks import EDGE, TINT
from desktop.render.text_style import one_line
from desktop.render.theme import LIGHT, Theme

GLYPH_PX = 46.0  # width of the column the marks are drawn in
ROW_PX = 24.0  # least height of a row: a cluster disc and the selection ring fit
PAD_PX = 6.0
GAP_PX = 8.0  # between a mark and its text
DEFAULT_COLOR = QColor("#0072b2")
CLUSTER_SAMPLE = 12  # the count shown on the sample cluster disc
LANE_DOTS = 5  # lane colours shown on the "colour is the lane" row

Lanes = Sequence[tuple[str, QColor | str]]  # (title, colour) per lane, in lane order


@dataclass(frozen=True)
class KeyRow:
    """One entry of the key: the kind of mark, its plain-text meaning, the colours to draw it in."""

    kind: str  # "lanes", "lane", "point", "range", "approximate", "band", "cluster", "selection"
    text: str
    colors: tuple[QColor, ...]


def key_rows(lanes: Lanes, list_lanes: bool = False, breaks: bool = False) -> list[KeyRow]:
    """The key's entries; with `list_lanes` one row per lane (for images without the Lanes list),
    with `breaks` the mark of a compressed stretch of time."""
    colors = tuple(QColor(color) for _, color in lanes) or (DEFAULT_COLOR,)
    first = colors[:1]
    rows = (
        [KeyRow("lane", one_line(title), (QColor(color),)) for title, color in lanes]
        if list_lanes
        else [KeyRow("lanes", "Colour shows the lane", colors)]
    )
    return [
        *rows,
        KeyRow("point", "Event on a date", first),
        KeyRow("range", "Event with a start and an end", first),
        KeyRow("approximate", "Approximate date", first),
        KeyRow("band", "Pale: some time in that day, month or year", first),
        KeyRow("cluster", "Several events: click to zoom in", first),
        KeyRow("selection", "Selected event", first),
        *([KeyRow("break", "Empty time left out (compressed axis)", first)] if breaks else []),
    ]


def _row_heights(rows: Sequence[KeyRow], font: QFont, width: float) -> list[float]:
    """Each row's height when its text wraps in `width` pixels of key."""
    metrics = QFontMetricsF(font)
    text_w = max(width - 2 * PAD_PX - GLYPH_PX - GAP_PX, 40.0)
    flags = int(Qt.TextFlag.TextWordWrap)
    return [max(ROW_PX, metrics.boundingRect(QRectF(0, 0, text_w, 1e4), flags, r.text).height() + 4) for r in rows]


def key_height(rows: Sequence[KeyRow], font: QFont, width: float) -> float:
    """Pixels the key needs at `width` pixels wide."""
    return sum(_row_heights(rows, font, width)) + 2 * PAD_PX


def key_width(rows: Sequence[KeyRow], font: QFont) -> float:
    """Pixels the key needs to write every entry on one line."""
    metrics = QFontMetricsF(font)
    longest = max((metrics.horizontalAdvance(r.text) for r in rows), default=0.0)
    return 2 * PAD_PX + GLYPH_PX + GAP_PX + longest + 2


def paint_key(painter: QPainter, rect: QRectF, rows: Sequence[KeyRow], font: QFont, theme: Theme = LIGHT) -> None:
    """Draw the key's rows top-down in `rect` (device pixels), text wrapped to its width."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        text_left = rect.left() + PAD_PX + GLYPH_PX + GAP_PX
        text_w = max(rect.right() - PAD_PX - text_left, 40.0)
        y = rect.top() + PAD_PX
        for row, height in zip(rows, _row_heights(rows, font, rect.width()), strict=True):
            centre = QPointF(rect.left() + PAD_PX + GLYPH_PX / 2, y + height / 2)
            _GLYPHS[row.kind](painter, centre, row.colors, font, theme)
            painter.setFont(font)
            painter.setPen(theme.text)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignVCenter) | int(Qt.AlignmentFlag.AlignLeft)
            painter.drawText(QRectF(text_left, y, text_w, height), flags, row.text)
            y += height
    finally:
        painter.restore()


# --- the marks, drawn as the plot's items draw them (render/items.py, text_items.py) ---------


def _tint(color: QColor, alpha: float = 1.0, lighten: int = 100) -> QColor:
    out = QColor(color).lighter(lighten)
    out.setAlphaF(alpha)
    return out


def _dot(p: QPainter, centre: QPointF, color: QColor, size: float = MARKER_PX) -> None:
    """A solid marker: a darker rim under the lane colour, as MarkersItem draws it."""
    for lighten, width in ((70, size + 2.4), (100, size)):
        pen = QPen(_tint(color, 1.0, lighten), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawPoint(centre)


def _bar(p: QPainter, rect: QRectF, color: QColor, tentative: bool, period: bool = False) -> None:
    """A bar as BarsItem draws it: pale and dashed when approximate, paler for a point's period."""
    p.setBrush(_tint(color, (0.2 if tentative else 0.38) if period else (0.45 if tentative else 0.85)))
    pen = QPen(_tint(color, 1.0, 80), 1.4)
    if tentative:
        pen.setStyle(Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawRoundedRect(rect, 4, 4)


def _glyph_lanes(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    """A few of the lanes' colours side by side, smaller than a marker so they do not overlap."""
    shown = colors[:LANE_DOTS]
    step = GLYPH_PX / LANE_DOTS
    x0 = centre.x() - step * (len(shown) - 1) / 2
    for k, color in enumerate(shown):
        _dot(p, QPointF(x0 + k * step, centre.y()), color, step - 3.4)


def _glyph_lane(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    _dot(p, centre, colors[0])


def _glyph_break(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    """A compressed stretch as BreaksItem and the date axis draw it: a tinted band, dashed edges, a double slash."""
    band = QRectF(centre.x() - 9, centre.y() - 10, 18, 20)
    p.fillRect(band, TINT)
    p.setPen(QPen(EDGE, 1.0, Qt.PenStyle.DashLine))
    for x in (band.left(), band.right()):
        p.drawLine(QPointF(x, band.top()), QPointF(x, band.bottom()))
    p.setPen(QPen(theme.axis, 1.2))
    for dx in (-3.0, 3.0):
        p.drawLine(QPointF(centre.x() + dx - 2.5, centre.y() + 4), QPointF(centre.x() + dx + 2.5, centre.y() - 4))


def _glyph_range(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    _bar(p, QRectF(centre.x() - 19, centre.y() - 6, 38, 12), colors[0], tentative=False)


def _glyph_approximate(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    r = MARKER_PX / 2
    ring = QPointF(centre.x() - 14, centre.y())
    p.setPen(QPen(_tint(colors[0], 1.0, 90), 1.8, Qt.PenStyle.DashLine))
    fill = QColor(theme.hollow_fill)
    fill.setAlpha(230)
    p.setBrush(fill)
    p.drawEllipse(ring, r, r)
    _bar(p, QRectF(centre.x() - 4, centre.y() - 6, 24, 12), colors[0], tentative=True)


def _glyph_band(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    """A date's period: a faint band behind its marker (UncertaintyItem), or a pale bar when wide."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(_tint(colors[0], 0.18))
    p.drawRoundedRect(QRectF(centre.x() - 22, centre.y() - 9, 18, 18), 3, 3)
    _dot(p, QPointF(centre.x() - 13, centre.y()), colors[0])
    _bar(p, QRectF(centre.x(), centre.y() - 6, 22, 12), colors[0], tentative=False, period=True)


def _glyph_cluster(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], font: QFont, theme: Theme) -> None:
    """A count disc as ClustersItem draws it: white rim, digits dark or white by the colour."""
    rad = float(cluster_radius(CLUSTER_SAMPLE))
    color = QColor(colors[0])
    p.setPen(QPen(QColor(255, 255, 255), 1.5))
    p.setBrush(color)
    p.drawEllipse(centre, rad, rad)
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() - 1.5, 6.5))
    small.setBold(True)
    p.setFont(small)
    p.setPen(QColor(LIGHT.text) if color.lightnessF() > 0.62 else QColor(255, 255, 255))
    p.drawText(QRectF(centre.x() - rad, centre.y() - rad, 2 * rad, 2 * rad), Qt.AlignmentFlag.AlignCenter,
               str(CLUSTER_SAMPLE))


def _glyph_selection(p: QPainter, centre: QPointF, colors: tuple[QColor, ...], _font: QFont, theme: Theme) -> None:
    _dot(p, centre, colors[0])
    ring = MARKER_PX / 2 + SELECTION_RING_PX - 1.5
    p.setPen(QPen(theme.selected, 2.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(centre, ring, ring)


_GLYPHS: dict[str, Callable[[QPainter, QPointF, tuple[QColor, ...], QFont, Theme], None]] = {
    "lanes": _glyph_lanes,
    "lane": _glyph_lane,
    "point": _glyph_lane,
    "range": _glyph_range,
    "break": _glyph_break,
    "approximate": _glyph_approximate,
    "band": _glyph_band,
    "cluster": _glyph_cluster,
    "selection": _glyph_selection,
}
