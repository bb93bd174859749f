"""Where a zoom step goes: pure arithmetic on a visible window. No Qt here."""

from __future__ import annotations


def zoom_window(start: float, end: float, factor: float, around: float | None = None) -> tuple[float, float]:
    """The window `factor` times as wide (< 1 zooms in), keeping `around` where it is on screen.

    Without `around`, the middle stays put. A point outside the window is brought to the
    middle instead: zooming on something out of sight should show it.
    """
    if around is None or not start <= around <= end:
        middle = (start + end) / 2 if around is None else around
        half = (end - start) / 2 * factor
        return middle - half, middle + half
    return around - (around - start) * factor, around + (end - around) * factor
