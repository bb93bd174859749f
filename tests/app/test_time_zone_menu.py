"""View ▸ Time Zone: UTC, this computer, the file's zone and Other…; the export uses the window's zone."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import open_window
from PySide6.QtWidgets import QMenu

from desktop.app import time_zone_menu
from desktop.render.request import ExportRequest


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "zones.json"
    path.write_text(json.dumps({"version": 1, "title": "Z", "events": [
        {"id": "press", "title": "Press conference", "start": "2019-02-28T14:00+07:00"},
        {"id": "day", "title": "Second day", "start": "2019-02-28"}]}), encoding="utf-8")
    return path


def test_the_menu_offers_the_zones_and_follows_the_view(qtbot, tmp_path: Path, monkeypatch) -> None:
    window = open_window(qtbot, _file(tmp_path))
    menu = window.findChild(QMenu, "timeZoneMenu")
    names = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert {"timeZoneUtcAction", "timeZoneLocalAction", "timeZoneFileAction", "timeZoneOtherAction"} <= set(names)
    assert names["timeZoneFileAction"].isChecked() and window.view.time_zone() == "UTC+07:00"
    names["timeZoneUtcAction"].trigger()
    assert window.view.time_zone() == "UTC"
    assert menu.findChild(type(names["timeZoneUtcAction"]), "timeZoneUtcAction").isChecked()
    monkeypatch.setattr(time_zone_menu, "ask_time_zone", lambda parent, current: "America/New_York")
    menu.findChild(type(names["timeZoneUtcAction"]), "timeZoneOtherAction").trigger()
    assert window.view.time_zone() == "America/New_York"
    picked = menu.findChild(type(names["timeZoneUtcAction"]), "timeZoneOtherChoiceAction")
    assert picked is not None and picked.isChecked()
    monkeypatch.setattr(time_zone_menu, "ask_time_zone", lambda parent, current: None)  # cancelled: nothing changes
    menu.findChild(type(names["timeZoneUtcAction"]), "timeZoneOtherAction").trigger()
    assert window.view.time_zone() == "America/New_York"


def test_the_export_takes_the_window_s_zone(qtbot, tmp_path: Path, monkeypatch) -> None:
    window = open_window(qtbot, _file(tmp_path))
    window.view.set_time_zone("Asia/Tokyo")
    seen: list[ExportRequest] = []
    monkeypatch.setattr("desktop.app.export_commands.export_with_dialog",
                        lambda parent, request, path: seen.append(request) or None)
    window.commands.export_png.trigger()
    assert seen and seen[0].zone == "Asia/Tokyo"
