"""EventEditor: fields checked as typed with the loader's messages; committed, valid changes reported."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import DateError, parse_date
from desktop.model.records import Citation, Event, Source
from desktop.model.timeline import Timeline
from desktop.ui.event_editor import EventEditor

RETURN = Qt.Key.Key_Return


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    """The shipped dataset."""
    return open_timeline(default_events_path())


@pytest.fixture(scope="module")
def event(timeline) -> Event:
    """An event of the shipped dataset with a range and several citations."""
    return max(timeline.events, key=lambda e: (e.end is not None, len(e.citations)))


def _editor(qtbot, timeline: Timeline, width: int = 420, height: int = 700) -> EventEditor:
    editor = EventEditor()
    qtbot.addWidget(editor)
    editor.set_context(timeline)
    editor.resize(width, height)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


@pytest.fixture
def editor(qtbot, timeline) -> EventEditor:
    """A shown, active editor with the dataset's lanes and sources."""
    return _editor(qtbot, timeline)


def _child(editor: EventEditor, kind: type, name: str):
    widget = editor.findChild(kind, name)
    assert widget is not None, name
    return widget


def _retype(qtbot, field: QLineEdit, text: str) -> None:
    """Select all of a line edit, type `text` over it and press Enter, as a person does."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, RETURN)


def _problems(editor: EventEditor) -> str:
    return _child(editor, QLabel, "editorProblems").text()


def test_show_event_fills_the_form_and_emits_nothing(qtbot, editor, timeline, event) -> None:
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        editor.show_event(event)
        editor.set_context(timeline)
        editor.show_event(event, context_date="2019-03-01")
    assert editor.shown_event() == event.id
    assert _child(editor, QLineEdit, "editorTitle").text() == event.title
    assert _child(editor, QLineEdit, "editorStart").text() == event.start.text
    assert _child(editor, QLineEdit, "editorEnd").text() == (event.end.text if event.end else "")
    assert _child(editor, QComboBox, "editorLane").currentData() == event.lane
    assert _child(editor, QCheckBox, "editorApproximate").isChecked() == event.approximate
    assert _child(editor, QLineEdit, "editorTags").text() == ", ".join(event.tags)
    assert _child(editor, QPlainTextEdit, "editorSummary").toPlainText() == event.summary
    citations = _child(editor, QListWidget, "editorCitations")
    assert citations.count() == len(event.citations)
    first = event.citations[0]
    source = timeline.source_index[first.source]
    assert citations.item(0).text() == f"{source.title} · ¶{first.paragraph} · “{first.quote}”"
    assert editor.problems() == []
    assert not _child(editor, QLabel, "editorProblems").isVisible()


def test_title_typed_and_entered_is_reported(qtbot, editor, event) -> None:
    editor.show_event(event)
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        _retype(qtbot, _child(editor, QLineEdit, "editorTitle"), "Kim vows a third meeting")
    assert blocker.args == [event.id, {"title": "Kim vows a third meeting"}]


def test_a_bad_date_shows_the_loaders_message_and_emits_nothing(qtbot, editor, event) -> None:
    editor.show_event(event)
    start = _child(editor, QLineEdit, "editorStart")
    with pytest.raises(DateError) as loader:
        parse_date("2019-02-30")
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        _retype(qtbot, start, "2019-02-30")
    assert str(loader.value) in _problems(editor)
    assert _child(editor, QLabel, "editorProblems").isVisible()
    assert start.property("problem") is True
    # Fixed, the message goes and the change is reported.
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        _retype(qtbot, start, "2016-02")
    assert blocker.args == [event.id, {"start": "2016-02"}]
    assert _problems(editor) == ""
    assert start.property("problem") is False


def test_problems_show_while_typing(qtbot, editor, event) -> None:
    editor.show_event(event)
    start = _child(editor, QLineEdit, "editorStart")
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(start, "2016-1")
    assert "2016-1" in _problems(editor)
    qtbot.keyClicks(start, "1")
    assert _problems(editor) == ""


def test_end_before_start_is_reported(qtbot, editor, event) -> None:
    editor.show_event(event)
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        _retype(qtbot, _child(editor, QLineEdit, "editorStart"), "2019-02")
        _retype(qtbot, _child(editor, QLineEdit, "editorEnd"), "2018")
    assert "end '2018' is before start '2019-02'" in _problems(editor)
    # Clearing the end makes it valid again: both changes go out together.
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        _retype(qtbot, _child(editor, QLineEdit, "editorEnd"), "")
    assert blocker.args == [event.id, {"start": "2019-02", "end": None}]


def test_an_empty_title_is_reported_not_sent(qtbot, editor, event) -> None:
    editor.show_event(event)
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        _retype(qtbot, _child(editor, QLineEdit, "editorTitle"), "")
    assert "title" in _problems(editor)
    assert _child(editor, QLineEdit, "editorTitle").property("problem") is True


def test_lane_change_is_reported(qtbot, editor, timeline, event) -> None:
    editor.show_event(event)
    lane = _child(editor, QComboBox, "editorLane")
    index = lane.currentIndex()
    step, expected = (Qt.Key.Key_Down, index + 1) if index + 1 < lane.count() else (Qt.Key.Key_Up, index - 1)
    lane.setFocus()
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        qtbot.keyClick(lane, step)
    assert blocker.args == [event.id, {"lane": timeline.lanes[expected].id}]


def test_approximate_tags_and_summary_are_reported(qtbot, editor, event) -> None:
    editor.show_event(event)
    approximate = _child(editor, QCheckBox, "editorApproximate")
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        qtbot.mouseClick(approximate, Qt.MouseButton.LeftButton, pos=QPoint(8, approximate.height() // 2))
    assert blocker.args == [event.id, {"approximate": not event.approximate}]
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        _retype(qtbot, _child(editor, QLineEdit, "editorTags"), "talks ,, Hanoi ,")
    assert blocker.args == [event.id, {"tags": ["talks", "Hanoi"]}]
    summary = _child(editor, QPlainTextEdit, "editorSummary")
    summary.setFocus()
    qtbot.keyClick(summary, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        qtbot.keyClicks(summary, " More.")  # typing alone commits nothing
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        _child(editor, QLineEdit, "editorTitle").setFocus()  # leaving the summary commits it
    assert blocker.args == [event.id, {"summary": event.summary + " More."}]


def test_remove_a_citation(qtbot, editor, event) -> None:
    editor.show_event(event)
    citations = _child(editor, QListWidget, "editorCitations")
    remove = _child(editor, QPushButton, "editorRemoveCitation")
    assert not remove.isEnabled()
    item = citations.visualItemRect(citations.item(0))
    qtbot.mouseClick(citations.viewport(), Qt.MouseButton.LeftButton, pos=item.center())
    assert remove.isEnabled()
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    kept = [dataclasses.asdict(c) for c in event.citations[1:]]
    assert blocker.args == [event.id, {"citations": kept}]
    assert citations.count() == len(event.citations) - 1


def _odd_timeline(timeline: Timeline) -> tuple[Timeline, Event]:
    source = Source("odd", "<b>Odd</b> & source", ("Before <i>x</i> & <img src=y> after",))
    event = Event(
        "odd-event", "<b>Bold</b> & <script>no</script>", parse_date("2019-02"), timeline.lanes[0].id,
        citations=(Citation("odd", 1, "<i>x</i> & <img src=y>"),),
    )
    odd = Timeline.build(title="Odd", events=[event], lanes=timeline.lanes, sources=(*timeline.sources, source))
    return odd, event


def test_markup_stays_plain(qtbot, editor, timeline) -> None:
    odd, event = _odd_timeline(timeline)
    editor.set_context(odd)
    editor.show_event(event)
    assert _child(editor, QLineEdit, "editorTitle").text() == "<b>Bold</b> & <script>no</script>"
    row = _child(editor, QListWidget, "editorCitations").item(0).text()
    assert row == "<b>Odd</b> & source · ¶1 · “<i>x</i> & <img src=y>”"
    problems = _child(editor, QLabel, "editorProblems")
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        _retype(qtbot, _child(editor, QLineEdit, "editorStart"), "<b>2019</b>")
    assert problems.textFormat() == Qt.TextFormat.PlainText
    assert "<b>2019</b>" in problems.text()


def test_a_new_event_shows_the_article_date_but_suggests_no_date(qtbot, editor, timeline) -> None:
    quote = {"source": "kcna-vow-article", "paragraph": 6, "quote": "On Thursday, the summit came to an abrupt end"}
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        editor.show_new_event({"citations": [quote]}, context_date="2019-03-01")
    assert editor.shown_event() == ""
    context = _child(editor, QLabel, "editorContext")
    assert context.isVisible()
    assert "Article published 1 March 2019" in context.text()
    start = _child(editor, QLineEdit, "editorStart")
    assert start.text() == "" and _child(editor, QLineEdit, "editorTitle").text() == ""
    assert start.placeholderText().startswith("e.g. 2019, 2019-02")
    assert _problems(editor)  # no title, no date: said, not hidden
    assert _child(editor, QListWidget, "editorCitations").count() == 1
    with qtbot.assertNotEmitted(editor.fieldsEdited):
        _retype(qtbot, _child(editor, QLineEdit, "editorTitle"), "Hanoi summit ends early")
    with qtbot.waitSignal(editor.fieldsEdited, timeout=1000) as blocker:
        _retype(qtbot, start, "2019-02-28")
    event_id, fields = blocker.args
    assert event_id == ""
    assert fields["title"] == "Hanoi summit ends early" and fields["start"] == "2019-02-28"
    assert fields["citations"] == [quote] and fields["lane"] == timeline.lanes[0].id


def test_nothing_to_edit(qtbot, editor) -> None:
    editor.show_event(None)
    assert editor.shown_event() is None
    assert not _child(editor, QLineEdit, "editorTitle").isEnabled()
    assert _problems(editor) == ""


def _fits(editor: EventEditor) -> None:
    """Every input lies inside the visible width of the editor's scroll area."""
    viewport = _child(editor, QScrollArea, "editorScroll").viewport()
    assert viewport.width() > 0
    assert _child(editor, QScrollArea, "editorScroll").widget().width() <= viewport.width()
    for name in ("editorTitle", "editorStart", "editorEnd", "editorApproximate", "editorLane", "editorTags",
                 "editorSummary", "editorCitations", "editorRemoveCitation", "editorContext"):
        widget = _child(editor, QWidget, name)
        left = widget.mapTo(viewport, widget.rect().topLeft())
        assert left.x() >= 0 and left.x() + widget.width() <= viewport.width(), name
        assert widget.width() >= widget.minimumSizeHint().width(), name
    problems = _child(editor, QLabel, "editorProblems")
    assert problems.isVisible() and problems.mapTo(editor, problems.rect().bottomRight()).y() < editor.height()
    assert problems.heightForWidth(problems.width()) <= problems.height()  # every line of it shows


def test_renders_at_narrow_and_wide_widths(qtbot, timeline, event) -> None:
    shots = []
    for width, height in ((320, 560), (600, 760)):  # the narrow one scrolls
        editor = _editor(qtbot, timeline, width, height)
        editor.show_event(event, context_date="2019-03-01")
        _retype(qtbot, _child(editor, QLineEdit, "editorEnd"), "2015")  # a problem on show
        qtbot.waitUntil(lambda e=editor: _child(e, QLabel, "editorProblems").isVisible())
        _fits(editor)
        shots.append(editor.grab().toImage())
    sheet = QImage(sum(s.width() for s in shots) + 20, max(s.height() for s in shots), QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.darkGray)
    painter = QPainter(sheet)
    painter.drawImage(0, 0, shots[0])
    painter.drawImage(shots[0].width() + 20, 0, shots[1])
    painter.end()
    assert sheet.save("/tmp/h/editor.png")
