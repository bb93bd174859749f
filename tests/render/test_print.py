"""Print: laid out for the paper, and a sheet smaller than the least page gets the whole page scaled down, labels on
their marks (a printer's painter.scale() used to leave them small and off their marks)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize
from PySide6.QtWidgets import QApplication

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.render.export import render_request
from desktop.render.page import minimum_size
from desktop.render.printing import for_paper, print_request
from desktop.render.request import ExportRequest


class SheetPrinter(QImage):
    """A sheet of paper `w` × `h` pixels at 96 dpi, no margins, that prints into its own pixels."""

    def __init__(self, w: int, h: int) -> None:
        super().__init__(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        self.fill(QColor("white"))
        self.setDotsPerMeterX(round(96 / 0.0254))
        self.setDotsPerMeterY(round(96 / 0.0254))
        size = QPageSize(QSizeF(w * 72 / 96, h * 72 / 96), QPageSize.Unit.Point)
        self._layout = QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))

    def setResolution(self, dpi: int) -> None:
        assert dpi == 96, "the sheet is 96 dpi, as the offscreen screen"

    def resolution(self) -> int:
        return 96

    def pageLayout(self) -> QPageLayout:
        return self._layout


def gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    bits = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return bits[:, :image.width()].astype(int)


@pytest.fixture
def timeline(qapp: QApplication) -> Timeline:
    return open_timeline(default_events_path())


def test_a_sheet_gets_the_page_laid_out_for_it(timeline: Timeline) -> None:
    request = ExportRequest(timeline, width=960, scale=1)
    fitted = for_paper(request, 760, 1080)
    assert fitted.width == 760 and fitted.height is not None and fitted.height <= 1080
    assert for_paper(replace(request, scale=2), 760, 1080).width == 1520  # image pixels: layout ones × scale
    sheet = SheetPrinter(760, 1080)
    print_request(request, sheet)
    drawn = render_request(fitted)
    # Printed as exported at the sheet's width: the same picture, top left (1.3 grey levels apart on
    # average, from text placed a fraction of a pixel apart by the recorded replay).
    assert np.abs(gray(sheet)[:drawn.height()] - gray(drawn)).mean() < 2.0


def test_a_small_sheet_shows_the_least_page_scaled_down_whole(timeline: Timeline) -> None:
    request = ExportRequest(timeline, width=960, scale=1)
    least_w, _ = minimum_size(request)
    sheet = SheetPrinter(400, 700)
    print_request(request, sheet)
    fitted = for_paper(request, 400, 700)
    assert fitted.height is not None
    fit = min(400 / least_w, 700 / fitted.height)
    # The least page drawn at `fit` image pixels per layout pixel (a device pixel ratio, as the
    # PNG's scale, reaches what draws after resetTransform()).
    expected = render_request(ExportRequest(timeline, width=round(least_w * fit), height=round(fitted.height * fit),
                                            scale=fit))
    printed = gray(sheet)
    left = round((400 - least_w * fit) / 2)
    part = printed[:expected.height(), left:left + expected.width()]
    # 3.1 apart on average; painter.scale() on the sheet, as print did, left the labels 10 apart.
    assert np.abs(part - gray(expected)).mean() < 5.0
    assert (printed[expected.height() + 2:] > 250).all()  # nothing below: the page is whole on the sheet
