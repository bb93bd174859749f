"""span_counts: events in progress per lane and bin, each counted over its whole span."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.layout.overview_counts import span_counts
from desktop.model.columns import build_columns

DAY = 86400.0


def _cols(begin: list[float], finish: list[float], lane: list[int]):
    n = len(begin)
    b, f = np.array(begin, float), np.array(finish, float)
    return build_columns(b, f, np.array(lane), f - b > DAY, np.full(n, 3), np.zeros(n, bool), np.zeros(n, bool))


def _brute(cols, n_lanes: int, edges: np.ndarray, hidden=()) -> np.ndarray:
    out = np.zeros((n_lanes, len(edges) - 1), np.int64)
    for b, f, lane in zip(cols.begin, cols.finish, cols.lane, strict=True):
        if lane in hidden:
            continue
        if f > b:  # [b, f) overlaps [e0, e1)
            out[lane] += (edges[:-1] < f) & (edges[1:] > b)
        elif edges[0] <= b <= edges[-1]:  # an instant: the bin it lies in, the last one at the far edge
            out[lane, min(np.searchsorted(edges, b, side="right") - 1, len(edges) - 2)] += 1
    return out


def test_a_range_counts_in_every_bin_it_covers_a_point_in_its_own() -> None:
    edges = np.arange(11) * 10 * DAY  # ten bins of ten days
    cols = _cols([5 * DAY, 42 * DAY], [65 * DAY, 43 * DAY], [0, 1])
    counts = span_counts(cols, 2, edges)
    np.testing.assert_array_equal(counts[0], [1, 1, 1, 1, 1, 1, 1, 0, 0, 0])  # 5 → 65 days: bins 0–6
    np.testing.assert_array_equal(counts[1], [0, 0, 0, 0, 1, 0, 0, 0, 0, 0])  # one day, not the range's middle


def test_spans_ending_on_an_edge_do_not_reach_the_next_bin() -> None:
    edges = np.arange(4) * DAY
    cols = _cols([0.0, DAY], [DAY, 3 * DAY], [0, 0])  # [0, 1 day) and [1 day, 3 days)
    np.testing.assert_array_equal(span_counts(cols, 1, edges), [[1, 1, 1]])


def test_hidden_lanes_and_events_outside_count_nothing() -> None:
    edges = np.linspace(100 * DAY, 200 * DAY, 11)
    cols = _cols([0.0, 120 * DAY, 150 * DAY, 300 * DAY], [50 * DAY, 130 * DAY, 400 * DAY, 301 * DAY], [0, 1, 0, 0])
    counts = span_counts(cols, 2, edges, hidden={1})
    assert counts[1].sum() == 0
    np.testing.assert_array_equal(counts[0], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])  # only the range into view


def test_empty_inputs() -> None:
    cols = _cols([], [], [])
    assert span_counts(cols, 3, np.linspace(0, 1, 5)).shape == (3, 4)
    assert span_counts(_cols([0.0], [1.0], [0]), 1, np.array([0.0])).shape == (1, 0)


@settings(max_examples=150, deadline=None)
@given(
    spans=st.lists(st.tuples(st.floats(-50, 150), st.floats(0, 80), st.integers(0, 2)), max_size=40),
    bins=st.integers(1, 30),
    hidden=st.sets(st.integers(0, 2), max_size=2),
)
def test_agrees_with_counting_event_by_event(spans: list, bins: int, hidden: set[int]) -> None:
    begin = sorted(b * DAY for b, _, _ in spans)
    finish = [b + length * DAY for b, (_, length, _) in zip(begin, spans, strict=True)]
    cols = _cols(begin, finish, [lane for _, _, lane in spans])
    edges = np.linspace(0, 100 * DAY, bins + 1)
    np.testing.assert_array_equal(span_counts(cols, 3, edges, hidden), _brute(cols, 3, edges, hidden))


@settings(max_examples=200, deadline=None)
@given(bins=st.integers(1, 400), lo=st.floats(-1e10, 1e10), width=st.floats(1.0, 1e10),
       k=st.integers(0, 400), length=st.integers(1, 400))
def test_spans_on_bin_edges_count_exactly(bins: int, lo: float, width: float, k: int, length: int) -> None:
    edges = np.linspace(lo, lo + width, bins + 1)
    k = min(k, bins - 1)
    stop = min(k + length, bins)
    cols = _cols([float(edges[k])], [float(edges[stop])], [0])
    np.testing.assert_array_equal(span_counts(cols, 1, edges)[0], (np.arange(bins) >= k) & (np.arange(bins) < stop))
