"""What every exported file says about itself: the software, the title, and a creation time that is never "now"."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from desktop.render.request import ExportRequest
from desktop.version import __version__

SOFTWARE = f"summit-timeline {__version__}"


def creation_time(request: ExportRequest) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else when the events file last changed: never 'now',
    so the same file exports to the same bytes."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), UTC)
    if not request.source_path:
        return datetime(1970, 1, 1, tzinfo=UTC)
    try:
        return datetime.fromtimestamp(int(Path(request.source_path).stat().st_mtime), UTC)
    except (OSError, ValueError, OverflowError):
        return datetime(1970, 1, 1, tzinfo=UTC)


def plain_title(request: ExportRequest) -> str:
    """The title the page shows; one line for metadata."""
    return " ".join(request.title_text().split())


__all__ = ["SOFTWARE", "creation_time", "plain_title"]
