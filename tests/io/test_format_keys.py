"""The format's keys are said once, in `desktop.io.schema`: the fast path's structs and the writer follow it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args, get_origin

import msgspec
import pytest
from test_schema import full_document

from desktop.io import schema
from desktop.io.fast import store
from desktop.io.fast.load import _event_type
from desktop.io.open import open_timeline
from desktop.io.writers import events_json
from desktop.model.records import Source


def _fields(struct: type) -> tuple[tuple[str, ...], frozenset[str]]:
    """A msgspec struct's field names and the required ones."""
    info = msgspec.structs.fields(struct)
    return tuple(f.name for f in info), frozenset(f.name for f in info if f.required)


def test_the_key_sets_are_the_schema_s() -> None:
    assert {k.name for k in schema.TOP} == schema.TOP_KEYS
    assert set(schema.names(schema.EVENT)) == schema.EVENT_KEYS
    for keys in schema.OBJECTS.values():
        assert len(set(schema.names(keys))) == len(keys)  # each key once


def test_the_stored_event_structs_are_the_schema_s() -> None:
    names, required = _fields(store._Record)
    assert names == schema.names(schema.EVENT) and required == schema.required(schema.EVENT)
    names, required = _fields(store._Cite)
    assert names == schema.names(schema.CITATION) and required == schema.required(schema.CITATION)
    for part in (store._Title, store._Words, store._Id):  # partial views of an event
        assert set(_fields(part)[0]) <= schema.EVENT_KEYS


@pytest.mark.parametrize("lanes", [True, False])
def test_the_fast_path_s_event_struct_is_the_schema_s(lanes: bool) -> None:
    sources = {"s": Source("s", "S", ("p",))}
    event = _event_type({"l": object()} if lanes else None, sources)  # type: ignore[dict-item]
    names, required = _fields(event)
    if lanes:  # `lane` is required when the file has lanes, and not allowed when it has none
        assert set(names) == schema.EVENT_KEYS and required == schema.required(schema.EVENT) | {"lane"}
    else:
        assert set(names) == schema.EVENT_KEYS - {"lane"} and required == schema.required(schema.EVENT)
    citations = next(f.type for f in msgspec.structs.fields(event) if f.name == "citations")  # list[…] | Unset
    citation = next(get_args(t)[0] for t in get_args(citations) if get_origin(t) is list)
    names, required = _fields(citation)
    assert names == schema.names(schema.CITATION) and required == schema.required(schema.CITATION)


def test_the_writer_writes_keys_in_the_schema_s_order(tmp_path: Path) -> None:
    doc = full_document()
    doc["events"][0]["approximate"] = True  # written only when true
    path = tmp_path / "full.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    written = json.loads(events_json.dumps(open_timeline(path)))
    event = written["events"][0]
    holders = {"top": written, "source": written["sources"][0], "lane": written["lanes"][0], "event": event,
               "citation": event["citations"][0]}
    for kind, obj in holders.items():
        # Everything but `$schema`, which is where the editor finds the schema, not part of the timeline.
        assert list(obj) == [k for k in schema.names(schema.OBJECTS[kind]) if k != "$schema"], kind
