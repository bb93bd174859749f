"""SourcePanel shows an event's date, lane and cited paragraphs, escaped and highlighted."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from growth import assert_near_linear
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QTextBrowser

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.timeline import Timeline
from desktop.ui.source_panel import HIGHLIGHT, HINT, SourcePanel

SOURCE = "kcna-vow-article"
NASTY = "<script>alert(1)</script><b>x</b>"


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    """The shipped dataset."""
    return open_timeline(default_events_path())


@pytest.fixture
def panel(qtbot) -> SourcePanel:
    """A shown panel of about dock size."""
    widget = SourcePanel()
    qtbot.addWidget(widget)
    widget.resize(380, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _text(panel: SourcePanel) -> QTextBrowser:
    return panel.findChild(QTextBrowser, "sourceText")


def _button(panel: SourcePanel) -> QPushButton:
    return panel.findChild(QPushButton, "showInArticleButton")


def _marked(panel: SourcePanel) -> list[str]:
    """The texts drawn on the highlight colour, as plain strings."""
    pattern = re.compile(rf"background-color:{HIGHLIGHT}[^>]*>([^<]*)</span>", re.IGNORECASE)
    return [html.unescape(m) for m in pattern.findall(_text(panel).toHtml())]


def _write(tmp_path: Path, events: list[dict], paragraphs: list[str] | None = None) -> Timeline:
    """A small events file with one source and one lane, loaded without problems."""
    doc = {
        "version": 1,
        "title": "Small",
        "sources": [
            {
                "id": "src",
                "title": f"Source {NASTY}",
                "publisher": "The <i>Daily</i> & Co",
                "published": "2019-03",
                "paragraphs": paragraphs or ["First paragraph.", "Second <b>paragraph</b> here."],
            }
        ],
        "lanes": [{"id": "lane", "title": "Lane <u>one</u>", "color": "#112233"}],
        "events": events,
    }
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    loaded = open_timeline(path)
    assert not loaded.problems, loaded.problems
    return loaded


def test_starts_empty_with_a_hint(panel: SourcePanel) -> None:
    assert panel.shown_event() is None
    assert HINT in _text(panel).toPlainText()
    assert not _button(panel).isEnabled()
    assert _text(panel).openLinks() is False
    assert _text(panel).openExternalLinks() is False


def test_hanoi_summit_shows_date_lane_and_whole_paragraphs(panel, timeline) -> None:
    panel.show_event(timeline, "hanoi-summit")
    plain = _text(panel).toPlainText()
    assert panel.shown_event() == "hanoi-summit"
    assert "Second summit in Hanoi" in plain
    assert "27–28 February 2019" in plain
    assert "Summits" in plain
    assert "Trump and Kim meet in Hanoi" in plain  # summary
    assert "hanoi, summit" in plain  # tags
    source = timeline.source_index[SOURCE]
    assert source.title in plain
    assert "1 March 2019" in plain  # published
    for number in (6, 1):
        assert f"Paragraph {number}" in plain
        assert source.paragraphs[number - 1] in plain
    # The order the file cites them in: paragraph 6 first.
    assert plain.index("Paragraph 6") < plain.index("Paragraph 1")


def test_approximate_event_says_circa(panel, timeline) -> None:
    panel.show_event(timeline, "kim-proposal")
    assert "c. 27–28 February 2019" in _text(panel).toPlainText()


def test_month_event_shows_only_the_month(panel, timeline) -> None:
    panel.show_event(timeline, "first-summit")
    plain = _text(panel).toPlainText()
    assert "June 2018" in plain
    assert "c. June" not in plain


def test_quote_is_highlighted(panel, timeline) -> None:
    panel.show_event(timeline, "hanoi-summit")
    marked = _marked(panel)
    assert "The two leaders met in Hanoi, Vietnam, for the two-day summit this week." in marked
    assert "their second summit in Vietnam" in marked


def test_every_quote_of_one_paragraph_is_highlighted_once(panel, timeline) -> None:
    panel.show_event(timeline, "first-summit")
    plain = _text(panel).toPlainText()
    paragraph = timeline.source_index[SOURCE].paragraphs[17]
    # Two citations of paragraph 18: the paragraph is shown once, both quotes marked.
    assert plain.count(paragraph) == 1
    marked = _marked(panel)
    assert "the first Trump-Kim summit held in June 2018" in marked
    assert any(m.startswith("the two leaders reached an agreement") for m in marked)


def test_file_text_is_escaped_not_interpreted(panel, tmp_path) -> None:
    cited = [{"source": "src", "paragraph": 2, "quote": "<b>paragraph</b>"}]
    small = _write(tmp_path, [{"id": "e", "title": NASTY, "start": "2019-02-28", "lane": "lane",
                               "summary": "a <i>b</i> & c", "tags": ["<t>"], "citations": cited}])
    panel.show_event(small, "e")
    plain = _text(panel).toPlainText()
    for literal in (NASTY, f"Source {NASTY}", "The <i>Daily</i> & Co", "Lane <u>one</u>",
                    "a <i>b</i> & c", "<t>", "Second <b>paragraph</b> here."):
        assert literal in plain
    assert _marked(panel) == ["<b>paragraph</b>"]
    assert "&lt;script&gt;" in _text(panel).toHtml()


def test_only_the_first_occurrence_of_a_quote_is_highlighted(panel, tmp_path) -> None:
    cited = [{"source": "src", "paragraph": 1, "quote": "echo"}]
    small = _write(tmp_path, [{"id": "e", "title": "T", "start": "2019", "lane": "lane",
                               "citations": cited}], paragraphs=["echo one, echo two"])
    panel.show_event(small, "e")
    assert _marked(panel) == ["echo"]
    assert "echo one, echo two" in _text(panel).toPlainText()


def test_paragraph_whitespace_is_kept_verbatim(panel, tmp_path) -> None:
    text = "Spaced  out\tand\nbroken"
    small = _write(tmp_path, [{"id": "e", "title": "T", "start": "2019", "lane": "lane",
                               "citations": [{"source": "src", "paragraph": 1}]}],
                   paragraphs=[text])
    panel.show_event(small, "e")
    assert text in _text(panel).toPlainText()


def test_a_long_unbroken_word_costs_what_it_holds_and_copies_as_written(qtbot, panel, tmp_path) -> None:
    """Qt laid out a 250 KB word in time quadratic in its length (28 s a click): wrapping places are offered."""
    def shown(n: int) -> Callable[[], object]:
        word = "ab" * (n // 2)
        folder = tmp_path / str(n)
        folder.mkdir()
        small = _write(folder, [{"id": "e", "title": "T" + word, "start": "2019", "lane": "lane", "summary": word,
                                 "citations": [{"source": "src", "paragraph": 1, "quote": word[:50]}]}],
                       paragraphs=[word + " end"])

        def run() -> None:
            panel.show_event(None, None)
            panel.show_event(small, "e")
            panel.grab()  # lays the document out and paints it

        return run

    assert_near_linear(shown, 10_000)
    shown(300)()
    browser = _text(panel)
    assert "ab" * 150 not in browser.toPlainText()  # shown with places to wrap …
    browser.selectAll()
    browser.copy()
    copied = QGuiApplication.clipboard().text()
    assert "T" + "ab" * 150 in copied and "ab" * 150 + " end" in copied  # … copied as written
    assert "\u200b" not in copied


def test_button_is_disabled_without_citations(panel, timeline, tmp_path) -> None:
    small = _write(tmp_path, [{"id": "bare", "title": "Bare", "start": "2019", "lane": "lane"}])
    panel.show_event(small, "bare")
    assert not _button(panel).isEnabled()
    assert "No source is cited" in _text(panel).toPlainText()
    panel.show_event(timeline, "hanoi-summit")
    assert _button(panel).isEnabled()


def test_clicking_the_button_asks_for_the_article(qtbot, panel, timeline) -> None:
    panel.show_event(timeline, "hanoi-summit")
    with qtbot.waitSignal(panel.showInArticleRequested, timeout=1000) as blocker:
        qtbot.mouseClick(_button(panel), Qt.MouseButton.LeftButton)
    assert blocker.args == [SOURCE, [1, 6]]


def test_repeated_paragraphs_are_reported_once(qtbot, panel, timeline) -> None:
    panel.show_event(timeline, "un-sanctions-2016-2017")
    with qtbot.waitSignal(panel.showInArticleRequested, timeout=1000) as blocker:
        qtbot.mouseClick(_button(panel), Qt.MouseButton.LeftButton)
    assert blocker.args == [SOURCE, [11, 12]]


def test_none_and_unknown_ids_clear(panel, timeline) -> None:
    panel.show_event(timeline, "hanoi-summit")
    panel.show_event(timeline, None)
    assert panel.shown_event() is None
    assert HINT in _text(panel).toPlainText()
    assert not _button(panel).isEnabled()
    panel.show_event(timeline, "no-such-event")
    assert panel.shown_event() is None
    panel.show_event(None, "hanoi-summit")
    assert panel.shown_event() is None


def test_renders_readably(panel, timeline) -> None:
    panel.show_event(timeline, "hanoi-summit")
    image = panel.grab()
    assert image.width() == 380 and image.height() == 600
    assert image.save("/tmp/source_panel.png")
