"""ArticleView shows a whole source, marks paragraphs, scrolls to them and reports clicks."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTextBrowser

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.records import Source
from desktop.ui.article_view import HIGHLIGHT, HINT, ArticleView

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def source() -> Source:
    """The shipped dataset's one source (19 paragraphs)."""
    timeline = open_timeline(default_events_path())
    return timeline.source_index["kcna-vow-article"]


def _view(qtbot, width: int = 360, height: int = 300) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot) -> ArticleView:
    """A shown, small view: most paragraphs need scrolling."""
    return _view(qtbot)


def _browser(view: ArticleView) -> QTextBrowser:
    return view.findChild(QTextBrowser, "articleText")


def _in_view(view: ArticleView, n: int) -> bool:
    return _browser(view).viewport().rect().toRectF().contains(view.paragraph_rect(n))


def test_starts_empty_with_a_hint(view: ArticleView) -> None:
    assert view.shown_source() is None
    assert view.highlighted() == []
    assert HINT in _browser(view).toPlainText()
    assert _browser(view).isReadOnly()


def test_all_paragraphs_with_their_numbers(view, source) -> None:
    view.show_source(source)
    plain = _browser(view).toPlainText()
    assert view.shown_source() == source.id
    assert source.title in plain
    assert "1 March 2019" in plain
    assert len(source.paragraphs) == 19
    for number, paragraph in enumerate(source.paragraphs, start=1):
        assert f"¶ {number}\t{paragraph}" in plain


@pytest.mark.parametrize("number", [1, 6, 12, 19])
def test_click_on_a_paragraph_reports_it(qtbot, view, source, number) -> None:
    view.show_source(source)
    viewport = _browser(view).viewport()
    pos = view.paragraph_position(number)
    assert viewport.rect().contains(pos)
    with qtbot.waitSignal(view.paragraphClicked, timeout=1000) as blocker:
        qtbot.mouseClick(viewport, LEFT, pos=pos)
    assert blocker.args == [source.id, number]


def test_clicks_in_a_row_each_report(qtbot, view, source) -> None:
    view.show_source(source)
    viewport = _browser(view).viewport()
    for number in (19, 2, 14):
        with qtbot.waitSignal(view.paragraphClicked, timeout=1000) as blocker:
            qtbot.mouseClick(viewport, LEFT, pos=view.paragraph_position(number))
        assert blocker.args == [source.id, number]


def test_last_paragraph_needs_scrolling(view, source) -> None:
    view.show_source(source)
    assert not _in_view(view, 19)
    view.paragraph_position(19)
    assert _in_view(view, 19)
    assert _browser(view).verticalScrollBar().value() > 0


def test_heading_and_blank_space_are_not_paragraphs(qtbot, source) -> None:
    view = _view(qtbot, 360, 600)
    short = Source("short", "A <b>short</b> one", ("Only paragraph.",))
    view.show_source(short)
    viewport = _browser(view).viewport()
    with qtbot.assertNotEmitted(view.paragraphClicked):
        qtbot.mouseClick(viewport, LEFT, pos=QPoint(20, 10))  # the title
        qtbot.mouseClick(viewport, LEFT, pos=QPoint(20, 500))  # below the text
    assert "A <b>short</b> one" in _browser(view).toPlainText()


def test_a_drag_that_selects_text_is_not_a_click(qtbot, view, source) -> None:
    view.show_source(source)
    viewport = _browser(view).viewport()
    start = view.paragraph_position(3)
    with qtbot.assertNotEmitted(view.paragraphClicked):
        qtbot.mousePress(viewport, LEFT, pos=start)
        qtbot.mouseMove(viewport, start + QPoint(120, 0))
        qtbot.mouseRelease(viewport, LEFT, pos=start + QPoint(120, 0))
    assert _browser(view).textCursor().hasSelection()


def test_scroll_to_brings_a_late_paragraph_into_view(view, source) -> None:
    view.show_source(source, scroll_to=17)
    assert _in_view(view, 17)
    assert not _in_view(view, 1)


def test_scrolls_to_the_first_highlight_by_default(view, source) -> None:
    view.show_source(source, highlighted=[18, 15])
    assert view.highlighted() == [15, 18]
    assert _in_view(view, 15)


def test_an_early_highlight_keeps_the_heading_in_view(view, source) -> None:
    view.show_source(source, highlighted=[1])
    assert _browser(view).verticalScrollBar().value() == 0


def test_scroll_asked_while_hidden_happens_when_shown(qtbot, source) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(360, 300)
    view.show_source(source, highlighted=[16])
    view.show()
    qtbot.waitExposed(view)
    assert _in_view(view, 16)


def test_highlighting_shows_in_html(view, source) -> None:
    view.show_source(source, highlighted=[6, 11, 99, 0])
    assert view.highlighted() == [6, 11]  # numbers outside the source are dropped
    blocks = re.findall(r"<p [^>]*>.*?</p>", _browser(view).toHtml(), re.S)
    marked = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks if HIGHLIGHT in b]
    assert marked == [f"¶ 6\t{source.paragraphs[5]}", f"¶ 11\t{source.paragraphs[10]}"]


def test_file_text_is_not_interpreted(view) -> None:
    odd = Source("odd", "<script>alert(1)</script>", ("<b>x</b> & y", "two\nlines", "after"))
    view.show_source(odd)
    plain = _browser(view).toPlainText()
    assert "<script>alert(1)</script>" in plain
    assert "¶ 1\t<b>x</b> & y" in plain
    assert "two\nlines" in plain
    # A line break inside a paragraph does not shift the numbering.
    assert "¶ 3\tafter" in plain
    with pytest.raises(ValueError):
        view.paragraph_position(4)


def test_clear(view, source) -> None:
    view.show_source(source, highlighted=[2])
    view.clear()
    assert view.shown_source() is None
    assert view.highlighted() == []
    assert HINT in _browser(view).toPlainText()


def test_renders_readably(qtbot, source) -> None:
    view = _view(qtbot, 380, 600)
    view.show_source(source, highlighted=[6, 7])
    image = view.grab()
    assert image.width() == 380 and image.height() == 600
    assert image.save("/tmp/article_view.png")
