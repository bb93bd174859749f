"""Pure layout: sub-rows, what is drawn at a zoom, labels that never overlap, gap groups. No Qt."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.frame import (
    CLUSTER_PX,
    LABEL_GAP_PX,
    MARKER_PX,
    MIN_LABEL_PX,
    STACK_ROW_PX,
    Frame,
    Rows,
    View,
    cluster_radius,
)
from desktop.layout.rows import MAX_LANE_SETS, MAX_SUBROWS, compute_frame, gap_clusters, stack_rows, visible_indices
from desktop.model.columns import Columns, build_columns
from desktop.model.dates import Precision

DAY = 86400.0
T0 = 1_550_000_000.0  # February 2019
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def columns(begin, finish, lane, is_range=None) -> Columns:
    """Columns for events given by begin/finish/lane, sorted by begin as the loader leaves them."""
    begin, finish = np.asarray(begin, float), np.asarray(finish, float)
    lane = np.asarray(lane, np.int32)
    is_range = np.asarray(is_range if is_range is not None else finish - begin > DAY, bool)
    order = np.lexsort((finish, begin))
    begin, finish, lane, is_range = begin[order], finish[order], lane[order], is_range[order]
    n = len(begin)
    return build_columns(begin, finish, lane, is_range, np.full(n, int(Precision.DAY)), np.zeros(n, bool),
                         np.ones(n, bool))


def titles_measure(titles: list[str]):
    """The fake text measure: 7 px a character."""
    lengths = np.array([len(t) for t in titles], float)
    return lambda idx: 7.0 * lengths[idx]


# --- stack_rows ---------------------------------------------------------------------


def test_overlapping_events_in_a_lane_get_different_rows() -> None:
    cols = columns([0, 10, 20, 100], [50, 60, 30, 110], [0, 0, 0, 0], is_range=[True] * 4)
    rows = stack_rows(cols, 1)
    # 0–50, 10–60 and 20–30 overlap each other; 100–110 reuses a freed row.
    assert len({rows.row[0], rows.row[1], rows.row[2]}) == 3
    assert rows.row[3] in set(rows.row[:3].tolist())
    assert rows.total == 3 and rows.lane_rows.tolist() == [3]


def test_events_that_only_touch_share_a_row() -> None:
    cols = columns([0, 10], [10, 20], [0, 0], is_range=[True, True])
    rows = stack_rows(cols, 1)
    assert rows.row[0] == rows.row[1] and rows.total == 1


def test_lanes_follow_each_other_and_empty_lanes_keep_a_row() -> None:
    cols = columns([0, 5, 0], [10, 15, 10], [0, 0, 2], is_range=[True] * 3)
    rows = stack_rows(cols, 3)
    assert rows.lane_rows.tolist() == [2, 1, 1]
    assert rows.lane_top.tolist() == [0, 2, 3]
    assert rows.lane_of_row.tolist() == [0, 0, 1, 2]
    assert rows.row[cols.lane == 2].tolist() == [3]


def test_hidden_lanes_take_no_rows_and_their_events_row_minus_one() -> None:
    cols = columns([0, 5, 0, 3], [10, 15, 10, 4], [0, 0, 1, 2], is_range=[True] * 4)
    rows = stack_rows(cols, 3, frozenset({0}))
    assert (rows.row[cols.lane == 0] == -1).all()
    assert rows.lane_top[0] == -1 and rows.lane_rows[0] == 0
    assert rows.total == 2
    assert rows.lane_top.tolist() == [-1, 0, 1]
    assert 0 not in rows.lane_of_row.tolist()
    everything = stack_rows(cols, 3, frozenset({0, 1, 2}))
    assert everything.total == 0 and (everything.row == -1).all()


def test_a_crowded_lane_stops_at_max_subrows() -> None:
    n = 50
    cols = columns(np.arange(n), np.full(n, 1000.0), np.zeros(n), is_range=np.ones(n, bool))
    rows = stack_rows(cols, 1)
    assert rows.total == MAX_SUBROWS
    assert rows.row.max() == MAX_SUBROWS - 1


def test_rows_are_kept_with_their_columns_per_lane_set() -> None:
    """Asked again, the same rows; other columns, even equal ones, never get another's rows."""
    cols = columns([0, 5, 0, 3], [10, 15, 10, 4], [0, 0, 1, 2], is_range=[True] * 4)
    rows = stack_rows(cols, 3)
    assert stack_rows(cols, 3) is rows and stack_rows(cols, 3, frozenset({1})) is not rows
    other = columns([0, 1], [10, 11], [0, 0], is_range=[True] * 2)
    assert stack_rows(other, 3).lane_rows.tolist() == [2, 1, 1]
    assert stack_rows(cols, 3) is rows and rows.lane_rows.tolist() == [2, 1, 1]
    # Many lane sets in turn: each is still right, and only a few are kept.
    hidden_sets = [frozenset(s) for k in range(4) for s in itertools.combinations(range(3), k)]
    for hidden in hidden_sets * 2:
        fresh = stack_rows(columns([0, 5, 0, 3], [10, 15, 10, 4], [0, 0, 1, 2], is_range=[True] * 4), 3, hidden)
        assert np.array_equal(stack_rows(cols, 3, hidden).row, fresh.row)
    kept = [v for v in cols.memo.values() if isinstance(v, dict)]
    assert kept and all(len(by_hidden) <= MAX_LANE_SETS for by_hidden in kept)


def test_visible_indices_of_two_timelines_in_turn() -> None:
    """The running maximum behind the search is kept per columns: alternating timelines stay right."""
    long_first = columns([0, 10, 20], [1000, 11, 21], [0, 0, 0])
    short = columns([0, 10, 20], [1, 11, 21], [0, 0, 0])
    for _ in range(2):
        assert visible_indices(long_first, stack_rows(long_first, 1), 500, 600).tolist() == [0]
        assert visible_indices(short, stack_rows(short, 1), 500, 600).tolist() == []


def test_a_window_holds_its_start_but_not_its_end() -> None:
    """[start, end): an event that begins where the window ends is the next window's, as the export counts it."""
    cols = columns([0, 100, 200], [100, 200, 300], [0, 0, 0], is_range=[True] * 3)
    rows = stack_rows(cols, 1)
    assert visible_indices(cols, rows, 100, 200).tolist() == [1]
    assert visible_indices(cols, rows, 99, 201).tolist() == [0, 1, 2]


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60), st.integers(0, 2)), max_size=40))
@SETTINGS
def test_no_two_events_of_a_row_overlap_while_there_is_room(items) -> None:
    begin = [b for b, _, _ in items]
    cols = columns(begin, [b + d for b, d, _ in items], [lane for _, _, lane in items], is_range=[True] * len(items))
    rows = stack_rows(cols, 3)
    assert rows.total == rows.lane_rows.sum() == len(rows.lane_of_row)
    for r in range(rows.total):
        members = np.flatnonzero(rows.row == r)
        assert (cols.lane[members] == rows.lane_of_row[r]).all()
        if rows.lane_rows[rows.lane_of_row[r]] < MAX_SUBROWS:
            spans = sorted(zip(cols.begin[members], cols.finish[members], strict=True))
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


# --- compute_frame ------------------------------------------------------------------

@st.composite
def scenes(draw) -> tuple[Columns, Rows, list[str], View]:
    """Random events packed into a random stretch, and a view around (part of) it."""
    span = draw(st.floats(3600, 30 * DAY))
    n = draw(st.integers(1, 80))
    events = draw(st.lists(
        st.tuples(
            st.floats(0, 1),  # begin, as a fraction of the span
            st.one_of(st.just(0.0), st.floats(0.001, 0.5)),  # length: a point, or a range of up to half the span
            st.integers(0, 3),  # lane
            st.integers(1, 40),  # title length
        ),
        min_size=n, max_size=n,
    ))
    events.sort()
    begin = [T0 + b * span for b, _, _, _ in events]
    finish = [T0 + (b + d) * span + 60 for b, d, _, _ in events]
    cols = columns(begin, finish, [lane for _, _, lane, _ in events], is_range=[d > 0 for _, d, _, _ in events])
    titles = ["x" * length for _, _, _, length in events]
    lo = draw(st.floats(-0.2, 0.9))
    hi = draw(st.floats(lo + 0.02, 1.3))
    view = View(T0 + lo * span, T0 + hi * span, draw(st.floats(200, 1600)), draw(st.floats(16, 60)))
    return cols, stack_rows(cols, 4), titles, view


def _intervals(frame: Frame, cols: Columns, rows: Rows, view: View):
    """Pixel x-intervals per sub-row (keyed by its centre y): labels (with event), glyphs (markers, clusters), bars."""
    px = lambda t: (t - view.start) * view.scale  # noqa: E731
    y = lambda idx: frame.event_y(rows, idx)[0].tolist()  # noqa: E731
    labels = [(r, px(cols.anchor[i]) + dx, px(cols.anchor[i]) + dx + w, int(i))
              for i, dx, w, r in zip(frame.label_idx, frame.label_dx, frame.label_width, y(frame.label_idx),
                                     strict=True)]
    glyphs = [(r, px(cols.anchor[i]) - MARKER_PX / 2, px(cols.anchor[i]) + MARKER_PX / 2, int(i))
              for i, r in zip(frame.mark_idx, y(frame.mark_idx), strict=True)]
    for x, r, c in zip(frame.cluster_x, frame.clusters_y().tolist(), frame.cluster_count, strict=True):
        rad = float(cluster_radius(c))
        glyphs.append((r, px(x) - rad, px(x) + rad, -1))
    bars = [(r, px(cols.begin[i]), px(cols.finish[i]), int(i)) for i, r in zip(frame.bar_idx, y(frame.bar_idx),
                                                                              strict=True)]
    return labels, glyphs, bars


def _overlap(a, b) -> bool:
    """Same row and more than a rounding error of shared pixels."""
    return a[0] == b[0] and min(a[2], b[2]) - max(a[1], b[1]) > 1e-6


@given(scenes())
@SETTINGS
def test_labels_overlap_no_label_glyph_or_other_bar(scene) -> None:
    cols, rows, titles, view = scene
    frame = compute_frame(cols, rows, view, titles_measure(titles))
    labels, glyphs, bars = _intervals(frame, cols, rows, view)
    for k, a in enumerate(labels):
        assert a[1] >= -1e-6 and a[2] <= view.width_px + 1e-6, "label leaves the view"
        # Whole, or shortened (elided when drawn) to no less than MIN_LABEL_PX.
        full = 7.0 * len(titles[a[3]])
        assert min(full, MIN_LABEL_PX) - 1e-6 <= a[2] - a[1] <= full + 1e-6
        for b in labels[k + 1:]:
            assert not _overlap(a, b), f"labels of {a[3]} and {b[3]} overlap"
        for g in glyphs:
            assert not _overlap(a, g), f"label of {a[3]} covers glyph of {g[3]}"
        for b in bars:
            if b[3] != a[3]:
                assert not _overlap(a, b), f"label of {a[3]} covers the bar of {b[3]}"


@given(scenes())
@SETTINGS
def test_every_visible_event_is_drawn_exactly_once(scene) -> None:
    cols, rows, titles, view = scene
    frame = compute_frame(cols, rows, view, titles_measure(titles))
    visible = np.flatnonzero((cols.finish > view.start) & (cols.begin < view.end))  # [start, end)
    drawn = np.concatenate([frame.bar_idx, frame.mark_idx])
    assert len(set(drawn.tolist())) == len(drawn)
    assert frame.visible_count == len(visible)
    assert len(drawn) + int(frame.cluster_count.sum()) == len(visible)
    assert set(drawn.tolist()) <= set(visible.tolist())
    assert set(frame.label_idx.tolist()) <= set(drawn.tolist())
    assert (frame.cluster_count >= 2).all()


@given(scenes(), st.data())
@SETTINGS
def test_the_selected_event_is_always_drawn_on_its_own(scene, data) -> None:
    cols, rows, titles, view = scene
    visible = np.flatnonzero((cols.finish > view.start) & (cols.begin < view.end))  # [start, end)
    if len(visible) == 0:
        return
    selected = int(data.draw(st.sampled_from(visible.tolist())))
    frame = compute_frame(cols, rows, view, titles_measure(titles), selected=selected)
    assert selected in set(frame.mark_idx.tolist()) | set(frame.bar_idx.tolist())
    assert len(frame.mark_idx) + len(frame.bar_idx) + int(frame.cluster_count.sum()) == len(visible)


def test_selected_event_in_a_crowd_stays_single() -> None:
    n = 200
    begin = T0 + np.arange(n) * 60.0
    cols = columns(begin, begin + 60, np.zeros(n), is_range=np.zeros(n, bool))
    rows = stack_rows(cols, 1)
    view = View(T0 - DAY, T0 + DAY, 800, 30)
    crowd = compute_frame(cols, rows, view)
    assert len(crowd.mark_idx) == 0 and crowd.cluster_count.sum() == n
    frame = compute_frame(cols, rows, view, selected=77)
    assert frame.mark_idx.tolist() == [77]
    assert frame.cluster_count.sum() == n - 1


def test_labels_wait_for_rows_tall_enough() -> None:
    cols = columns([T0], [T0 + 60], [0], is_range=[False])
    rows = stack_rows(cols, 1)
    measure = titles_measure(["A title"])
    assert len(compute_frame(cols, rows, View(T0 - DAY, T0 + DAY, 800, 30), measure).label_idx) == 1
    assert len(compute_frame(cols, rows, View(T0 - DAY, T0 + DAY, 800, 8), measure).label_idx) == 0


def test_a_label_goes_right_of_its_marker_then_left() -> None:
    cols = columns([T0], [T0 + 60], [0], is_range=[False])
    rows = stack_rows(cols, 1)
    measure = titles_measure(["A title"])  # 49 px
    frame = compute_frame(cols, rows, View(T0 - DAY, T0 + DAY, 800, 30), measure)
    assert frame.label_dx[0] == pytest.approx(MARKER_PX / 2 + LABEL_GAP_PX)
    # Near the right edge there is no room on the right.
    frame = compute_frame(cols, rows, View(T0 - 2 * DAY, T0 + 60 * 20, 800, 30), measure)
    assert frame.label_dx[0] == pytest.approx(-MARKER_PX / 2 - LABEL_GAP_PX - 49)


def test_bars_of_a_shared_row_never_pile_up() -> None:
    # 40 long ranges all overlapping in one lane: past MAX_SUBROWS the rows are shared.
    n = 40
    begin = T0 + np.arange(n) * 3600.0
    cols = columns(begin, begin + 20 * DAY, np.zeros(n), is_range=np.ones(n, bool))
    rows = stack_rows(cols, 1)
    view = View(T0 - DAY, T0 + 25 * DAY, 900, 30)
    frame = compute_frame(cols, rows, view, lambda idx: np.full(len(idx), 60.0))
    labels, glyphs, bars = _intervals(frame, cols, rows, view)
    for k, a in enumerate(bars):
        assert not any(_overlap(a, b) for b in bars[k + 1:]), f"bar {a[3]} overlaps another in row {a[0]}"
    # The lane is 12 rows of 30 px: collision stacking makes 20-px sub-rows, one bar each.
    assert len(frame.bar_idx) == int(MAX_SUBROWS * view.row_px // STACK_ROW_PX)
    # Rows with no room to spare keep one bar per row.
    tight = compute_frame(cols, rows, View(view.start, view.end, 900, STACK_ROW_PX),
                          lambda idx: np.full(len(idx), 60.0))
    assert len(tight.bar_idx) == MAX_SUBROWS
    assert len(frame.bar_idx) + len(frame.mark_idx) + int(frame.cluster_count.sum()) == n
    for a in labels:
        assert not any(_overlap(a, b) for b in bars if b[3] != a[3])
        assert not any(_overlap(a, g) for g in glyphs)


@pytest.mark.parametrize("kind", ["points", "ranges", "mixed"])
def test_primitives_stay_bounded_as_events_grow(kind: str) -> None:
    rng = np.random.default_rng(7)
    width_px, lanes = 1000.0, 4
    counts = []
    for n in (10, 100, 1000, 10_000, 100_000):
        begin = T0 + rng.uniform(0, 365 * DAY, n)
        if kind == "points":
            length = np.full(n, 60.0)
        elif kind == "ranges":
            length = rng.uniform(5 * DAY, 60 * DAY, n)
        else:
            length = np.where(rng.random(n) < 0.5, 60.0, rng.uniform(5 * DAY, 60 * DAY, n))
        cols = columns(begin, begin + length, rng.integers(0, lanes, n), is_range=length > 60)
        rows = stack_rows(cols, lanes)
        view = View(T0 - 10 * DAY, T0 + 400 * DAY, width_px, 20)
        frame = compute_frame(cols, rows, view, lambda idx: np.full(len(idx), 80.0), selected=n // 2)
        drawn = len(frame.bar_idx) + len(frame.mark_idx) + len(frame.cluster_x)
        bound = rows.total * (width_px / 10 + 6) + 1
        assert drawn <= bound, f"{n} {kind}: {drawn} primitives for {rows.total} rows"
        assert len(frame.bar_idx) + len(frame.mark_idx) + int(frame.cluster_count.sum()) == n
        counts.append(drawn)
    assert counts[-1] <= bound


def test_a_cluster_spans_its_members() -> None:
    begin = T0 + np.array([0, 3600, 7200, 30 * DAY])
    cols = columns(begin, begin + 60, [0, 0, 0, 0], is_range=[False] * 4)
    # One row that holds a single sub-row: stack_rows would give these titles rows of their own.
    rows = Rows(row=np.zeros(4, np.int32), lane_top=np.zeros(1, np.int32), lane_rows=np.ones(1, np.int32),
                lane_of_row=np.zeros(1, np.int32), total=1)
    frame = compute_frame(cols, rows, View(T0 - DAY, T0 + 31 * DAY, 800, STACK_ROW_PX))
    assert frame.cluster_count.tolist() == [3]
    assert frame.cluster_begin[0] == T0 and frame.cluster_finish[0] == T0 + 7200 + 60
    assert frame.mark_idx.tolist() == [3]
    # Zoomed to the cluster's span, its events come apart.
    apart = compute_frame(cols, rows, View(T0 - 600, T0 + 7800, 800, STACK_ROW_PX))
    assert len(apart.cluster_x) == 0 and sorted(apart.mark_idx.tolist()) == [0, 1, 2]
    assert CLUSTER_PX <= 3600 * 800 / 8400


# --- gap_clusters -------------------------------------------------------------------


def test_gap_groups_of_the_dataset() -> None:
    timeline = open_timeline(default_events_path())
    groups = gap_clusters(timeline.columns)
    assert [count for _, _, count in groups] == [1, 4, 15]
    as_dates = [(np.datetime64(int(b), "s"), np.datetime64(int(e), "s")) for b, e, _ in groups]
    assert as_dates[0] == (np.datetime64("2016-01-01T00:00:00"), np.datetime64("2018-01-01T00:00:00"))
    # The June 2018 group ends with the month, not with the ranges that run on to 2019.
    assert as_dates[1] == (np.datetime64("2018-06-01T00:00:00"), np.datetime64("2018-07-01T00:00:00"))
    assert as_dates[2][0] == np.datetime64("2019-02-27T00:00:00")
    assert as_dates[2][1] == np.datetime64("2019-03-02T00:00:00")


def test_gap_groups_of_nothing_and_of_one_event() -> None:
    assert gap_clusters(columns([], [], [])) == []
    assert gap_clusters(columns([T0], [T0 + 60], [0])) == [(T0, T0 + 60, 1)]


def test_events_close_together_form_one_group() -> None:
    begin = T0 + np.arange(10) * DAY
    assert len(gap_clusters(columns(begin, begin + 60, np.zeros(10)))) == 1
