"""vis-timeline: `{items, groups}` objects, a groups file beside the items, background items, ends, `--to vis`."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from desktop.io.conventions import instant_of_end
from desktop.io.importers.detect import VIS, detect_format, open_text
from desktop.io.importers.vis import groups_file_beside, timeline_from_vis_files
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers import vis
from desktop.io.writers.losses import Losses
from desktop.model.dates import parse_date
from desktop.model.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"
BASIC = ROOT.parent / "shared" / "peers" / "vis-timeline" / "basic.json"
needs_peers = pytest.mark.skipif(not BASIC.is_file(), reason="peer files not present (../shared/peers)")

GROUPS: list[dict[str, Any]] = [
    {"id": 2, "content": "<b>Lee</b> &amp; co"}, {"id": "a", "content": "Alston"}, {"id": 7},
]
ITEMS = [
    {"id": 1, "content": "one", "start": "2014-04-20", "group": 2},
    {"id": 2, "content": "two", "start": "2014-04-14", "end": "2014-04-19", "group": "a"},
    {"id": 3, "content": "three", "start": "2014-04-18", "group": 7},
]


def _open(doc: Any, name: str = "t.json") -> Timeline:
    return open_text(json.dumps(doc), name)


def _titles(timeline: Timeline) -> dict[str, str]:
    """Each event's lane title, by event id."""
    lanes = {lane.id: lane.title for lane in timeline.lanes}
    return {e.id: lanes[e.lane] for e in timeline.events}


def test_items_and_groups_open_with_lane_titles_from_content() -> None:
    text = json.dumps({"items": ITEMS, "groups": GROUPS})
    assert detect_format(text) == VIS
    timeline = open_text(text, "t.json")
    assert timeline.problems == ()
    assert [(lane.id, lane.title) for lane in timeline.lanes] == [("2", "Lee & co"), ("a", "Alston"), ("7", "7")]
    assert _titles(timeline) == {"1": "Lee & co", "2": "Alston", "3": "7"}


def test_groups_are_ordered_by_their_order_numbers() -> None:
    groups = [{**g, "order": n} for g, n in zip(GROUPS, (3, 1, 2), strict=True)]
    timeline = _open({"items": ITEMS, "groups": groups})
    assert [lane.id for lane in timeline.lanes] == ["a", "7", "2"]


def test_an_item_of_a_missing_group_is_kept_and_listed() -> None:
    items = [*ITEMS, {"id": 4, "content": "four", "start": "2014-04-21", "group": "gone"}]
    timeline = _open({"items": items, "groups": GROUPS})
    assert _titles(timeline)["4"] == "gone"
    (problem,) = timeline.problems
    assert problem.path == "items[3].group" and "not among the groups" in problem.message
    assert problem.line is not None


@needs_peers
def test_a_groups_file_beside_the_peer_items(tmp_path: Path) -> None:
    items_path = tmp_path / "basic.json"
    shutil.copy(BASIC, items_path)
    items = json.loads(items_path.read_text(encoding="utf-8"))
    for n, item in enumerate(items):
        item["group"] = "even" if n % 2 == 0 else "odd"
    items_path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    assert groups_file_beside(items_path) is None
    groups_path = tmp_path / "basic.groups.json"
    groups_path.write_text(json.dumps([{"id": "odd", "content": "Odd <i>ones</i>"},
                                       {"id": "even", "content": "Even"}]), encoding="utf-8")
    assert groups_file_beside(items_path) == groups_path
    timeline = timeline_from_vis_files(items_path, groups_path)
    assert timeline.problems == ()
    assert [lane.title for lane in timeline.lanes] == ["Odd ones", "Even"]
    assert Counter(_titles(timeline).values()) == {"Even": 3, "Odd ones": 3}
    # Without the groups file, the group values name the lanes, as before.
    assert {lane.title for lane in timeline_from_vis_files(items_path).lanes} == {"odd", "even"}


@needs_peers
def test_the_peer_range_is_as_long_as_vis_draws_it(tmp_path: Path) -> None:
    path = tmp_path / "basic.json"
    shutil.copy(BASIC, path)
    timeline = open_timeline(path)
    item = next(i for i in json.loads(path.read_text(encoding="utf-8")) if "end" in i)
    event = timeline.events[timeline.event_index[str(item["id"])]]
    assert event.end is not None and event.end.text == "2014-04-18"  # the bar stops as 19 April begins
    assert instant_of_end(event.end) == parse_date(item["end"]).begin


def test_abutting_ranges_stay_abutting() -> None:
    items = [{"id": "a", "content": "A", "start": "0600", "end": "0650"},
             {"id": "b", "content": "B", "start": "0650", "end": "0700"}]
    a, b = _open(items).events
    assert (a.end.text if a.end else None, b.end.text if b.end else None) == ("0649", "0699")
    assert a.finish == b.begin


def test_a_groups_file_wins_over_groups_in_the_items(tmp_path: Path) -> None:
    items_path, groups_path = tmp_path / "i.json", tmp_path / "g.json"
    items_path.write_text(json.dumps({"items": ITEMS, "groups": [{"id": 2, "content": "inline"}]}), encoding="utf-8")
    groups_path.write_text(json.dumps({"groups": [{"id": 2, "content": "from the file"}, {"id": 2}]}),
                           encoding="utf-8")
    timeline = timeline_from_vis_files(items_path, groups_path)
    assert _titles(timeline)["1"] == "from the file"
    messages = {(Path(p.file).name, p.path): p.message for p in timeline.problems}
    assert "those are used" in messages[("i.json", "groups")]
    assert messages[("g.json", "groups[1].id")] == "duplicate group id '2' (first used by groups[0]); left out"


def test_background_items_become_ranges_in_a_background_lane() -> None:
    items = [
        {"id": "A", "content": "Period A", "start": "2014-01-16", "end": "2014-01-22", "type": "background"},
        {"id": "B", "content": "Period B", "start": "2014-01-23", "end": "2014-01-26", "type": "background",
         "group": 1},
        {"id": 1, "content": "item 1<br>start", "start": "2014-01-30", "group": 1},
        {"id": 5, "content": "item 5", "start": "2014-01-28", "end": "2014-01-29", "type": "point", "group": 1},
    ]
    timeline = _open({"items": items, "groups": [{"id": 1, "content": "One"}]})
    assert _titles(timeline) == {"A": "Background", "B": "Background", "1": "One", "5": "One"}
    by_id = {e.id: e for e in timeline.events}
    ends = [by_id[k].end for k in ("A", "B", "5")]
    assert [end.text if end is not None else None for end in ends] == ["2014-01-21", "2014-01-25", None]
    assert by_id["1"].title == "item 1 start"
    (problem,) = timeline.problems
    assert problem.path == "items[3].end" and "drawn at its start only" in problem.message


def _ours(events: list[dict[str, Any]], **top: Any) -> Timeline:
    timeline = timeline_from_json({"version": 1, "title": "T", "events": events, **top}, "t.json")
    assert timeline.problems == ()
    return timeline


def _trip(timeline: Timeline) -> tuple[Timeline, Losses, str]:
    losses = Losses()
    text = vis.dumps(timeline, losses)
    back = open_text(text, "back.json")
    assert back.problems == ()
    return back, losses, text


def _differences(before: Timeline, after: Timeline) -> Counter[str]:
    """What differs between a timeline and its trip through vis, by the writer's kinds, counted independently."""
    found: Counter[str] = Counter()
    found["title"] += before.title != after.title
    found["description"] += before.description != after.description
    found["sources"] += len(before.sources) - len(after.sources)
    lanes_after = {lane.id: lane for lane in after.lanes}
    assert sorted(after.event_index) == sorted(before.event_index)
    for event in before.events:
        again = after.events[after.event_index[event.id]]
        assert (again.start, again.lane) == (event.start, event.lane)
        if again.end != event.end:
            assert event.end is not None and again.end is not None and event.end.text == "9999"
            found["ends"] += 1
        found["citations"] += len(event.citations) - len(again.citations)
        found["tags"] += event.tags != again.tags
        found["approximate"] += event.approximate != again.approximate
        found["whitespace"] += (event.title != again.title) + (event.summary != again.summary)
    used = [lane for lane in before.lanes if lane.id in {e.lane for e in before.events}]
    found["lanes"] += len(before.lanes) - len(used)
    found["lane colours"] += sum(lane.color != lanes_after[lane.id].color for lane in used)
    found["lane order"] += sum(a.id != b.id for a, b in zip(used, after.lanes, strict=True))
    found["whitespace"] += sum(lane.title != lanes_after[lane.id].title for lane in used)
    return +found


def test_the_dataset_through_vis_loses_only_what_is_reported() -> None:
    timeline = open_timeline(DATASET)
    back, losses, text = _trip(timeline)
    assert dict(losses.counts) == dict(_differences(timeline, back))
    assert losses.counts["approximate"] == sum(e.approximate for e in timeline.events) > 0
    assert losses.counts["citations"] == sum(len(e.citations) for e in timeline.events)
    doc = json.loads(text)
    assert [g["id"] for g in doc["groups"]] == [lane.id for lane in timeline.lanes]
    ranges = [e for e in timeline.events if e.end is not None]
    assert ranges and all(parse_date(i["end"]).begin == e.finish for e in ranges
                          for i in doc["items"] if i["id"] == e.id)
    _, more, text_again = _trip(back)
    assert text_again == text and more.lines() == ["title: 1 not written (read back as the file's name)"]


def test_a_lossy_timeline_through_vis() -> None:
    lanes = [{"id": "x", "title": 'Lane <A> & "B"'}, {"id": "background", "title": "Background"},
             {"id": "none", "title": "Unused"}]
    timeline = _ours([
        {"id": "a", "title": "Era  one", "start": "0600", "end": "0649", "lane": "background"},
        {"id": "b", "title": "B", "start": "9990", "end": "9999", "lane": "x", "summary": "one\n\n\ntwo  three"},
        {"id": "c", "title": "<script>x</script>", "start": "2019-02-27T18:30+07:00", "end": "9999-12-31T23:59+07:00",
         "lane": DEFAULT_LANE.id},
    ], lanes=[*lanes, {"id": DEFAULT_LANE.id, "title": DEFAULT_LANE.title}])
    back, losses, text = _trip(timeline)
    assert dict(losses.counts) == dict(_differences(timeline, back))
    assert {"ends", "lane order", "lanes", "whitespace"} <= losses.counts.keys()
    doc = json.loads(text)
    items = {i["id"]: i for i in doc["items"]}
    assert items["a"]["type"] == "background" and items["a"]["end"] == "0650"
    assert items["c"]["content"] == "&lt;script&gt;x&lt;/script&gt;"
    assert items["c"]["end"] == "+010000-01-01T00:00+07:00"
    assert doc["groups"][0]["content"] == "Lane &lt;A&gt; &amp; &quot;B&quot;"
    assert back.events[back.event_index["c"]].title == "<script>x</script>"
    assert [lane.title for lane in back.lanes] == ["Events", 'Lane <A> & "B"', "Background"]
