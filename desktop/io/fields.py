"""Edited fields judged by the loader's own checks, so an editor and a file are refused in the same words. No Qt.

`LOADER_RULES` turns fields into records for `desktop.model.document.Document` and is its
default reader once this module is imported; `check_event_fields` lists the problems of a
candidate event for an editor validating as the person types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from desktop.io.checks import Checker, check_event, read_lanes, read_sources
from desktop.model.dates import PartialDate
from desktop.model.document import DocumentError, use_reader
from desktop.model.records import Citation, Event, Lane, Problem, Source
from desktop.model.timeline import Timeline

__all__ = ["LOADER_RULES", "LoaderRules", "check_event_fields", "messages"]

CANDIDATE = "candidate"  # the id a candidate event is checked under when it has none yet


def messages(problems: Sequence[Problem], prefix: str) -> list[str]:
    """Each problem as `key: message` (the key path inside the item at `prefix`), or the bare message."""
    out = []
    for problem in problems:
        path = problem.path.removeprefix(prefix).lstrip(".")
        out.append(f"{path}: {problem.message}" if path else problem.message)
    return out


def _json(value: object) -> object:
    """An editor's value as the file would hold it: lists for tuples, text for dates, dicts for citations."""
    if isinstance(value, PartialDate):
        return value.text
    if isinstance(value, Citation):
        return {"source": value.source, "paragraph": value.paragraph, **({"quote": value.quote} if value.quote else {})}
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, Mapping):
        # No quote is no `quote` key: the file has no null for it.
        return {k: _json(v) for k, v in value.items() if not (k == "quote" and v is None)}
    return value


def _item(ident: str, fields: Mapping[str, object]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ident}
    for key, value in fields.items():
        if key == "id" or (key == "end" and value is None):  # no end is no `end` key
            continue
        item[key] = _json(value)
    return item


class LoaderRules:
    """Records from fields, checked by `desktop.io.checks` as the careful reader checks a file."""

    def event(self, ident: str, fields: Mapping[str, object], lanes: Sequence[Lane],
              sources: Sequence[Source]) -> Event:
        """The event these fields make; DocumentError with every problem otherwise."""
        check = Checker("", surrogates_possible=True)  # typed text can hold a lone surrogate; a file's rarely
        item = _item(ident, fields)
        problems = [f"{k}: extra keys of your own (x-…) are kept from a file but not edited here"
                    for k in item if k.startswith("x-")]
        event = check_event(ident, 0, item, check, {s.id: s for s in sources}, {lane.id: lane for lane in lanes})
        problems += messages(check.problems, "events[0]")
        if problems or event is None:
            raise DocumentError(problems or ["the event cannot be made from these fields"])
        return event

    def lane(self, ident: str, title: str, color: str) -> Lane:
        """A lane with that title and colour ("#rrggbb")."""
        check = Checker("", surrogates_possible=True)
        lanes = read_lanes([{"id": ident, "title": title, "color": color}], check)
        if check.problems or ident not in lanes:
            raise DocumentError(messages(check.problems, "lanes[0]") or [f"lane {ident!r} cannot be made"])
        return lanes[ident]

    def source(self, ident: str, title: str, paragraphs: Sequence[str], *, published: str | None,
               publisher: str | None) -> Source:
        """A source with those paragraphs and details (`published` a date at any precision)."""
        item: dict[str, Any] = {"id": ident, "title": title, "paragraphs": list(paragraphs)}
        if publisher is not None:
            item["publisher"] = publisher
        if published is not None:
            item["published"] = published
        check = Checker("", surrogates_possible=True)
        sources = read_sources([item], check)
        if check.problems or ident not in sources:
            raise DocumentError(messages(check.problems, "sources[0]") or [f"source {ident!r} cannot be made"])
        return sources[ident]

    def title(self, title: str) -> str:
        """A timeline title: any text that shows something."""
        check = Checker("", surrogates_possible=True)
        value = check.text({"title": title}, "title", "", required=True)
        if check.problems or value is None:
            raise DocumentError(messages(check.problems, ""))
        return value


LOADER_RULES = LoaderRules()
use_reader(LOADER_RULES)


def check_event_fields(fields: Mapping[str, object], timeline: Timeline) -> list[str]:
    """The loader's messages for a candidate event among `timeline`'s lanes and sources (empty: valid).

    Each message is `key: message` (`end`, `citations[0].quote`, …) or, for the event as a
    whole, the bare message ("missing required key 'start'"). With one lane, `lane` may be left out.
    """
    if "lane" not in fields and len(timeline.lanes) == 1:
        fields = {**fields, "lane": timeline.lanes[0].id}
    try:
        LOADER_RULES.event(CANDIDATE, fields, timeline.lanes, timeline.sources)
    except DocumentError as exc:
        return list(exc.messages)
    return []
