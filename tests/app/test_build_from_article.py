"""Issue 14's "Done when": a timeline built from an article through the UI, undo of every kind of edit,
unsaved changes never lost, imported files never overwritten."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import click_event, open_window
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton

import desktop
from desktop.app.document_controller import DocumentController
from desktop.app.main_window import MainWindow
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import Precision
from desktop.model.document import Document, Edit
from desktop.model.records import Event
from desktop.model.timeline import Timeline

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO.parent / "shared" / "articles" / "2019-03-01-kim-vows-to-meet-trump-again.txt"
PEERS = REPO.parent / "shared" / "peers"
CTRL = Qt.KeyboardModifier.ControlModifier
RETURN = Qt.Key.Key_Return
MONTH = Precision.MONTH
NEW_COLOR = "#8e44ad"

# The three events: a title, a month-precise date, and the words of the article each rests on.
FIRST = ("First Trump-Kim summit", "2018-06", "the first Trump-Kim summit held in June 2018")
HANOI = ("Hanoi summit ends without a deal", "2019-02",
         "On Thursday, the summit came to an abrupt end without the leaders settling on a deal")
VOW = ("Kim vows to meet Trump again", "2019-03", "KCNA reported Kim’s vow for a third meeting")
SECOND_CITATION = "the meeting ended because of disagreements over sanctions"


def _editor_field(window: MainWindow, name: str) -> QLineEdit:
    field = window.editor_dock.widget().findChild(QLineEdit, name)
    assert field is not None, name
    return field


def _answer(calls: list[tuple], *answers: object) -> Callable[..., object]:
    """A dialog seam: records each call's arguments, gives the next of `answers` (the last one from then on)."""

    def ask(*args: object) -> object:
        calls.append(args)
        return answers[min(len(calls), len(answers)) - 1]

    return ask


def _locate(timeline: Timeline, source_id: str, words: str) -> tuple[int, int, int]:
    """The 1-based paragraph holding `words` once, and where in it."""
    found = [(n, p.index(words)) for n, p in enumerate(timeline.source_index[source_id].paragraphs, 1) if words in p]
    assert len(found) == 1, f"{words!r} is in paragraphs {[n for n, _ in found]}"
    paragraph, start = found[0]
    return paragraph, start, start + len(words)


def _select(window: MainWindow, source_id: str, words: str) -> int:
    """Select `words` in the Article dock, as a drag over them would; returns the paragraph."""
    assert window.timeline is not None
    paragraph, start, end = _locate(window.timeline, source_id, words)
    window.article_view.select_text(paragraph, start, end)
    quote = window.article_view.selected_quote()
    assert quote is not None and quote.text == words and quote.paragraph == paragraph
    return paragraph


def _event_titled(timeline: Timeline, title: str) -> Event:
    found = [e for e in timeline.events if e.title == title]
    assert len(found) == 1, f"{len(found)} events titled {title!r}"
    return found[0]


def _make_event(qtbot, window: MainWindow, source_id: str, spec: tuple[str, str, str]) -> str:
    """Select the quote, New Event from Selection, type the title and then the date; returns the new id."""
    title, start, quote = spec
    assert window.timeline is not None
    before = len(window.timeline.events)
    paragraph = _select(window, source_id, quote)
    action = window.commands.new_event_from_selection
    assert action.objectName() == "actionNewEventFromSelection" and action.isEnabled()
    action.trigger()
    assert window.editor_dock.isVisible()
    title_field, start_field = _editor_field(window, "editorTitle"), _editor_field(window, "editorStart")
    # A draft: nothing is suggested, not even the article's date.
    assert (title_field.text(), start_field.text()) == ("", "")
    assert window.edits.editor.shown_event() == ""
    qtbot.keyClicks(title_field, title)
    qtbot.keyClick(title_field, RETURN)
    assert len(window.timeline.events) == before, "a draft without a date joined the timeline"
    with qtbot.waitSignal(window.edits.editor.fieldsEdited, timeout=1000) as committed:
        qtbot.keyClicks(start_field, start)
        qtbot.keyClick(start_field, RETURN)
    assert committed.args[0] == "" and committed.args[1]["title"] == title
    # In the timeline at once, selected, and the editor now edits it.
    timeline = window.timeline
    assert timeline is not None and timeline is window.documents.timeline()
    assert len(timeline.events) == before + 1
    event = _event_titled(timeline, title)
    assert event.start.text == start and event.start.precision is MONTH
    assert [(c.source, c.paragraph, c.quote) for c in event.citations] == [(source_id, paragraph, quote)]
    assert window.view.is_shown(event.id) and window.view.selected_event() == event.id
    assert window.edits.editor.shown_event() == event.id
    return event.id


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """No modal dialog can hold a test up: closing a window left with edits drops them; tests patch their own."""
    monkeypatch.setattr(DocumentController, "ask_unsaved", lambda self, doing: "discard")
    monkeypatch.setattr(DocumentController, "ask_save_path", lambda self: None)
    monkeypatch.setattr(DocumentController, "ask_external_change", lambda self: True)
    monkeypatch.setattr(MainWindow, "show_error", lambda self, title, text: pytest.fail(f"{title}: {text}"))


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A copy of the shared article (never written to)."""
    if not ARTICLE.is_file():
        pytest.skip(f"the shared article is not present ({ARTICLE})")
    copy = tmp_path / ARTICLE.name
    shutil.copy(ARTICLE, copy)
    return copy


@pytest.fixture
def events_copy(tmp_path: Path) -> Path:
    """A copy of the shipped dataset: a window's Save must not write the real one."""
    path = tmp_path / "events.json"
    shutil.copy(default_events_path(), path)
    return path


def test_a_three_event_timeline_built_from_an_article_through_the_ui(qtbot, tmp_path: Path, article: Path,
                                                                   events_copy: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, events_copy)
    target = tmp_path / "kim.json"
    monkeypatch.setattr(window.edits, "ask_article", lambda: article)
    monkeypatch.setattr(window.edits, "ask_new_path", lambda suggested: target)
    window.commands.new_from_article.trigger()

    # File ▸ New Timeline from Article: one source with the article's lines verbatim, no events.
    assert window.path == target.resolve() and window.timeline is not None
    lines = [line for line in article.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(window.timeline.sources) == 1 and len(window.timeline.events) == 0
    source = window.timeline.sources[0]
    assert list(source.paragraphs) == lines
    assert not window.isWindowModified() and window.undo_stack.count() == 0
    window.article_view.show_source(source)
    window.article_dock.show()

    first = _make_event(qtbot, window, source.id, FIRST)
    hanoi = _make_event(qtbot, window, source.id, HANOI)
    vow = _make_event(qtbot, window, source.id, VOW)
    assert window.isWindowModified()

    # A second citation for the Hanoi event, selected by a click on its mark.
    click_event(qtbot, window.view, hanoi)
    assert window.view.selected_event() == hanoi
    second = _select(window, source.id, SECOND_CITATION)
    assert window.commands.add_citation_from_selection.isEnabled()
    window.commands.add_citation_from_selection.trigger()
    assert len(_event_titled(window.timeline, HANOI[0]).citations) == 2

    # Edit ▸ Lanes ▸ Lane Colour… on the selected event's lane.
    asked: list[tuple] = []
    monkeypatch.setattr(window.edits, "ask_color", _answer(asked, NEW_COLOR))
    window.commands.recolor_lane.trigger()
    lane = window.timeline.events[window.timeline.event_index[hanoi]].lane
    assert len(asked) == 1 and window.timeline.lanes[window.timeline.lane_index[lane]].color == NEW_COLOR

    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert not window.isWindowModified()

    # Reopened in a fresh window: exactly that data.
    again = desktop.create_window(target)
    qtbot.addWidget(again)
    reopened = again.timeline
    assert reopened is not None and not reopened.problems
    assert sorted((e.id, e.title, e.start.text, e.start.precision, e.end) for e in reopened.events) == sorted([
        (first, FIRST[0], "2018-06", MONTH, None), (hanoi, HANOI[0], "2019-02", MONTH, None),
        (vow, VOW[0], "2019-03", MONTH, None)])
    cited = {e.id: [(c.source, c.paragraph, c.quote) for c in e.citations] for e in reopened.events}
    p = {words: _locate(reopened, source.id, words)[0] for words in (FIRST[2], HANOI[2], VOW[2])}
    assert cited == {first: [(source.id, p[FIRST[2]], FIRST[2])],
                     hanoi: [(source.id, p[HANOI[2]], HANOI[2]), (source.id, second, SECOND_CITATION)],
                     vow: [(source.id, p[VOW[2]], VOW[2])]}
    assert [lane.color for lane in reopened.lanes] == [NEW_COLOR]
    assert reopened.sources == window.timeline.sources
    # Every quote verbatim in its paragraph, read straight from the file and from the article itself.
    raw = json.loads(target.read_text(encoding="utf-8"))
    paragraphs = {s["id"]: s["paragraphs"] for s in raw["sources"]}
    quotes = [c for e in raw["events"] for c in e["citations"]]
    assert len(quotes) == 4
    for c in quotes:
        assert c["quote"] in paragraphs[c["source"]][c["paragraph"] - 1] == lines[c["paragraph"] - 1]

    done = subprocess.run([sys.executable, "-m", "desktop", "validate", str(target)], capture_output=True,
                          text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert article.read_bytes() == ARTICLE.read_bytes()


# --- undo of every kind of edit ------------------------------------------------------------

EVENT = "un-sanctions-2016-2017"  # three citations, in the "un-sanctions" lane
SOURCE = "kcna-vow-article"


def _select_event(qtbot, window: MainWindow, event_id: str) -> None:
    window.view.select_event(event_id)
    assert window.view.selected_event() == event_id and window.edits.editor.shown_event() == event_id


def _apply(make: Callable[[Document], Edit]) -> Callable[[object, MainWindow], None]:
    """An edit the window's document API does not offer (lanes, the title), through its controller."""

    def run(qtbot: object, window: MainWindow) -> None:
        window.documents.apply(make)

    return run


def _type_title(qtbot, window: MainWindow) -> None:
    _select_event(qtbot, window, EVENT)
    field = _editor_field(window, "editorTitle")
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "Sanctions of 2016 and 2017")
    qtbot.keyClick(field, RETURN)


def _new_event_from_selection(qtbot, window: MainWindow) -> None:
    assert window.timeline is not None
    window.article_view.show_source(window.timeline.source_index[SOURCE])
    _make_event(qtbot, window, SOURCE, ("Talks collapse in Hanoi", "2019-02", "the #HanoiSummit collapsed"))


def _cite_selection(qtbot, window: MainWindow) -> None:
    assert window.timeline is not None
    _select_event(qtbot, window, EVENT)
    window.article_view.show_source(window.timeline.source_index[SOURCE])
    _select(window, SOURCE, "the requested sanctions relief")
    window.commands.add_citation_from_selection.trigger()


def _remove_citation(qtbot, window: MainWindow) -> None:
    _select_event(qtbot, window, EVENT)
    editor = window.editor_dock.widget()
    citations = editor.findChild(QListWidget, "editorCitations")
    assert citations is not None and citations.count() == 3
    citations.setCurrentRow(1)
    qtbot.mouseClick(editor.findChild(QPushButton, "editorRemoveCitation"), Qt.MouseButton.LeftButton)


def _on_selected(action: str) -> Callable[[object, MainWindow], None]:
    """Trigger one of the Edit menu's actions on the selected event (or its lane)."""

    def run(qtbot, window: MainWindow) -> None:
        _select_event(qtbot, window, EVENT)
        getattr(window.commands, action).trigger()

    return run


def _add_article(qtbot, window: MainWindow) -> None:
    """File ▸ Add Article… with a two-paragraph article beside the events file."""
    assert window.path is not None
    article = window.path.with_name("2019-03-02-second-article.txt")
    article.write_text("One paragraph.\r\n\r\nAnother, “quoted”.\n", encoding="utf-8")
    window.edits.ask_article = lambda: article  # type: ignore[method-assign]
    window.commands.add_article.trigger()
    assert window.article_view.shown_source() == "second-article-2019-03-02"


EDITS: dict[str, Callable[..., None]] = {
    "add event": lambda qtbot, window: window.document.add_event({
        "title": "Working-level talks", "start": "2019-02-05", "lane": "summits",
        "citations": [{"source": SOURCE, "paragraph": 6, "quote": "two-day summit"}]}),
    "add event from selection": _new_event_from_selection,
    "edit title in the editor": _type_title,
    "edit date": lambda qtbot, window: window.document.update_event(EVENT, start="2016-03", end=None),
    "edit tags and summary": lambda qtbot, window: window.document.update_event(EVENT, tags=["un"], summary="Short."),
    "remove event": lambda qtbot, window: window.document.remove_event("first-summit"),
    "delete event": _on_selected("delete_event"),
    "duplicate event": _on_selected("duplicate_event"),
    "add citation": _cite_selection,
    "remove citation": _remove_citation,
    "add source (File ▸ Add Article)": _add_article,
    "add lane": _apply(lambda d: d.add_lane("Diplomats")),
    "rename lane": _on_selected("rename_lane"),
    "recolour lane": _on_selected("recolor_lane"),
    "move lane up": _on_selected("move_lane_up"),
    "move lane down": _on_selected("move_lane_down"),
    "set timeline title": _apply(lambda d: d.set_title("Summits")),
}


def _window_for_edits(qtbot, path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = open_window(qtbot, path)
    monkeypatch.setattr(window.edits, "ask_text", lambda title, label, text: "Renamed lane")
    monkeypatch.setattr(window.edits, "ask_color", lambda color: NEW_COLOR)
    return window


def _edit(qtbot, window: MainWindow, kind: str) -> None:
    """Make one edit of `kind`; exactly one step lands on the undo stack and the window shows it at once."""
    before, count = window.timeline, window.undo_stack.count()
    EDITS[kind](qtbot, window)
    stack = window.undo_stack
    assert stack.count() == count + 1 and stack.index() == count + 1, f"{kind}: no edit was made"
    assert window.isWindowModified()
    assert window.timeline is not None and window.timeline is window.documents.timeline()
    assert window.timeline is not before


def _save(window: MainWindow, path: Path) -> bytes:
    """Save to `path` (the open file or another) and read back what was written."""
    assert window.save(path) == path and not window.isWindowModified()
    return path.read_bytes()


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_of_each_kind_of_edit_restores_the_saved_bytes(qtbot, tmp_path: Path, events_copy: Path, kind: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window_for_edits(qtbot, events_copy, monkeypatch)
    original = events_copy.read_bytes()
    # Unchanged, the file saves byte-identical (its own layout kept); after an edit and its undo, too.
    assert _save(window, events_copy) == original
    _edit(qtbot, window, kind)
    window.commands.undo.trigger()  # Edit ▸ Undo
    assert window.timeline is not None and window.timeline is window.documents.timeline()
    assert not window.isWindowModified()
    assert _save(window, events_copy) == original, f"undo of {kind!r} did not restore the saved bytes"
    # Saved elsewhere (no layout to keep: the plain writer): before the edit, after its undo, after redo + undo.
    first = _save(window, tmp_path / "first.json")
    window.commands.redo.trigger()  # Edit ▸ Redo
    assert window.isWindowModified()
    assert _save(window, tmp_path / "redone.json") != first
    window.commands.undo.trigger()
    assert _save(window, tmp_path / "undone.json") == first
    window.commands.redo.trigger()
    window.commands.undo.trigger()
    assert _save(window, tmp_path / "undone-again.json") == first


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_after_saving_the_edit_saves_the_previous_file_again(qtbot, events_copy: Path, kind: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window_for_edits(qtbot, events_copy, monkeypatch)
    original = events_copy.read_bytes()
    _edit(qtbot, window, kind)
    _save(window, events_copy)  # Ctrl+S with the edit: the file's own layout is now the edited one
    window.commands.undo.trigger()
    assert window.isWindowModified()
    _save(window, events_copy)
    on_disk, shown = open_timeline(events_copy), window.timeline
    assert shown is not None
    assert (on_disk.title, on_disk.lanes, on_disk.sources) == (shown.title, shown.lanes, shown.sources)
    assert sorted(on_disk.events, key=lambda e: e.id) == sorted(shown.events, key=lambda e: e.id)
    assert events_copy.read_bytes() == original, f"undo of {kind!r} after a save did not restore the file"


def test_the_window_document_api_edits_through_the_undo_stack(qtbot, events_copy: Path) -> None:
    window = open_window(qtbot, events_copy)
    new = window.document.add_event({"title": "Working-level talks", "start": "2019-02-05", "lane": "summits"})
    assert isinstance(new, str) and window.timeline is not None and new in window.timeline.event_index
    assert window.timeline is window.documents.timeline()
    assert window.undo_stack.count() == 1 and window.isWindowModified()
    source = window.document.add_source_from_text("One.\nTwo.\n", "Another article")
    assert source in window.timeline.source_index and window.undo_stack.count() == 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert new not in window.timeline.event_index and source not in window.timeline.source_index
    assert not window.isWindowModified()


# --- unsaved changes ---------------------------------------------------------------------------------


def _retitle(window: MainWindow, title: str) -> None:
    assert window.documents.apply(lambda d: d.set_title(title)) is not None


def _rewrite(path: Path, title: str) -> None:
    """Another program saves the file: a new copy renamed over it, with another title."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["title"] = title
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


@pytest.mark.parametrize("answer", ["cancel", "discard", "save"])
def test_closing_with_unsaved_edits_asks_first(qtbot, events_copy: Path, answer: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, events_copy)
    original = events_copy.read_bytes()
    asked: list[tuple] = []
    monkeypatch.setattr(window.documents, "ask_unsaved", _answer(asked, answer))
    assert "[*]" in window.windowTitle() and not window.isWindowModified()
    _retitle(window, "Mine")
    assert window.isWindowModified() and window.windowTitle().startswith("Mine[*]")
    closed = window.close()
    assert asked == [("closing",)]
    assert closed == (answer != "cancel") and window.isVisible() == (answer == "cancel")
    if answer == "cancel":
        assert window.isWindowModified() and window.timeline.title == "Mine"
        # Reloading or opening another file asks too, and a cancel keeps the edits.
        assert window.reload() is False and window.open_file(default_events_path()) is False
        assert asked == [("closing",), ("reloading",), ("opening another file",)]
        assert window.path == events_copy.resolve() and window.timeline.title == "Mine"
        # File ▸ Open… too, once a file is picked in its dialog.
        monkeypatch.setattr(window.files, "ask_open_path", lambda: str(default_events_path()))
        window.commands.open.trigger()
        assert asked[-1] == ("opening another file",) and len(asked) == 4
        assert window.path == events_copy.resolve() and window.timeline.title == "Mine"
        assert events_copy.read_bytes() == original
    elif answer == "discard":
        assert events_copy.read_bytes() == original
    else:
        assert open_timeline(events_copy).title == "Mine"


def test_a_window_closed_with_its_edits_discarded_goes_quietly(qtbot, events_copy: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    window = desktop.create_window(events_copy)  # not qtbot's: this test deletes it
    monkeypatch.setattr(window.documents, "ask_unsaved", lambda doing: "discard")
    _retitle(window, "Mine")
    assert window.close()
    with qtbot.captureExceptions() as exceptions:
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not exceptions, f"{len(exceptions)} exceptions, the first: {exceptions[0][1]!r}"


@pytest.mark.parametrize("keep_mine", [True, False])
def test_a_change_on_disk_under_unsaved_edits_loses_neither(qtbot, tmp_path: Path, events_copy: Path,
                                                            keep_mine: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, events_copy)
    asked: list[tuple] = []
    monkeypatch.setattr(window.documents, "ask_external_change", _answer(asked, keep_mine))
    _retitle(window, "Mine")
    _rewrite(events_copy, "Theirs")
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert len(asked) == 1
    aside = [p for p in tmp_path.glob("events (*).json")]
    assert len(aside) == 1, sorted(p.name for p in tmp_path.iterdir())
    assert window.files.path == events_copy.resolve()
    if keep_mine:
        assert "changed on disk" in aside[0].name and open_timeline(aside[0]).title == "Theirs"
        assert window.timeline.title == "Mine" and window.isWindowModified() and window.undo_stack.count() == 1
        qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
        assert open_timeline(events_copy).title == "Mine"
    else:
        assert "unsaved edits" in aside[0].name and open_timeline(aside[0]).title == "Mine"
        assert window.timeline.title == "Theirs" and not window.isWindowModified()
        assert open_timeline(events_copy).title == "Theirs"
    assert len(list(tmp_path.glob("events (*).json"))) == 1, "the version aside was written again"


def test_saving_does_not_reload_the_apps_own_write(qtbot, events_copy: Path) -> None:
    window = open_window(qtbot, events_copy)
    for title in ("Mine", "Mine again"):
        _retitle(window, title)
        with qtbot.assertNotEmitted(window.files.loaded, wait=1000):
            qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
            assert not window.isWindowModified()
        assert open_timeline(events_copy).title == title
        assert not window.statusBar().currentMessage().startswith("Reloaded")
    assert window.undo_stack.count() == 2, "the undo history was cleared: the save was reloaded"
    # The watcher still follows another program's saves.
    with qtbot.waitSignal(window.files.loaded, timeout=5000):
        _rewrite(events_copy, "Theirs")
    assert window.timeline.title == "Theirs"


# --- imported files ------------------------------------------------------------------------------

CSV = ("id,start,title,lane,source,paragraph,quote\n"
       "talks,2019-02-27,Hanoi talks,Summits,Article,The leaders met in Hanoi.,met in Hanoi\n")


@pytest.mark.parametrize("name", ["timelinejs3/women_in_computing.json", "vis-timeline/basic.json",
                                  "thetimelineproj/example.timeline", "events.csv"])
def test_an_imported_file_is_saved_as_our_json_where_asked_never_over_itself(
        qtbot, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    imported = tmp_path / Path(name).name
    if name.endswith(".csv"):
        imported.write_text(CSV, encoding="utf-8")
    elif not (PEERS / name).is_file():
        pytest.skip(f"peer files not present ({PEERS})")
    else:
        shutil.copy(PEERS / name, imported)
    original = imported.read_bytes()
    window = open_window(qtbot, imported)
    assert window.path == imported.resolve() and window.timeline is not None and len(window.timeline.events) > 0
    target = tmp_path / "saved.json"
    asked: list[tuple] = []
    monkeypatch.setattr(window.documents, "ask_save_path", _answer(asked, None, target))
    _retitle(window, "Saved as ours")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)  # the dialog is cancelled: nothing is written
    assert len(asked) == 1 and window.isWindowModified() and not target.exists()
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert len(asked) == 2 and not window.isWindowModified()
    assert imported.read_bytes() == original, "the imported file was overwritten"
    assert window.path == target.resolve()
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["version"] == 1 and saved["title"] == "Saved as ours"
    assert len(saved["events"]) == len(window.timeline.events)
    assert sorted(open_timeline(target).events, key=lambda e: e.id) == sorted(window.timeline.events,
                                                                               key=lambda e: e.id)
    # Our file now: a further Save writes it without asking.
    _retitle(window, "Saved again")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert len(asked) == 2 and open_timeline(target).title == "Saved again"
    assert imported.read_bytes() == original


def test_a_new_event_never_overwrites_an_entry_the_loader_left_out(qtbot, tmp_path: Path) -> None:
    data = json.loads(default_events_path().read_text(encoding="utf-8"))
    broken = data["events"][1]
    assert broken["id"] == "first-summit"
    broken["start"] = "2018-13-12"  # no 13th month: left out, listed under Problems, kept in the file
    path = tmp_path / "events.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    window = open_window(qtbot, path)
    assert window.timeline is not None and len(window.timeline.problems) == 1
    assert window.document.add_event({"title": "First summit", "start": "2018-06", "lane": "summits"})
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    saved = json.loads(path.read_text(encoding="utf-8"))["events"]
    assert broken in saved, "the entry the loader left out was overwritten"
    assert len(saved) == len(data["events"]) + 1


def test_search_after_deleting_the_last_event(qtbot, events_copy: Path) -> None:
    window = open_window(qtbot, events_copy)
    last = window.timeline.events[len(window.timeline.events) - 1].id
    assert last == "article-published"  # the last event, in time and in the file
    click_event(qtbot, window.view, last)
    window.commands.delete_event.trigger()
    assert last not in window.timeline.event_index
    with qtbot.captureExceptions() as exceptions:
        qtbot.keyClicks(window.search_field, "summit")
    assert not exceptions, f"{len(exceptions)} exceptions, the first: {exceptions[0][1]!r}"
    assert window.state.match is not None and window.state.match.any()
    assert window.timeline.events_citing(SOURCE, 1)
