"""Time zone names: "UTC", fixed offsets ("UTC+07:00") and IANA zones through the standard `zoneinfo`. No Qt here.

A timeline's default zone is its file's `timezone` key; else the one offset all its timed
events were written with; else UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from desktop.model.timeline import Timeline

UTC_NAME = "UTC"
FIXED_RE = re.compile(r"UTC(?P<sign>[+\-−])(?P<h>\d{2}):(?P<m>\d{2})", re.ASCII)  # also with a true minus sign


class ZoneError(ValueError):
    """A time zone name that is neither "UTC", "UTC±hh:mm" nor a zone the IANA database knows."""


def resolve_zone(name: str) -> tzinfo:
    """The tzinfo for "UTC", a fixed "UTC+07:00" or an IANA name such as "Asia/Ho_Chi_Minh"."""
    if name == UTC_NAME:
        return UTC
    fixed = FIXED_RE.fullmatch(name)
    if fixed is not None:
        minutes = int(fixed["h"]) * 60 + int(fixed["m"])
        if minutes >= 24 * 60 or int(fixed["m"]) >= 60:
            raise ZoneError(f"{name!r} is not a UTC offset: the offset must be under 24:00")
        return timezone(timedelta(minutes=-minutes if fixed["sign"] != "+" else minutes))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ZoneInfo refuses odd keys with ValueError and folders ("America") with OSError on some platforms.
        raise ZoneError(f"{name!r} is not a time zone: use an IANA name such as \"Asia/Ho_Chi_Minh\", "
                        f"\"UTC\" or a fixed offset such as \"UTC+07:00\"") from None


def check_zone(name: str) -> str:
    """`name` itself when it names a zone (see `resolve_zone`); ZoneError otherwise."""
    resolve_zone(name)
    return name


def fixed_zone_name(offset_minutes: int) -> str:
    """The name of a fixed offset: "UTC" for zero, else "UTC+07:00" / "UTC-05:30"."""
    if offset_minutes == 0:
        return UTC_NAME
    sign = "+" if offset_minutes > 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def is_utc(tz: tzinfo) -> bool:
    """True when the zone is UTC itself (zero offset, always)."""
    return tz is UTC or tz.utcoffset(None) == timedelta(0)


OFFSET_SCAN_LIMIT = 10_000  # timed events read for a common offset (about 0.1 s); more than that: UTC


def default_zone(timeline: Timeline) -> str:
    """The zone a timeline's axis reads in unless people pick another (see the module's rule)."""
    if timeline.timezone is not None:
        return timeline.timezone
    timed = np.flatnonzero(timeline.columns.timed)
    # Reads each timed event's written offset: timed events are few in news timelines; a file
    # with more than OFFSET_SCAN_LIMIT of them is not read one by one and shows UTC.
    if len(timed) == 0 or len(timed) > OFFSET_SCAN_LIMIT:
        return UTC_NAME
    offsets = {timeline.events[i].start.offset_minutes for i in timed.tolist()}
    if len(offsets) != 1:
        return UTC_NAME
    (offset,) = offsets
    return fixed_zone_name(offset or 0)


__all__ = ["FIXED_RE", "OFFSET_SCAN_LIMIT", "UTC_NAME", "ZoneError", "check_zone", "default_zone", "fixed_zone_name",
           "is_utc", "resolve_zone"]
