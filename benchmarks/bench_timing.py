"""Timing helpers the benchmark's measurements share: medians within a time budget, the busiest window."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(action: Callable[[int], object], repeats: int, budget_s: float,
          between: Callable[[], object] | None = None) -> float:
    """Median seconds of `action(i)` over up to `repeats` runs, stopping once `budget_s` is spent; `between` untimed."""
    times: list[float] = []
    for i in range(max(repeats, 1)):
        if between is not None:
            between()
        t = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - t)
        if sum(times) > budget_s:
            break
    return statistics.median(times)


def once(action: Callable[[], object]) -> float:
    """Seconds one call of `action` takes (for what only has a first time, such as a sort key made)."""
    t = time.perf_counter()
    action()
    return time.perf_counter() - t


def busiest(anchors: Any, width: float, fallback: float) -> float:
    """Centre of the `width`-wide window holding the most event anchors (the worst place to look)."""
    import numpy as np

    if len(anchors) == 0:
        return fallback
    a = np.sort(anchors)
    i = int(np.argmax(np.searchsorted(a, a + width) - np.arange(len(a))))
    return float(a[i] + width / 2)
