"""Print: the page laid out for the paper, so text prints at its point size, and scaled down only when it must be."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from PySide6.QtGui import QPageLayout, QPainter, QPicture

from desktop.render.page import minimum_size
from desktop.render.page_scene import image_height, page_scene, paint_page, screen_dpi, subtitle_of
from desktop.render.request import ExportRequest


class Printer(Protocol):
    """A paged device whose resolution can be set: QPrinter, QPdfWriter."""

    def setResolution(self, dpi: int) -> None: ...
    def resolution(self) -> int: ...
    def pageLayout(self) -> QPageLayout: ...


def for_paper(request: ExportRequest, width: float, height: float) -> ExportRequest:
    """The request laid out on paper of `width` × `height` layout pixels: as wide, and no taller than it (nor than
    the rows need); at least the least size, which a small sheet then shows scaled down."""
    least_w = minimum_size(request)[0]
    wide = replace(request, width=max(round(width * request.scale), least_w), height=None)
    least_h = minimum_size(wide)[1]
    return replace(wide, height=min(image_height(wide), max(round(height * request.scale), least_h)))


def print_request(request: ExportRequest, printer: Printer) -> None:
    """Paint the page onto a printer's page within its margins, centred across: the view's range, lanes and words."""
    # At the screen's DPI, as pages are laid out, so point-sized fonts measure as they did
    # there; the output stays vector (or the printer's own resolution for its raster).
    printer.setResolution(round(screen_dpi()))
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    fitted = for_paper(request, page.width(), page.height())
    with page_scene(fitted) as (plan, scene, view):
        # Recorded, then played back scaled: the marks and labels draw in device pixels after
        # resetTransform(), which a painter.scale() on the printer would not reach (labels came
        # out small and off their marks). A picture replays that reset inside the scale.
        picture = QPicture()
        recorder = QPainter(picture)
        try:
            paint_page(recorder, fitted, plan, scene, view, subtitle_of(fitted, scene))
        finally:
            recorder.end()
    fit = min(page.width() / plan.width, page.height() / plan.height, 1.0)
    painter = QPainter(printer)  # type: ignore[call-overload]
    try:
        painter.translate((page.width() - plan.width * fit) / 2, 0)
        painter.scale(fit, fit)
        painter.drawPicture(0, 0, picture)
    finally:
        painter.end()


__all__ = ["Printer", "for_paper", "print_request"]
