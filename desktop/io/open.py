"""The one way to open a timeline file: the fast path first, then the careful reader of whatever format it is."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext

from desktop.io.importers.detect import open_any
from desktop.io.progress import reporting_progress
from desktop.model.timeline import Timeline

Progress = Callable[[float], None]  # told the share done, 0–1; may raise LoadCancelled


def open_timeline(path: str | os.PathLike[str], *, progress: Progress | None = None) -> Timeline:
    """Open a timeline in any supported format, detected by content; raise TimelineError if it cannot open."""
    with reporting_progress(progress) if progress is not None else nullcontext():
        return open_any(path)
