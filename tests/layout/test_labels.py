"""Whole, unambiguous labels, collision stacking and precision drawn over its period. Pure layout, no Qt."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from label_boxes import assert_unambiguous
from test_layout import DAY, SETTINGS, T0, columns, scenes, titles_measure

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.frame import LABEL_GAP_PX, MARKER_PX, MIN_LABEL_PX, NEAR_PX, STACK_ROW_PX, Rows, View
from desktop.layout.rows import TITLE_SHARE, compute_frame, stack_rows
from desktop.model.columns import build_columns
from desktop.model.dates import Precision


@given(scenes())
@SETTINGS
def test_no_label_sits_closer_to_another_events_glyph(scene) -> None:
    cols, rows, titles, view = scene
    assert_unambiguous(compute_frame(cols, rows, view, titles_measure(titles)), cols, rows, view)


def _points(xs_px: list[float], width: float = 800.0, row_px: float = 30.0, lane_rows: int = 1):
    """Point events (a minute each) at pixel x `xs_px` of a view `width` wide, all in one lane of `lane_rows` rows."""
    view = View(T0, T0 + width * 60.0, width, row_px)
    begin = T0 + np.asarray(xs_px, float) * 60.0 - 30.0
    cols = columns(begin, begin + 60.0, np.zeros(len(xs_px)), is_range=[False] * len(xs_px))
    n = len(xs_px)
    rows = Rows(row=np.zeros(n, np.int32), lane_top=np.zeros(1, np.int32), lane_rows=np.full(1, lane_rows, np.int32),
                lane_of_row=np.zeros(lane_rows, np.int32), total=lane_rows)
    return cols, rows, view


def test_a_long_title_is_drawn_whole_when_there_is_room() -> None:
    cols, rows, view = _points([100.0], width=1600)
    frame = compute_frame(cols, rows, view, lambda idx: np.full(len(idx), 700.0))
    assert frame.label_width.tolist() == [700.0]  # no fixed cap: the free room beside the mark


def test_a_label_never_starts_just_after_another_events_mark() -> None:
    """'Second summit in Hanoi' went left of its mark and began 4 px after the June dot."""
    # Event 1 sits near the right edge: its title has no room on the right, and its left side
    # runs into event 0's mark 200 px away.
    cols, rows, view = _points([500.0, 700.0])
    widths = np.array([60.0, 195.0])
    frame = compute_frame(cols, rows, view, lambda idx: widths[idx])
    assert_unambiguous(frame, cols, rows, view)
    labels = {i: (dx, w) for i, dx, w in zip(frame.label_idx.tolist(), frame.label_dx.tolist(),
                                              frame.label_width.tolist(), strict=True)}
    dx, w = labels[1]
    assert dx < 0, "no room on the right: the label goes left"
    assert 700 + dx >= 500 + MARKER_PX / 2 + NEAR_PX, "it keeps its distance from event 0's mark"
    assert w < 195 and w >= MIN_LABEL_PX  # shortened (elided when drawn), as there is truly no room


def test_a_label_goes_inside_its_bar_when_it_fits_and_may_run_on_past_its_end() -> None:
    view = View(T0, T0 + 800 * 60.0, 800, 30)
    begin = T0 + np.array([100.0, 700.0]) * 60.0
    finish = T0 + np.array([400.0, 760.0]) * 60.0
    cols = columns(begin, finish, [0, 0], is_range=[True, True])
    rows = stack_rows(cols, 1)
    frame = compute_frame(cols, rows, view, lambda idx: np.full(len(idx), 120.0))
    labels = dict(zip(frame.label_idx.tolist(), frame.label_dx.tolist(), strict=True))
    assert set(labels) == {0, 1} and frame.label_width.tolist() == [120.0, 120.0]
    # Inside the first bar, from its left end.
    assert 250 + labels[0] == 100 + LABEL_GAP_PX
    # The second bar (60 px) holds no 120-px title and its right side is 35 px from the edge:
    # the title goes left, or starts inside the bar and runs on; either way whole.
    assert_unambiguous(frame, cols, rows, view)


def test_colliding_marks_and_titles_stack_into_more_sub_rows_when_the_lane_is_tall() -> None:
    xs = [100.0, 140.0, 180.0, 220.0, 260.0, 300.0]  # 40 px apart: each 100-px title hits the next mark
    measure = lambda idx: np.full(len(idx), 100.0)  # noqa: E731
    cols, rows, view = _points(xs, row_px=STACK_ROW_PX)
    flat = compute_frame(cols, rows, view, measure)
    assert len(flat.label_idx) < len(xs)
    cols, rows, view = _points(xs, row_px=6 * STACK_ROW_PX)  # the same lane, six sub-rows tall
    tall = compute_frame(cols, rows, view, measure)
    assert len(tall.cluster_x) == 0 and sorted(tall.mark_idx.tolist()) == list(range(len(xs)))
    assert sorted(tall.label_idx.tolist()) == list(range(len(xs)))
    assert (tall.label_width == 100.0).all()
    y, h = tall.event_y(rows, tall.mark_idx)
    assert len(set(y.tolist())) > 1 and (h * view.row_px >= STACK_ROW_PX - 1e-9).all()
    assert ((y - h / 2 >= -1e-9) & (y + h / 2 <= rows.total + 1e-9)).all(), "sub-rows stay inside the lane"
    assert_unambiguous(tall, cols, rows, view)


def test_crowded_lanes_get_sub_rows_for_their_titles() -> None:
    # Five points a day apart in a 100-day timeline: their titles (TITLE_SHARE of it) would collide.
    begin = T0 + np.r_[np.arange(5) * DAY, 100 * DAY]
    cols = columns(begin, begin + 60, np.zeros(6), is_range=[False] * 6)
    rows = stack_rows(cols, 1)
    assert TITLE_SHARE * 100 > 4
    assert len(set(rows.row[:5].tolist())) == 5
    assert rows.row[5] in set(rows.row[:5].tolist())  # far enough on: a row is free again


def test_a_day_event_at_deep_zoom_is_drawn_over_its_day() -> None:
    day = 1_551_312_000.0  # 28 February 2019, 00:00 UTC
    begin, finish = np.array([day]), np.array([day + DAY])
    cols = build_columns(begin, finish, np.zeros(1), np.zeros(1, bool), np.full(1, int(Precision.DAY)),
                         np.zeros(1, bool), np.ones(1, bool))
    rows = stack_rows(cols, 1)
    view = View(day - DAY, day + 2 * DAY, 1600, 30)  # 27 February – 1 March: 533 px a day
    frame = compute_frame(cols, rows, view, lambda idx: np.full(len(idx), 80.0))
    assert frame.bar_idx.tolist() == [0] and len(frame.mark_idx) == 0
    assert abs(view.px(cols.begin[0]) - 1600 / 3) <= 1 and abs(view.px(cols.finish[0]) - 3200 / 3) <= 1
    # Zoomed out, the day is a few pixels: a marker centred in it.
    wide = View(day - 100 * DAY, day + 100 * DAY, 1600, 30)
    frame = compute_frame(cols, rows, wide, lambda idx: np.full(len(idx), 80.0))
    assert frame.mark_idx.tolist() == [0] and cols.anchor[0] == day + DAY / 2


def test_the_default_dataset_keeps_every_title_whole_with_room() -> None:
    """With 9 px a character (wider than the real font), at 1600 px all twenty titles fit whole."""
    timeline = open_timeline(default_events_path())
    cols = timeline.columns
    rows = stack_rows(cols, len(timeline.lanes))
    lengths = np.array([len(t) for t in timeline.titles], float)
    start, end = cols.begin.min(), cols.finish.max()
    pad = (end - start) * 0.04
    view = View(start - pad, end + pad, 1600, 40)
    frame = compute_frame(cols, rows, view, lambda idx: 9.0 * lengths[idx])
    assert sorted(frame.label_idx.tolist()) == list(range(len(timeline.events)))
    assert np.allclose(frame.label_width, 9.0 * lengths[frame.label_idx])
    assert_unambiguous(frame, cols, rows, view)
