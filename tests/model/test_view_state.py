"""ViewState: one home for selection, hidden lanes, search and range, observable without Qt."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from desktop.model.view_state import Change, ViewSnapshot, ViewState


def _recorder(state: ViewState) -> list[Change]:
    heard: list[Change] = []
    state.subscribe(heard.append)
    return heard


def test_each_setter_reports_what_changed_and_only_on_a_change() -> None:
    state = ViewState()
    heard = _recorder(state)
    state.select("a", ["b"])
    state.select("a", ["b"])  # the same again: no news
    state.set_hidden_lanes({"press"})
    state.set_hidden_lanes(["press"])
    state.set_visible_range(1.0, 2.0)
    state.set_visible_range(1, 2)
    state.set_search("x", None)
    assert heard == ["selection", "hidden_lanes", "visible_range", "search"]
    assert state.selected == "a" and state.highlighted == {"b"}
    assert state.hidden_lanes == {"press"} and state.visible_range == (1.0, 2.0) and state.query == "x"


def test_a_new_search_result_is_always_news() -> None:
    state = ViewState()
    heard = _recorder(state)
    match = np.array([True, False])
    state.set_search("x", match)
    state.set_search("x", match)  # the very same array: nothing new
    state.set_search("x", match.copy())  # equal contents, but a new result
    state.set_search("x", None)
    assert heard == ["search", "search", "search"]


def test_subscribers_hear_in_order_and_can_leave() -> None:
    state = ViewState()
    order: list[str] = []
    leave = state.subscribe(lambda change: order.append("first"))
    state.subscribe(lambda change: order.append("second"))
    state.select("a")
    leave()
    leave()  # twice is harmless
    state.select("b")
    assert order == ["first", "second", "second"]


def test_a_snapshot_does_not_follow_later_changes() -> None:
    state = ViewState()
    state.set_search("  peace  ", np.array([True, True, False]))
    snapshot = state.snapshot()
    state.set_search("", None)
    assert snapshot.query == "  peace  " and snapshot.match is not None
    assert snapshot.match_note() == "2 match “peace”"
    assert state.snapshot().match_note() == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.query = "war"  # type: ignore[misc]  # the point: it cannot be changed


def test_a_state_can_start_from_a_snapshot() -> None:
    state = ViewState(ViewSnapshot(hidden_lanes=frozenset({"a"}), visible_range=(0.0, 5.0)))
    assert state.hidden_lanes == {"a"} and state.visible_range == (0.0, 5.0) and state.selected is None
