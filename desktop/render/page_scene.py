"""The page an export draws, laid out: its plan and the window's TimelineScene at the plot's size.

Every format (PNG, SVG, PDF, web page, print) paints the same page through `paint_page`;
only the device differs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QPainter

from desktop.layout.captions import default_subtitle, drawn_events
from desktop.model.view_state import ViewSnapshot, ViewState
from desktop.render.page import (
    MIN_WIDTH_PX,
    PagePlan,
    default_height,
    paint_legend,
    paint_words,
    plan_page,
    too_narrow,
)
from desktop.render.request import DEFAULT_SCALE, ExportError, ExportRequest
from desktop.render.scene import TimelineScene

# Limits, in image pixels: a QImage is 4 bytes a pixel, so 100 megapixels is 400 MB
# before PNG encoding; past that the export would sooner exhaust memory than finish.
MAX_SIDE_PX = 20_000
MAX_PIXELS = 100_000_000
MAX_SCALE = 8.0

MAX_SCALE = 8.0


def check_size(width: int, height: int | None, scale: float = DEFAULT_SCALE) -> None:
    """Raise ExportError for a size or scale the export refuses outright (height None: the default)."""
    if not 0.5 <= scale <= MAX_SCALE or not math.isfinite(scale):
        raise ExportError(f"scale {scale:g} is outside 0.5–{MAX_SCALE:g}")
    if width < math.ceil(MIN_WIDTH_PX * scale):
        raise ExportError(too_narrow(width, scale))
    # The least height depends on the rows, legend and words: plan_page names it, measured.
    for name, value in (("width", width), ("height", height)):
        if value is None:
            continue
        if value <= 0:
            raise ExportError(f"{name} {value} px is too small")
        if value > MAX_SIDE_PX:
            raise ExportError(f"{name} {value:,} px is too large: at most {MAX_SIDE_PX:,} px")
    if height is not None and width * height > MAX_PIXELS:
        raise ExportError(
            f"{width:,} × {height:,} px is too large: at most {MAX_PIXELS // 1_000_000} megapixels in all"
        )


def image_height(request: ExportRequest) -> int:
    """The request's height, or the default one within the size limits."""
    if request.height is not None:
        return request.height
    height = default_height(request)
    # A timeline with hundreds of sub-rows gets the tallest image allowed, not an error.
    return min(height, MAX_SIDE_PX, MAX_PIXELS // max(request.width, 1))


def screen_dpi() -> float:
    """Fonts are sized in points: a page is laid out at the screen's DPI (QFontMetricsF uses it)."""
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInch() if screen is not None else 96.0


@contextmanager
def page_scene(request: ExportRequest) -> Iterator[tuple[PagePlan, TimelineScene, pg.GraphicsView]]:
    """The planned page and the scene laid out for its plot, torn down afterwards."""
    height = image_height(request)
    check_size(request.width, height, request.scale)
    plan = plan_page(request, height)
    # The same TimelineScene the window uses, in a scene of its own at the page's size, so
    # the layout (clusters, label culling) is computed for these pixels. A view is never
    # shown, but pyqtgraph's axes need one to measure device pixels.
    view = pg.GraphicsView(background=None)
    try:
        plot = pg.PlotItem(enableMenu=False)  # no context menus: they took milliseconds to build
        view.scene().addItem(plot)
        state = ViewState(ViewSnapshot(hidden_lanes=request.view.hidden_lanes, query=request.view.query,
                                       match=request.view.match))
        scene = TimelineScene(plot, state=state)
        scene.set_theme(plan.theme)
        scene.set_axis_mode(request.axis)  # the window's mode, or the automatic rule
        scene.set_time_zone(request.zone)  # the window's zone, or the file's default
        scene.set_timeline(request.timeline)
        plot.setGeometry(QRectF(0, 0, plan.plot.width(), plan.plot.height()))
        plot.layout.activate()
        if request.start is not None or request.end is not None:
            fit_start, fit_end = scene.visible_range()
            scene.set_visible_range(fit_start if request.start is None else request.start,
                                    fit_end if request.end is None else request.end)
        scene.relayout()
        yield plan, scene, view
    finally:
        view.deleteLater()


def subtitle_of(request: ExportRequest, scene: TimelineScene) -> str:
    """The request's subtitle, or the range drawn, its events and every filter."""
    if request.subtitle is not None:
        return request.subtitle
    hidden = request.hidden_lane_indices()
    drawn = drawn_events(request.timeline, *scene.visible_range(), hidden)
    match = request.view.match
    if match is not None and len(match) != len(request.timeline.events):
        match = None  # a search of another timeline: nothing to count
    return default_subtitle(request.timeline, drawn, scene.visible_range(), scene.visible_wall_range(), hidden,
                            match, request.view.query)


def paint_page(painter: QPainter, request: ExportRequest, plan: PagePlan, scene: TimelineScene,
           view: pg.GraphicsView, subtitle: str) -> None:
    """The whole page, in layout pixels, onto a painter already scaled for its device."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    if not request.transparent:
        painter.fillRect(QRectF(0, 0, plan.width, plan.height), plan.theme.page)
    paint_words(painter, plan, subtitle)
    view.scene().render(painter, plan.plot, QRectF(0, 0, plan.plot.width(), plan.plot.height()))
    paint_legend(painter, plan, request.timeline)



__all__ = ["MAX_PIXELS", "MAX_SCALE", "MAX_SIDE_PX", "check_size", "image_height", "page_scene", "paint_page",
           "screen_dpi", "subtitle_of"]
