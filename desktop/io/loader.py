"""The careful reader of our events files (format v1): a parsed document into a Timeline, every problem placed."""

from __future__ import annotations

from typing import Any

from desktop.io.checks import (
    ESCAPED_SURROGATE,
    Checker,
    check_event,
    check_top,
    read_lanes,
    read_sources,
    type_name,
    unique_items,
)
from desktop.io.jsonfile import TimelineError, parse_json
from desktop.io.jsonpos import with_positions
from desktop.io.progress import PARSED, Progress, no_progress, per_item
from desktop.io.schema import DEFAULT_LANE
from desktop.io.zone_key import read_timezone
from desktop.model.records import Event, Lane, Problem, Source
from desktop.model.timeline import Timeline

__all__ = ["read_text", "timeline_from_json"]


def read_text(text: str, name: str, progress: Progress = no_progress) -> Timeline:
    """Read the text of an events file of ours; raise TimelineError if it cannot open, else list item problems."""
    doc = parse_json(text, name)
    progress(PARSED)
    return timeline_from_json(doc, name, text, consume=True, progress=progress)


def timeline_from_json(
    doc: Any, name: str, text: str = "", consume: bool = False, progress: Progress = no_progress
) -> Timeline:
    """Validate a parsed document; fatal problems raise, per-item ones are listed.

    With `consume`, the document's events are dropped from it as they are read (the
    caller parsed it for this alone), so a large file never holds both forms at once.
    """
    check = Checker(name, bool(ESCAPED_SURROGATE.search(text)))
    if not isinstance(doc, dict):
        raise TimelineError([Problem(name, "", f"the top level must be an object, found {type_name(doc)}")])
    check_top(doc, check)
    if check.problems:
        raise TimelineError(with_positions(check.problems, text))
    sources = read_sources(doc.get("sources", []), check)
    lanes = read_lanes(doc["lanes"], check) if "lanes" in doc else None
    timezone = read_timezone(doc, check)
    events = _events(doc["events"], check, sources, lanes, consume, progress)
    return Timeline.build(
        title=doc["title"],
        description=doc.get("description", ""),
        events=events,
        lanes=tuple(lanes.values()) if lanes is not None else (DEFAULT_LANE,),
        sources=tuple(sources.values()),
        path=name,
        problems=tuple(with_positions(check.problems, text)),
        timezone=timezone,
    )


def _events(
    items: list, check: Checker, sources: dict[str, Source], lanes: dict[str, Lane] | None, consume: bool,
    progress: Progress,
) -> list[Event]:
    events: list[Event] = []
    tick = per_item(progress, len(items), PARSED, PARSED + (1.0 - PARSED) * 0.95)
    for ident, i, item in unique_items(items, "events", check):
        tick(i)
        event = check_event(ident, i, item, check, sources, lanes)
        if event is not None:
            events.append(event)
        if consume:
            items[i] = None  # free each parsed object once it is an Event: halves a big file's peak memory
    return events
