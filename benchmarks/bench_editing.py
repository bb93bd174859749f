"""Issue 14's figures: an edit through the window's document until the timeline shows it, and the events table.

Both run on a window `bench.measure` has opened and shown; times are medians over a budget,
except what only has a first time (a sort key made, a scroll to rows never decoded).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from benchmarks.bench_timing import once, timed

EDIT_TARGET_S = 0.2
FILTER_WORD = "pyongyang"  # in about a fifth of the generated titles: the filter keeps many rows
SECOND_WORD = "hanoi"
PROFILE_TOP = 8  # desktop functions listed in the profile of one edit
ROOT = Path(__file__).resolve().parents[1]


def measure_editing(window: Any, app: Any, repeats: int, budget_s: float) -> dict[str, Any]:
    """Seconds from an edit through `window.documents.apply` (or an undo) until the timeline has painted it.

    Each figure times the edit (which shows the new timeline synchronously), a synchronous repaint
    of the timeline's viewport, and `processEvents()` until the window is idle again.
    """
    documents, view = window.documents, window.view
    documents.ask_unsaved = lambda doing: "discard"  # the seam tests use: closing must not wait for a person
    viewport = view.viewport()
    lane = window.timeline.lanes[0].id
    out: dict[str, Any] = {}

    def shown(change: Callable[[], object]) -> None:
        change()
        viewport.repaint()
        app.processEvents()

    added: list[str] = []

    def add(i: int) -> None:
        fields = {"title": f"Benchmark event {i}", "start": f"{2015 + i % 10}-03-{1 + i % 28:02d}", "lane": lane}
        shown(lambda: added.append(documents.apply(lambda d: d.add_event(fields)).event_id))

    out["edit_add"] = timed(add, repeats, budget_s / 4)
    target = _middle_event(window.timeline) or added[0]
    view.select_event(target)  # the event being edited is the one selected, as from the editor or the table
    app.processEvents()
    titles: list[str] = []

    def retitle(i: int) -> None:
        titles.append(f"Edited by the benchmark, take {i}")
        shown(lambda: documents.apply(lambda d: d.update_event(target, title=titles[-1])))

    out["edit_title"] = timed(retitle, repeats, budget_s / 4)
    timeline = window.timeline
    out["edit_ok"] = timeline.events[timeline.event_index[target]].title == titles[-1]

    def move(i: int) -> None:  # a year further each time: the event changes place in time and in its lane's rows
        shown(lambda: documents.apply(lambda d: d.update_event(target, start=f"{2014 + (i + 3) % 12}-07-15")))

    out["edit_date"] = timed(move, repeats, budget_s / 4)
    out["edit_profile"] = profile_edit(lambda: shown(lambda: documents.apply(
        lambda d: d.update_event(target, title="Profiled by the benchmark"))))
    undoable = documents.undo_stack.index()
    out["edit_undo"] = timed(lambda _: shown(documents.undo_stack.undo), min(repeats, undoable), budget_s / 4)
    return out


def _middle_event(timeline: Any) -> str | None:
    """An event without an end near the middle of the timeline (a new start can then never be after its end)."""
    events = timeline.events
    for i in range(len(events) // 2, len(events)):
        if events[i].end is None:
            return str(events[i].id)
    return None


def measure_table(window: Any, app: Any, repeats: int, budget_s: float) -> dict[str, Any]:
    """The events table dock shown: new timeline, scrolling, sorting by each column twice, search and filter."""
    import numpy as np
    from PySide6.QtCore import Qt

    from desktop.model.search import SearchIndex
    from desktop.ui.events_table import CITATIONS, DATE, LANE, TITLE

    window.table_dock.show()
    # Two fifths of the window's height: more rows on screen than the dock's first size, so more to decode.
    window.resizeDocks([window.table_dock], [window.height() * 2 // 5], Qt.Orientation.Vertical)
    app.processEvents()
    table = window.table_dock.widget()
    view, timeline = table.view, window.timeline
    viewport, bar = view.viewport(), view.verticalScrollBar()
    out: dict[str, Any] = {"table_rows_shown": 0}

    def painted(action: Callable[[], object]) -> None:
        action()
        viewport.repaint()

    out["table_set"] = timed(lambda _: painted(lambda: table.set_timeline(timeline)), min(repeats, 5), budget_s / 4)
    out["table_end"] = once(lambda: painted(view.scrollToBottom))  # rows never decoded: a first time only
    out["table_rows_shown"] = view.rowAt(viewport.height() - 1) - view.rowAt(0) + 1
    # Far apart, so each page decodes rows the model has not kept.
    pages = np.linspace(0, bar.maximum(), repeats + 2)[1:-1].astype(int).tolist()
    out["table_page"] = timed(lambda i: painted(lambda: bar.setValue(pages[i])), repeats, budget_s / 4)
    ascending, descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    stalls: list[float] = []

    # A header clicked twice: the first makes the column's sort key (date's came with the rows), the second reuses it.
    # A key made in slices from the event loop (a big title sort) counts until its sorted rows are painted; the
    # window's event loop runs meanwhile, and its longest pause is noted.
    def sort(column: int, order: Qt.SortOrder) -> None:
        painted(lambda: view.sortByColumn(column, order))
        if table.model.sort_pending():
            stalls.append(_wait_for_rows(table.model, app))
            viewport.repaint()

    for name, column in (("title", TITLE), ("lane", LANE), ("citations", CITATIONS), ("date", DATE)):
        out[f"sort_{name}"] = once(partial(sort, column, ascending))
        out[f"sort_{name}_2"] = once(partial(sort, column, descending))
    sort(DATE, ascending)  # as the edits after this expect: the table's default
    out["sort_stall"] = max(stalls, default=None)
    found: list[Any] = []

    def search() -> None:  # the search field's work: the first search folds every event's words
        index = SearchIndex(timeline)
        found.extend([index, index.match(FILTER_WORD)])

    out["search"] = once(search)
    out["search_2"] = once(lambda: found[0].match(SECOND_WORD))  # a later one only looks
    match = found[1]
    out["filter_rows"] = int(match.sum()) if match is not None else 0
    out["filter"] = timed(lambda _: painted(lambda: table.set_filter(match)), repeats, budget_s / 8,
                          lambda: table.set_filter(None))
    out["unfilter"] = timed(lambda _: painted(lambda: table.set_filter(None)), repeats, budget_s / 8,
                            lambda: table.set_filter(match))
    painted(lambda: table.set_filter(None))
    app.processEvents()
    return out


def profile_edit(action: Callable[[], object]) -> dict[str, Any]:
    """cProfile one edit: each desktop function's time with the library code it calls, and `_show_timeline`'s parts."""
    import cProfile  # here, not at the top: `bench cold-start` imports this module and counts its imports
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    action()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]  # (file, line, name) → (cc, nc, tt, ct, callers)
    shares: dict[tuple, dict[str, float]] = {}
    own: dict[str, float] = {}
    for key, (_, _, tt, _, _) in stats.items():
        for label, share in _shares(stats, key, shares, set()).items():
            own[label] = own.get(label, 0.0) + tt * share
    parts: dict[str, float] = {}
    for key, (*_, callers) in stats.items():
        for caller, (_, _, _, ct) in callers.items():
            if caller[2] == "_show_timeline" and _ours(caller):
                parts[_label(key)] = parts.get(_label(key), 0.0) + ct
    return {"total": sum(own.values()), "own": sorted(own.items(), key=lambda kv: -kv[1])[:PROFILE_TOP],
            "show_timeline": sorted(parts.items(), key=lambda kv: -kv[1])[:PROFILE_TOP]}


def _shares(stats: dict, key: tuple, memo: dict[tuple, dict[str, float]], seen: set[tuple]) -> dict[str, float]:
    """How `key`'s own time divides among the nearest of our functions up its callers, split as the calls were."""
    if _ours(key):
        return {_label(key): 1.0}
    if key in memo:
        return memo[key]
    callers = stats.get(key, (0, 0, 0, 0, {}))[4]
    weight = sum(ct for *_, ct in callers.values())
    if key in seen or not callers or weight <= 0:
        return {"(outside our code)": 1.0}  # a root or a cycle of library calls
    seen.add(key)
    result: dict[str, float] = {}
    for caller, (*_, ct) in callers.items():
        for label, share in _shares(stats, caller, memo, seen).items():
            result[label] = result.get(label, 0.0) + share * ct / weight
    seen.discard(key)
    memo[key] = result
    return result


def _ours(key: tuple) -> bool:
    """A function in desktop/ or benchmarks/ (whose repaint and processEvents stand for Qt's own painting)."""
    return str(key[0]).startswith((str(ROOT / "desktop"), str(ROOT / "benchmarks")))


def _label(key: tuple) -> str:
    """desktop/layout/rows.py:82 _lane_rows: our functions by path and line; the benchmark's as Qt's work."""
    path, line, name = key
    if str(path).startswith(str(ROOT / "benchmarks")):
        return "(Qt painting and event handling outside Python, asked for by the benchmark)"
    return f"{Path(path).relative_to(ROOT)}:{line} {name}" if _ours(key) else str(name)


def _wait_for_rows(model: Any, app: Any) -> float:
    """Run the event loop until the model's background sort key lands; the longest gap between 5 ms ticks (s)."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    loop, ticks = QEventLoop(), [time.perf_counter()]
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    def landed(pending: bool) -> None:
        if not pending:
            loop.quit()

    model.sortPending.connect(landed)
    timer.start()
    if model.sort_pending():
        loop.exec()
    timer.stop()
    model.sortPending.disconnect(landed)
    ticks.append(time.perf_counter())
    return max(b - a for a, b in pairwise(ticks))
