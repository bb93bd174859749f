"""Read an events file (format v1) into a Timeline, listing every problem with its place."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.io.jsonfile import TimelineError, parse_json
from desktop.io.jsonpos import with_positions
from desktop.io.progress import PARSED, report
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.timeline import PALETTE, Citation, Event, Lane, Problem, Source, Timeline

FORMAT_VERSION = 1
DEFAULT_LANE = Lane("default", "Events", PALETTE[0])

TOP_KEYS = frozenset({"$schema", "version", "title", "description", "sources", "lanes", "events"})
SOURCE_KEYS = frozenset({"id", "title", "publisher", "published", "url", "paragraphs"})
LANE_KEYS = frozenset({"id", "title", "color"})
EVENT_KEYS = frozenset(
    {"id", "title", "start", "end", "lane", "summary", "approximate", "tags", "citations"}
)
CITATION_KEYS = frozenset({"source", "paragraph", "quote"})
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
# Escaped surrogates are the only way a lone one can reach a parsed string.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


_MISSING = object()


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    ) if not isinstance(value, dict) else "an object"


def _shown(value: Any) -> str:
    """A short description of a wrong value: small numbers and strings as written."""
    if isinstance(value, float) and not math.isfinite(value):
        return "a number too large to represent (not a whole number)"
    if isinstance(value, float) and not value.is_integer():
        return f"{value!r} (not a whole number)"
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 10**15:
        return json.dumps(value)
    if isinstance(value, str) and len(value) <= 40:
        return f"the string {json.dumps(value, ensure_ascii=False)}"
    return _type_name(value)


class _Checker:
    """Collects problems for one file while its items are validated."""

    def __init__(self, file: str, surrogates_possible: bool) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.surrogates_possible = surrogates_possible
        self._dates: dict[str, PartialDate] = {}

    def add(self, path: str, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(self.file, path, message))

    def keys(self, obj: dict, allowed: frozenset[str], path: str) -> bool:
        """Report unknown and repeated keys; True when there were none."""
        if obj.keys() <= allowed and not getattr(obj, "duplicates", ()):
            return True  # the common case, checked at C speed
        ok = True
        for key in getattr(obj, "duplicates", ()):
            self.add(_join(path, key), f"key {key!r} is given more than once")
            ok = False
        for key in obj:
            if key not in allowed and not key.startswith("x-"):
                hint = f"; allowed: {', '.join(sorted(allowed))} (or x-… for your own data)"
                self.add(_join(path, key), f"unknown key {key!r}{hint}")
                ok = False
        return ok

    def text(self, obj: dict, key: str, path: str, required: bool, empty_ok: bool = False) -> str | None:
        """A string field; reports and returns None when missing or wrong."""
        value = obj.get(key, _MISSING)
        if type(value) is str and not self.surrogates_possible and (empty_ok or (not value.isspace() and value)):
            return value  # the common case, without building a path
        if value is _MISSING:
            if required:
                self.add(path, f"missing required key {key!r}")
            return None
        where = _join(path, key)
        if not isinstance(value, str):
            self.add(where, f"expected a string, found {_type_name(value)}")
            return None
        if not empty_ok and not value.strip():
            self.add(where, "must not be empty")
            return None
        if self.surrogates_possible and _has_lone_surrogate(value):
            self.add(where, "contains a lone UTF-16 surrogate escape (\\uD800–\\uDFFF), which is not text")
            return None
        return value

    def date(self, obj: dict, key: str, path: str, required: bool) -> PartialDate | None:
        """A date field, parsed at its precision."""
        if key not in obj:
            if required:
                self.add(path, f"missing required key {key!r}")
            return None
        text = obj[key]
        # Real timelines repeat their days: parse each distinct string once and share the
        # (immutable) result, which saves time and a date object per event.
        if type(text) is str and (known := self._dates.get(text)) is not None:
            return known
        try:
            parsed = parse_date(text)
        except DateError as exc:
            self.add(_join(path, key), str(exc))
            return None
        self._dates[text] = parsed
        return parsed


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def load_timeline(path: str | os.PathLike[str]) -> Timeline:
    """Read an events file; raise TimelineError if it cannot open, else list item problems."""
    from desktop.io.fast.load import open_file  # here: the fast path builds on this module's checks

    return open_file(Path(path), _from_text)


def _from_text(text: str, name: str) -> Timeline:
    doc = parse_json(text, name)
    report(PARSED)
    return timeline_from_json(doc, name, text, consume=True)


def timeline_from_json(doc: Any, name: str, text: str = "", consume: bool = False) -> Timeline:
    """Validate a parsed document; fatal problems raise, per-item ones are listed.

    With `consume`, the document's events are dropped from it as they are read (the
    caller parsed it for this alone), so a large file never holds both forms at once.
    """
    check = _Checker(name, bool(_ESCAPED_SURROGATE.search(text)))
    if not isinstance(doc, dict):
        raise TimelineError([Problem(name, "", f"the top level must be an object, found {_type_name(doc)}")])
    _check_top(doc, check)
    if check.problems:
        raise TimelineError(with_positions(check.problems, text))
    sources = _sources(doc.get("sources", []), check)
    lanes = _lanes(doc["lanes"], check) if "lanes" in doc else None
    events = _events(doc["events"], check, sources, lanes, consume)
    return Timeline.build(
        title=doc["title"],
        description=doc.get("description", ""),
        events=events,
        lanes=tuple(lanes.values()) if lanes is not None else (DEFAULT_LANE,),
        sources=tuple(sources.values()),
        path=name,
        problems=tuple(with_positions(check.problems, text)),
    )


def _check_top(doc: dict, check: _Checker) -> None:
    check.keys(doc, TOP_KEYS, "")
    version = doc.get("version")
    if "version" not in doc:
        check.add("", "missing required key 'version' (this app reads version 1)")
    elif isinstance(version, bool) or not isinstance(version, int):
        check.add("version", f"expected the number 1, found {_type_name(version)}")
    elif version > FORMAT_VERSION:
        check.add("version", f"the file is version {version}, made by a newer app; this one reads version 1")
    elif version < FORMAT_VERSION:
        check.add("version", f"version {version} does not exist; this app reads version 1")
    check.text(doc, "title", "", required=True)
    check.text(doc, "description", "", required=False, empty_ok=True)
    if "events" not in doc:
        check.add("", "missing required key 'events' (a list of events)")
    for key in ("events", "sources", "lanes"):
        if key in doc and not isinstance(doc[key], list):
            check.add(key, f"expected a list, found {_type_name(doc[key])}")
    if "$schema" in doc and not isinstance(doc["$schema"], str):
        check.add("$schema", f"expected a string, found {_type_name(doc['$schema'])}")


def _unique(items: list, kind: str, check: _Checker) -> Iterator[tuple[str, int, dict]]:
    """Objects with a usable, unique `id`, one at a time; reports the rest."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        path = f"{kind}[{i}]"
        ident = item_id(item, path, check)
        if ident is None:
            continue
        if ident in seen:
            check.add(_join(path, "id"), repeated_id(ident, f"{kind}[{seen[ident]}]"))
            continue
        seen[ident] = i
        yield ident, i, item


def item_id(item: Any, path: str, check: _Checker) -> str | None:
    """An item's usable id; None, with the reason reported, when it has none."""
    if not isinstance(item, dict):
        check.add(path, f"expected an object, found {_type_name(item)}")
        return None
    return check.text(item, "id", path, required=True)


def repeated_id(ident: str, first: str) -> str:
    """The message for an id already taken by the item at path `first`."""
    return f"duplicate id {ident!r} (first used by {first}); left out"


def _sources(items: list, check: _Checker) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for ident, i, item in _unique(items, "sources", check):
        path = f"sources[{i}]"
        before = len(check.problems)
        check.keys(item, SOURCE_KEYS, path)
        title = check.text(item, "title", path, required=True)
        publisher = check.text(item, "publisher", path, required=False)
        url = check.text(item, "url", path, required=False)
        published = check.date(item, "published", path, required=False)
        paragraphs = item.get("paragraphs")
        if "paragraphs" not in item:
            check.add(path, "missing required key 'paragraphs'")
        elif not isinstance(paragraphs, list):
            check.add(_join(path, "paragraphs"), f"expected a list of strings, found {_type_name(paragraphs)}")
        else:
            for j, para in enumerate(paragraphs):
                if not isinstance(para, str):
                    check.add(f"{path}.paragraphs[{j}]", f"expected a string, found {_type_name(para)}")
                elif check.surrogates_possible and _has_lone_surrogate(para):
                    check.add(f"{path}.paragraphs[{j}]", "contains a lone UTF-16 surrogate escape")
        if len(check.problems) == before and title is not None:
            sources[ident] = Source(ident, title, tuple(paragraphs), publisher, published, url)
    return sources


def _lanes(items: list, check: _Checker) -> dict[str, Lane]:
    lanes: dict[str, Lane] = {}
    for ident, i, item in _unique(items, "lanes", check):
        path = f"lanes[{i}]"
        before = len(check.problems)
        check.keys(item, LANE_KEYS, path)
        title = check.text(item, "title", path, required=True)
        color = check.text(item, "color", path, required=False)
        if color is not None and not _COLOR.fullmatch(color):
            check.add(_join(path, "color"), f"expected a colour like \"#1f77b4\", found {color!r}")
        if len(check.problems) == before and title is not None:
            lanes[ident] = Lane(ident, title, color or PALETTE[len(lanes) % len(PALETTE)])
    return lanes


def _events(
    items: list, check: _Checker, sources: dict[str, Source], lanes: dict[str, Lane] | None, consume: bool
) -> list[Event]:
    events: list[Event] = []
    share = (1.0 - PARSED) * 0.95 / max(len(items), 1)
    for ident, i, item in _unique(items, "events", check):
        if i & 0x3FFF == 0:
            report(PARSED + i * share)
        event = check_event(ident, i, item, check, sources, lanes)
        if event is not None:
            events.append(event)
        if consume:
            items[i] = None  # free each parsed object once it is an Event: halves a big file's peak memory
    return events


def check_event(
    ident: str, i: int, item: dict, check: _Checker, sources: dict[str, Source], lanes: dict[str, Lane] | None
) -> Event | None:
    """The event at `events[i]` (its id already checked), or None when it must be left out."""
    path = f"events[{i}]"
    before = len(check.problems)
    check.keys(item, EVENT_KEYS, path)
    title = check.text(item, "title", path, required=True)
    start = check.date(item, "start", path, required=True)
    end = check.date(item, "end", path, required=False)
    # Inclusive ends at their own precision: "2019" may end a start of "2019-06".
    if start is not None and end is not None and end.end <= start.begin:
        check.add(_join(path, "end"), f"end {end.text!r} is before start {start.text!r}")
    lane = _event_lane(item, path, check, lanes)
    summary = check.text(item, "summary", path, required=False, empty_ok=True) or ""
    approximate = item.get("approximate", False)
    if not isinstance(approximate, bool):
        check.add(_join(path, "approximate"), f"expected true or false, found {_type_name(approximate)}")
    tags = _tags(item, path, check)
    citations = _citations(item, path, check, sources)
    clean = len(check.problems) == before or _only_citation_problems(check.problems[before:], path)
    if clean and title is not None and start is not None and lane is not None:
        return Event(ident, title, start, lane, end, summary, approximate, tags, citations)
    return None


def _only_citation_problems(problems: list[Problem], path: str) -> bool:
    """A bad citation is left out on its own; the event it belongs to still opens."""
    return all(p.path.startswith(f"{path}.citations[") for p in problems)


def _event_lane(item: dict, path: str, check: _Checker, lanes: dict[str, Lane] | None) -> str | None:
    if lanes is None:
        if "lane" in item:
            check.add(_join(path, "lane"), "the file has no 'lanes' list, so events cannot name a lane")
            return None
        return DEFAULT_LANE.id
    lane = check.text(item, "lane", path, required=True)
    if lane is not None and lane not in lanes:
        check.add(_join(path, "lane"), f"lane {lane!r} is not defined in 'lanes'")
        return None
    return lanes[lane].id if lane is not None else None  # the lane's own string: one copy, not one per event


def _tags(item: dict, path: str, check: _Checker) -> tuple[str, ...]:
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        check.add(_join(path, "tags"), "expected a list of strings")
        return ()
    if check.surrogates_possible and any(_has_lone_surrogate(t) for t in tags):
        check.add(_join(path, "tags"), "contains a lone UTF-16 surrogate escape")
        return ()
    return tuple(tags)


def _citations(item: dict, path: str, check: _Checker, sources: dict[str, Source]) -> tuple[Citation, ...]:
    raw = item.get("citations", [])
    if not isinstance(raw, list):
        check.add(_join(path, "citations"), f"expected a list, found {_type_name(raw)}")
        return ()
    good = []
    for j, cit in enumerate(raw):
        where = f"{path}.citations[{j}]"
        if not isinstance(cit, dict):
            check.add(where, f"expected an object, found {_type_name(cit)}")
            continue
        citation = _citation(cit, where, check, sources)
        if citation is not None:
            good.append(citation)
    return tuple(good)


def _citation(cit: dict, where: str, check: _Checker, sources: dict[str, Source]) -> Citation | None:
    before = len(check.problems)
    check.keys(cit, CITATION_KEYS, where)
    source_id = check.text(cit, "source", where, required=True)
    source = sources.get(source_id) if source_id is not None else None
    if source_id is not None and source is None:
        check.add(_join(where, "source"), f"source {source_id!r} is not defined in 'sources'")
    paragraph = cit.get("paragraph")
    if "paragraph" not in cit:
        check.add(where, "missing required key 'paragraph'")
    elif isinstance(paragraph, bool) or not isinstance(paragraph, int) or paragraph < 1:
        check.add(_join(where, "paragraph"), f"expected a whole paragraph number from 1, found {_shown(paragraph)}")
    elif source is not None and paragraph > len(source.paragraphs):
        check.add(
            _join(where, "paragraph"),
            f"source {source_id!r} has {len(source.paragraphs)} paragraphs, so there is no paragraph {paragraph}",
        )
    quote = check.text(cit, "quote", where, required=False)
    if len(check.problems) > before:
        return None
    if quote is not None and source is not None and quote not in source.paragraphs[paragraph - 1]:
        check.add(_join(where, "quote"), f"the quote does not occur verbatim in paragraph {paragraph} of {source_id!r}")
        return None
    return Citation(source_id, paragraph, quote)  # type: ignore[arg-type]
