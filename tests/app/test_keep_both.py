"""A change on disk under unsaved edits: the version not kept is written beside the file, never over another copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop import create_window
from desktop.io.resources import default_events_path


def test_two_conflicts_in_one_second_keep_two_copies(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    shutil.copy(default_events_path(), path)
    window = create_window(path)
    qtbot.addWidget(window)
    first_id = window.timeline.events[0].id
    window.document.update_event(first_id, title="Edited here")
    asides = [window.documents.keep_both(True), window.documents.keep_both(True), window.documents.keep_both(False)]
    assert all(a is not None and a.exists() for a in asides)
    assert len({a.name for a in asides if a is not None}) == 3
    assert asides[0] is not None and asides[0].read_bytes() == path.read_bytes()  # theirs, whole
    assert asides[2] is not None and "Edited here" in asides[2].read_text(encoding="utf-8")  # ours, whole
    window.documents.undo_stack.setClean()
