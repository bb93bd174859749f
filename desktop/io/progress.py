"""How far a load is: the callback a load is given, the shares of its stages, and how a person cancels it."""

from __future__ import annotations

from collections.abc import Callable

# Told the share of the load done, 0–1; it may raise LoadCancelled to stop the load.
Progress = Callable[[float], None]

PARSED = 0.35  # the share of a load's progress done once the JSON is parsed


class LoadCancelled(Exception):
    """Raised through a load by its progress callback when the person cancels."""


def no_progress(fraction: float) -> None:
    """The progress callback of a load nobody watches."""


def per_item(progress: Progress, total: int, start: float = PARSED, end: float = 0.95) -> Callable[[int], None]:
    """A tick for item `i` of `total`, told as progress from `start` to `end`; a cancel is heard at each report."""
    share = (end - start) / max(total, 1)

    def tick(i: int) -> None:
        if i & 0xFFF == 0:  # every 4,096th item: cheap, yet a cancel is heard within a few milliseconds
            progress(start + i * share)

    return tick
