"""Saving a Document into its file's own text: byte-identical when unchanged, only an edit's own lines otherwise."""

from __future__ import annotations

import difflib
import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

import desktop.io.document_text as document_text
from benchmarks.bench_file import write_events_file
from desktop.io.document_text import SavedText, save_text, text_for
from desktop.io.loader import read_text
from desktop.io.open import open_timeline
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers import WriteError
from desktop.io.writers.events_json import dumps
from desktop.model.document import Document
from desktop.model.records import Event, Source
from desktop.model.timeline import Timeline

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"
TEXT = DATASET.read_text(encoding="utf-8")


def opened(text: str) -> tuple[Document, SavedText]:
    timeline = read_text(text.removeprefix("\ufeff"), "file.json")
    assert timeline.problems == ()
    saved = SavedText.of(text)
    assert saved is not None
    return Document.from_timeline(timeline), saved


def changed_lines(before: str, after: str) -> set[int]:
    """Line numbers (0-based) of `before` that the diff replaces or deletes; insertions count at their place."""
    lines: set[int] = set()
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(i1, max(i2, i1 + 1)))
    return lines


def element_lines(text: str, event_id: str) -> range:
    """The lines of the pretty-printed event with that id: from its "{" to its "}"."""
    lines = text.splitlines()
    at = lines.index(f'      "id": {json.dumps(event_id)},')
    end = next(i for i in range(at, len(lines)) if lines[i] in ("    }", "    },"))
    return range(at - 1, end + 1)


def variant() -> str:
    """The dataset with a key of our own at the top, in one event and in one citation (pretty-printed as it is)."""
    doc = json.loads(TEXT)
    doc = {"$schema": doc.pop("$schema"), "x-origin": "desk", **doc}
    doc["events"][3]["x-note"] = "checked by the desk"
    doc["events"][3]["citations"][0]["x-checked"] = True
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_the_default_dataset_saves_byte_identical(tmp_path: Path) -> None:
    document, saved = Document.from_timeline(open_timeline(DATASET)), SavedText.of(TEXT)
    assert saved is not None
    assert saved.render(document) is saved.text  # nothing is even rebuilt
    out = tmp_path / "events.json"
    out.write_bytes(b"old")
    assert save_text(document, saved, out) == TEXT
    assert out.read_bytes() == DATASET.read_bytes()


def test_editing_one_title_changes_only_that_events_lines() -> None:
    text = variant()
    document, saved = opened(text)
    target = json.loads(text)["events"][3]["id"]
    document.update_event(target, title="A new title for it")
    out = saved.render(document)
    assert changed_lines(text, out) <= set(element_lines(text, target))
    assert len(changed_lines(text, out)) == 1
    assert out.count('"approximate": false') == text.count('"approximate": false') > 0
    assert out.splitlines()[:3] == text.splitlines()[:3]  # "{", "$schema", "x-origin"
    element = json.loads(out)["events"][3]
    assert element["title"] == "A new title for it"
    assert element["x-note"] == "checked by the desk" and element["citations"][0]["x-checked"] is True
    assert list(element) == list(json.loads(text)["events"][3])  # key order kept


def test_new_keys_go_in_the_formats_order_and_end_goes_when_cleared() -> None:
    doc = json.loads(TEXT)
    bare = doc["events"][5]
    bare.pop("summary")
    bare.pop("end", None)
    document, saved = opened(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    target = event_of(document, bare["id"])
    document.update_event(target.id, end="2019-12", summary="Now with a summary", approximate=True)
    element = next(e for e in json.loads(saved.render(document))["events"] if e["id"] == target.id)
    keys = [k for k in element if k in ("title", "start", "end", "lane", "summary", "approximate", "citations")]
    assert keys == sorted(keys, key=["title", "start", "end", "lane", "summary", "approximate", "citations"].index)
    assert element["end"] == "2019-12" and element["approximate"] is True
    document.update_event(target.id, end=None, approximate=False)
    element = next(e for e in json.loads(saved.render(document))["events"] if e["id"] == target.id)
    assert "end" not in element and element["approximate"] is False  # the key stays, as the file had it


def test_adding_a_citation_keeps_the_files_own_citation_objects() -> None:
    text = variant()
    document, saved = opened(text)
    target = json.loads(text)["events"][3]["id"]
    source = document.sources[0]
    document.add_citation(target, source.id, 7, "disagreements over sanctions")
    out = saved.render(document)
    assert changed_lines(text, out) <= set(element_lines(text, target))
    citations = json.loads(out)["events"][3]["citations"]
    assert citations[0]["x-checked"] is True
    assert citations[-1] == {"source": source.id, "paragraph": 7, "quote": "disagreements over sanctions"}


def test_removed_events_vanish_with_their_separators() -> None:
    document, saved = opened(TEXT)
    events = json.loads(TEXT)["events"]
    gone = {events[0]["id"], events[7]["id"], events[-1]["id"]}
    for ident in gone:
        document.remove_event(ident)
    out = saved.render(document)
    assert json.loads(out)["events"] == [e for e in events if e["id"] not in gone]
    assert read_text(out, "saved.json").problems == ()
    # Every line left is one of the file's: only whole events were taken out.
    assert set(out.splitlines()) <= set(TEXT.splitlines())


def test_header_edits_rewrite_only_their_members_and_keep_unknown_keys() -> None:
    text = variant()
    document, saved = opened(text)
    document.set_title("Another title")
    out = saved.render(document)
    (line,) = changed_lines(text, out)
    assert text.splitlines()[line].startswith('  "title": ')
    document.update_lane("press", color="#123456")
    document.add_source_from_text("First.\n\nSecond.", "Second article", publisher="Wire")
    out = saved.render(document)
    doc = json.loads(out)
    assert list(doc) == list(json.loads(text))  # "$schema", "x-origin", … in their order
    assert doc["sources"][-1] == {"id": "second-article", "title": "Second article", "publisher": "Wire",
                                  "paragraphs": ["First.", "Second."]}
    events_from = text.splitlines().index('  "events": [')
    assert all(i < events_from for i in changed_lines(text, out))


def test_moving_lanes_without_colours_keeps_their_colours() -> None:
    doc = json.loads(TEXT)
    for lane in doc["lanes"]:
        del lane["color"]  # each takes the palette colour of its place
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    document, saved = opened(text)
    colours = {lane.id: lane.color for lane in document.lanes}
    document.move_lane(document.lanes[-1].id, 0)
    reread = read_text(saved.render(document), "saved.json")
    assert [lane.id for lane in reread.lanes] == [lane.id for lane in document.lanes]
    assert {lane.id: lane.color for lane in reread.lanes} == colours


def one_a_line(tmp_path: Path) -> str:
    return write_events_file(300, tmp_path / "generated.json", seed=3).read_text(encoding="utf-8")


def test_a_one_event_a_line_file_changes_one_line_per_edit(tmp_path: Path) -> None:
    text = one_a_line(tmp_path)
    document, saved = opened(text)
    assert saved.render(document) == text
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if '"id": "ev-0000100"' in line)
    document.update_event("ev-0000100", title="Edited on one line")
    out = saved.render(document)
    assert changed_lines(text, out) == {first}
    assert out.splitlines()[first].startswith('  {"id": "ev-0000100", "title": "Edited on one line", "lane": ')
    document.remove_event("ev-0000200")
    added = document.add_event({"title": "Appended", "start": "2020-05", "lane": "us"})
    out = saved.render(document)
    new_lines = out.splitlines()
    assert len(new_lines) == len(lines)
    assert new_lines[-3] == '  {"id": "appended", "title": "Appended", "start": "2020-05", "lane": "us"}'
    assert new_lines[-4].endswith("},")
    assert added.event_id == "appended"  # type: ignore[attr-defined]
    reread = read_text(out, "saved.json")
    assert reread.problems == () and len(reread.events) == 300


def test_a_new_file_grows_as_the_plain_writer_writes_it() -> None:
    source = Source("article", "An article", ("First paragraph.", "Second paragraph."))
    text = dumps(Timeline(title="From an article", events=(), lanes=(DEFAULT_LANE,), sources=(source,)))
    document, saved = opened(text)
    for title, start in (("First", "2019-01"), ("Second", "2019-02-03"), ("Third", "2019-03-04T05:06Z")):
        document.add_event({"title": title, "start": start, "citations": [
            {"source": "article", "paragraph": 2, "quote": "Second"}]})
    assert saved.render(document) == dumps(document.timeline())
    document.add_lane("Another lane")  # now the file needs a lanes list, and each event its lane
    out = saved.render(document)
    reread = read_text(out, "saved.json")
    assert reread.problems == ()
    assert [lane.id for lane in reread.lanes] == ["default", "another-lane"]
    assert {e.id: e.lane for e in reread.events} == {"first": "default", "second": "default", "third": "default"}


def test_windows_line_endings_and_a_byte_order_mark_are_kept() -> None:
    text = "\ufeff" + TEXT.replace("\n", "\r\n")
    document, saved = opened(text)
    assert saved.render(document) == text
    document.update_event(document.events[0].id, title="Changed", tags=["one", "two"])
    out = saved.render(document)
    assert out.startswith("\ufeff{\r\n") and "\n" not in out.replace("\r\n", "")
    assert read_text(out.removeprefix("\ufeff"), "saved.json").problems == ()


@pytest.mark.parametrize("text", [
    "", "not json", "[]", "{}", '{"version": 1, "title": "t"}', '{"version": 1, "title": "t", "events": {}}',
    '{"version": 1, "title": "t", "events": []} trailing', '{"version": 1, "version": 1, "title": "t", "events": []}',
    '{"title": "TimelineJS", "events": [{"start_date": {"year": 2019}}]}',
    '{"version": 2, "title": "t", "events": []}', '{"version": 1, "title": "t", "events": [], "other": 1}',
])
def test_text_that_is_not_our_file_is_not_mapped(text: str) -> None:
    assert SavedText.of(text) is None


def test_without_a_map_the_plain_writer_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document.from_timeline(open_timeline(DATASET))
    document.set_title("Changed")
    assert text_for(document, None) == dumps(document.timeline())
    monkeypatch.setattr(document_text, "MAX_CHARS", 1000)
    assert SavedText.of(TEXT) is None  # too big to map: the plain writer's turn


def test_a_failing_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(DATASET.read_bytes())
    document, saved = opened(TEXT)
    document.update_event(document.events[0].id, title="Never written")

    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(WriteError, match="No space left on device"):
        save_text(document, saved, path)
    assert path.read_bytes() == DATASET.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["events.json"]  # no temporary file left


def test_events_left_out_by_the_loader_are_kept_as_written() -> None:
    doc = json.loads(TEXT)
    doc["events"].insert(2, {"id": "broken", "title": "Bad date", "start": "2019-02-30", "lane": "summits"})
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    timeline = read_text(text, "f.json")
    assert len(timeline.problems) == 1
    saved = SavedText.of(text)
    assert saved is not None
    document = Document.from_timeline(timeline)
    neighbour = doc["events"][3]["id"]
    document.update_event(neighbour, title="Edited next to a broken one")
    out = saved.render(document)
    assert json.loads(out)["events"][2] == doc["events"][2]
    assert changed_lines(text, out) <= set(element_lines(text, neighbour))


def test_mapping_is_linear(tmp_path: Path) -> None:
    # A quadratic scan would take minutes here; the linear one well under a second or two.
    text = write_events_file(20_000, tmp_path / "big.json", seed=4).read_text(encoding="utf-8")
    saved = SavedText.of(text)
    assert saved is not None
    document = Document.from_timeline(read_text(text, "big.json"))
    document.update_event("ev-0010000", title="Edited")
    assert changed_lines(text, saved.render(document)) == {
        next(i for i, line in enumerate(text.splitlines()) if '"id": "ev-0010000"' in line)}


def event_of(document: Document, ident: str) -> Event:
    event = document.find_event(ident)
    assert event is not None
    return event


# -- saved, then undone: the file as it was before -------------------------------------------------------------


def saved_again(saved: SavedText, document: Document) -> SavedText:
    """Save the document into the file and map what was written, as the window does after a save."""
    after = SavedText.of(saved.render(document), after=saved)
    assert after is not None
    return after


def pretty(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("positions", [[0], [7], [-1], [3, 4, 5], [0, -1], [2, 9, 10, 11]])
def test_events_deleted_saved_and_brought_back_go_back_with_their_own_bytes(positions: list[int]) -> None:
    text = variant()  # its fourth event has an x- key and every event an explicit "approximate": false
    document, saved = opened(text)
    ids = [json.loads(text)["events"][p]["id"] for p in positions]
    edits = [document.remove_event(ident) for ident in ids]
    saved = saved_again(saved, document)
    assert [e["id"] for e in json.loads(saved.text)["events"] if e["id"] in ids] == []
    for edit in reversed(edits):  # each undo saved on its own: every version in between is mapped too
        edit.undo(document)
        saved = saved_again(saved, document)
    assert saved.text == text
    for edit in edits:  # and all at once
        edit.redo(document)
    saved = saved_again(saved, document)
    for edit in edits:
        edit.undo(document)
    assert saved.render(document) == text


def test_every_event_deleted_saved_and_brought_back() -> None:
    document, saved = opened(TEXT)
    edits = [document.remove_event(e.id) for e in list(document.events)]
    saved = saved_again(saved, document)
    assert json.loads(saved.text)["events"] == []
    for edit in reversed(edits):
        edit.undo(document)
    assert saved.render(document) == TEXT


def test_an_event_brought_back_and_edited_goes_back_to_its_own_place() -> None:
    text = variant()
    document, saved = opened(text)
    target = json.loads(text)["events"][3]["id"]
    removed = document.remove_event(target)
    saved = saved_again(saved, document)
    removed.undo(document)
    document.update_event(target, title="Back, and edited")
    out = saved.render(document)
    assert changed_lines(text, out) <= set(element_lines(text, target))
    element = json.loads(out)["events"][3]
    assert element["title"] == "Back, and edited" and element["x-note"] == "checked by the desk"


def test_an_edit_saved_then_undone_writes_the_earlier_bytes_even_in_a_layout_of_their_own() -> None:
    doc = json.loads(TEXT)
    lines = pretty(doc).splitlines(keepends=True)
    at = element_lines(pretty(doc), doc["events"][5]["id"])
    own = "    " + json.dumps(doc["events"][5], ensure_ascii=False, separators=(",", ":")) + ",\n"
    text = "".join([*lines[:at.start], own, *lines[at.stop:]])  # one event on a compact line of its own
    document, saved = opened(text)
    ident = doc["events"][5]["id"]
    edit = document.update_event(ident, title="Edited", approximate=True)
    saved = saved_again(saved, document)
    assert '"title": "Edited"' in saved.text
    edit.undo(document)
    assert saved.render(document) == text


def element_text(text: str, event_id: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(lines[i] for i in element_lines(text, event_id)).rstrip(",\n")


def test_unchanged_events_keep_their_bytes_through_saves_and_undos() -> None:
    document, saved = opened(TEXT)
    events = json.loads(TEXT)["events"]
    edited, gone = events[2]["id"], events[12]["id"]
    edits = [document.update_event(edited, title="Edited"), document.remove_event(gone),
             document.add_event({"title": "Added", "start": "2019-02", "lane": "summits"})]
    saved = saved_again(saved, document)
    for e in events:
        assert (element_text(TEXT, e["id"]) in saved.text) == (e["id"] not in (edited, gone))
    edits[1].undo(document)
    out = saved.render(document)
    assert element_text(TEXT, gone) in out
    assert json.loads(out)["events"][12] == events[12]
    assert [e["id"] for e in json.loads(out)["events"]] == [e["id"] for e in events] + ["added"]
    edits[0].undo(document)
    edits[2].undo(document)
    assert saved.render(document) == TEXT


def test_a_source_added_saved_and_undone_goes() -> None:
    document, saved = opened(TEXT)
    edit = document.add_source_from_text("First.\n\nSecond.", "Second article")
    saved = saved_again(saved, document)
    assert [s["id"] for s in json.loads(saved.text)["sources"]] == ["kcna-vow-article", "second-article"]
    edit.undo(document)
    assert saved.render(document) == TEXT


def test_a_lane_added_saved_and_undone_goes() -> None:
    document, saved = opened(TEXT)
    edit = document.add_lane("Diplomats")
    saved = saved_again(saved, document)
    assert json.loads(saved.text)["lanes"][-1]["id"] == "diplomats"
    edit.undo(document)
    assert saved.render(document) == TEXT


def test_lanes_and_sources_the_loader_left_out_stay_when_one_added_goes() -> None:
    doc = json.loads(TEXT)
    doc["lanes"].insert(1, {"id": "bad-colour", "title": "Bad", "color": "red"})
    doc["sources"].append({"id": "no-paragraphs", "title": "Broken"})
    text = pretty(doc)
    timeline = read_text(text, "f.json")
    assert len(timeline.problems) == 2
    saved = SavedText.of(text)
    assert saved is not None
    document = Document.from_timeline(timeline)
    lane, source = document.add_lane("Diplomats"), document.add_source_from_text("One.", "Another")
    saved = saved_again(saved, document)
    assert {"diplomats", "bad-colour"} <= {x["id"] for x in json.loads(saved.text)["lanes"]}
    assert {"another", "no-paragraphs"} <= {x["id"] for x in json.loads(saved.text)["sources"]}
    lane.undo(document)
    source.undo(document)
    out = json.loads(saved.render(document))
    assert out["sources"] == doc["sources"]
    assert sorted(out["lanes"], key=lambda x: x["id"]) == sorted(doc["lanes"], key=lambda x: x["id"])


def test_a_lanes_list_a_save_added_goes_when_its_lane_is_undone() -> None:
    source = Source("article", "An article", ("First paragraph.",))
    document, saved = opened(dumps(Timeline(title="From an article", events=(), lanes=(DEFAULT_LANE,),
                                            sources=(source,))))
    for title in ("First", "Second"):
        document.add_event({"title": title, "start": "2019-01"})
    saved = saved_again(saved, document)
    before = saved.text
    edit = document.add_lane("Another lane")
    saved = saved_again(saved, document)
    assert '"lanes"' in saved.text and '"lane": "default"' in saved.text
    edit.undo(document)
    assert saved.render(document) == before  # no lanes, and no event names one
    edit.redo(document)
    assert saved.render(document) == saved.text


def test_the_ids_of_the_files_events_include_those_the_loader_left_out() -> None:
    doc = json.loads(TEXT)
    doc["events"][1]["start"] = "2018-13-12"
    text = pretty(doc)
    timeline = read_text(text, "f.json")
    saved = SavedText.of(text)
    assert saved is not None and doc["events"][1]["id"] not in timeline.event_index
    assert saved.event_ids == {e["id"] for e in doc["events"]}
    document = Document.from_timeline(timeline, reserved=saved.event_ids)
    new = document.add_event({"title": "First summit", "start": "2018-06", "lane": "summits"})
    assert new.event_id == "first-summit-2"  # type: ignore[attr-defined]
    out = json.loads(saved.render(document))["events"]
    assert out[1] == doc["events"][1] and out[-1]["id"] == "first-summit-2"


@pytest.mark.parametrize("paragraph", [{"x": 1}, [1], 1.5])
def test_an_event_with_a_wrong_typed_citation_saves_after_an_edit(paragraph: object) -> None:
    """A citation value the loader left out (a dict, a list) once made the save raise: it is unhashable; kept."""
    doc = json.loads(TEXT)
    event = doc["events"][2]
    event["citations"] = [*event["citations"], {"source": event["citations"][0]["source"], "paragraph": paragraph}]
    text = pretty(doc)
    timeline = read_text(text, "f.json")
    assert len(timeline.problems) == 1
    saved = SavedText.of(text)
    assert saved is not None
    document = Document.from_timeline(timeline, reserved=saved.event_ids)
    document.update_event(event["id"], title="Retitled")
    out = json.loads(saved.render(document))["events"][2]
    assert out["title"] == "Retitled" and out["citations"] == event["citations"]  # the broken one kept, as written
