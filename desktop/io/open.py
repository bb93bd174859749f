"""The one way to open a timeline file: the fast path first, then the careful reader of whatever format it is."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop.io.fast.load import FastPathDeclined, fast_timeline
from desktop.io.importers.detect import VIS, detect_format, open_text
from desktop.io.importers.vis import groups_file_beside, timeline_from_vis_files
from desktop.io.jsonfile import decode_text, quiet_collector, read_bytes
from desktop.io.progress import Progress, no_progress
from desktop.model.timeline import Timeline

__all__ = ["Progress", "open_timeline"]

log = logging.getLogger(__name__)


def open_timeline(path: str | os.PathLike[str], *, progress: Progress | None = None,
                  groups: str | os.PathLike[str] | None = None) -> Timeline:
    """Open a timeline in any supported format, detected by content; raise TimelineError if it cannot open.

    `progress` is told the share done (0–1) as the load goes, and may raise LoadCancelled to stop it.
    A vis-timeline items file takes its groups from `groups`, else from `NAME.groups.json` beside it.
    """
    progress = progress or no_progress
    file = Path(path)
    name = str(file)
    if groups is not None:
        return timeline_from_vis_files(file, Path(groups))
    data = read_bytes(file, progress)
    with quiet_collector():
        try:
            return fast_timeline(data, name, progress=progress)
        except FastPathDeclined as declined:
            log.info("%s: read by the careful reader: %s", name, declined.reason)
        text = decode_text(data, name)
        del data  # the text replaces it: a large file is held once, not twice
        beside = groups_file_beside(file)
        if beside is not None and detect_format(text) == VIS:
            return timeline_from_vis_files(file, beside)
        return open_text(text, name, progress)
