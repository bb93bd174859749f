"""Import vis-timeline JSON: an items array, `{"items": [...], "groups": [...]}`, or items with a groups file.

Items (`id`, `content`, `start`, optional `end`, `group`, `title`, `type`) become events: `content`
(HTML to vis-timeline) is the title as plain text, `title` (the tooltip) the summary. Groups become
lanes in the order given (by `order` when every group has a number there): the group's `id` is the
lane id and its `content`, as plain text, the lane title (vis-timeline shows the id when there is no
content, and so do we). Without groups, each `group` value an item names is a lane of that name.
An item whose group is not among the groups is hidden by vis-timeline; here it is kept, in a lane
named after the group, and listed as a problem. Nested groups become lanes of their own.

`type: "background"` items are periods shaded behind the other items (of their group, or of all); they
become ranges in a lane "Background" with id `background` (the group of that id, when there is one),
not refused: they are often a timeline's eras or phases, and the `--to vis` writer writes that lane's
ranges back as background items. A `point` or `box` item is drawn at its start only, so an end it has is
left out. Ends are vis-timeline's instants where a bar stops; `desktop.io.conventions` turns them into
our inclusive ends. vis-timeline reads a date without a zone as the browser's local time; here it is UTC,
as everywhere in this app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.io.checks import is_blank
from desktop.io.conventions import BACKGROUND_LANE_ID, BACKGROUND_LANE_TITLE, clock_text, end_from_clock, html_to_text
from desktop.io.importers import LaneSet, Report, finish, plain_text
from desktop.io.jsonfile import TimelineError, decode_text, parse_json, read_bytes
from desktop.io.jsonpos import with_positions
from desktop.io.progress import Progress, no_progress, per_item
from desktop.io.schema import DEFAULT_LANE
from desktop.model.dates import DateError, PartialDate, Precision, parse_date
from desktop.model.records import Event, Problem
from desktop.model.timeline import Timeline

GROUPS_SUFFIX = ".groups.json"  # `NAME.groups.json` beside `NAME.json` holds NAME's groups
_VIS_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?")
_DRAWN_AT_START = ("point", "box")
# The instant after 9999 ends, as the `--to vis` writer gives it (JavaScript's extended years): the end
# of a range that ends in 9999's last period. Its precision is the form's: month, day, minute or second.
_YEAR_10000 = re.compile(r"\+010000-01(?P<day>-01(?P<time>T00:00(?P<second>:00)?(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?")


def is_vis(doc: Any) -> bool:
    """True for a vis-timeline items array or a `{"items": [...]}` object (with or without `groups`)."""
    if isinstance(doc, list):
        return any(isinstance(item, dict) and {"content", "start"} <= item.keys() for item in doc)
    return isinstance(doc, dict) and isinstance(doc.get("items"), list) and not {"version", "events"} & doc.keys()


def groups_file_beside(items_path: str | Path) -> Path | None:
    """The groups file that goes with an items file by name (`a.json` → `a.groups.json`), if there is one."""
    path = Path(items_path)
    if path.name.endswith(GROUPS_SUFFIX):
        return None
    beside = path.with_name(path.stem + GROUPS_SUFFIX)
    return beside if beside.is_file() else None


def timeline_from_vis_files(items_path: str | Path, groups_path: str | Path | None = None) -> Timeline:
    """Open a vis-timeline items file with the groups in `groups_path` (an array, or an object with `groups`)."""
    texts = []
    for path in (items_path, groups_path):
        if path is not None:
            texts.append(decode_text(read_bytes(Path(path)), str(path)))
    items_doc = parse_json(texts[0], str(items_path))
    if not is_vis(items_doc):
        raise TimelineError([Problem(str(items_path), "", (
            "is not vis-timeline items: expected an array of items with content and start, or an object with items"
        ))])
    if groups_path is None:
        return timeline_from_vis(items_doc, str(items_path), texts[0])
    groups_doc = parse_json(texts[1], str(groups_path))
    return timeline_from_vis(items_doc, str(items_path), texts[0], groups=(groups_doc, str(groups_path), texts[1]))


def timeline_from_vis(
    doc: list | dict, name: str, text: str = "", groups: tuple[Any, str, str] | None = None,
    progress: Progress = no_progress,
) -> Timeline:
    """vis-timeline items (and groups) → events in lanes; `groups` is (parsed groups file, its name, its text)."""
    report = Report(name)
    items, given = (doc, None) if isinstance(doc, list) else (doc.get("items"), doc.get("groups"))
    lanes = LaneSet()
    group_lanes: dict[str, str] = {}
    if groups is not None:
        group_doc, group_name, group_text = groups
        if given is not None:
            report.add("groups", f"groups are also given in {group_name}; those are used")
        found = Report(group_name)
        listed = group_doc.get("groups") if isinstance(group_doc, dict) else group_doc
        group_lanes = _read_groups(listed, "groups" if isinstance(group_doc, dict) else "", found, lanes, items)
        report.problems += with_positions(found.problems, group_text) if group_text else found.problems
    elif given is not None:
        group_lanes = _read_groups(given, "groups", report, lanes, items)
    if not isinstance(items, list):
        report.add("items", "expected a list of items; not imported")
        items = []
    events = _read_items(items, "items" if isinstance(doc, dict) else "", report, lanes, group_lanes,
                         groups is not None or given is not None, per_item(progress, len(items)))
    own = [p for p in report.problems if p.file == name]
    report.problems = [*(with_positions(own, text) if text else own), *(p for p in report.problems if p.file != name)]
    return finish(report, Path(name).stem, events, lanes)


def _read_groups(groups: Any, prefix: str, report: Report, lanes: LaneSet, items: Any) -> dict[str, str]:
    """Lanes for the groups, in their order: group id (as text) → lane id."""
    if not isinstance(groups, list):
        report.add(prefix, "expected a list of groups; not imported")
        return {}
    taken = {_key(g.get("id")) for g in groups if isinstance(g, dict)}
    taken |= {_key(i.get("group")) for i in items if isinstance(i, dict)} if isinstance(items, list) else set()
    found: list[tuple[float, int, str, str]] = []  # (order, place, id, title)
    seen: dict[str, int] = {}
    for i, group in enumerate(groups):
        path = _join(prefix, i)
        if not isinstance(group, dict):
            report.add(path, "expected a group object; left out")
            continue
        ident = _key(group.get("id"))
        if not ident:
            report.add(f"{path}.id", "a group needs an id (a string or number); left out")
            continue
        if ident in seen:
            first = _join(prefix, seen[ident])
            report.add(f"{path}.id", f"duplicate group id {ident!r} (first used by {first}); left out")
            continue
        seen[ident] = i
        content = group.get("content")
        title = plain_text(content) if isinstance(content, str) else ""
        order = group.get("order")
        number = float(order) if isinstance(order, int | float) and not isinstance(order, bool) else None
        found.append((number if number is not None else float("nan"), i, ident, ident if is_blank(title) else title))
    if found and all(o == o for o, *_ in found):  # NaN ≠ NaN: sort only when every group has an order
        found.sort(key=lambda g: (g[0], g[1]))
    made = {}
    for _, _, ident, title in found:
        if ident == DEFAULT_LANE.id and title == DEFAULT_LANE.title:
            made[ident] = lanes.lane(None)  # our default lane, as the `--to vis` writer writes it
        else:
            made[ident] = lanes.lane(title, ident=_lane_id(ident, taken))
    return made


def _read_items(
    items: list, prefix: str, report: Report, lanes: LaneSet, group_lanes: dict[str, str], grouped: bool,
    tick: Callable[[int], None],
) -> list[Event]:
    events: list[Event] = []
    seen: dict[str, int] = {}
    taken = set(group_lanes) | {_key(i.get("group")) for i in items if isinstance(i, dict)}
    for i, item in enumerate(items):
        tick(i)
        path = _join(prefix, i)
        if not isinstance(item, dict):
            report.add(path, "expected an item object; left out")
            continue
        given = _key(item.get("id"))
        ident = given or f"item-{i}"
        if ident in seen:
            report.add(f"{path}.id", f"duplicate id {ident!r} (first used by {_join(prefix, seen[ident])}); "
                                     f"kept as 'item-{i}'")
            ident = f"item-{i}"
        kind = item.get("type")
        start = _date(item, "start", path, report, required=True)
        if start is None:
            continue
        seen[ident] = i
        end = None
        if item.get("end") is not None and kind in _DRAWN_AT_START:
            report.add(f"{path}.end", f"a {kind!r} item is drawn at its start only; end left out")
        elif item.get("end") is not None:
            end = _end(item, start, path, report)
        title = plain_text(item["content"]) if isinstance(item.get("content"), str) else ""
        if is_blank(title):  # zero-width characters only would be an invisible event
            report.add(f"{path}.content", "the content is empty; shown as '(no content)'")
            title = ""
        group = _key(item.get("group"))
        if kind == "background":
            # A group "background" is this lane (the `--to vis` writer's); its content names it.
            lane = lanes.lane(BACKGROUND_LANE_TITLE, ident=BACKGROUND_LANE_ID)
        elif group in group_lanes:
            lane = group_lanes[group]
        elif group:
            if grouped:
                report.add(f"{path}.group", f"group {group!r} is not among the groups (vis-timeline hides the "
                                            f"item); kept in a lane {group!r}")
            lane = lanes.lane(group, ident=_lane_id(group, taken))
        else:
            lane = lanes.lane(None)
        summary = html_to_text(item["title"]) if isinstance(item.get("title"), str) else ""
        events.append(Event(ident, title or "(no content)", start, lane, end, summary))
    return events


def _end(item: dict, start: PartialDate, path: str, report: Report) -> PartialDate | None:
    """Our inclusive end for the item's `end`, the instant its bar stops; None for none or a bar of no length."""
    value = item["end"]
    extended = _YEAR_10000.fullmatch(value.strip()) if isinstance(value, str) else None
    try:
        if extended is not None:
            parts = extended.groupdict()
            precision = (Precision.MONTH if not parts["day"] else Precision.DAY if not parts["time"]
                         else Precision.SECOND if parts["second"] else Precision.MINUTE)
            end = end_from_clock((10000, 1, 1), precision, _offset(parts["zone"]) if parts["zone"] else None)
        else:
            peer = _date(item, "end", path, report, required=False)
            if peer is None:
                return None
            clock = (peer.year, peer.month, peer.day, peer.hour, peer.minute, peer.second)
            end = _zone_as_written(end_from_clock(clock, peer.precision, peer.offset_minutes), peer)
    except DateError as exc:
        report.add(f"{path}.end", f"{exc}; end left out")
        return None
    if end.end <= start.begin:  # the bar stops where (or before) it starts
        if end.end < start.begin:
            report.add(f"{path}.end", f"end {value} is before start {start.text}; shown as a point")
        return None
    return end


def _zone_as_written(end: PartialDate, peer: PartialDate) -> PartialDate:
    """`end` with its zone spelled as the peer's (`+00:00` stays that, not `Z`); dates are fixed-width up to it."""
    if peer.precision < Precision.MINUTE or peer.offset_minutes is None:
        return end
    width = len(clock_text((peer.year,), peer.precision))
    return parse_date(end.text[:width] + peer.text[width:])


def _offset(zone: str) -> int:
    """Minutes east of UTC for `Z` or `+07:00`."""
    if zone == "Z":
        return 0
    minutes = int(zone[1:3]) * 60 + int(zone[4:6])
    return -minutes if zone[0] == "-" else minutes


def _key(value: Any) -> str:
    """A vis id or group as text ("" when it is not a string or number)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _lane_id(group: str, taken: set[str]) -> str:
    """The lane id for a group: the group's own, unless it is our default lane's (then `default-2`, …)."""
    return group if group != DEFAULT_LANE.id else _free(group, taken | {group})


def _free(ident: str, taken: set[str]) -> str:
    """`ident`, or `ident-2`, `ident-3`, … when it is taken."""
    n, free = 1, ident
    while free in taken:
        n += 1
        free = f"{ident}-{n}"
    return free


def _join(prefix: str, i: int) -> str:
    return f"{prefix}[{i}]"


def _date(item: dict, key: str, path: str, report: Report, required: bool) -> PartialDate | None:
    """A vis date: an ISO string (a space or fraction allowed) or epoch milliseconds."""
    value = item.get(key)
    if value is None:
        if required:
            report.add(path, f"missing {key!r}; left out")
        return None
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value)
            # Not strftime("%Y"): it writes year 999 as "999", which is not an ISO date.
            return parse_date(f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z")
        if not isinstance(value, str):
            raise DateError(f"expected a date string or milliseconds, found {type(value).__name__}")
        match = _VIS_TIME.fullmatch(value.strip())
        if match is None:
            return parse_date(value.strip())
        day, clock, fraction, zone = match.groups()
        if fraction and fraction.strip("0"):
            report.add(f"{path}.{key}", f"fractional seconds in {value!r} are finer than this app shows; dropped")
        zone = f"{zone[:3]}:{zone[-2:]}" if zone and zone != "Z" else zone
        return parse_date(f"{day}T{clock}{zone or ''}")
    except (DateError, OverflowError, ValueError) as exc:
        report.add(f"{path}.{key}", f"{exc}; left out" if required else f"{exc}; end left out")
        return None
