"""The editable Document: edits, exact undo/redo, refusals in the loader's words, and the per-revision timeline."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import desktop.io.fields  # installs the loader's checks as the documents' reader
from desktop.io.document_text import SavedText
from desktop.io.loader import read_text
from desktop.io.open import open_timeline
from desktop.model.authoring import event_fields
from desktop.model.dates import parse_date
from desktop.model.document import Document, DocumentError, Edit
from desktop.model.records import Event
from desktop.model.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"
TEXT = DATASET.read_text(encoding="utf-8")
BASE = open_timeline(DATASET)
SOURCE = BASE.sources[0]


def fresh() -> Document:
    return Document.from_timeline(BASE)


def plain(event: Event) -> dict[str, Any]:
    """An event as the plain model holds it."""
    return {"title": event.title, "start": event.start.text, "end": event.end.text if event.end else None,
            "lane": event.lane, "summary": event.summary, "approximate": event.approximate, "tags": list(event.tags),
            "citations": [(c.source, c.paragraph, c.quote) for c in event.citations]}


def state(document: Document) -> dict[str, dict[str, Any]]:
    return {e.id: plain(e) for e in document.events}


def rebuilt(document: Document) -> Timeline:
    """What Timeline.build makes of the document's events: the incremental timeline must equal it."""
    return Timeline.build(title=document.title, events=list(document.events), lanes=document.lanes,
                          sources=document.sources)


def assert_timeline_consistent(document: Document) -> None:
    timeline, full = document.timeline(), rebuilt(document)
    assert list(timeline.events) == list(full.events)
    for name in ("begin", "finish", "anchor", "lane", "is_range", "coarse", "approximate", "cited", "timed"):
        assert np.array_equal(getattr(timeline.columns, name), getattr(full.columns, name)), name
    assert {i: timeline.event_index[i] for i in full.event_index} == dict(full.event_index)
    assert list(timeline.titles) == [e.title for e in full.events]
    assert [timeline.events.id_at(i) for i in range(len(full.events))] == [e.id for e in full.events]
    assert list(timeline.events.search_fields()) == list(full.events.search_fields())
    for number in range(1, len(SOURCE.paragraphs) + 1):
        assert timeline.events_citing(SOURCE.id, number) == full.events_citing(SOURCE.id, number)


def test_an_unedited_document_is_its_timeline() -> None:
    document = fresh()
    assert document.timeline() is BASE
    assert len(document.events) == len(BASE.events) and list(document.events) == list(BASE.events)
    assert document.revision == 0 and document.changed_events() == frozenset()


def test_add_event_gets_a_unique_slug_and_shows_in_the_timeline() -> None:
    document = fresh()
    fields = {"title": "Hà Nội summit – day 2", "start": "2019-02-28", "lane": "summits"}
    first, second = document.add_event(fields), document.add_event(fields)
    assert (first.event_id, second.event_id) == ("ha-noi-summit-day-2", "ha-noi-summit-day-2-2")  # type: ignore[attr-defined]
    assert document.revision == 2
    timeline = document.timeline()
    assert timeline.events[timeline.event_index["ha-noi-summit-day-2-2"]].title == "Hà Nội summit – day 2"
    assert document.changed_events() == {"ha-noi-summit-day-2", "ha-noi-summit-day-2-2"}
    document.mark_saved()
    assert document.changed_events() == frozenset()
    assert_timeline_consistent(document)


def test_timeline_is_cached_per_revision() -> None:
    document = fresh()
    document.update_event(BASE.events[0].id, title="Changed")
    timeline = document.timeline()
    assert document.timeline() is timeline
    document.set_title("Another title")
    assert document.timeline() is not timeline and document.timeline().title == "Another title"


@pytest.mark.parametrize("kind", ["add", "update", "remove", "duplicate", "cite", "source", "lane", "lane_colour",
                                  "lane_move", "title"])
def test_each_edit_undoes_to_the_exact_previous_state(kind: str) -> None:
    document = fresh()
    document.update_event(BASE.events[2].id, summary="An earlier edit")  # undo goes back to this, not the file
    saved = SavedText.of(TEXT)
    assert saved is not None
    before_text, before_state, before_lanes = saved.render(document), state(document), document.lanes
    target = BASE.events[5].id
    edits = {
        "add": lambda: document.add_event({"title": "New", "start": "2019-03", "lane": "summits"}),
        "update": lambda: document.update_event(target, title="Retitled", end="2019-12", approximate=True),
        "remove": lambda: document.remove_event(target),
        "duplicate": lambda: document.duplicate_event(target),
        "cite": lambda: document.add_citation(target, SOURCE.id, 7, "disagreements over sanctions"),
        "source": lambda: document.add_source_from_text("One.\nTwo.", "Another article", published="2019-03-02"),
        "lane": lambda: document.add_lane("Observers"),
        "lane_colour": lambda: document.update_lane("summits", color="#123456"),
        "lane_move": lambda: document.move_lane("press", 0),
        "title": lambda: document.set_title("A new title"),
    }
    edit: Edit = edits[kind]()
    after_text = saved.render(document)
    assert after_text != before_text
    assert_timeline_consistent(document)
    edit.undo(document)
    assert saved.render(document) == before_text
    assert state(document) == before_state and document.lanes == before_lanes
    assert_timeline_consistent(document)
    edit.redo(document)
    assert saved.render(document) == after_text


def loader_messages(event: dict[str, Any]) -> list[str]:
    """What the careful reader says about `event` in a copy of the dataset, as `key: message`."""
    doc = json.loads(TEXT)
    doc["events"].append({"id": "candidate", **event})
    problems = read_text(json.dumps(doc, ensure_ascii=False), "f").problems
    return [re.sub(r"^events\[\d+\]\.?", "", p.path) + ": " + p.message if p.path.count(".") else p.message
            for p in problems]


GOOD: dict[str, Any] = {"title": "Talks", "start": "2019-02", "lane": "summits"}
BAD: dict[str, dict[str, Any]] = {
    "date form": {"start": "2019-02-30"},
    "week date": {"start": "2019-W05"},
    "end before start": {"end": "2018-12"},
    "unknown lane": {"lane": "nowhere"},
    "quote not in paragraph": {"citations": [{"source": SOURCE.id, "paragraph": 2, "quote": "not in it"}]},
    "paragraph out of range": {"citations": [{"source": SOURCE.id, "paragraph": 99, "quote": "x"}]},
    "unknown source": {"citations": [{"source": "elsewhere", "paragraph": 1}]},
    "empty title": {"title": " \u200b "},
    "approximate not a boolean": {"approximate": "yes"},
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_fields_are_refused_in_the_loaders_words_and_change_nothing(case: str) -> None:
    document = fresh()
    saved = SavedText.of(TEXT)
    assert saved is not None
    fields = {**GOOD, **BAD[case]}
    expected = loader_messages(fields)
    assert expected
    with pytest.raises(DocumentError) as refused:
        document.add_event(fields)
    assert list(refused.value.messages) == expected
    assert desktop.io.fields.check_event_fields(fields, document.timeline()) == expected
    target = next(e for e in BASE.events if e.start.text >= "2019")  # so the early end is before its start
    merged = {**event_fields(target), **BAD[case]}
    merged = {k: v for k, v in merged.items() if v is not None}
    with pytest.raises(DocumentError) as again:
        document.update_event(target.id, **BAD[case])
    assert list(again.value.messages) == loader_messages(merged) != []
    assert document.revision == 0 and saved.render(document) == TEXT and document.timeline() is BASE


def test_other_refusals() -> None:
    document = fresh()
    with pytest.raises(DocumentError, match="no event with id 'nope'"):
        document.remove_event("nope")
    with pytest.raises(DocumentError, match="cannot be changed"):
        document.update_event(BASE.events[0].id, id="other")
    with pytest.raises(DocumentError, match="lane 'nope' is not defined"):
        document.update_lane("nope", title="x")
    with pytest.raises(DocumentError, match="expected a colour"):
        document.add_lane("Red", "red")
    with pytest.raises(DocumentError, match="outside 0–4"):
        document.move_lane("summits", 5)
    with pytest.raises(DocumentError, match="title: must not be empty"):
        document.set_title("  ")
    with pytest.raises(DocumentError, match="published: month 13 does not exist"):
        document.add_source_from_text("Text.", "Title", published="2019-13")
    with pytest.raises(DocumentError, match="already used"):
        document.add_event({**GOOD, "id": BASE.events[0].id})
    with pytest.raises(DocumentError, match=r"^x-note: extra keys of your own"):
        document.add_event({**GOOD, "x-note": "kept from files, not edited"})
    with pytest.raises(DocumentError, match=r"^colour: unknown key 'colour'; allowed: approximate, citations"):
        document.update_event(BASE.events[0].id, colour="red")
    cited = BASE.events[0].citations[0]
    with pytest.raises(DocumentError, match="already cites"):
        document.add_citation(BASE.events[0].id, cited.source, cited.paragraph, cited.quote or "")
    assert document.revision == 0


def test_an_edit_applied_to_another_state_is_refused() -> None:
    document = fresh()
    target = BASE.events[0].id
    first = document.update_event(target, title="One")
    document.update_event(target, title="Two")
    with pytest.raises(DocumentError, match="does not apply"):
        first.undo(document)


def test_removing_and_re_adding_an_id_and_a_one_lane_document() -> None:
    document = fresh()
    gone = BASE.events[4]
    document.remove_event(gone.id)
    readded = document.add_event({"id": gone.id, "title": gone.title, "start": "2019", "lane": "press"})
    assert readded.event_id == gone.id  # type: ignore[attr-defined]  # the id is free again
    assert_timeline_consistent(document)
    single = Document.from_timeline(Timeline.build(title="t", events=[], lanes=BASE.lanes[:1]))
    single.add_event({"title": "No lane given", "start": "2020"})  # the only lane is taken
    assert single.events[0].lane == BASE.lanes[0].id


def test_reserved_ids_are_never_given_to_a_new_event() -> None:
    left_out = "working-level-talks"  # an entry of the file the loader left out
    kept = BASE.events[4]
    document = Document.from_timeline(BASE, reserved={left_out, kept.id})
    edit = document.add_event({"title": "Working-level talks", "start": "2019-02", "lane": "press"})
    assert edit.event_id == f"{left_out}-2"  # type: ignore[attr-defined]
    with pytest.raises(DocumentError, match="already used"):
        document.add_event({"id": left_out, "title": "Mine", "start": "2019", "lane": "press"})
    copied = document.duplicate_event(edit.event_id)  # type: ignore[attr-defined]
    assert copied.event_id == f"{left_out}-3"  # type: ignore[attr-defined]
    # The document's own ids are its to give back: a removed one is free again, as without reserved ids.
    document.remove_event(kept.id)
    readded = document.add_event({"id": kept.id, "title": kept.title, "start": "2019", "lane": "press"})
    assert readded.event_id == kept.id  # type: ignore[attr-defined]
    assert_timeline_consistent(document)


@pytest.mark.parametrize(("title", "ident"), [
    ("Hà Nội summit – U.S. view", "ha-noi-summit-us-view"), ("Kim’s vow", "kims-vow"), ("북미회담", "북미회담"),
    ("!!!", "event"), ("word " * 30, "-".join(["word"] * 12)),
])
def test_new_ids_are_readable_slugs(title: str, ident: str) -> None:
    document = fresh()
    edit = document.add_event({"title": title, "start": "2019", "lane": "press"})
    assert edit.event_id == ident  # type: ignore[attr-defined]


def test_an_unsorted_timeline_is_sorted_once() -> None:
    events = tuple(sorted(BASE.events, key=lambda e: e.id))
    document = Document.from_timeline(Timeline(title="t", events=events, lanes=BASE.lanes, sources=BASE.sources))
    document.update_event(events[0].id, title="Edited")
    assert_timeline_consistent(document)


# -- a seeded property test against a plain model -------------------------------------------------------------

TITLES = ("Summit talks", "Summit talks", "Missile test", "Sanctions vote")
DATES = ("2018", "2018-06", "2018-06-12", "2019-02-27", "2019-02-28T14:00", "2019-02-28T14:00:05+07:00", "2019-03")
WORDS = [p.split(" ") for p in SOURCE.paragraphs]


def expected_id(title: str, taken: set[str]) -> str:
    base = "-".join(title.lower().split())  # the pool's titles are plain words
    n, ident = 1, base
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


class Model:
    """The document as plain data: what each edit should do, written the simple way."""

    def __init__(self, document: Document) -> None:
        self.events = state(document)
        self.lanes = [(lane.id, lane.title, lane.color) for lane in document.lanes]
        self.title = document.title

    def snapshot(self) -> tuple:
        return copy.deepcopy((self.events, self.lanes, self.title))

    def restore(self, snap: tuple) -> None:
        self.events, self.lanes, self.title = copy.deepcopy(snap)


def step(document: Document, model: Model, kind: str, a: int, b: int) -> Edit | None:
    """Apply one edit to both; None when it is refused (then neither changes)."""
    ids = sorted(model.events)
    lane_ids = [lane[0] for lane in model.lanes]
    if kind == "add" or not ids:
        title, start = TITLES[a % len(TITLES)], DATES[b % len(DATES)]
        ident = expected_id(title, set(model.events))
        edit = document.add_event({"title": title, "start": start, "lane": lane_ids[b % len(lane_ids)]})
        model.events[ident] = {"title": title, "start": start, "end": None, "lane": lane_ids[b % len(lane_ids)],
                               "summary": "", "approximate": False, "tags": [], "citations": []}
        return edit
    target = ids[a % len(ids)]
    event = model.events[target]
    if kind == "update":
        changes: list[dict[str, Any]] = [
            {"title": TITLES[b % len(TITLES)] + " (edited)"}, {"approximate": not event["approximate"]},
            {"tags": ["t", str(b % 3)]}, {"summary": f"Summary {b}"}, {"lane": lane_ids[b % len(lane_ids)]},
            {"start": DATES[b % len(DATES)], "end": None}, {"end": "2018-01"},  # the last is refused after 2018
        ]
        change = changes[b % 7]
        if change.get("end") == "2018-01" and parse_date("2018-01").end <= parse_date(event["start"]).begin:
            with pytest.raises(DocumentError, match="is before start"):
                document.update_event(target, **change)
            return None
        edit = document.update_event(target, **change)
        event.update(change)
        return edit
    if kind == "remove":
        del model.events[target]
        return document.remove_event(target)
    if kind == "duplicate":
        edit = document.duplicate_event(target)
        ident = edit.event_id  # type: ignore[attr-defined]
        assert ident not in model.events and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident)
        model.events[ident] = copy.deepcopy(event)
        return edit
    if kind == "cite":
        number = b % len(WORDS) + 1
        words = WORDS[number - 1]
        quote = " ".join(words[b % len(words):b % len(words) + 3])
        if (SOURCE.id, number, quote) in event["citations"]:
            return None
        event["citations"].append((SOURCE.id, number, quote))
        return document.add_citation(target, SOURCE.id, number, quote)
    if kind == "lane":
        if b % 2:
            lane_id = lane_ids[a % len(lane_ids)]
            index = b % len(lane_ids)
            lane = next(x for x in model.lanes if x[0] == lane_id)
            model.lanes.remove(lane)
            model.lanes.insert(index, lane)
            return document.move_lane(lane_id, index)
        colour = f"#{b % 0xFFFFFF:06X}"
        model.lanes = [(i, t, colour if i == lane_ids[a % len(lane_ids)] else c) for i, t, c in model.lanes]
        return document.update_lane(lane_ids[a % len(lane_ids)], color=colour)
    model.title = f"Title {b}"
    return document.set_title(model.title)


def check(document: Document, model: Model, saved: SavedText) -> None:
    assert state(document) == model.events
    assert [(lane.id, lane.title, lane.color) for lane in document.lanes] == model.lanes
    assert document.title == model.title
    reread = read_text(saved.render(document), "saved.json")
    assert reread.problems == ()
    assert {e.id: plain(e) for e in reread.events} == model.events
    assert [(lane.id, lane.title, lane.color) for lane in reread.lanes] == model.lanes


KINDS = ("add", "update", "remove", "duplicate", "cite", "lane", "title", "undo", "undo", "redo", "save")


@settings(derandomize=True, max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 999), st.integers(0, 999)), max_size=25))
def test_random_edits_undos_and_redos_match_a_plain_model(ops: list[tuple[str, int, int]]) -> None:
    document = fresh()
    saved = SavedText.of(TEXT)
    assert saved is not None
    model = Model(document)
    done: list[tuple[Edit, tuple, tuple]] = []  # each edit with the model before and after it
    undone: list[tuple[Edit, tuple, tuple]] = []
    for kind, a, b in ops:
        if kind == "save":  # written into the file and mapped again, as the window does
            saved = SavedText.of(saved.render(document), after=saved)
            assert saved is not None
        elif kind == "undo":
            if done:
                edit, before, after = done.pop()
                edit.undo(document)
                model.restore(before)
                undone.append((edit, before, after))
        elif kind == "redo":
            if undone:
                edit, before, after = undone.pop()
                edit.redo(document)
                model.restore(after)
                done.append((edit, before, after))
        else:
            before = model.snapshot()
            made = step(document, model, kind, a, b)
            if made is not None:
                done.append((made, before, model.snapshot()))
                undone.clear()
        check(document, model, saved)
        if len(done) % 4 == 0:
            assert_timeline_consistent(document)
    assert_timeline_consistent(document)
    while done:
        done.pop()[0].undo(document)
    assert saved.render(document).encode() == DATASET.read_bytes()
    assert list(document.timeline().events) == list(BASE.events)
