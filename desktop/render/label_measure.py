"""The font event labels use, and their measured and elided titles (the layout's `measure`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF

from desktop.render.text_style import one_line


def label_font() -> QFont:
    """The font labels are measured and drawn with."""
    font = QFont()
    font.setPointSizeF(9.0)
    return font


class OneLineTitles(Sequence[str]):
    """Titles as labels show them: one line each."""

    def __init__(self, titles: Sequence[str]) -> None:
        self._titles = titles

    def __len__(self) -> int:
        return len(self._titles)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return one_line(self._titles[index])


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
