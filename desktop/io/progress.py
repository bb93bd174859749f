"""How far a load is, told to whoever asked, through a context variable (so any thread can load)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_PROGRESS: ContextVar[Callable[[float], None] | None] = ContextVar("load_progress", default=None)


class LoadCancelled(Exception):
    """Raised through a load by its progress callback when the person cancels."""


PARSED = 0.35  # the share of a load's progress done once the JSON is parsed


@contextmanager
def reporting_progress(callback: Callable[[float], None]) -> Iterator[None]:
    """Send this thread's load progress (0–1) to `callback`, which may raise LoadCancelled."""
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def report(fraction: float) -> None:
    """Tell whoever asked with `reporting_progress` how far the load is."""
    callback = _PROGRESS.get()
    if callback is not None:
        callback(fraction)


