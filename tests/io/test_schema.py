"""resources/events.schema.json, the format module (`desktop.io.schema`) and the careful reader agree on the format."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from desktop.io import schema as fmt
from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path, resource_path
from desktop.io.schema import CITATION_KEYS, EVENT_KEYS, LANE_KEYS, SOURCE_KEYS, TOP_KEYS

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "resources" / "events.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def full_document() -> dict:
    """A valid file that uses every key of every object."""
    return {
        "$schema": "../resources/events.schema.json",
        "version": 1,
        "title": "Timeline",
        "description": "All keys in use.",
        "timezone": "Asia/Ho_Chi_Minh",
        "sources": [
            {
                "id": "art",
                "title": "Article",
                "publisher": "Press",
                "published": "2019-03-01",
                "url": "https://example.invalid/article",
                "paragraphs": ["Kim met Trump in Hanoi.", "The summit ended early."],
            }
        ],
        "lanes": [{"id": "us", "title": "United States", "color": "#0072b2"}],
        "events": [
            {
                "id": "hanoi",
                "title": "Hanoi summit",
                "start": "2019-02-27",
                "end": "2019-02-28",
                "lane": "us",
                "summary": "Two days.",
                "approximate": False,
                "tags": ["summit"],
                "citations": [{"source": "art", "paragraph": 1, "quote": "met Trump"}],
            }
        ],
    }


# --- (1) the same keys, the same required keys ----------------------------------------------


def _object_schemas(schema: dict) -> dict[str, dict]:
    defs = schema["$defs"]
    return {
        "top": schema,
        "source": defs["source"],
        "lane": defs["lane"],
        "event": defs["event"],
        "citation": defs["citation"],
    }


LOADER_KEYS = {
    "top": TOP_KEYS,
    "source": SOURCE_KEYS,
    "lane": LANE_KEYS,
    "event": EVENT_KEYS,
    "citation": CITATION_KEYS,
}


# What each kind of value in the format module is, in the JSON Schema.
KINDS = {
    fmt.VERSION: {"const": 1},
    fmt.TEXT: {"$ref": "#/$defs/text"},
    fmt.ID: {"$ref": "#/$defs/id"},
    fmt.DATE: {"$ref": "#/$defs/date"},
    fmt.STRING: {"type": "string"},
    fmt.COLOUR: {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$(?!\\n)"},
    fmt.BOOLEAN: {"type": "boolean"},
    fmt.PARAGRAPH: {"type": "integer", "minimum": 1},
    fmt.STRINGS: {"type": "array", "items": {"type": "string"}},
    fmt.ZONE: {"type": "string", "minLength": 1},
    fmt.SOURCES: {"type": "array", "items": {"$ref": "#/$defs/source"}},
    fmt.LANES: {"type": "array", "items": {"$ref": "#/$defs/lane"}},
    fmt.EVENTS: {"type": "array", "items": {"$ref": "#/$defs/event"}},
    fmt.CITATIONS: {"type": "array", "items": {"$ref": "#/$defs/citation"}},
}


@pytest.mark.parametrize("kind", list(fmt.OBJECTS))
def test_keys_kinds_and_needs_match_the_format_module(schema: dict, kind: str) -> None:
    obj = _object_schemas(schema)[kind]
    keys = fmt.OBJECTS[kind]
    assert list(obj["properties"]) == list(fmt.names(keys))  # the same keys, in the order they are written
    assert set(obj["required"]) == fmt.required(keys)
    for key in keys:
        prop = {k: v for k, v in obj["properties"][key.name].items() if k not in ("title", "description")}
        assert prop == KINDS[key.kind], (kind, key.name)


@pytest.mark.parametrize("kind", list(LOADER_KEYS))
def test_key_sets_match_the_loader(schema: dict, kind: str) -> None:
    obj = _object_schemas(schema)[kind]
    assert set(obj["properties"]) == LOADER_KEYS[kind]
    assert obj["type"] == "object"
    assert obj["additionalProperties"] is False
    assert obj["patternProperties"] == {"^x-": {}}
    assert set(obj["required"]) <= set(obj["properties"])


def test_schema_header(schema: dict) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://summit-timeline.invalid/events.schema.json"
    assert schema["properties"]["version"] == {**schema["properties"]["version"], "const": 1}
    for kind, obj in _object_schemas(schema).items():
        assert obj.get("title") and obj.get("description"), kind
        for key, prop in obj["properties"].items():
            assert prop.get("description") or prop.get("$ref") == "#/$defs/id", (kind, key)


def _holders(doc: dict) -> dict[str, dict]:
    return {
        "top": doc,
        "source": doc["sources"][0],
        "lane": doc["lanes"][0],
        "event": doc["events"][0],
        "citation": doc["events"][0]["citations"][0],
    }


def _loader_requires(kind: str, key: str, tmp_path: Path, lanes: bool = True) -> bool:
    """True when the loader reports `key` missing once it is removed from a full document."""
    doc = full_document()
    holder = _holders(doc)[kind]
    if not lanes:
        del doc["lanes"], doc["events"][0]["lane"]
    del holder[key]
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    try:
        problems = open_timeline(path).problems
    except TimelineError as exc:
        problems = exc.problems
    return any(f"missing required key {key!r}" in p.message for p in problems)


@pytest.mark.parametrize("kind", list(LOADER_KEYS))
def test_required_keys_match_the_loader(schema: dict, kind: str, tmp_path: Path) -> None:
    required = set(_object_schemas(schema)[kind]["required"])
    assert required == fmt.required(fmt.OBJECTS[kind])
    by_loader = {key for key in LOADER_KEYS[kind] if _loader_requires(kind, key, tmp_path)}
    if kind == "event":
        # `lane` is required only when the file has `lanes`: a top-level if/then/else.
        assert "lane" not in required
        assert schema["if"] == {"required": ["lanes"]}
        assert schema["then"]["properties"]["events"]["items"]["required"] == ["lane"]
        assert schema["else"]["properties"]["events"]["items"]["not"]["required"] == ["lane"]
        assert by_loader == required | {"lane"}
        no_lanes = {key for key in EVENT_KEYS - {"lane"} if _loader_requires(kind, key, tmp_path, lanes=False)}
        assert no_lanes == required
    else:
        assert by_loader == required


# --- (2) schema and loader judge the same documents the same way -----------------------------

Edit = Callable[[dict], None]


def _set(*path_and_value: Any) -> Edit:
    *path, value = path_and_value

    def edit(doc: dict) -> None:
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return edit


def _drop(*path: Any) -> Edit:
    def edit(doc: dict) -> None:
        target = doc
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return edit


def _no_lanes(doc: dict) -> None:
    del doc["lanes"]
    for item in doc["events"]:
        item.pop("lane", None)


def _minimal(doc: dict) -> None:
    doc.clear()
    doc.update({"version": 1, "title": "t", "events": []})


def _x_everywhere(doc: dict) -> None:
    for holder in _holders(doc).values():
        holder["x-note"] = {"anything": [1, None, "NaN"]}


def _two(*edits: Edit) -> Edit:
    def edit(doc: dict) -> None:
        for one in edits:
            one(doc)

    return edit


E = ("events", 0)
C = ("events", 0, "citations", 0)

CASES: list[tuple[str, Edit, bool]] = [
    # good
    ("full document", lambda doc: None, True),
    ("minimal document", _minimal, True),
    ("x- keys everywhere", _x_everywhere, True),
    ("no lanes, no lane named", _no_lanes, True),
    ("end equal to start", _set(*E, "end", "2019-02-27"), True),
    ("minute with offset", _set(*E, "start", "2019-02-27T18:30+07:00"), True),
    ("second with Z", _set(*E, "start", "2019-02-27T18:30:05Z"), True),
    ("offset -18:00", _set(*E, "start", "2019-02-27T00:30-18:00"), True),
    ("upper-case colour", _set("lanes", 0, "color", "#ABCDEF"), True),
    (
        "empty description, summary and paragraphs",
        _two(
            _set("description", ""), _set(*E, "summary", ""), _set("sources", 0, "paragraphs", ["Kim met Trump.", ""])
        ),
        True,
    ),
    (
        "no optional keys",
        _two(
            _drop(*E, "end"),
            _drop(*E, "summary"),
            _drop(*E, "tags"),
            _drop(*E, "citations"),
            _drop(*E, "approximate"),
            _drop("lanes", 0, "color"),
        ),
        True,
    ),
    # bad: structure
    ("unknown top-level key", _set("colour", "red"), False),
    ("unknown event key", _set(*E, "date", "2019"), False),
    ("unknown lane key", _set("lanes", 0, "colour", "#000000"), False),
    ("unknown source key", _set("sources", 0, "author", "A"), False),
    ("unknown citation key", _set(*C, "page", 2), False),
    ("upper-case X- key", _set(*E, "X-note", 1), False),
    ("version 2", _set("version", 2), False),
    ("version as a string", _set("version", "1"), False),
    ("missing title", _drop("title"), False),
    ("missing events", _drop("events"), False),
    ("events not a list", _set("events", {}), False),
    ("missing start", _drop(*E, "start"), False),
    ("missing lane while lanes exist", _drop(*E, "lane"), False),
    ("lane named while no lanes", _drop("lanes"), False),
    ("missing paragraphs", _drop("sources", 0, "paragraphs"), False),
    ("missing citation paragraph", _drop(*C, "paragraph"), False),
    # bad: types and values
    ("title a number", _set(*E, "title", 5), False),
    ("blank title", _set(*E, "title", "  "), False),
    ("empty id", _set(*E, "id", ""), False),
    ("empty quote", _set(*C, "quote", ""), False),
    ("approximate a string", _set(*E, "approximate", "yes"), False),
    ("tags not strings", _set(*E, "tags", [1]), False),
    ("citations an object", _set(*E, "citations", {}), False),
    ("paragraph 0", _set(*C, "paragraph", 0), False),
    ("paragraph -1", _set(*C, "paragraph", -1), False),
    ("paragraph 1.5", _set(*C, "paragraph", 1.5), False),
    ("paragraph a string", _set(*C, "paragraph", "1"), False),
    ("paragraph true", _set(*C, "paragraph", True), False),
    ("paragraph strings not text", _set("sources", 0, "paragraphs", ["ok", 2]), False),
    ("colour red", _set("lanes", 0, "color", "red"), False),
    ("colour too short", _set("lanes", 0, "color", "#12345"), False),
    ("colour with newline", _set("lanes", 0, "color", "#123456\n"), False),
    ("colour null", _set("lanes", 0, "color", None), False),
    # bad: date forms
    *[
        (f"date {text!r}", _set(*E, "start", text), False)
        for text in [
            "2019-13",
            "2019-00",
            "2019-02-32",
            "0000",
            "10000",
            "2019-W09",
            "2019-059",
            "2019-02-28T24:00",
            "2019-02-28T23:60",
            "2019-02-28T23:59:60",
            "2019-02-28 10:00",
            "2019-02-28T10:00:00.5",
            "2019-02-28T10:00+19:00",
            "2019-02-28T10:00+18:30",
            "2019-02-28Z",
            "2019\n",
            "٢٠١٩",
            "",
            2019,
        ]
    ],
    ("published date in week form", _set("sources", 0, "published", "2019-W09"), False),
]


def _loader_accepts(doc: dict, tmp_path: Path) -> bool:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    try:
        return open_timeline(path).problems == ()
    except TimelineError:
        return False


@pytest.mark.parametrize(("name", "edit", "valid"), CASES, ids=[case[0] for case in CASES])
def test_schema_and_loader_agree(
    validator: Draft202012Validator, tmp_path: Path, name: str, edit: Edit, valid: bool
) -> None:
    doc = full_document()
    edit(doc)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
    assert (not errors) == valid, errors
    assert _loader_accepts(copy.deepcopy(doc), tmp_path) == valid


# Rules the schema cannot express (see its description): the schema passes these
# documents, the loader does not. If one starts failing, update the schema's description.
BEYOND_THE_SCHEMA: list[tuple[str, Edit]] = [
    ("duplicate event id", lambda doc: doc["events"].append(copy.deepcopy(doc["events"][0]))),
    ("dangling lane", _set(*E, "lane", "nowhere")),
    ("dangling source", _set(*C, "source", "ghost")),
    ("paragraph past the end", _set(*C, "paragraph", 3)),
    ("quote not verbatim", _set(*C, "quote", "met Obama")),
    ("30 February", _set(*E, "start", "2019-02-30")),
    ("29 February 2023", _set(*E, "start", "2023-02-29")),
    ("end before start", _set(*E, "end", "2019-02-26")),
    ("lone surrogate", _set(*E, "title", "\ud800")),
    ("paragraph 1.0", _set(*C, "paragraph", 1.0)),
]


@pytest.mark.parametrize(("name", "edit"), BEYOND_THE_SCHEMA, ids=[case[0] for case in BEYOND_THE_SCHEMA])
def test_rules_only_the_loader_checks(validator: Draft202012Validator, tmp_path: Path, name: str, edit: Edit) -> None:
    doc = full_document()
    edit(doc)
    assert list(validator.iter_errors(doc)) == []
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    assert open_timeline(path).problems != ()


# --- (3) the shipped dataset follows the schema ------------------------------------------------


def test_dataset_validates(validator: Draft202012Validator) -> None:
    for path in {ROOT / "data" / "events.json", default_events_path()}:
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == [], path
        assert (path.parent / doc["$schema"]).resolve() == SCHEMA_PATH.resolve()


def test_schema_is_found_as_a_resource() -> None:
    assert resource_path("events.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()
