"""The file's optional `timezone` key: both readers take it alike, report a bad one in place; the writer keeps it."""

from __future__ import annotations

import json

import pytest

from desktop.io.fast.load import fast_timeline
from desktop.io.jsonfile import decode_text, parse_json
from desktop.io.loader import timeline_from_json
from desktop.io.writers import events_json
from desktop.model.timeline import Timeline


def _bytes(**top: object) -> bytes:
    doc = {"version": 1, "title": "Z", **top, "events": [
        {"id": "a", "title": "A", "start": "2019-02-28T14:00+07:00"}, {"id": "b", "title": "B", "start": "2019-02-28"}]}
    return json.dumps(doc, indent=2).encode()


def _both(data: bytes) -> tuple[Timeline, Timeline]:
    text = decode_text(data, "z.json")
    return fast_timeline(data, "z.json"), timeline_from_json(parse_json(text, "z.json"), "z.json", text)


def test_a_zone_name_is_kept_by_both_readers_and_the_writer() -> None:
    fast, careful = _both(_bytes(timezone="Asia/Ho_Chi_Minh"))
    assert fast.timezone == careful.timezone == "Asia/Ho_Chi_Minh"
    assert fast.problems == careful.problems == ()
    written = json.loads(events_json.dumps(careful))
    assert list(written)[:4] == ["version", "title", "timezone", "events"] and written["timezone"] == "Asia/Ho_Chi_Minh"
    assert "timezone" not in json.loads(events_json.dumps(_both(_bytes())[1]))


@pytest.mark.parametrize(("value", "message"), [("Mars/Olympus", "is not a time zone"), (7, "expected a string")])
def test_a_bad_zone_is_a_problem_in_its_place_and_the_file_opens(value: object, message: str) -> None:
    fast, careful = _both(_bytes(timezone=value))
    assert fast.timezone is careful.timezone is None
    assert fast.problems == careful.problems
    (problem,) = careful.problems
    assert problem.path == "timezone" and message in problem.message and problem.line == 4
    assert len(careful.events) == 2
