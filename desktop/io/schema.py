"""The events file format (v1) in one place: each object's keys, in the order they are written, with kind and need.

The careful checks take their allowed keys from here, the events writer its key order,
and tests hold the msgspec structs of the fast path and resources/events.schema.json to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.model.records import PALETTE, Lane

FORMAT_VERSION = 1
# Where events go when the file has no `lanes` list (and may then name none).
DEFAULT_LANE = Lane("default", "Events", PALETTE[0])

# What a key's value may be; the JSON Schema's `$defs` of the same names spell them out.
VERSION = "version"  # the number FORMAT_VERSION
TEXT = "text"  # a string with at least one non-blank character
STRING = "string"  # any string, empty allowed
ID = "id"  # text that names the item among its kind
DATE = "date"  # an ISO 8601 date at some precision (see model.dates)
COLOUR = "colour"  # "#rrggbb"
BOOLEAN = "boolean"
PARAGRAPH = "paragraph"  # a whole number from 1
STRINGS = "strings"  # a list of strings
ZONE = "zone"  # an IANA time zone name ("Asia/Ho_Chi_Minh"), "UTC" or a fixed "UTC+07:00"
SOURCES, LANES, EVENTS, CITATIONS = "sources", "lanes", "events", "citations"  # lists of those objects


@dataclass(frozen=True)
class Key:
    """One key of an object in the format."""

    name: str
    kind: str
    required: bool = False


TOP = (
    Key("$schema", STRING),
    Key("version", VERSION, required=True),
    Key("title", TEXT, required=True),
    Key("description", STRING),
    Key("timezone", ZONE),
    Key("sources", SOURCES),
    Key("lanes", LANES),
    Key("events", EVENTS, required=True),
)
SOURCE = (
    Key("id", ID, required=True),
    Key("title", TEXT, required=True),
    Key("publisher", TEXT),
    Key("published", DATE),
    Key("url", TEXT),
    Key("paragraphs", STRINGS, required=True),
)
LANE = (
    Key("id", ID, required=True),
    Key("title", TEXT, required=True),
    Key("color", COLOUR),
)
# `lane` is required when the file has a `lanes` list and not allowed when it has none.
EVENT = (
    Key("id", ID, required=True),
    Key("title", TEXT, required=True),
    Key("start", DATE, required=True),
    Key("end", DATE),
    Key("lane", ID),
    Key("summary", STRING),
    Key("approximate", BOOLEAN),
    Key("tags", STRINGS),
    Key("citations", CITATIONS),
)
CITATION = (
    Key("source", ID, required=True),
    Key("paragraph", PARAGRAPH, required=True),
    Key("quote", TEXT),
)
OBJECTS = {"top": TOP, "source": SOURCE, "lane": LANE, "event": EVENT, "citation": CITATION}


def names(keys: tuple[Key, ...]) -> tuple[str, ...]:
    """The keys' names, in the order they are written."""
    return tuple(key.name for key in keys)


def required(keys: tuple[Key, ...]) -> frozenset[str]:
    """The names of the keys an object must have."""
    return frozenset(key.name for key in keys if key.required)


TOP_KEYS = frozenset(names(TOP))
SOURCE_KEYS = frozenset(names(SOURCE))
LANE_KEYS = frozenset(names(LANE))
EVENT_KEYS = frozenset(names(EVENT))
CITATION_KEYS = frozenset(names(CITATION))
