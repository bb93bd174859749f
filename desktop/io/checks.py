"""The careful checks of the events format: each key's type and value, each problem with its path.

The careful reader (`loader`) and the fast path's second look at its bad events
(`fast.careful`) both judge items with these, so both say the same thing about a file.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from desktop.io.jsonpos import join_path
from desktop.io.schema import CITATION_KEYS, DEFAULT_LANE, EVENT_KEYS, FORMAT_VERSION, LANE_KEYS, SOURCE_KEYS, TOP_KEYS
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.records import PALETTE, Citation, Event, Lane, Problem, Source

_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
# Escaped surrogates are the only way a lone one can reach a parsed string.
ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_MISSING = object()


def is_blank(value: str) -> bool:
    """True when the text shows nothing: empty, or only white space and invisible format characters.

    Zero-width spaces and joiners, word joiners, bidi marks, soft hyphens and byte-order marks
    (Unicode's Cf) draw nothing: a title of only those would be an invisible event.
    """
    if value.isprintable():  # the common case, at C speed: no format character can be in it
        return not value.strip()
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in value)  # stops at the first visible one


def type_name(value: Any) -> str:
    """How a message names a JSON value's type: "a string", "null", "true", …"""
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
    return type_name(value)


class Checker:
    """Collects problems for one file while its items are validated."""

    def __init__(self, file: str, surrogates_possible: bool) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.surrogates_possible = surrogates_possible
        self._dates: dict[str, PartialDate] = {}
        self._quoted: dict[tuple[str, int, str], bool] = {}

    def quote_found(self, source: Source, paragraph: int, quote: str) -> bool:
        """Whether `quote` occurs in the source's paragraph; searched once per distinct pair."""
        # 2,000 citations of one 10 MB paragraph searched it 2,000 times (84 s); most repeat.
        key = (source.id, paragraph, quote)
        found = self._quoted.get(key)
        if found is None:
            found = self._quoted[key] = quote in source.paragraphs[paragraph - 1]
        return found

    def add(self, path: str, message: str) -> None:
        """Record one problem."""
        self.problems.append(Problem(self.file, path, message))

    def keys(self, obj: dict, allowed: frozenset[str], path: str) -> bool:
        """Report unknown and repeated keys; True when there were none."""
        if obj.keys() <= allowed and not getattr(obj, "duplicates", ()):
            return True  # the common case, checked at C speed
        ok = True
        for key in getattr(obj, "duplicates", ()):
            self.add(join_path(path, key), f"key {key!r} is given more than once")
            ok = False
        for key in obj:
            if key not in allowed and not key.startswith("x-"):
                hint = f"; allowed: {', '.join(sorted(allowed))} (or x-… for your own data)"
                self.add(join_path(path, key), f"unknown key {key!r}{hint}")
                ok = False
        return ok

    def text(self, obj: dict, key: str, path: str, required: bool, empty_ok: bool = False) -> str | None:
        """A string field; reports and returns None when missing or wrong."""
        value = obj.get(key, _MISSING)
        if type(value) is str and not self.surrogates_possible and (empty_ok or not is_blank(value)):
            return value  # the common case, without building a path
        if value is _MISSING:
            if required:
                self.add(path, f"missing required key {key!r}")
            return None
        where = join_path(path, key)
        if not isinstance(value, str):
            self.add(where, f"expected a string, found {type_name(value)}")
            return None
        if not empty_ok and is_blank(value):
            self.add(where, "must not be empty")
            return None
        if self.surrogates_possible and has_lone_surrogate(value):
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
            self.add(join_path(path, key), str(exc))
            return None
        self._dates[text] = parsed
        return parsed


def has_lone_surrogate(value: str) -> bool:
    """True when the string holds a UTF-16 surrogate on its own, which UTF-8 cannot carry."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_top(doc: dict, check: Checker) -> None:
    """Check the top-level keys; any problem found here refuses the whole file."""
    check.keys(doc, TOP_KEYS, "")
    version = doc.get("version")
    if "version" not in doc:
        check.add("", "missing required key 'version' (this app reads version 1)")
    elif isinstance(version, bool) or not isinstance(version, int):
        check.add("version", f"expected the number 1, found {type_name(version)}")
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
            check.add(key, f"expected a list, found {type_name(doc[key])}")
    if "$schema" in doc and not isinstance(doc["$schema"], str):
        check.add("$schema", f"expected a string, found {type_name(doc['$schema'])}")


def unique_items(items: list, kind: str, check: Checker) -> Iterator[tuple[str, int, dict]]:
    """Objects with a usable, unique `id`, one at a time; reports the rest."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        path = f"{kind}[{i}]"
        ident = item_id(item, path, check)
        if ident is None:
            continue
        if ident in seen:
            check.add(join_path(path, "id"), repeated_id(ident, f"{kind}[{seen[ident]}]"))
            continue
        seen[ident] = i
        yield ident, i, item


def item_id(item: Any, path: str, check: Checker) -> str | None:
    """An item's usable id; None, with the reason reported, when it has none."""
    if not isinstance(item, dict):
        check.add(path, f"expected an object, found {type_name(item)}")
        return None
    return check.text(item, "id", path, required=True)


def repeated_id(ident: str, first: str) -> str:
    """The message for an id already taken by the item at path `first`."""
    return f"duplicate id {ident!r} (first used by {first}); left out"


def read_sources(items: list, check: Checker) -> dict[str, Source]:
    """The usable sources by id; the others are reported and left out."""
    sources: dict[str, Source] = {}
    for ident, i, item in unique_items(items, "sources", check):
        path = f"sources[{i}]"
        before = len(check.problems)
        check.keys(item, SOURCE_KEYS, path)
        title = check.text(item, "title", path, required=True)
        publisher = check.text(item, "publisher", path, required=False)
        url = check.text(item, "url", path, required=False)
        published = check.date(item, "published", path, required=False)
        paragraphs: Any = item.get("paragraphs")  # a list of strings once no problem is found
        if "paragraphs" not in item:
            check.add(path, "missing required key 'paragraphs'")
        elif not isinstance(paragraphs, list):
            check.add(join_path(path, "paragraphs"), f"expected a list of strings, found {type_name(paragraphs)}")
        else:
            for j, para in enumerate(paragraphs):
                if not isinstance(para, str):
                    check.add(f"{path}.paragraphs[{j}]", f"expected a string, found {type_name(para)}")
                elif check.surrogates_possible and has_lone_surrogate(para):
                    check.add(f"{path}.paragraphs[{j}]", "contains a lone UTF-16 surrogate escape")
        if len(check.problems) == before and title is not None:
            sources[ident] = Source(ident, title, tuple(paragraphs), publisher, published, url)
    return sources


def read_lanes(items: list, check: Checker) -> dict[str, Lane]:
    """The usable lanes by id, each with its colour; the others are reported and left out."""
    lanes: dict[str, Lane] = {}
    for ident, i, item in unique_items(items, "lanes", check):
        path = f"lanes[{i}]"
        before = len(check.problems)
        check.keys(item, LANE_KEYS, path)
        title = check.text(item, "title", path, required=True)
        color = check.text(item, "color", path, required=False)
        if color is not None and not _COLOR.fullmatch(color):
            check.add(join_path(path, "color"), f"expected a colour like \"#1f77b4\", found {color!r}")
        if len(check.problems) == before and title is not None:
            lanes[ident] = Lane(ident, title, color or PALETTE[len(lanes) % len(PALETTE)])
    return lanes


def check_event(
    ident: str, i: int, item: dict, check: Checker, sources: dict[str, Source], lanes: dict[str, Lane] | None
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
        check.add(join_path(path, "end"), f"end {end.text!r} is before start {start.text!r}")
    lane = _event_lane(item, path, check, lanes)
    summary = check.text(item, "summary", path, required=False, empty_ok=True) or ""
    approximate = item.get("approximate", False)
    if not isinstance(approximate, bool):
        check.add(join_path(path, "approximate"), f"expected true or false, found {type_name(approximate)}")
    tags = _tags(item, path, check)
    citations = _citations(item, path, check, sources)
    clean = len(check.problems) == before or _only_citation_problems(check.problems[before:], path)
    if clean and title is not None and start is not None and lane is not None:
        return Event(ident, title, start, lane, end, summary, approximate, tags, citations)
    return None


def _only_citation_problems(problems: list[Problem], path: str) -> bool:
    """A bad citation is left out on its own; the event it belongs to still opens."""
    return all(p.path.startswith(f"{path}.citations[") for p in problems)


def _event_lane(item: dict, path: str, check: Checker, lanes: dict[str, Lane] | None) -> str | None:
    if lanes is None:
        if "lane" in item:
            check.add(join_path(path, "lane"), "the file has no 'lanes' list, so events cannot name a lane")
            return None
        return DEFAULT_LANE.id
    lane = check.text(item, "lane", path, required=True)
    if lane is not None and lane not in lanes:
        check.add(join_path(path, "lane"), f"lane {lane!r} is not defined in 'lanes'")
        return None
    return lanes[lane].id if lane is not None else None  # the lane's own string: one copy, not one per event


def _tags(item: dict, path: str, check: Checker) -> tuple[str, ...]:
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        check.add(join_path(path, "tags"), "expected a list of strings")
        return ()
    if check.surrogates_possible and any(has_lone_surrogate(t) for t in tags):
        check.add(join_path(path, "tags"), "contains a lone UTF-16 surrogate escape")
        return ()
    return tuple(tags)


def _citations(item: dict, path: str, check: Checker, sources: dict[str, Source]) -> tuple[Citation, ...]:
    raw = item.get("citations", [])
    if not isinstance(raw, list):
        check.add(join_path(path, "citations"), f"expected a list, found {type_name(raw)}")
        return ()
    good = []
    for j, cit in enumerate(raw):
        where = f"{path}.citations[{j}]"
        if not isinstance(cit, dict):
            check.add(where, f"expected an object, found {type_name(cit)}")
            continue
        citation = _citation(cit, where, check, sources)
        if citation is not None:
            good.append(citation)
    return tuple(good)


def _citation(cit: dict, where: str, check: Checker, sources: dict[str, Source]) -> Citation | None:
    before = len(check.problems)
    check.keys(cit, CITATION_KEYS, where)
    source_id = check.text(cit, "source", where, required=True)
    source = sources.get(source_id) if source_id is not None else None
    if source_id is not None and source is None:
        check.add(join_path(where, "source"), f"source {source_id!r} is not defined in 'sources'")
    paragraph: Any = cit.get("paragraph")  # a whole number from 1 once no problem is found
    if "paragraph" not in cit:
        check.add(where, "missing required key 'paragraph'")
    elif isinstance(paragraph, bool) or not isinstance(paragraph, int) or paragraph < 1:
        check.add(join_path(where, "paragraph"), f"expected a whole paragraph number from 1, found {_shown(paragraph)}")
    elif source is not None and paragraph > len(source.paragraphs):
        check.add(
            join_path(where, "paragraph"),
            f"source {source_id!r} has {len(source.paragraphs)} paragraphs, so there is no paragraph {paragraph}",
        )
    quote = check.text(cit, "quote", where, required=False)
    if len(check.problems) > before:
        return None
    if quote is not None and source is not None and not check.quote_found(source, paragraph, quote):
        message = f"the quote does not occur verbatim in paragraph {paragraph} of {source_id!r}"
        check.add(join_path(where, "quote"), message)
        return None
    return Citation(source_id, paragraph, quote)  # type: ignore[arg-type]
