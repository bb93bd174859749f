"""The Timeline, its columns and its event store: one constructor, one rule per column. No Qt."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.io.fast.store import RawEvents
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.columns import FACTS, Columns, build_columns, event_facts
from desktop.model.dates import parse_date
from desktop.model.records import Citation, Event, Lane, Source
from desktop.model.store import EventTuple
from desktop.model.timeline import CitationIndex, Timeline

COLUMNS = ("begin", "finish", "anchor", "lane", "is_range", "coarse", "approximate", "cited")
LANES = (Lane("a", "A", "#0072B2"), Lane("b", "B", "#D55E00"))


def _events() -> list[Event]:
    return [
        Event("late", "Late", parse_date("2019-03-01T10:00"), "b", citations=(Citation("s", 1),)),
        Event("year", "A year", parse_date("2018"), "a"),
        Event("month", "A month", parse_date("2018-06"), "a", approximate=True),
        Event("span", "Months long", parse_date("2018-06"), "b", end=parse_date("2018-09")),
        Event("day", "A day", parse_date("2018-06-12"), "a", summary="words", tags=("t",)),
    ]


def _built() -> Timeline:
    return Timeline.build(title="t", events=_events(), lanes=LANES, sources=(Source("s", "S", ("p",)),))


def _assert_same_columns(a: Columns, b: Columns) -> None:
    for name in COLUMNS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name


def test_build_sorts_by_begin_then_finish_and_states_each_column() -> None:
    timeline = _built()
    assert [e.id for e in timeline.events] == ["year", "month", "span", "day", "late"]
    cols = timeline.columns
    assert cols.begin.dtype == np.float64 and cols.lane.dtype == np.int32 and cols.coarse.dtype == bool
    assert cols.begin.flags.c_contiguous and cols.finish.flags.c_contiguous
    assert cols.lane.tolist() == [0, 0, 1, 0, 1]
    assert cols.is_range.tolist() == [False, False, True, False, False]
    # Coarse: a point event dated to a month or a year; a range never is, whatever its precision.
    assert cols.coarse.tolist() == [True, True, False, False, False]
    assert cols.approximate.tolist() == [False, True, False, False, False]
    assert cols.cited.tolist() == [False, False, False, False, True]
    assert np.array_equal(cols.anchor, (cols.begin + cols.finish) / 2)
    assert cols.begin.tolist() == [e.begin for e in timeline.events]
    assert cols.finish.tolist() == [e.finish for e in timeline.events]


def test_columns_made_from_events_match_the_ones_build_made() -> None:
    built = _built()
    plain = Timeline(title="t", events=tuple(built.events), lanes=LANES)
    _assert_same_columns(plain.columns, built.columns)


def test_build_columns_takes_the_bulk_paths_arrays() -> None:
    """The fast path's arrays (bool, int8 precision) give what the events give."""
    table = event_facts(_events(), {"a": 0, "b": 1})
    typed = dict(zip(FACTS, table.T, strict=True))
    typed.update(is_range=typed["is_range"] > 0, precision=typed["precision"].astype(np.int8),
                 approximate=typed["approximate"] > 0, cited=typed["cited"] > 0, lane=typed["lane"].astype(np.int32))
    _assert_same_columns(build_columns(**typed), build_columns(*table.T))


def test_empty_events_give_empty_columns() -> None:
    timeline = Timeline.build(title="t", events=[], lanes=LANES)
    assert all(len(getattr(timeline.columns, name)) == 0 for name in COLUMNS)
    assert timeline.span() == (0.0, 0.0) and len(timeline.citation_index.citing("s", 1)) == 0


def test_a_timeline_is_read_only() -> None:
    timeline = _built()
    with pytest.raises(AttributeError):
        timeline.title = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del timeline.events


def test_given_indexes_are_used_and_missing_ones_made() -> None:
    built = _built()
    columns = built.columns
    citations = CitationIndex(np.array([4]), np.array([0]), np.array([1]), ["s"])
    timeline = Timeline(title="t", events=built.events, lanes=LANES, sources=built.sources, columns=columns,
                        event_index={"x": 0}, citation_index=citations)
    assert timeline.columns is columns and timeline.citation_index is citations
    assert timeline.event_index == {"x": 0}
    assert dict(built.event_index) == {"year": 0, "month": 1, "span": 2, "day": 3, "late": 4}
    assert built.events_citing("s", 1) == ["late"]


def test_equality_ignores_how_the_events_are_held() -> None:
    built = _built()
    again = Timeline(title="t", events=tuple(built.events), lanes=LANES, sources=built.sources)
    assert again == built and hash(again) == hash(built)
    assert again != Timeline(title="other", events=built.events, lanes=LANES, sources=built.sources)


def test_the_tuple_store_answers_what_the_bytes_store_does() -> None:
    events = EventTuple(_events())
    assert events == tuple(_events()) and isinstance(events[1:3], tuple)
    assert events.titles == ["Late", "A year", "A month", "Months long", "A day"]
    assert events.id_at(2) == "month"
    assert list(events.search_fields())[4] == ("A day", "words", ("t",))


def test_fast_and_object_stores_agree() -> None:
    """The default dataset read by the fast path (bytes) and rebuilt from its events (objects)."""
    fast = open_timeline(default_events_path())
    assert isinstance(fast.events, RawEvents)
    rebuilt = Timeline.build(title=fast.title, events=list(fast.events), lanes=fast.lanes, sources=fast.sources)
    assert isinstance(rebuilt.events, EventTuple) and rebuilt.events == fast.events
    _assert_same_columns(rebuilt.columns, fast.columns)
    assert list(rebuilt.titles) == list(fast.titles)
    assert [rebuilt.events.id_at(i) for i in range(len(fast.events))] == [
        fast.events.id_at(i) for i in range(len(fast.events))]
    assert list(rebuilt.events.search_fields()) == list(fast.events.search_fields())
    for source in fast.sources:
        for number in range(1, len(source.paragraphs) + 1):
            assert rebuilt.events_citing(source.id, number) == fast.events_citing(source.id, number)
