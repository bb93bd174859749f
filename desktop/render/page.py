"""The page an export draws: title and subtitle, the plot, the legend or key, the credit; sized from what it holds.

`plan_page` measures (and refuses a size too small for the rows, legend and words);
`paint_page` draws a planned page with any QPainter, in layout pixels: an image, an SVG,
a PDF or a printer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.layout.axis_map import auto_mode
from desktop.layout.frame import LABEL_HEIGHT_PX
from desktop.layout.rows import stack_rows
from desktop.model.timeline import Timeline
from desktop.render.key import KeyRow, key_height, key_rows, key_width, paint_key
from desktop.render.request import ExportError, ExportRequest
from desktop.render.text_style import one_line, wrapped_lines
from desktop.render.theme import Theme, see_through, theme_named

MARGIN_PX = 16
TITLE_TOP_PX = 12
HEADER_GAP_PX = 10  # between the words at the top and the plot
ROW_PX = 26  # per sub-row in the default height; labels need at least 15 (layout.LABEL_HEIGHT_PX)
MIN_ROW_PX = LABEL_HEIGHT_PX + 1  # the least per sub-row: a whole marker and room for its label
MIN_ROWS_PX = 240  # the default plot area never gets shorter
LEAST_ROWS_PX = 120  # nor, at any accepted height, shorter than this
MAX_ROWS_PX = 900  # tallest plot area a default height gives, in layout pixels
AXIS_PX = 40
LEGEND_LINE_PX = 26
MAX_LEGEND_LINES = 6  # past this the legend ends in "+ N more lanes": thousands of lanes still fit a page
SWATCH_PX = 12
CREDIT_GAP_PX = 6
MIN_WIDTH_PX = 480  # the lane names (150 px) and room for time
MIN_HEIGHT_PX = 240


def fonts() -> tuple[QFont, QFont, QFont, QFont]:
    """Title, subtitle, legend and credit fonts (the application's family: bundled for exports)."""
    title, subtitle, legend, credit = QFont(), QFont(), QFont(), QFont()
    title.setPointSizeF(15.0)
    title.setBold(True)
    subtitle.setPointSizeF(9.5)
    legend.setPointSizeF(9.5)
    credit.setPointSizeF(8.5)
    return title, subtitle, legend, credit


def more_note(more: int) -> str:
    """`+ 12 more lanes`."""
    return f"+ {more:,} more lane{'s' if more != 1 else ''}"


def legend_lines(timeline: Timeline, hidden: frozenset[int], width: float) -> tuple[list[list[int]], int]:
    """Lane indices per legend line, wrapped to `width` layout pixels, at most MAX_LEGEND_LINES; and lanes left out."""
    metrics = QFontMetricsF(fonts()[2])
    lines: list[list[int]] = [[]]
    needs: list[list[float]] = [[]]
    used = 0.0
    shown = [i for i in range(len(timeline.lanes)) if i not in hidden]
    for n, i in enumerate(shown):
        # A name wider than the page gets a line of its own and is elided there (paint_legend).
        need = min(SWATCH_PX + 6 + metrics.horizontalAdvance(one_line(timeline.lanes[i].title)) + 22, width)
        if lines[-1] and used + need > width:
            if len(lines) == MAX_LEGEND_LINES:
                # The rest would be a wall of names: name them by count, room made on the last line.
                more = len(shown) - n
                while lines[-1] and sum(needs[-1]) + metrics.horizontalAdvance(more_note(more)) > width:
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


@dataclass(frozen=True)
class PagePlan:
    """Where everything goes on a page, in layout pixels (image pixels ÷ scale)."""

    width: float
    height: float
    title: list[str]  # the title's lines, wrapped to the page ([]: none)
    subtitle: list[str] | None  # the subtitle's lines; None: the default, one line known once the scene is laid out
    credit: list[str]  # the credit's lines
    title_top: float
    subtitle_top: float | None  # None: no subtitle line
    plot: QRectF
    lane_lines: list[list[int]]
    more_lanes: int
    key_columns: list[list[KeyRow]]  # the key of marks in columns, under the lane swatches ("full")
    key_width: float
    legend_top: float
    credit_top: float
    theme: Theme


@dataclass(frozen=True)
class _Parts:
    """Heights of everything but the plot, for a given width."""

    header: float
    title_top: float
    subtitle_top: float | None
    lane_lines: list[list[int]]
    more_lanes: int
    key_columns: list[list[KeyRow]]
    key_width: float
    legend: float
    credit: float  # the credit lines' height (0: none)
    rows: int
    title_lines: list[str]
    subtitle_lines: list[str] | None
    credit_lines: list[str]

    def least_height(self) -> float:
        """Layout pixels the page needs with its rows at their thinnest."""
        return self.header + AXIS_PX + _least_rows_px(self.rows) + self.legend + self.credit + MARGIN_PX


def _key_columns(request: ExportRequest, width: float, font: QFont) -> tuple[list[list[KeyRow]], float, float]:
    """The key of marks (lanes have swatches above) in columns across `width`: columns, their width, height."""
    timeline = request.timeline
    compressed = (request.axis or auto_mode(timeline.columns)) == "compressed"
    lanes = [(lane.title, lane.color) for lane in timeline.lanes]
    rows = [r for r in key_rows(lanes, breaks=compressed) if r.kind not in ("lanes", "lane", "selection")]
    column_w = min(key_width(rows, font), width)
    per_line = max(1, int(width // column_w))
    count = math.ceil(len(rows) / per_line)
    columns = [rows[k:k + count] for k in range(0, len(rows), count)]
    return columns, column_w, max(key_height(c, font, column_w) for c in columns)


def _parts(request: ExportRequest, width: float) -> _Parts:
    title_font, subtitle_font, legend_font, credit_font = fonts()
    timeline = request.timeline
    hidden = request.hidden_lane_indices()
    room = width - 2 * MARGIN_PX
    # Words are wrapped, never cut: a credit is an attribution, and a title cut short says something else.
    title = _lines(request.title_text(), title_font, room)
    top = float(TITLE_TOP_PX)
    title_top = top
    if title:
        top += len(title) * QFontMetricsF(title_font).height() + 4
    subtitle_top, subtitle = None, None
    if request.subtitle != "":
        subtitle_top = top
        # The default subtitle names what the laid-out scene draws, so it is one line (elided if need be).
        subtitle = None if request.subtitle is None else _lines(request.subtitle, subtitle_font, room)
        top += (len(subtitle) if subtitle else 1) * QFontMetricsF(subtitle_font).height()
    lines: list[list[int]] = []
    columns: list[list[KeyRow]] = []
    more, column_w, legend = 0, 0.0, 0.0
    if request.legend in ("lanes", "full"):
        lines, more = legend_lines(timeline, hidden, room)
        legend = len(lines) * LEGEND_LINE_PX + 8
    if request.legend == "full":
        columns, column_w, key_h = _key_columns(request, room, legend_font)
        legend += key_h
    credit = _lines(request.credit_text(), credit_font, room)
    credit_h = len(credit) * QFontMetricsF(credit_font).height() + CREDIT_GAP_PX if credit else 0.0
    rows = stack_rows(timeline.columns, len(timeline.lanes), hidden).total
    return _Parts(top + HEADER_GAP_PX, title_top, subtitle_top, lines, more, columns, column_w, legend, credit_h,
                  rows, title, subtitle, credit)


def _lines(text: str, font: QFont, width: float) -> list[str]:
    """Words for the page on lines that fit its width; none for no words."""
    return wrapped_lines(text, font, width) if text else []


def _least_rows_px(rows: int) -> float:
    """The plot's rows at their thinnest: a whole marker each, up to the default's tallest."""
    return max(LEAST_ROWS_PX, min(rows * MIN_ROW_PX, MAX_ROWS_PX))


def default_height(request: ExportRequest) -> int:
    """Image height that gives every sub-row ROW_PX, up to MAX_ROWS_PX in all."""
    parts = _parts(request, request.width / request.scale)
    fixed = parts.header + AXIS_PX + parts.legend + parts.credit + MARGIN_PX
    # Past MAX_ROWS_PX the rows get thinner instead of the page longer (dense timelines).
    rows_px = min(max(parts.rows * ROW_PX, MIN_ROWS_PX), MAX_ROWS_PX)
    return math.ceil((fixed + max(rows_px, _least_rows_px(parts.rows))) * request.scale)


def minimum_size(request: ExportRequest) -> tuple[int, int]:
    """The least width and height, in image pixels at the request's scale, that draw every row and word whole."""
    return _least_size(_parts(request, max(request.width / request.scale, MIN_WIDTH_PX)), request.scale)


def _least_size(parts: _Parts, scale: float) -> tuple[int, int]:
    return math.ceil(MIN_WIDTH_PX * scale), math.ceil(max(parts.least_height(), MIN_HEIGHT_PX) * scale)


def widest_scale(width: int) -> float:
    """The largest scale, to one decimal, at which `width` image pixels hold the least layout width."""
    return math.floor(width / MIN_WIDTH_PX * 10) / 10


def _theme(request: ExportRequest) -> Theme:
    theme = theme_named(request.theme)
    return see_through(theme) if request.transparent else theme


def too_narrow(width: int, scale: float) -> str:
    """Why `width` is refused at `scale`, and the scale that would fit it."""
    fits = widest_scale(width)
    hint = f"; scale {fits:g} or less fits {width} px" if fits >= 0.5 else ""
    return f"width {width} px is too small at scale {scale:g}: at least {math.ceil(MIN_WIDTH_PX * scale)} px{hint}"


def plan_page(request: ExportRequest, height: int) -> PagePlan:
    """Place the page's parts at the request's width and `height` image pixels; ExportError when too small."""
    scale = request.scale
    if request.width < math.ceil(MIN_WIDTH_PX * scale):
        raise ExportError(too_narrow(request.width, scale))
    w, h = request.width / scale, height / scale
    parts = _parts(request, w)  # once: the width is at least the least, so these are the least size's parts too
    least_h = _least_size(parts, scale)[1]
    if height < least_h:
        raise ExportError(f"height {height} px is too small at scale {scale:g} for {_parts_words(request, parts)}: "
                          f"at least {least_h} px")
    plot_h = h - parts.header - parts.legend - parts.credit - MARGIN_PX
    plot = QRectF(MARGIN_PX, parts.header, w - 2 * MARGIN_PX, plot_h)
    return PagePlan(w, h, parts.title_lines, parts.subtitle_lines, parts.credit_lines, parts.title_top,
                    parts.subtitle_top, plot,
                    parts.lane_lines, parts.more_lanes, parts.key_columns, parts.key_width, plot.bottom() + 8,
                    h - MARGIN_PX - parts.credit + CREDIT_GAP_PX / 2, _theme(request))


def _parts_words(request: ExportRequest, parts: _Parts) -> str:
    """What the height must hold, in words: `9 rows, the legend and the credit`."""
    held = [f"{parts.rows:,} row{'s' if parts.rows != 1 else ''}"]
    if parts.legend:
        held.append("the key" if request.legend == "full" else "the legend")
    if parts.credit:
        held.append("the credit")
    return held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"


def paint_words(painter: QPainter, plan: PagePlan, subtitle: str) -> None:
    """The title and subtitle at the top, the credit at the bottom, on the lines the plan wrapped them to."""
    title_font, subtitle_font, _, credit_font = fonts()
    room = plan.width - 2 * MARGIN_PX
    blocks = [(plan.title, title_font, plan.theme.text, plan.title_top)]
    if plan.subtitle_top is not None:
        said = plan.subtitle
        if said is None:  # the default, named from the laid-out scene: one line
            said = [QFontMetricsF(subtitle_font).elidedText(one_line(subtitle), Qt.TextElideMode.ElideRight, room)]
        blocks.append((said, subtitle_font, plan.theme.muted, plan.subtitle_top))
    blocks.append((plan.credit, credit_font, plan.theme.muted, plan.credit_top))
    for lines, font, color, top in blocks:
        height = QFontMetricsF(font).height()
        painter.setFont(font)
        painter.setPen(color)
        for k, line in enumerate(lines):
            painter.drawText(QRectF(MARGIN_PX, top + k * height, room, height + 2),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)


def paint_legend(painter: QPainter, plan: PagePlan, timeline: Timeline) -> None:
    """A swatch and the name of every shown lane, wrapped over the plan's lines; then the key of marks."""
    font = fonts()[2]
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    x = float(MARGIN_PX + 4)
    for n, line in enumerate(plan.lane_lines):
        y = plan.legend_top + n * LEGEND_LINE_PX + LEGEND_LINE_PX / 2
        x = float(MARGIN_PX + 4)
        for i in line:
            lane = timeline.lanes[i]
            color = QColor(lane.color)
            painter.setPen(QPen(color.darker(150), 1.0))
            painter.setBrush(color)
            painter.drawRect(QRectF(x, y - SWATCH_PX / 2, SWATCH_PX, SWATCH_PX))
            x += SWATCH_PX + 6
            painter.setPen(plan.theme.text)
            title = metrics.elidedText(one_line(lane.title), Qt.TextElideMode.ElideRight, plan.width - MARGIN_PX - x)
            advance = metrics.horizontalAdvance(title)
            painter.drawText(QRectF(x, y - metrics.height() / 2, advance + 2, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            x += advance + 22
    if plan.more_lanes and plan.lane_lines:
        note = more_note(plan.more_lanes)
        y = plan.legend_top + (len(plan.lane_lines) - 1) * LEGEND_LINE_PX + LEGEND_LINE_PX / 2
        painter.setPen(plan.theme.muted)
        painter.drawText(QRectF(x, y - metrics.height() / 2, metrics.horizontalAdvance(note) + 2, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    top = plan.legend_top + len(plan.lane_lines) * LEGEND_LINE_PX + 8
    for k, column in enumerate(plan.key_columns):
        rect = QRectF(MARGIN_PX + k * plan.key_width, top, plan.key_width, plan.credit_top - top)
        paint_key(painter, rect, column, font, plan.theme)


__all__ = ["MIN_HEIGHT_PX", "MIN_WIDTH_PX", "PagePlan", "default_height", "fonts", "legend_lines",
           "minimum_size", "paint_legend", "paint_words", "plan_page", "too_narrow", "widest_scale"]
