"""Detect a timeline file's format by content and open it."""

from __future__ import annotations

from typing import Any

from desktop.io.importers.csv_import import timeline_from_csv
from desktop.io.importers.timeline_xml import timeline_from_xml
from desktop.io.importers.timelinejs import is_timelinejs, timeline_from_timelinejs
from desktop.io.importers.vis import is_vis, timeline_from_vis
from desktop.io.jsonfile import TimelineError, parse_json
from desktop.io.loader import timeline_from_json
from desktop.io.progress import PARSED, Progress, no_progress
from desktop.model.records import Problem
from desktop.model.timeline import Timeline

OURS, TIMELINEJS, VIS, TIMELINE_XML, CSV = "summit-timeline", "timelinejs", "vis-timeline", "timeline-xml", "csv"


def open_text(text: str, name: str, progress: Progress = no_progress) -> Timeline:
    """Convert already-decoded file text, detecting its format (ours is read by the careful reader)."""
    if not text.strip():
        raise TimelineError([Problem(name, "", "is empty; there is no timeline in it")])
    kind = _text_kind(text)
    if kind == TIMELINE_XML:
        return timeline_from_xml(text, name, progress)
    if kind == CSV:
        return timeline_from_csv(text, name, progress)
    doc = parse_json(text, name)  # broken JSON raises here, with its line and column
    progress(PARSED)
    kind = json_kind(doc)
    if kind == VIS:
        return timeline_from_vis(doc, name, text, progress=progress)
    if kind == TIMELINEJS:
        return timeline_from_timelinejs(doc, name, text, progress)
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
    if isinstance(doc, dict) and "version" not in doc and is_timelinejs(doc):
        return TIMELINEJS
    return VIS if is_vis(doc) else OURS


def describe(kind: str) -> str:
    """A human name for a detected format."""
    return {
        OURS: "summit-timeline events file",
        TIMELINEJS: "TimelineJS JSON",
        VIS: "vis-timeline items",  # an items array, or an object with items (and groups)
        TIMELINE_XML: "Timeline (.timeline) XML",
        CSV: "CSV",
    }[kind]
