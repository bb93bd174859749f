"""PNG of a timeline drawn by the window's own TimelineScene, framed with a title and a lane legend.

It draws from an ExportRequest (the timeline, a view of it, the size) through a ViewState
of its own, never from the window.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QImageWriter, QPainter, QPen

from desktop.io.targets import TargetError, check_target
from desktop.io.writers import WriteError, atomic_write
from desktop.layout.rows import stack_rows
from desktop.model.dates import format_window
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewSnapshot, ViewState
from desktop.render.request import DEFAULT_SCALE, ExportRequest
from desktop.render.scene import TimelineScene
from desktop.version import __version__

# Limits, in image pixels: a QImage is 4 bytes a pixel, so 100 megapixels is 400 MB
# before PNG encoding; past that the export would sooner exhaust memory than finish.
MAX_SIDE_PX = 20_000
MAX_PIXELS = 100_000_000
MAX_SCALE = 8.0
# Smallest layout (image pixels ÷ scale) that still has room for lane names and time.
MIN_WIDTH_PX = 480
MIN_HEIGHT_PX = 240

# The default height, in layout pixels (multiplied by `scale` for the image):
#   HEADER_PX + max(rows × ROW_PX, MIN_ROWS_PX) + AXIS_PX + legend lines × LEGEND_LINE_PX + MARGIN_PX
MARGIN_PX = 16
HEADER_PX = 64  # margin, title and subtitle
ROW_PX = 26  # per sub-row; labels need at least 15 (layout.LABEL_HEIGHT_PX)
MIN_ROWS_PX = 240
MAX_ROWS_PX = 900  # tallest plot area a default height gives, in layout pixels
AXIS_PX = 40
LEGEND_LINE_PX = 26
MAX_LEGEND_LINES = 6  # past this the legend ends in "+ N more lanes": thousands of lanes still fit a page
SWATCH_PX = 12

# QImageWriter turns a PNG "quality" q into zlib level (100 − q) × 9 // 91 (Qt's qpnghandler.cpp):
# 50 is level 4, the first with lazy matching. On these mostly flat images its files are
# about 4 % larger than the default level 6's, written in 40 % of the time (1600 × 2092 RGB:
# 0.17 s against 0.42 s); levels 1–2 save another 0.05 s for files 17–21 % larger.
PNG_QUALITY = 50

TEXT = QColor("#1d2125")
MUTED = QColor("#5f6368")
SOFTWARE = f"summit-timeline {__version__}"


class ExportError(Exception):
    """An export that cannot be done; the message says why in one line."""


def _fonts() -> tuple[QFont, QFont, QFont]:
    """Title, subtitle and legend fonts."""
    title = QFont()
    title.setPointSizeF(15.0)
    title.setBold(True)
    subtitle = QFont()
    subtitle.setPointSizeF(9.5)
    legend = QFont()
    legend.setPointSizeF(9.5)
    return title, subtitle, legend


def _more_note(more: int) -> str:
    return f"+ {more:,} more lane{'s' if more != 1 else ''}"


def _legend_lines(timeline: Timeline, hidden: frozenset[int], width: float) -> tuple[list[list[int]], int]:
    """Lane indices per legend line, wrapped to `width` layout pixels, at most MAX_LEGEND_LINES; and lanes left out."""
    metrics = QFontMetricsF(_fonts()[2])
    lines: list[list[int]] = [[]]
    needs: list[list[float]] = [[]]
    used = 0.0
    shown = [i for i in range(len(timeline.lanes)) if i not in hidden]
    for n, i in enumerate(shown):
        need = SWATCH_PX + 6 + metrics.horizontalAdvance(timeline.lanes[i].title) + 22
        if lines[-1] and used + need > width:
            if len(lines) == MAX_LEGEND_LINES:
                # The rest would be a wall of names: name them by count, room made on the last line.
                more = len(shown) - n
                while lines[-1] and sum(needs[-1]) + metrics.horizontalAdvance(_more_note(more)) > width:
                    lines[-1].pop()
                    needs[-1].pop()
                    more += 1
                return lines, more
            lines.append([])
            needs.append([])
            used = 0.0
        lines[-1].append(i)
        needs[-1].append(need)
        used += need
    return lines, 0


def default_height(timeline: Timeline, width: int, *, hidden_lanes: frozenset[int] = frozenset(),
                   scale: float = DEFAULT_SCALE) -> int:
    """Image height that gives every sub-row ROW_PX up to MAX_ROWS_PX in all, within the size limits."""
    layout_width = width / scale
    rows = stack_rows(timeline.columns, len(timeline.lanes), frozenset(hidden_lanes)).total
    legend = len(_legend_lines(timeline, frozenset(hidden_lanes), layout_width - 2 * MARGIN_PX)[0])
    fixed = HEADER_PX + AXIS_PX + legend * LEGEND_LINE_PX + MARGIN_PX
    # Past MAX_ROWS_PX the rows get thinner instead of the page longer (dense timelines).
    height = math.ceil((fixed + min(max(rows * ROW_PX, MIN_ROWS_PX), MAX_ROWS_PX)) * scale)
    # A timeline with hundreds of sub-rows gets the tallest image allowed, not an error.
    return max(min(height, MAX_SIDE_PX, MAX_PIXELS // max(width, 1)), math.ceil(MIN_HEIGHT_PX * scale))


def check_size(width: int, height: int | None, scale: float = DEFAULT_SCALE) -> None:
    """Raise ExportError for a size or scale the export refuses (height None: the default)."""
    if not 0.5 <= scale <= MAX_SCALE or not math.isfinite(scale):
        raise ExportError(f"scale {scale:g} is outside 0.5–{MAX_SCALE:g}")
    for name, value, least in (("width", width, MIN_WIDTH_PX), ("height", height, MIN_HEIGHT_PX)):
        if value is None:
            continue
        smallest = math.ceil(least * scale)
        if value < smallest:
            at = f" at scale {scale:g}" if scale != 1 else ""
            raise ExportError(f"{name} {value} px is too small: at least {smallest} px{at}")
        if value > MAX_SIDE_PX:
            raise ExportError(f"{name} {value:,} px is too large: at most {MAX_SIDE_PX:,} px")
    if height is not None and width * height > MAX_PIXELS:
        raise ExportError(
            f"{width:,} × {height:,} px is too large: at most {MAX_PIXELS // 1_000_000} megapixels in all"
        )


def render_timeline(
    timeline: Timeline,
    *,
    width: int,
    height: int | None = None,
    start: float | None = None,
    end: float | None = None,
    hidden_lanes: frozenset[int] | set[int] = frozenset(),
    match: np.ndarray | None = None,
    query: str = "",
    transparent: bool = False,
    scale: float = DEFAULT_SCALE,
) -> QImage:
    """`render_request` spelled as arguments: hidden lanes by index, the search as `match` for `query`."""
    view = ViewSnapshot(hidden_lanes=frozenset(timeline.lanes[i].id for i in hidden_lanes), query=query,
                        match=match)
    return render_request(ExportRequest(timeline, view, start=start, end=end, width=width, height=height,
                                        scale=scale, transparent=transparent))


def render_request(request: ExportRequest) -> QImage:
    """Draw the request into a width × height image; a range side left None fits all events there.

    `scale` is image pixels per layout pixel: 2 lays the timeline out for width/2
    and draws it at twice the density, as a high-DPI screen shows the window.
    """
    timeline, width, scale = request.timeline, request.width, request.scale
    hidden = request.hidden_lane_indices()
    height = request.height
    if height is None:
        height = default_height(timeline, width, hidden_lanes=hidden, scale=scale)
    check_size(width, height, scale)
    w, h = width / scale, height / scale
    title_font, subtitle_font, legend_font = _fonts()
    legend, more = _legend_lines(timeline, hidden, w - 2 * MARGIN_PX)
    legend_px = len(legend) * LEGEND_LINE_PX
    plot_rect = QRectF(MARGIN_PX, HEADER_PX, w - 2 * MARGIN_PX, h - HEADER_PX - legend_px - MARGIN_PX)
    if plot_rect.height() < AXIS_PX + MIN_ROWS_PX / 2:
        # Many lanes wrap the legend over several lines; the plot still needs its room.
        least = math.ceil((HEADER_PX + legend_px + MARGIN_PX + AXIS_PX + MIN_ROWS_PX / 2) * scale)
        raise ExportError(f"height {height} px is too small for {len(legend)} legend lines: at least {least} px")

    # The same TimelineScene the window uses, in a scene of its own at the export's size,
    # so the layout (clusters, label culling) is computed for these pixels.
    # A view is never shown, but pyqtgraph's axes need one to measure device pixels.
    view = pg.GraphicsView(background=None)
    graphics = view.scene()
    # No context menus: the scene turns them off anyway, after they took milliseconds to build.
    plot = pg.PlotItem(enableMenu=False)
    graphics.addItem(plot)
    # The request's lanes and search; no selection, and the range once the plot has its size.
    state = ViewState(ViewSnapshot(hidden_lanes=request.view.hidden_lanes, query=request.view.query,
                                   match=request.view.match))
    scene = TimelineScene(plot, state=state)
    scene.set_axis_mode(request.axis)  # the window's mode, or the automatic rule
    scene.set_time_zone(request.zone)  # the window's zone, or the file's default
    scene.set_timeline(timeline)
    plot.setGeometry(QRectF(0, 0, plot_rect.width(), plot_rect.height()))
    plot.layout.activate()
    start, end = request.start, request.end
    if start is not None or end is not None:
        fit_start, fit_end = scene.visible_range()
        scene.set_visible_range(fit_start if start is None else start, fit_end if end is None else end)
    scene.relayout()
    begin, finish = scene.visible_wall_range()  # named on the wall clock of the axis's zone

    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    # Fonts are sized in points: paint at the screen's DPI so text is drawn at the size
    # the layout measured it (QFontMetricsF uses the screen's DPI).
    dpi = QGuiApplication.primaryScreen().logicalDotsPerInch() if QGuiApplication.primaryScreen() else 96.0
    _set_dpi(image, dpi)
    # The items draw in device pixels after resetTransform(); a device pixel ratio (as on
    # a high-DPI screen) scales them with everything else, where painter.scale() would not.
    image.setDevicePixelRatio(scale)
    transparent = request.transparent
    image.fill(Qt.GlobalColor.transparent if transparent else Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        subtitle = f"{format_window(begin, finish)} · {_count(scene.frame.visible_count)}"
        note = request.view.match_note()
        _draw_header(painter, w, timeline.title, " · ".join(filter(None, [subtitle, note])),
                     title_font, subtitle_font)
        graphics.render(painter, plot_rect, QRectF(0, 0, plot_rect.width(), plot_rect.height()))
        _draw_legend(painter, timeline, legend, plot_rect.bottom() + 8, legend_font, more)
    finally:
        painter.end()
    if not transparent:
        # Every pixel is opaque, so the same pixels without alpha: the PNG then holds RGB, not
        # RGBA, a quarter less to filter and compress.
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    # Print at the size it shows on screen: `scale` image pixels per screen pixel.
    image.setDevicePixelRatio(1.0)
    _set_dpi(image, dpi * scale)
    view.deleteLater()
    return image


def _count(n: int) -> str:
    return f"{n:,} event{'s' if n != 1 else ''}"


def _set_dpi(image: QImage, dpi: float) -> None:
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)


def _draw_header(painter: QPainter, width: float, title: str, subtitle: str, title_font: QFont,
                 subtitle_font: QFont) -> None:
    """The timeline's title and, below it, the window shown and the event count."""
    room = width - 2 * MARGIN_PX
    for text, font, color, top in ((title, title_font, TEXT, 12.0), (subtitle, subtitle_font, MUTED, 40.0)):
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.setPen(color)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(MARGIN_PX, top, room, metrics.height() + 2),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)


def _draw_legend(painter: QPainter, timeline: Timeline, lines: list[list[int]], top: float, font: QFont,
                 more: int = 0) -> None:
    """A swatch and the name of every shown lane, in lane order, wrapped over `lines`; then how many more."""
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    for n, line in enumerate(lines):
        y = top + n * LEGEND_LINE_PX + LEGEND_LINE_PX / 2
        x = float(MARGIN_PX + 4)
        for i in line:
            lane = timeline.lanes[i]
            color = QColor(lane.color)
            painter.setPen(QPen(color.darker(150), 1.0))
            painter.setBrush(color)
            painter.drawRect(QRectF(x, y - SWATCH_PX / 2, SWATCH_PX, SWATCH_PX))
            x += SWATCH_PX + 6
            painter.setPen(TEXT)
            advance = metrics.horizontalAdvance(lane.title)
            painter.drawText(QRectF(x, y - metrics.height() / 2, advance + 2, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, lane.title)
            x += advance + 22
    if more and lines:
        painter.setPen(MUTED)
        note = _more_note(more)
        y = top + (len(lines) - 1) * LEGEND_LINE_PX + LEGEND_LINE_PX / 2
        x = MARGIN_PX + 4 + sum(SWATCH_PX + 6 + metrics.horizontalAdvance(timeline.lanes[i].title) + 22
                                for i in lines[-1])
        painter.drawText(QRectF(x, y - metrics.height() / 2, metrics.horizontalAdvance(note) + 2, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def write_png(image: QImage, path: str | Path, *, title: str, source_name: str) -> None:
    """Write `image` as PNG with Title, Software, Source and Creation Time chunks, whole or not at all."""
    try:
        check_target(path)  # a regular file or nothing yet, after links; refused before any encoding
    except TargetError as exc:
        raise ExportError(str(exc)) from None
    for key, value in (
        ("Title", title),
        ("Software", SOFTWARE),
        ("Source", source_name),
        # RFC 1123, as the PNG spec suggests; email.utils spells it the same in every locale.
        ("Creation Time", format_datetime(datetime.now(UTC), usegmt=True)),
    ):
        # On the image, not QImageWriter.setText: the writer folds a key with a space
        # ("Creation Time") into a "Description" chunk.
        image.setText(key, value)
    # Encoded in memory, then written by Python's atomic_write, not QSaveFile: Qt would turn a
    # name that is not UTF-8 into another name, write onto a FIFO or device a link leads to,
    # and report a full disk as "Unknown error"; Python keeps the bytes and the OS's reason.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"png")
    writer.setQuality(PNG_QUALITY)  # lossless at any setting; this picks speed against size
    if not writer.write(image):
        raise ExportError(f"{path}: cannot write the image: {writer.errorString()}")
    buffer.close()
    try:
        atomic_write(path, bytes(buffer.data().data()))
    except WriteError as exc:
        raise ExportError(str(exc)) from None


def export_png(request: ExportRequest, path: str | Path) -> None:
    """Render the request and write it to `path` (raises ExportError)."""
    write_png(render_request(request), path, title=request.timeline.title, source_name=request.source_name)


__all__ = ["DEFAULT_SCALE", "MAX_PIXELS", "MAX_SIDE_PX", "ExportError", "ExportRequest", "check_size",
           "default_height", "export_png", "render_request", "render_timeline", "write_png"]
