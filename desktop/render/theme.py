"""The colours the scene and its page are drawn in: light for the window and print, dark for dark pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from PySide6.QtGui import QColor

ThemeName = Literal["light", "dark"]
THEME_NAMES: tuple[ThemeName, ...] = ("light", "dark")


@dataclass(frozen=True)
class Theme:
    """Every colour that is not a lane's own: page, text, lane bands, axes, selection."""

    name: ThemeName
    page: QColor  # behind everything, unless the export is transparent
    text: QColor  # titles, labels, lane names
    muted: QColor  # subtitle, credit, zone name, "+ N more lanes"
    band_even: QColor  # alternating lane bands; on a transparent page these are the only fill
    band_odd: QColor
    lane_rule: QColor  # hairline between lanes
    axis: QColor  # axis lines and ticks
    axis_text: QColor  # tick labels
    selected: QColor  # ring around the selected event
    hollow_fill: QColor  # inside an approximate (hollow) marker


LIGHT = Theme(
    "light",
    page=QColor("#ffffff"),
    text=QColor("#1d2125"),
    muted=QColor("#5f6368"),
    band_even=QColor("#f6f7f9"),
    band_odd=QColor("#ffffff"),
    lane_rule=QColor("#d5d9de"),
    axis=QColor("#9aa0a6"),
    axis_text=QColor("#5f6368"),
    selected=QColor("#111111"),
    hollow_fill=QColor("#ffffff"),
)

# Text at least 7:1 against the page and the bands (WCAG AAA), as the light theme's is.
DARK = Theme(
    "dark",
    page=QColor("#15181c"),
    text=QColor("#e8eaed"),
    muted=QColor("#aeb4bb"),
    band_even=QColor("#1e2227"),
    band_odd=QColor("#15181c"),
    lane_rule=QColor("#3a4048"),
    axis=QColor("#6b727b"),
    axis_text=QColor("#b8bec5"),
    selected=QColor("#f5f5f5"),
    hollow_fill=QColor("#15181c"),
)

THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK}


def _tint(color: QColor, alpha: int) -> QColor:
    out = QColor(color)
    out.setAlpha(alpha)
    return out


def see_through(theme: Theme) -> Theme:
    """The theme on no background at all: the page and odd bands clear, even bands a faint veil of the text colour,
    so lanes stay apart on whatever page the picture is placed."""
    clear = QColor(0, 0, 0, 0)
    return replace(theme, page=clear, band_even=_tint(theme.text, 14), band_odd=clear)


def theme_named(name: str) -> Theme:
    """The theme called `name` ("light" or "dark")."""
    return THEMES[name]


__all__ = ["DARK", "LIGHT", "THEMES", "THEME_NAMES", "Theme", "ThemeName", "see_through", "theme_named"]
