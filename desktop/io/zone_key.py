"""The events file's optional top-level `timezone` key: the zone its axis reads in by default."""

from __future__ import annotations

from desktop.io.checks import Checker
from desktop.model.zones import ZoneError, check_zone


def read_timezone(doc: dict, check: Checker) -> str | None:
    """The file's `timezone` when it names a zone; otherwise a problem at "timezone" and None (the file still opens)."""
    if "timezone" not in doc:
        return None
    name = check.text(doc, "timezone", "", required=False)
    if name is None:
        return None
    try:
        return check_zone(name)
    except ZoneError as exc:
        check.add("timezone", str(exc))
        return None
