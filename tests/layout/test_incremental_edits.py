"""Layout carried across edits (sub-rows, rows, density grid, overview counts, timed spans, zones) equals layout
made from scratch, for random moves, adds, removals, lane changes and undos. No Qt."""

from __future__ import annotations

import random
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import desktop.io.fields  # noqa: F401  # installs the loader's checks as the documents' reader
import desktop.layout.sub_rows as sub_rows_module
from desktop.layout.carry import edit_of, new_positions, new_positions_searched, old_positions
from desktop.layout.density import build_grid, carried_grid, cell_counts
from desktop.layout.overview_counts import span_counts
from desktop.layout.rows import stack_rows, visible_indices
from desktop.layout.sub_rows import MAX_SUBROWS, TITLED_LANE_MAX, sub_rows
from desktop.layout.time_axis import TimedSpans
from desktop.layout.time_zone import zoned_columns
from desktop.model.columns import Columns
from desktop.model.dates import parse_date
from desktop.model.document import Document, DocumentError, Edit
from desktop.model.edited_timeline import ColumnsEdit, splice
from desktop.model.records import Event, Lane
from desktop.model.timeline import Timeline

LANES = (Lane("crowded", "Crowded", "#0072B2"), Lane("busy", "Busy", "#D55E00"),
         Lane("few", "Few", "#009E73"), Lane("timed", "Timed", "#CC79A7"))
ZONE = "Asia/Tokyo"
HIDDEN_SETS: tuple[frozenset[int], ...] = (frozenset(), frozenset({1}))
NAMES = tuple(f.name for f in fields(Columns) if f.name != "memo")


def _day(rng: random.Random, year: int = 2019) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _timeline(seed: int) -> Timeline:
    """Four lanes: one crowded past MAX_SUBROWS and one busy (both past TITLED_LANE_MAX), few events, timed ones."""
    rng = random.Random(seed)
    events: list[Event] = []

    def add(lane: str, start: str, end: str | None = None) -> None:
        events.append(Event(f"e{len(events)}", f"Event {len(events)}", parse_date(start), lane,
                            parse_date(end) if end else None))

    for _ in range(1_500):
        start = _day(rng)
        add("crowded", start, f"2019-12-{rng.randint(29, 31)}" if rng.random() < 0.02 else None)
    for _ in range(TITLED_LANE_MAX + 150):
        add("busy", _day(rng))
    for _ in range(30):
        add("few", _day(rng))
    for _ in range(120):
        add("timed", f"{_day(rng)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
    return Timeline.build(title="Edits", events=events, lanes=LANES)


def _fresh(cols: Columns) -> Columns:
    """The same columns with nothing remembered: layout made from scratch."""
    return Columns(**{name: getattr(cols, name).copy() for name in NAMES})


def _edges(cols: Columns) -> np.ndarray:
    lo, hi = (float(cols.begin.min()), float(cols.finish.max())) if len(cols.begin) else (0.0, 1.0)
    return np.linspace(lo - 86400, hi + 86400, 301)


def _lay_out(cols: Columns, lanes: int = len(LANES)) -> dict[str, object]:
    """Everything the window lays out from a revision's columns, in the order it asks."""
    out: dict[str, object] = {"sub": sub_rows(cols, lanes)}
    edges = _edges(cols)
    for hidden in HIDDEN_SETS:
        rows = stack_rows(cols, lanes, hidden)
        grid = build_grid(cols, rows.row, rows.total)
        out[f"rows{sorted(hidden)}"] = rows
        out[f"grid{sorted(hidden)}"] = grid
        out[f"counts{sorted(hidden)}"] = cell_counts(grid, float(edges[0]), float(edges[-1]), 97)
        out[f"overview{sorted(hidden)}"] = span_counts(cols, lanes, edges, hidden)
    timed = TimedSpans.of(cols)
    out["timed"] = (timed.begin, timed.reach)
    wall = zoned_columns(cols, ZONE)
    out["wall"] = tuple(getattr(wall, name) for name in NAMES)
    rows = stack_rows(cols, lanes)
    out["wall_grid"] = build_grid(wall, rows.row, rows.total)
    for name, columns in (("", cols), ("wall ", wall)):  # the searches for what a view may show
        for k in range(1, 6):
            start = float(edges[0] + (edges[-1] - edges[0]) * k / 7)
            out[f"{name}visible {k}"] = visible_indices(columns, rows, start, start + 86400.0 * 9 * k)
        out[f"{name}bounds"] = (columns.memo.get("running_max"), columns.memo.get("suffix_min"))
    return out


def _same(a: object, b: object) -> bool:
    """Equal arrays, and dataclasses and tuples of them, exactly."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if hasattr(a, "__dataclass_fields__"):
        return type(a) is type(b) and all(_same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    return a == b


def _assert_as_from_scratch(cols: Columns, lanes: int = len(LANES)) -> None:
    carried, scratch = _lay_out(cols, lanes), _lay_out(_fresh(cols), lanes)
    for name, value in scratch.items():
        assert _same(carried[name], value), name


def _random_edit(document: Document, rng: random.Random) -> Edit | None:
    """A move, add, removal or lane change of a random event (None: refused, e.g. a start after its end)."""
    kind = rng.choice(("move", "move", "move", "add", "remove", "lane", "far"))
    target = rng.choice(list(document.events))
    try:
        if kind == "move":
            return document.update_event(target.id, start=_day(rng))
        if kind == "far":  # out past the span: every small lane's room for titles changes
            return document.update_event(target.id, start=_day(rng, rng.choice((2017, 2021))))
        if kind == "add":
            return document.add_event({"title": "Added", "start": _day(rng), "lane": rng.choice(LANES).id})
        if kind == "remove":
            return document.remove_event(target.id)
        return document.update_event(target.id, lane=rng.choice(LANES).id)
    except DocumentError:
        return None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_lay_out_as_from_scratch(seed: int) -> None:
    rng = random.Random(seed)
    document = Document.from_timeline(_timeline(seed))
    _lay_out(document.timeline().columns)
    done: list[Edit] = []
    carried_count = 0
    for step in range(40):
        if done and rng.random() < 0.25:
            done.pop().undo(document)
        else:
            for _ in range(1 if step % 5 else 3):  # now and then several edits make one revision
                edit = _random_edit(document, rng)
                if edit is not None:
                    done.append(edit)
        cols = document.timeline().columns
        carried_count += edit_of(cols) is not None
        _assert_as_from_scratch(cols)
    assert carried_count > 20  # most revisions were made by carrying, not from scratch


def test_a_moved_event_restacks_only_from_where_the_lane_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document.from_timeline(_timeline(4))
    _lay_out(document.timeline().columns)
    crowded = [e for e in document.events if e.lane == "crowded" and e.end is None]
    before = document.timeline().columns
    assert sub_rows(before, len(LANES))[1][0] == MAX_SUBROWS  # saturated: rows are shared
    made = sub_rows_module._made
    from_scratch: list[Columns] = []

    def spied(cols: Columns, lanes: int) -> tuple[np.ndarray, np.ndarray]:
        from_scratch.append(cols)
        return made(cols, lanes)

    monkeypatch.setattr(sub_rows_module, "_made", spied)
    for event, month in zip(crowded[:10], range(1, 11), strict=True):
        document.update_event(event.id, start=f"2019-{month:02d}-15")
        cols = document.timeline().columns
        assert edit_of(cols) is not None
        rows = stack_rows(cols, len(LANES))
        assert carried_grid(cols, rows.row, rows.total) is not None
        _assert_as_from_scratch(cols)
        assert from_scratch and all(c is not cols for c in from_scratch)  # only the comparison's own


def test_a_large_lane_gives_up_and_opens_its_top_sub_row() -> None:
    # Two events a day in a large lane, and one day with five: the lane uses five sub-rows.
    days = [f"2019-{1 + d // 28:02d}-{1 + d % 28:02d}" for d in range(300)] * 2 + ["2019-06-10"] * 3
    days += [f"2020-{1 + d // 28:02d}-{1 + d % 28:02d}" for d in range(300)] * 2
    events = [Event(f"e{i}", f"Event {i}", parse_date(day), "crowded") for i, day in enumerate(days)]
    document = Document.from_timeline(Timeline.build(title="Peak", events=events, lanes=LANES[:1]))
    assert len(events) > TITLED_LANE_MAX
    cols = document.timeline().columns
    _assert_as_from_scratch_one_lane(cols)
    assert sub_rows(cols, 1)[1][0] == 5
    used = []
    for ident, day in (("e600", "2019-02-02"), ("e601", "2019-03-03"), ("e10", "2019-02-02"), ("e11", "2019-02-02")):
        document.update_event(ident, start=day)
        cols = document.timeline().columns
        _assert_as_from_scratch_one_lane(cols)
        used.append(int(sub_rows(cols, 1)[1][0]))
    assert used == [4, 3, 4, 5]  # the peak day emptied, then another day filled


def _assert_as_from_scratch_one_lane(cols: Columns) -> None:
    fresh = _fresh(cols)
    assert _same(sub_rows(cols, 1), sub_rows(fresh, 1))
    assert _same(stack_rows(cols, 1), stack_rows(fresh, 1))


def test_edits_from_an_empty_timeline_and_after_a_new_lane() -> None:
    document = Document.from_timeline(Timeline.build(title="Empty", events=[], lanes=LANES))
    _lay_out(document.timeline().columns)
    rng = random.Random(6)
    for k in range(12):
        document.add_event({"title": f"Added {k}", "start": _day(rng), "lane": rng.choice(LANES).id})
        _assert_as_from_scratch(document.timeline().columns)
    document.add_lane("Observers")  # lanes renumbered or added: nothing to carry, laid out anew
    cols = document.timeline().columns
    assert edit_of(cols) is None
    _assert_as_from_scratch(cols, len(LANES) + 1)
    for _ in range(6):  # then carried again, the new lane among the others
        event = rng.choice(list(document.events))
        document.update_event(event.id, lane=rng.choice(document.lanes).id, start=_day(rng))
        cols = document.timeline().columns
        assert edit_of(cols) is not None
        _assert_as_from_scratch(cols, len(LANES) + 1)


def test_an_edit_keeps_one_previous_revision_alive() -> None:
    document = Document.from_timeline(_timeline(5))
    ids = [e.id for e in document.events if e.end is None][:3]
    seen: list[Columns] = []
    for ident in ids:
        document.update_event(ident, start="2019-06-01")
        seen.append(document.timeline().columns)
    edit = edit_of(seen[-1])
    assert edit is not None and edit.previous is seen[-2]
    assert edit_of(seen[-2]) is None  # the chain stops there: older revisions can be freed


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.data())
def test_splice_is_delete_then_insert(n: int, data: st.DataObject) -> None:
    array = np.arange(n, dtype=np.int64) * 10
    removed = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1)) if n else st.just(set()))), np.int64)
    kept = np.delete(array, removed)
    at = np.array(sorted(data.draw(st.lists(st.integers(0, len(kept)), max_size=6))), np.int64)
    values = -np.arange(1, len(at) + 1, dtype=np.int64)
    inserted = at + np.arange(len(at))
    expected = np.insert(kept, at, values)
    assert np.array_equal(splice(array, removed, inserted, values), expected)
    edit = ColumnsEdit(_fresh(Timeline.build(title="t", events=[], lanes=LANES).columns), removed, inserted)
    old_kept = np.delete(np.arange(n), removed)
    new_kept = np.flatnonzero(expected >= 0)
    assert np.array_equal(new_positions(edit, old_kept), new_kept)
    assert np.array_equal(new_positions_searched(edit, old_kept), new_kept)
    assert np.array_equal(old_positions(edit, new_kept), old_kept)
