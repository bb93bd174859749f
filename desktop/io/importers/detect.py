"""Detect a timeline file's format by content and open it; also the small vis-timeline importer."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.io.importers import LaneSet, Report, finish, plain_text
from desktop.io.importers.csv_import import timeline_from_csv
from desktop.io.importers.timeline_xml import timeline_from_xml
from desktop.io.importers.timelinejs import is_timelinejs, timeline_from_timelinejs
from desktop.io.jsonfile import TimelineError, parse_json
from desktop.io.jsonpos import with_positions
from desktop.io.loader import timeline_from_json
from desktop.io.progress import PARSED, Progress, no_progress
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.records import Event, Problem
from desktop.model.timeline import Timeline

OURS, TIMELINEJS, VIS, TIMELINE_XML, CSV = "summit-timeline", "timelinejs", "vis-timeline", "timeline-xml", "csv"
_VIS_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?")


def open_text(text: str, name: str, progress: Progress = no_progress) -> Timeline:
    """Convert already-decoded file text, detecting its format (ours is read by the careful reader)."""
    if not text.strip():
        raise TimelineError([Problem(name, "", "is empty; there is no timeline in it")])
    kind = _text_kind(text)
    if kind == TIMELINE_XML:
        return timeline_from_xml(text, name)
    if kind == CSV:
        return timeline_from_csv(text, name)
    doc = parse_json(text, name)  # broken JSON raises here, with its line and column
    progress(PARSED)
    kind = json_kind(doc)
    if kind == VIS:
        return timeline_from_vis(doc, name, text)
    if kind == TIMELINEJS:
        return timeline_from_timelinejs(doc, name, text)
    # Ours, or a JSON document the careful reader explains.
    return timeline_from_json(doc, name, text, consume=True, progress=progress)


def detect_format(text: str) -> str:
    """Which format `text` is in: our JSON, TimelineJS, vis-timeline, Timeline XML or CSV."""
    kind = _text_kind(text)
    if kind != "json":
        return kind
    try:
        return json_kind(parse_json(text, ""))
    except TimelineError:
        return OURS  # broken JSON: the loader reports where


def _text_kind(text: str) -> str:
    head = text.lstrip()
    if head.startswith("<"):
        return TIMELINE_XML  # the XML importer says so when the root is not <timeline>
    return "json" if head.startswith(("{", "[")) else CSV


def json_kind(doc: Any) -> str:
    """Which JSON format a parsed document is in."""
    if isinstance(doc, list):
        items = [item for item in doc if isinstance(item, dict)]
        return VIS if any({"content", "start"} <= item.keys() for item in items) else OURS
    if isinstance(doc, dict) and "version" not in doc and is_timelinejs(doc):
        return TIMELINEJS
    return OURS


def timeline_from_vis(doc: list, name: str, text: str = "") -> Timeline:
    """vis-timeline items (`id`, `content`, `start`, optional `end`, `group`, `title`) → events."""
    report = Report(name)
    lanes = LaneSet()
    events: list[Event] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(doc):
        path = f"[{i}]"
        if not isinstance(item, dict):
            report.add(path, "expected an item object; left out")
            continue
        given = item.get("id")
        ident = str(given) if isinstance(given, str | int) and not isinstance(given, bool) and str(given) else ""
        ident = ident or f"item-{i}"
        if ident in seen:
            report.add(f"{path}.id", f"duplicate id {ident!r} (first used by [{seen[ident]}]); kept as 'item-{i}'")
            ident = f"item-{i}"
        start = _vis_date(item, "start", path, report, required=True)
        end = _vis_date(item, "end", path, report, required=False)
        if start is None:
            continue
        seen[ident] = i
        if end is not None and end.end <= start.begin:
            report.add(f"{path}.end", f"end {end.text} is before start {start.text}; shown as a point")
            end = None
        title = plain_text(item["content"]) if isinstance(item.get("content"), str) else ""
        if not title:
            report.add(f"{path}.content", "the content is empty; shown as '(no content)'")
        group = item.get("group")
        lane = lanes.lane(str(group) if isinstance(group, str | int) else None)
        summary = plain_text(item["title"]) if isinstance(item.get("title"), str) else ""
        events.append(Event(ident, title or "(no content)", start, lane, end, summary))
    report.problems = with_positions(report.problems, text) if text else report.problems
    return finish(report, Path(name).stem, events, lanes)


def _vis_date(item: dict, key: str, path: str, report: Report, required: bool) -> PartialDate | None:
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


def describe(kind: str) -> str:
    """A human name for a detected format."""
    return {
        OURS: "summit-timeline events file",
        TIMELINEJS: "TimelineJS JSON",
        VIS: "vis-timeline items",
        TIMELINE_XML: "Timeline (.timeline) XML",
        CSV: "CSV",
    }[kind]
