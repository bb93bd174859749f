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
