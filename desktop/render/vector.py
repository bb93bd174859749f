"""Vector exports of the page: SVG (text stays text), PDF, a one-file web page, and print."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import datetime
from xml.sax.saxutils import escape

import numpy as np
from PySide6.QtCore import QBuffer, QHashSeed, QIODevice, QMarginsF, QRectF, QSize, QSizeF, QUuid
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from desktop.layout.captions import drawn_events
from desktop.model.dates import format_span
from desktop.render.hotspots import Box, event_boxes
from desktop.render.html_page import Hotspot, html_page
from desktop.render.page import PagePlan
from desktop.render.page_scene import image_height, page_scene, paint_page, screen_dpi, subtitle_of
from desktop.render.request import ExportError, ExportRequest
from desktop.render.stamp import SOFTWARE, creation_time, plain_title


@dataclass(frozen=True)
class _Drawn:
    """What a vector page drew: its plan, the subtitle it printed, the boxes of its events."""

    plan: PagePlan
    subtitle: str
    boxes: list[Box]
    events: np.ndarray  # indices of the events the picture draws: in its range, of its shown lanes


def _vector(request: ExportRequest, device: QSvgGenerator | QPdfWriter) -> None:
    """Paint the page onto a vector device laid out at the screen's DPI."""
    with page_scene(request) as (plan, scene, view):
        subtitle = subtitle_of(request, scene)
        painter = QPainter(device)
        try:
            paint_page(painter, request, plan, scene, view, subtitle)
        finally:
            painter.end()


def _generator(buffer: QBuffer, width: float, height: float) -> QSvgGenerator:
    """An SVG generator into `buffer`, `width` × `height` layout pixels at the screen's DPI."""
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(round(screen_dpi()))
    generator.setSize(QSize(math.ceil(width), math.ceil(height)))
    generator.setViewBox(QRectF(0, 0, width, height))
    return generator


def _svg(request: ExportRequest, *, words: bool = True, most: int | None = None) -> tuple[str, _Drawn]:
    """The page as SVG, and what it drew (its subtitle even when `words` is False: the picture without them);
    ExportError before drawing if it would draw more than `most` events.

    Qt's SVG generator drops clipping, so the marks, which reach past the plot's edges
    (lane bands run over the whole zoomable range), are drawn into an SVG of their own and
    placed in a group clipped to the plot's data area.
    """
    worded, request = request, request if words else replace(request, title="", subtitle="", credit="")
    w, h = request.width / request.scale, image_height(request) / request.scale
    page, marks = QBuffer(), QBuffer()
    page.open(QIODevice.OpenModeFlag.WriteOnly)
    marks.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = _generator(page, w, h)
    generator.setTitle(plain_title(request))
    generator.setDescription(f"{SOFTWARE} · {request.source_name}" if request.source_name else SOFTWARE)
    with page_scene(request) as (plan, scene, view):
        subtitle = subtitle_of(request, scene)
        # The same range and filters: the subtitle the words would give (worded once, when they are drawn).
        said = subtitle if words else subtitle_of(worded, scene)
        events = drawn_events(request.timeline, *scene.visible_range(), request.hidden_lane_indices())
        if most is not None and len(events) > most:
            raise ExportError(f"a web page of {len(events):,} events is more than a browser can open well "
                              f"(at most {most:,}): choose a shorter range or fewer lanes")
        frame: list[QGraphicsItem] = [scene.date_axis, scene.lane_axis, scene.zone_label]
        marks_items: list[QGraphicsItem] = list(scene.items)
        for shown, hidden in ((frame, marks_items), (marks_items, frame)):
            for item in shown:
                item.setVisible(True)
            for item in hidden:
                item.setVisible(False)
            if shown is frame:  # the page: words, axes, legend
                painter = QPainter(generator)
                try:
                    paint_page(painter, request, plan, scene, view, subtitle)
                finally:
                    painter.end()
            else:  # the marks, within the data area
                area = scene.vb.sceneBoundingRect()
                inner = _generator(marks, area.width(), area.height())  # kept alive while painted on
                painter = QPainter(inner)
                try:
                    view.scene().render(painter, QRectF(0, 0, area.width(), area.height()), area)
                finally:
                    painter.end()
        drawn = _Drawn(plan, said, event_boxes(scene, plan.plot.left(), plan.plot.top()), events)
    at = QRectF(area.translated(plan.plot.topLeft()))
    box = f'x="0" y="0" width="{at.width():.3f}" height="{at.height():.3f}"'
    # A clip path rather than a nested <svg>: Illustrator, Inkscape, librsvg and browsers all honour it.
    nested = (f'<g transform="translate({at.x():.3f},{at.y():.3f})" clip-path="url(#plot-area)">\n'
              f'<clipPath id="plot-area"><rect {box}/></clipPath>\n{_body(_decoded(marks))}</g>\n')
    svg = _decoded(page)
    end = svg.rfind("</svg>")
    return _with_fallback_fonts(svg[:end] + nested + svg[end:]), drawn


def _decoded(buffer: QBuffer) -> str:
    return bytes(buffer.data().data()).decode("utf-8")


def _body(svg: str) -> str:
    """What an SVG document draws: between its <defs> (or its root tag) and its closing tag."""
    start = svg.find("</defs>")
    start = start + len("</defs>") if start >= 0 else svg.find(">", svg.find("<svg")) + 1
    return svg[start:svg.rfind("</svg>")]


def svg_text(request: ExportRequest) -> str:
    """The page as SVG: text stays text, and every drawn event's box carries its title and date."""
    svg, drawn = _svg(request)
    return _with_event_titles(svg, request, drawn.boxes)


# Qt names only the first family; a machine without our bundled fonts then picks its default,
# often a serif. These are the usual look-alikes of DejaVu Sans, and of NanumGothic for Hangul.
FALLBACK_FAMILIES = "'DejaVu Sans', Verdana, 'Summit Hangul', NanumGothic, 'Noto Sans KR', sans-serif"


def _with_fallback_fonts(svg: str) -> str:
    """Every font-family attribute followed by look-alikes, so the picture keeps its shape elsewhere."""
    return re.sub(r'font-family="([^"]*)"', lambda m: f'font-family="{_family(m.group(1))}, {FALLBACK_FAMILIES}"', svg)


def _family(name: str) -> str:
    """A family name quoted for a CSS list inside a double-quoted attribute."""
    return "'" + name.replace("'", "").replace("&quot;", "") + "'"


def _with_event_titles(svg: str, request: ExportRequest, boxes: list[Box]) -> str:
    """A transparent box with a <title> over each drawn event (a cluster lists its events): hover and search."""
    events = request.timeline.events
    lines = ['<g id="events" fill="none" stroke="none">']
    for box in boxes:
        names = "; ".join(f"{events[i].title} ({format_span(events[i].start, events[i].end, events[i].approximate)})"
                          for i in box.events)
        lines.append(f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
                     f'pointer-events="all"><title>{escape(_xml_text(names))}</title></rect>')
    lines.append("</g>")
    at = svg.rfind("</svg>")
    return svg[:at] + "\n".join(lines) + "\n" + svg[at:] if at >= 0 else svg


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: controls it forbids become U+FFFD, so the file always parses."""
    return _XML_BAD.sub("\ufffd", text)


def pdf_bytes(request: ExportRequest) -> bytes:
    """The page as a one-page PDF the page's size, dated by `creation_time`, with a stable document id."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    dpi = round(screen_dpi())
    # Laid out at the screen's DPI, so point-sized fonts measure as they did in the layout.
    writer.setResolution(dpi)
    w, h = request.width / request.scale, image_height(request) / request.scale
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(w * 72 / dpi, h * 72 / dpi), QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(plain_title(request))
    writer.setCreator(SOFTWARE)
    writer.setDocumentId(QUuid.createUuidV5(QUuid(), f"{request.source_name}\n{plain_title(request)}".encode()))
    # Qt writes the PDF's fonts in the order of a hash seeded at random per process: seeded
    # the same way, two runs write the same bytes. Put back after, for everything else.
    QHashSeed.setDeterministicGlobalSeed()
    try:
        _vector(request, writer)
    finally:
        QHashSeed.resetRandomGlobalSeed()
    buffer.close()
    return _dated(bytes(buffer.data().data()), creation_time(request))


def _dated(pdf: bytes, when: datetime) -> bytes:
    """Qt stamps the PDF with the time of writing: put `when` there instead, in the same number of bytes
    (so the cross-reference offsets stay right)."""
    stamp = when.strftime("%Y%m%d%H%M%S")
    iso = when.strftime("%Y-%m-%dT%H:%M:%S")
    pdf = re.sub(rb"\(D:\d{14}Z\)", f"(D:{stamp}Z)".encode(), pdf)
    pdf = re.sub(rb"\(D:\d{14}[+-]\d\d'\d\d'\)", f"(D:{stamp}+00'00')".encode(), pdf)
    return re.sub(rb'(Date=")\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d(")',
                  lambda m: m.group(1) + f"{iso}+00:00".encode() + m.group(2), pdf)


# A section per event, its paragraphs written out: 100,000 events made an 84 MB page. Past this
# a browser opens it too slowly to read, so the page is refused with a way to narrow it.
MAX_PAGE_EVENTS = 20_000


def html_text(request: ExportRequest) -> str:
    """A one-file web page: the SVG picture, its events as links, each event's date and cited paragraphs."""
    # The page says the title, subtitle and credit as HTML text: the picture would only repeat them.
    svg, drawn = _svg(request, words=False, most=MAX_PAGE_EVENTS)
    # A cluster's disc is left unlinked: the page's list of events reaches each of its events.
    hotspots = [Hotspot(b.events[0], b.x, b.y, b.w, b.h) for b in drawn.boxes if len(b.events) == 1]
    plan = drawn.plan
    return html_page(request.timeline, svg, hotspots, title=request.title_text(), subtitle=drawn.subtitle,
                     credit=request.credit_text(), width=plan.width, height=plan.height, dark=request.theme == "dark",
                     shown=drawn.events.tolist())


__all__ = ["html_text", "pdf_bytes", "svg_text"]
