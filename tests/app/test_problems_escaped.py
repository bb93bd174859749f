"""The Problems dock shows file text with its control and bidi characters escaped, as the terminal does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtWidgets import QDockWidget, QListWidget

from desktop import create_window
from desktop.app.problems import show_problems
from desktop.io.resources import default_events_path
from desktop.model.records import Problem

RAW = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b[32mOK\u202eevil\r"


def _texts(listing: QListWidget) -> list[str]:
    return [listing.item(i).text() for i in range(listing.count())]


def test_show_problems_escapes_each_line_and_the_title(qtbot) -> None:
    dock, listing = QDockWidget(), QListWidget()
    qtbot.addWidget(dock)
    qtbot.addWidget(listing)
    show_problems(dock, listing, [Problem(f"dir/{HOSTILE}.json", "events[0]", f"bad {HOSTILE}", 1, 2)], fatal=True)
    texts = _texts(listing)
    assert len(texts) == 2 and not any(RAW.search(t) for t in texts)
    assert "\\x1b[32mOK\\u202eevil\\x0d" in texts[1]
    assert not RAW.search(dock.windowTitle())


def test_the_window_lists_a_hostile_lane_id_escaped(qtbot, tmp_path: Path) -> None:
    data = json.loads(default_events_path().read_text(encoding="utf-8"))
    data["events"][0]["lane"] = HOSTILE
    path = tmp_path / "events.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    window = create_window(path)
    qtbot.addWidget(window)
    texts = _texts(window.problems_list)
    assert texts and any("\\x1b[32mOK\\u202eevil" in t for t in texts)
    assert not any(RAW.search(t) for t in texts)
