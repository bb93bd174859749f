"""ArticleView's selection: words of one paragraph, verbatim from the Source, and the context menu."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from growth import assert_near_linear
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.records import Source
from desktop.ui.article_view import ArticleView, QuoteSelection

LEFT = Qt.MouseButton.LeftButton
# Line breaks of every kind and characters outside the BMP (two UTF-16 units in Qt) inside one paragraph.
ODD = Source(
    "odd",
    "<b>Odd</b> one",
    ("Flags 🇰🇵🇺🇸 met\r\nin “Hanoi” — <i>not</i> Seoul 😀 end", "two\nlines\rand more", "𝒜 plain &amp; last"),
)


@pytest.fixture(scope="module")
def source() -> Source:
    """The shipped dataset's one source (19 paragraphs)."""
    return open_timeline(default_events_path()).source_index["kcna-vow-article"]


@pytest.fixture
def view(qtbot) -> ArticleView:
    """A shown view, wide enough that a few words sit on one line."""
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(600, 420)
    view.show()
    qtbot.waitExposed(view)
    return view


def _browser(view: ArticleView) -> QTextBrowser:
    return view.findChild(QTextBrowser, "articleText")


def _selected_on_screen(view: ArticleView) -> str:
    """What the text widget itself has selected, with Qt's separators read back as the file's."""
    return _browser(view).textCursor().selectedText()


def _pixel(view: ArticleView, paragraph: int, offset: int) -> QPoint:
    """Viewport pixel just inside the character boundary at `offset` of a paragraph's drawn text."""
    browser = _browser(view)
    block = browser.document().firstBlock()
    while block.userState() != paragraph:
        block = block.next()
    label = len(f"¶ {paragraph}\t")
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + label + offset)
    rect = browser.cursorRect(cursor)
    return QPoint(rect.center().x(), rect.center().y())


def _drag(qtbot, view: ArticleView, start: QPoint, end: QPoint) -> None:
    viewport = _browser(view).viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    for step in range(1, 5):
        qtbot.mouseMove(viewport, start + (end - start) * (step / 4))
    qtbot.mouseRelease(viewport, LEFT, pos=end)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (2, "calling talks over the two-day summit “productive”"),  # curly quotes
        (3, "#TicTocTrumpKim #북미회담"),  # Hangul in a hashtag
        (4, "https://t.co/X2gVgHlA9U"),  # a URL, not a link
        (8, "“Basically,"),
        (19, "North Korea’s struggling economy."),  # the last paragraph, scrolled to
    ],
)
def test_select_text_gives_the_exact_words(qtbot, view, source, number, words) -> None:
    view.show_source(source)
    paragraph = source.paragraphs[number - 1]
    start = paragraph.index(words)
    with qtbot.waitSignal(view.selectionChanged, timeout=1000):
        view.select_text(number, start, start + len(words))
    assert view.selected_quote() == QuoteSelection(source.id, number, start, start + len(words), words)
    assert view.selection_error() == ""
    assert _selected_on_screen(view) == words
    # The selection is scrolled into view.
    assert _browser(view).viewport().rect().intersects(view.paragraph_rect(number).toRect())


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "🇰🇵🇺🇸 met\r\nin “Hanoi”"),  # across a CR LF drawn as one line separator
        (1, "<i>not</i> Seoul 😀 end"),
        (2, "two\nlines\rand"),
        (3, "plain &amp;"),  # after a character beyond the BMP
    ],
)
def test_offsets_survive_line_breaks_and_astral_characters(qtbot, view, number, words) -> None:
    view.show_source(ODD)
    paragraph = ODD.paragraphs[number - 1]
    start = paragraph.index(words)
    view.select_text(number, start, start + len(words))
    quote = view.selected_quote()
    assert quote is not None
    assert (quote.paragraph, quote.start, quote.end, quote.text) == (number, start, start + len(words), words)
    drawn = words.replace("\r\n", "\u2028").replace("\n", "\u2028").replace("\r", "\u2028")
    assert _selected_on_screen(view) == drawn


# One unbroken word far longer than a line, with astral characters and a CR LF before it: drawn with breaks.
LONG = Source("long", "L", ("see 😀\r\n" + "".join(f"{i:05d}" for i in range(200)) + "😀tail end", "next"))


def test_offsets_survive_the_breaks_drawn_in_a_long_word(qtbot, view) -> None:
    """A word of 1,000 characters is drawn with zero-width breaks; selections still map to the file's offsets."""
    view.show_source(LONG)
    paragraph = LONG.paragraphs[0]
    assert "\u200b" in _browser(view).toPlainText()
    # A drag over the word quotes exactly the characters under it, with no break in them.
    with qtbot.waitSignal(view.selectionChanged, timeout=1000):
        _drag(qtbot, view, _pixel(view, 1, len("see 😀 ") + 1 + 150), _pixel(view, 1, len("see 😀 ") + 1 + 700))
    quote = view.selected_quote()
    assert quote is not None, (view.selection_error(), _selected_on_screen(view))
    assert quote.text == paragraph[quote.start:quote.end] and "\u200b" not in quote.text
    assert len(quote.text) > 400
    _browser(view).copy()
    assert QApplication.clipboard().text() == quote.text
    for words in ("00119" + "".join(f"{i:05d}" for i in range(120, 150)), "00199😀tail", "😀\r\n00000", paragraph):
        start = paragraph.index(words)
        view.select_text(1, start, start + len(words))
        quote = view.selected_quote()
        assert quote is not None and (quote.start, quote.end, quote.text) == (start, start + len(words), words)


def test_a_long_unbroken_word_costs_what_it_holds(view) -> None:
    """Laying out one word of 100,000 characters: ten times the word, at most ~twenty times the time."""
    def shown(n: int) -> Callable[[], object]:
        source = Source("w", "W" * n, ("x" * n, "y"))

        def run() -> None:
            view.clear()
            view.show_source(source)
            view.grab()

        return run

    assert_near_linear(shown, 10_000)


def test_outer_spaces_are_trimmed(view, source) -> None:
    view.show_source(source)
    paragraph = source.paragraphs[6]
    start = paragraph.index(" told reporters ")
    view.select_text(7, start, start + len(" told reporters "))
    quote = view.selected_quote()
    assert quote is not None
    assert quote.text == "told reporters"
    assert paragraph[quote.start:quote.end] == "told reporters"


def test_bad_offsets_are_refused(view, source) -> None:
    view.show_source(source)
    with pytest.raises(ValueError):
        view.select_text(2, 5, 3)
    with pytest.raises(ValueError):
        view.select_text(2, 0, len(source.paragraphs[1]) + 1)
    with pytest.raises(ValueError):
        view.select_text(20, 0, 1)


def test_a_mouse_drag_selects_words(qtbot, view, source) -> None:
    view.show_source(source)
    paragraph = source.paragraphs[5]
    start = paragraph.index("Hanoi")
    end = paragraph.index("Vietnam") + len("Vietnam")
    view.paragraph_position(6)  # scrolled into view
    with qtbot.waitSignal(view.selectionChanged, timeout=1000):
        _drag(qtbot, view, _pixel(view, 6, start), _pixel(view, 6, end))
    quote = view.selected_quote()
    assert quote is not None
    assert quote == QuoteSelection(source.id, 6, start, end, "Hanoi, Vietnam")
    assert _selected_on_screen(view) == quote.text


def test_a_drag_across_paragraphs_is_refused(qtbot, view, source) -> None:
    view.show_source(source)
    view.paragraph_position(3)
    end = _pixel(view, 4, source.paragraphs[3].index("business"))
    with qtbot.waitSignal(view.selectionChanged, timeout=1000):
        _drag(qtbot, view, _pixel(view, 3, 4), end)
    assert _selected_on_screen(view)
    assert view.selected_quote() is None
    assert view.selection_error() == "Select words within one paragraph: this selection spans paragraphs 3–4"


def test_a_selection_reaching_only_the_next_block_stays_in_its_paragraph(qtbot, view, source) -> None:
    view.show_source(source)
    browser = _browser(view)
    view.select_text(5, 2, 8)
    cursor = browser.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)  # as a drag that ends at the very start of ¶ 6
    quote = view.selected_quote()
    assert quote is not None
    assert quote.paragraph == 5
    assert quote.text == source.paragraphs[4][2:]


def test_select_all_and_heading_are_refused(qtbot, view, source) -> None:
    view.show_source(source)
    browser = _browser(view)
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_quote() is None
    assert view.selection_error() == "Select words within one paragraph: this selection includes the heading"
    cursor = QTextCursor(browser.document().firstBlock())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)
    assert view.selected_quote() is None
    assert "heading" in view.selection_error()


def test_a_click_or_a_new_source_clears_the_selection(qtbot, view, source) -> None:
    view.show_source(source)
    view.select_text(2, 0, 5)
    assert view.selected_quote() is not None
    with qtbot.waitSignal(view.selectionChanged, timeout=1000):
        qtbot.mouseClick(_browser(view).viewport(), LEFT, pos=view.paragraph_position(1))
    assert view.selected_quote() is None
    assert view.selection_error() == ""
    view.select_text(2, 0, 5)
    with qtbot.waitSignal(view.selectionChanged, timeout=1000):
        view.show_source(ODD)
    assert view.selected_quote() is None


def test_markup_in_the_source_is_quoted_as_written(view) -> None:
    view.show_source(ODD)
    paragraph = ODD.paragraphs[0]
    view.select_text(1, 0, len(paragraph))
    quote = view.selected_quote()
    assert quote is not None and quote.text == paragraph


def _texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def test_context_menu_keeps_copy_and_adds_the_apps_actions(qtbot, view, source) -> None:
    view.show_source(source)
    view.select_text(2, 0, 11)
    new_event = QAction("New Event from Selection", view)
    add_citation = QAction("Add Citation from Selection", view)
    view.set_context_actions([new_event, add_citation])
    menu = view.context_menu(view.paragraph_position(2))
    texts = _texts(menu)
    assert any(text.replace("&", "").startswith("Copy") for text in texts)
    assert texts[-2:] == ["New Event from Selection", "Add Citation from Selection"]
    copy = next(a for a in menu.actions() if a.text().replace("&", "").startswith("Copy"))
    assert copy.isEnabled()  # something is selected
    with qtbot.waitSignal(new_event.triggered, timeout=1000):
        next(a for a in menu.actions() if a is new_event).trigger()
    menu.deleteLater()
    view.set_context_actions([])
    assert "New Event from Selection" not in _texts(view.context_menu(QPoint(5, 5)))


def test_a_right_click_opens_the_menu(qtbot, view, source) -> None:
    view.show_source(source)
    action = QAction("New Event from Selection", view)
    view.set_context_actions([action])
    seen: list[list[str]] = []

    def close_menu() -> None:
        popup = QApplication.activePopupWidget()
        if isinstance(popup, QMenu):
            seen.append(_texts(popup))
            popup.close()

    QTimer.singleShot(0, close_menu)
    viewport = _browser(view).viewport()
    pos = view.paragraph_position(2)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    assert seen and seen[0][-1] == "New Event from Selection"
    assert action.text() == "New Event from Selection"  # the app's action outlives the menu
