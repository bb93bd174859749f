"""Exports drawn by the window's own TimelineScene on a page of their own: PNG, SVG, PDF, a web page, print.

Every format paints the same planned page (render.page) through the same scene; only
the device differs. Each draws from an ExportRequest, never from the window.
"""

from __future__ import annotations

import os
from email.utils import format_datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage, QImageWriter, QPainter

from desktop.io.targets import TargetError, check_target
from desktop.io.writers import WriteError, atomic_write
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewSnapshot
from desktop.render.page import default_height, minimum_size
from desktop.render.page_scene import (
    MAX_PIXELS,
    MAX_SIDE_PX,
    check_size,
    image_height,
    page_scene,
    paint_page,
    screen_dpi,
    subtitle_of,
)
from desktop.render.printing import print_request
from desktop.render.request import DEFAULT_SCALE, ExportError, ExportRequest
from desktop.render.stamp import SOFTWARE, creation_time, plain_title
from desktop.render.vector import html_text, pdf_bytes, svg_text

# QImageWriter turns a PNG "quality" q into zlib level (100 − q) × 9 // 91 (Qt's qpnghandler.cpp):
# 50 is level 4, the first with lazy matching. On these mostly flat images its files are
# about 4 % larger than the default level 6's, written in 40 % of the time (1600 × 2092 RGB:
# 0.17 s against 0.42 s); levels 1–2 save another 0.05 s for files 17–21 % larger.
PNG_QUALITY = 50

FORMATS: dict[str, str] = {
    ".png": "PNG image",
    ".svg": "SVG vector image",
    ".pdf": "PDF document",
    ".html": "Web page (one file)",
}


def render_request(request: ExportRequest) -> QImage:
    """Draw the request into a width × height image; a range side left None fits all events there.

    `scale` is image pixels per layout pixel: 2 lays the timeline out for width/2
    and draws it at twice the density, as a high-DPI screen shows the window.
    """
    with page_scene(request) as (plan, scene, view):
        height = image_height(request)
        image = QImage(request.width, height, QImage.Format.Format_ARGB32_Premultiplied)
        dpi = screen_dpi()
        _set_dpi(image, dpi)
        # The items draw in device pixels after resetTransform(); a device pixel ratio (as on
        # a high-DPI screen) scales them with everything else, where painter.scale() would not.
        image.setDevicePixelRatio(request.scale)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            paint_page(painter, request, plan, scene, view, subtitle_of(request, scene))
        finally:
            painter.end()
    if not request.transparent:
        # Every pixel is opaque: the PNG then holds RGB, not RGBA, a quarter less to compress.
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    # Print at the size it shows on screen: `scale` image pixels per screen pixel.
    image.setDevicePixelRatio(1.0)
    _set_dpi(image, dpi * request.scale)
    return image


def render_timeline(timeline: Timeline, *, width: int, height: int | None = None, start: float | None = None,
                    end: float | None = None, hidden_lanes: frozenset[int] | set[int] = frozenset(),
                    match: np.ndarray | None = None, query: str = "", transparent: bool = False,
                    scale: float = DEFAULT_SCALE) -> QImage:
    """`render_request` spelled as arguments: hidden lanes by index, the search as `match` for `query`."""
    view = ViewSnapshot(hidden_lanes=frozenset(timeline.lanes[i].id for i in hidden_lanes), query=query,
                        match=match)
    return render_request(ExportRequest(timeline, view, start=start, end=end, width=width, height=height,
                                        scale=scale, transparent=transparent))


def _set_dpi(image: QImage, dpi: float) -> None:
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)


def png_bytes(request: ExportRequest) -> bytes:
    """The PNG with Title, Software, Source and Creation Time chunks."""
    image = render_request(request)
    for key, value in (
        ("Title", plain_title(request)),
        ("Software", SOFTWARE),
        ("Source", request.source_name),
        # RFC 1123, as the PNG spec suggests; email.utils spells it the same in every locale.
        ("Creation Time", format_datetime(creation_time(request), usegmt=True)),
    ):
        # On the image, not QImageWriter.setText: the writer folds a key with a space
        # ("Creation Time") into a "Description" chunk.
        image.setText(key, value)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, b"png")
    writer.setQuality(PNG_QUALITY)  # lossless at any setting; this picks speed against size
    if not writer.write(image):
        raise ExportError(f"cannot encode the image: {writer.errorString()}")
    buffer.close()
    return bytes(buffer.data().data())


def encode(request: ExportRequest, suffix: str) -> bytes:
    """The request in the format a file suffix names (.png, .svg, .pdf, .html)."""
    match suffix.lower():
        case ".png":
            return png_bytes(request)
        case ".svg":
            return svg_text(request).encode("utf-8")
        case ".pdf":
            return pdf_bytes(request)
        case ".html" | ".htm":
            return html_text(request).encode("utf-8")
    raise ExportError(f"cannot export to {suffix or 'a name without an extension'}: use one of {', '.join(FORMATS)}")


def export_file(request: ExportRequest, path: str | Path) -> None:
    """Render the request in the format `path`'s suffix names and write it whole or not at all."""
    try:
        check_target(path)  # a regular file or nothing yet, after links; refused before any drawing
    except TargetError as exc:
        raise ExportError(str(exc)) from None
    data = encode(request, Path(os.fsdecode(path)).suffix)
    # Written by Python's atomic_write, not QSaveFile: Qt would turn a name that is not UTF-8
    # into another name, write onto a FIFO or device a link leads to, and report a full disk
    # as "Unknown error"; Python keeps the bytes and the OS's reason.
    try:
        atomic_write(path, data)
    except WriteError as exc:
        raise ExportError(str(exc)) from None


def export_png(request: ExportRequest, path: str | Path) -> None:
    """Render the request and write it to `path` as PNG (raises ExportError)."""
    export_file(request, path)


__all__ = ["DEFAULT_SCALE", "FORMATS", "MAX_PIXELS", "MAX_SIDE_PX", "ExportError", "ExportRequest", "check_size",
           "default_height", "encode", "export_file", "export_png", "html_text", "image_height", "minimum_size",
           "pdf_bytes", "png_bytes", "print_request", "render_request", "svg_text"]
