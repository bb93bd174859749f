"""Near-linear growth, measured: ten times the input takes at most ~twenty times the CPU time."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

GROWTH = 10
ALLOWED = 20  # ×10 input, at most ×20 time: near-linear with room for noise and n·log n
FLOOR_S = 0.005  # below this a run is timer noise; the small case is measured as at least this


def _cpu(run: Callable[[], object]) -> float:
    """The least CPU time of three runs (other processes on the machine do not count).

    The cyclic garbage collector is paused while timing: its passes over every live object
    come at moments that depend on the heap, not on the work under test.
    """
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def assert_near_linear(make: Callable[[int], Callable[[], object]], n: int) -> None:
    """Reading the input of size GROWTH·n costs at most ALLOWED times reading that of size n."""
    small, big = make(n), make(GROWTH * n)
    big()  # warm up (imports, caches), so the first timing is not the odd one out
    t_small, t_big = max(_cpu(small), FLOOR_S), _cpu(big)
    ratio = t_big / t_small
    assert t_big <= ALLOWED * t_small, f"×{GROWTH} input took ×{ratio:.0f} time ({t_small:.3f} s → {t_big:.3f} s)"
