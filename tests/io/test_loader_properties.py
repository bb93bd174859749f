"""Whatever is in the file, the loader either opens it consistently or raises TimelineError."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.io.jsonfile import TimelineError
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.schema import CITATION_KEYS, EVENT_KEYS, LANE_KEYS, SOURCE_KEYS, TOP_KEYS
from desktop.model.dates import parse_date
from desktop.model.timeline import Timeline

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATES = [
    "2016",
    "2018-06",
    "2019-02",
    "2019-02-27",
    "2019-02-28",
    "2019-02-28T10:00",
    "2019-02-28T01:00+07:00",
    "2019-02-28T10:00:05Z",
    "2019-03-01T09:00-05:00",
]
BAD_DATES = ["2019-02-30", "2019-W09", "0000", "2019-02-28 10:00", "24:00", ""]
PARAGRAPHS = ["Kim met Trump in Hanoi.", "The summit ended early.", "", "Talks may resume."]
STRINGS = [*DATES, *BAD_DATES, *PARAGRAPHS, "e0", "s0", "l0", "met", "#1f77b4", "red", "x-", "\ud800", " "]
KEYS = [*sorted(TOP_KEYS | SOURCE_KEYS | LANE_KEYS | EVENT_KEYS | CITATION_KEYS), "x-a", "other"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-2, max_value=5)
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(STRINGS)
    | st.text(max_size=8)
)
keys = st.sampled_from(KEYS) | st.text(max_size=6)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6),
    max_leaves=10,
)


@st.composite
def valid_documents(draw: st.DrawFn) -> dict:
    """A consistent events file: every reference resolves, every quote is verbatim."""
    sources = [
        {
            "id": f"s{i}",
            "title": "Source",
            "paragraphs": draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=4)),
        }
        for i in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    has_lanes = draw(st.booleans())
    lanes = [{"id": f"l{i}", "title": "Lane"} for i in range(draw(st.integers(min_value=1, max_value=3)))]
    events = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        start = draw(st.sampled_from(DATES))
        item: dict[str, Any] = {"id": f"e{i}", "title": f"Event {i}", "start": start}
        if draw(st.booleans()):
            begin = parse_date(start).begin
            item["end"] = draw(st.sampled_from([d for d in DATES if parse_date(d).begin >= begin]))
        if has_lanes:
            item["lane"] = draw(st.sampled_from(lanes))["id"]
        if sources and draw(st.booleans()):
            cites = []
            for _ in range(draw(st.integers(min_value=1, max_value=2))):
                source = draw(st.sampled_from(sources))
                number = draw(st.integers(min_value=1, max_value=len(source["paragraphs"])))
                cite = {"source": source["id"], "paragraph": number}
                words = source["paragraphs"][number - 1].split()
                if words and draw(st.booleans()):
                    cite["quote"] = draw(st.sampled_from(words))
                cites.append(cite)
            item["citations"] = cites
        events.append(item)
    doc: dict[str, Any] = {"version": 1, "title": "Timeline", "sources": sources, "events": events}
    if has_lanes:
        doc["lanes"] = lanes
    return doc


def _slots(value: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in a JSON value, for mutation."""
    if isinstance(value, dict):
        for key, inner in value.items():
            out.append((value, key))
            _slots(inner, out)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out.append((value, index))
            _slots(inner, out)
    return out


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict:
    """A consistent file with a few random edits: values replaced, keys dropped or added."""
    doc = draw(valid_documents())
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        slots = _slots(doc, [])
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if action == "replace":
            container[key] = draw(json_values | st.sampled_from(STRINGS))
        elif action == "drop":
            del container[key]
        elif isinstance(container, dict):
            container[draw(keys)] = draw(json_values)
        else:
            container.append(draw(json_values))
    return doc


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def check_consistent(timeline: Timeline, name: str) -> None:
    """Everything that opened refers only to things that opened."""
    lanes = timeline.lane_index
    sources = timeline.source_index
    assert len(lanes) == len(timeline.lanes)
    assert len(sources) == len(timeline.sources)
    assert len(timeline.event_index) == len(timeline.events)
    order = [(e.begin, e.finish) for e in timeline.events]
    assert order == sorted(order)
    for event in timeline.events:
        assert event.lane in lanes
        assert event.title.strip()
        assert event.end is None or event.end.begin >= event.start.begin
        for cite in event.citations:
            source = sources[cite.source]
            assert 1 <= cite.paragraph <= len(source.paragraphs)
            assert cite.quote is None or cite.quote in source.paragraphs[cite.paragraph - 1]
        for text in (event.id, event.title, event.summary, *event.tags):
            text.encode("utf-8")  # no lone surrogates got through
    for problem in timeline.problems:
        assert problem.file == name
        assert problem.message
    # The drawing arrays can be built for whatever opened.
    assert len(timeline.columns.begin) == len(timeline.events)
    timeline.span()


def load_bytes(folder: Path, data: bytes) -> Timeline | None:
    path = folder / "events.json"
    path.write_bytes(data)
    try:
        timeline = open_timeline(path)
    except TimelineError as exc:
        assert exc.problems
        assert all(p.file == str(path) for p in exc.problems)
        return None
    check_consistent(timeline, str(path))
    return timeline


@SETTINGS
@given(st.binary(max_size=512))
def test_random_bytes(folder: Path, data: bytes) -> None:
    load_bytes(folder, data)


@SETTINGS
@given(st.binary(max_size=64))
def test_random_bytes_after_a_valid_prefix(folder: Path, tail: bytes) -> None:
    load_bytes(folder, b'{"version": 1, "title": "t", "events": [' + tail)


@SETTINGS
@given(json_values, st.booleans())
def test_random_json_values(folder: Path, value: Any, indent: bool) -> None:
    load_bytes(folder, json.dumps(value, indent=2 if indent else None).encode("utf-8"))


@settings(max_examples=50, deadline=None)
@given(valid_documents())
def test_consistent_documents_open_without_problems(folder: Path, doc: dict) -> None:
    timeline = load_bytes(folder, json.dumps(doc, indent=2).encode("utf-8"))
    assert timeline is not None
    assert timeline.problems == ()
    assert sorted(e.id for e in timeline.events) == sorted(e["id"] for e in doc["events"])
    assert sum(len(e.citations) for e in timeline.events) == sum(len(e.get("citations", [])) for e in doc["events"])


@SETTINGS
@given(mutated_documents(), st.booleans())
def test_event_like_documents(folder: Path, doc: dict, indent: bool) -> None:
    # ensure_ascii (the default) writes a lone surrogate as an escape, as a file would hold it.
    text = json.dumps(doc, indent=2 if indent else None, allow_nan=True)
    load_bytes(folder, text.encode("utf-8"))
    # The parsed value handed straight to the validator behaves the same way.
    with contextlib.suppress(TimelineError):
        check_consistent(timeline_from_json(json.loads(text), "doc", text), "doc")
