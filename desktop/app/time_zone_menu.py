"""View ▸ Time Zone: UTC, this computer's zone, the file's zone, or any IANA zone; the plot's axis follows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desktop.model.zones import UTC_NAME, ZoneError, default_zone, fixed_zone_name, resolve_zone
from desktop.ui.timeline_view import TimelineView


def local_zone_name() -> str:
    """This computer's zone as an IANA name when the system says one, else its current fixed offset."""
    local = datetime.now().astimezone().tzinfo
    key = getattr(local, "key", None)  # a ZoneInfo knows its IANA name; datetime's own local zone does not
    if isinstance(key, str):
        return key
    try:  # /etc/localtime usually links to the zone's file, which names it
        link = Path("/etc/localtime").resolve()
        name = str(link).split("zoneinfo/", 1)[1] if "zoneinfo/" in str(link) else ""
        if name:
            resolve_zone(name)
            return name
    except (OSError, ZoneError):
        pass
    offset = local.utcoffset(None) if local is not None else None
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return fixed_zone_name(minutes)


def ask_time_zone(parent: QWidget, current: str) -> str | None:
    """Seam: ask for any IANA zone (None: cancelled). Tests replace it."""
    names = sorted(available_timezones())
    at = names.index(current) if current in names else max(names.index("UTC") if "UTC" in names else 0, 0)
    name, ok = QInputDialog.getItem(parent, "Time Zone", "Show times in:", names, at, True)
    return name if ok and name else None


class TimeZoneMenu:
    """Fills the Time Zone menu and keeps its check mark on the zone the view shows."""

    def __init__(self, menu: QMenu, view: TimelineView) -> None:
        self.menu, self.view = menu, view
        self.group = QActionGroup(menu)
        self.group.setExclusive(True)
        view.timeZoneChanged.connect(lambda _zone: self.refill())
        self.refill()

    def choices(self) -> list[tuple[str, str, str]]:
        """(objectName, text, zone) for UTC, this computer, and the file's zone when it has its own."""
        local = local_zone_name()
        out = [("timeZoneUtcAction", "&UTC", UTC_NAME), ("timeZoneLocalAction", f"&This Computer ({local})", local)]
        if self.view.timeline is not None:
            own = default_zone(self.view.timeline)
            if own != UTC_NAME:
                out.append(("timeZoneFileAction", f"The &File's Zone ({own})", own))
        return out

    def refill(self) -> None:
        """Rebuild the menu for the timeline shown; check the zone in use."""
        self.menu.clear()
        for action in self.group.actions():
            self.group.removeAction(action)
        current = self.view.time_zone()
        names = []
        for object_name, text, zone in self.choices():
            names.append(zone)
            self._add(object_name, text, zone, zone == current)
        if current not in names:  # a zone picked with Other…
            self._add("timeZoneOtherChoiceAction", current, current, True)
        self.menu.addSeparator()
        other = QAction("&Other…", self.menu)
        other.setObjectName("timeZoneOtherAction")
        other.setToolTip("Show times in any time zone")
        other.triggered.connect(self._on_other_triggered)
        self.menu.addAction(other)

    def _add(self, object_name: str, text: str, zone: str, checked: bool) -> None:
        action = QAction(text, self.menu)
        action.setObjectName(object_name)
        action.setCheckable(True)
        action.setChecked(checked)
        action.setToolTip(f"Show times in {zone}")
        action.triggered.connect(lambda _on=False, z=zone: self.view.set_time_zone(z))
        self.group.addAction(action)
        self.menu.addAction(action)

    def _on_other_triggered(self) -> None:
        name = ask_time_zone(self.view, self.view.time_zone())
        if name is None:
            self.refill()  # put the check mark back
            return
        try:
            self.view.set_time_zone(name)
        except ZoneError:
            self.refill()
