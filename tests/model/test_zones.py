"""Zone names and a timeline's default zone: its `timezone` key, else its timed events' one offset, else UTC."""

from __future__ import annotations

import pytest

from desktop.model.dates import parse_date
from desktop.model.records import Event, Lane
from desktop.model.timeline import Timeline
from desktop.model.zones import ZoneError, default_zone, fixed_zone_name, resolve_zone

LANE = Lane("l", "Lane", "#0072b2")


def _timeline(*starts: str, timezone: str | None = None) -> Timeline:
    events = [Event(id=f"e{i}", title=f"E{i}", start=parse_date(s), lane="l") for i, s in enumerate(starts)]
    return Timeline.build(title="T", events=events, lanes=(LANE,), timezone=timezone)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "America", "../etc/passwd", "UTC+25:00", "utc+7"])
def test_bad_names_are_zone_errors(name: str) -> None:
    with pytest.raises(ZoneError, match="not a"):
        resolve_zone(name)


def test_names_that_resolve() -> None:
    assert resolve_zone("UTC+07:00").utcoffset(None).total_seconds() == 25200
    assert resolve_zone("UTC−05:30").utcoffset(None).total_seconds() == -19800
    assert str(resolve_zone("Asia/Ho_Chi_Minh")) == "Asia/Ho_Chi_Minh"
    assert (fixed_zone_name(0), fixed_zone_name(420), fixed_zone_name(-330)) == ("UTC", "UTC+07:00", "UTC-05:30")


def test_the_default_zone() -> None:
    assert default_zone(_timeline("2019-02-28T14:00+07:00", timezone="Asia/Tokyo")) == "Asia/Tokyo"
    assert default_zone(_timeline("2019-02-27", "2019-02-28T14:00+07:00", "2019-02-28T18:30+07:00")) == "UTC+07:00"
    assert default_zone(_timeline("2019-02-28T14:00+07:00", "2019-02-28T14:00Z")) == "UTC"  # two offsets
    assert default_zone(_timeline("2019-02-28T14:00+07:00", "2019-02-28T14:00")) == "UTC"  # one written, one not
    assert default_zone(_timeline("2019-02-28", "2019-03")) == "UTC"  # no times at all
