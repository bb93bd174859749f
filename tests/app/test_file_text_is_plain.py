"""File text is never markup: a file whose every string is HTML shows it literally, in every widget."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from helpers import open_window
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QTextEdit,
    QToolTip,
    QWidget,
)

# Rendered as rich text this would draw an image (and fetch it), a bold B, "&" and swallow the rest.
MARK = '<img src="x"><b>B</b>&amp;<script>'
FIELDS = (
    "TIMELINETITLE", "LANETITLE", "EVENTTITLE", "SUMMARY", "TAG", "SOURCETITLE",
    "PUBLISHER", "URL", "PARAGRAPH", "QUOTE",
)


def _text(name: str) -> str:
    """The value of one field: the markup, then a token naming the field."""
    return MARK + name


def _markup_file(tmp_path: Path) -> Path:
    quote = _text("QUOTE")
    data = {
        "version": 1,
        "title": _text("TIMELINETITLE"),
        "sources": [{
            "id": "s", "title": _text("SOURCETITLE"), "publisher": _text("PUBLISHER"),
            "published": "2019-03-01", "url": _text("URL"),
            "paragraphs": [f"{_text('PARAGRAPH')} and {quote}", "plain second"],
        }],
        "lanes": [{"id": "l", "title": _text("LANETITLE"), "color": "#336699"}],
        "events": [{
            "id": "e", "title": _text("EVENTTITLE"), "start": "2019-02-27", "lane": "l",
            "summary": _text("SUMMARY"), "tags": [_text("TAG")],
            "citations": [{"source": "s", "paragraph": 1, "quote": quote}],
        }],
    }
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _shown(text: str, rich: bool) -> QTextDocument:
    """The document Qt lays out for `text`: parsed as HTML when rich, else as characters."""
    document = QTextDocument()
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document


def _images(document: QTextDocument) -> int:
    """How many image fragments (each a resource Qt would fetch) the document holds."""
    count = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if isinstance(it.fragment().charFormat(), QTextImageFormat) or it.fragment().charFormat().isImageFormat():
                count += 1
            it += 1
        block = block.next()
    return count


def _auto_rich(text: str) -> bool:
    """Whether Qt's AutoText (labels, tooltips) would treat `text` as rich text."""
    return QtGui.Qt.mightBeRichText(text)  # QtGui's Qt namespace carries it


def _everything_shown(window: QWidget) -> Iterator[tuple[str, QTextDocument]]:
    """(where, document as Qt would lay it out) for each text the window's widgets show."""
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if widget.toolTip():
            yield f"{name} tooltip", _shown(widget.toolTip(), _auto_rich(widget.toolTip()))
        if isinstance(widget, QLabel):
            fmt = widget.textFormat()
            rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and _auto_rich(widget.text()))
            yield f"{name} text", _shown(widget.text(), rich)
        elif isinstance(widget, QTextEdit):
            yield f"{name} document", widget.document()
        elif isinstance(widget, QAbstractButton):
            yield f"{name} text", _shown(widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&"), False)
    for action in window.findChildren(QAction):
        for what, text in (("text", action.text()), ("tooltip", action.toolTip())):
            yield f"QAction {what}", _shown(text, what == "tooltip" and _auto_rich(text))
    yield "window title", _shown(window.windowTitle(), False)


def _assert_literal(where: str, document: QTextDocument) -> str:
    """No image in the document, and every field token it shows follows the whole markup, verbatim."""
    assert _images(document) == 0, f"{where} draws an image"
    plain = document.toPlainText()
    for field in FIELDS:
        at = plain.find(field)
        while at >= 0:
            assert plain[:at].endswith(MARK), f"{where} shows {field} without its markup: {plain!r}"
            at = plain.find(field, at + 1)
    return plain


def test_every_widget_shows_file_markup_as_text(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, _markup_file(tmp_path))
    assert window.timeline is not None and not window.problems_dock.isVisible()
    window.view.select_event("e")  # set-up; the point is what the docks then show
    qtbot.mouseClick(window.findChild(QPushButton, "showInArticleButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.article_dock.isVisible)

    # Hover a lane row with the real pointer: its tooltip must come up, as characters.
    lane = window.legend.lane_index("l")
    lane_title = lane.data(Qt.ItemDataRole.DisplayRole)
    assert lane_title == _text("LANETITLE")  # an item view draws its text as characters, never markup
    rect = window.legend.view.visualRect(lane)
    qtbot.mouseMove(window.legend.view.viewport(), rect.center())
    qtbot.waitUntil(QToolTip.isVisible, timeout=5000)
    tip = QToolTip.text()
    assert _images(_shown(tip, _auto_rich(tip))) == 0
    assert f"{MARK}LANETITLE — 1 event" in _shown(tip, _auto_rich(tip)).toPlainText()
    tip_labels = [w for w in QApplication.topLevelWidgets() if isinstance(w, QLabel) and w.isVisible()]
    for label in tip_labels:  # the tooltip window itself, as Qt shows it
        _assert_literal("tooltip window", _shown(label.text(), _auto_rich(label.text())))
    QToolTip.hideText()

    shown = [*_everything_shown(window), ("lane legend item", _shown(lane_title, False))]
    seen = " ".join(_assert_literal(where, document) for where, document in shown)
    for field in FIELDS:
        assert f"{MARK}{field}" in seen, f"{field} is shown nowhere as written"
    assert window.isVisible()  # the window survived all of it
