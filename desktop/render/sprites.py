"""Small antialiased drawings made once and stamped where needed (cluster discs, hollow markers)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPaintDevice, QPaintEngine, QPainter


class Sprites:
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
        engine = painter.paintEngine()
        if engine is not None and engine.type() != QPaintEngine.Type.Raster:
            # SVG, PDF, print: shapes and text stay shapes and text, not pictures of them.
            painter.save()
            draw(painter, QPointF(x, y))
            painter.restore()
            return
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
    def _make(device: QPaintDevice, ratio: float, radius: float, draw: Callable[[QPainter, QPointF], None]
              ) -> tuple[QImage, float]:
        half = float(int(radius + 2.5))
        side = int(2 * half * ratio)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        # The target's DPI, so text in the sprite has the size it would have there.
        image.setDotsPerMeterX(round(device.logicalDpiX() / 0.0254))
        image.setDotsPerMeterY(round(device.logicalDpiY() / 0.0254))
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter, QPointF(half, half))
        painter.end()
        return image, half
