"""The dock contents that show the selected event and the paragraphs it comes from."""

from __future__ import annotations

from bisect import bisect_right
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.model.dates import format_date, format_span
from desktop.model.quotes import grouped_citations, marked
from desktop.model.records import Event, Source
from desktop.model.timeline import Timeline
from desktop.render.text_style import break_offsets, breakable, muted_color
from desktop.ui.drawn_text import PlainBrowser

HIGHLIGHT = "#fff2a8"
# Dark text on the highlight: in a dark palette the default (light) text would vanish on yellow.
HIGHLIGHT_TEXT = "#1a1a1a"
HINT = "Click an event to see where it comes from."


def _shown(text: str) -> str:
    """File text as HTML: escaped, and long unbroken words given places to wrap."""
    return escape(breakable(text))


def _highlighted(paragraph: str, quotes: list[str]) -> str:
    """The paragraph as HTML: every piece escaped, the first occurrence of each quote marked."""
    style = f"background-color:{HIGHLIGHT}; color:{HIGHLIGHT_TEXT}"
    # Breaks are placed in the whole paragraph (as a copy reads them back), then the quotes marked.
    breaks = break_offsets(paragraph)
    shown = (breakable(paragraph), lambda offset: offset + bisect_right(breaks, offset))
    return marked(paragraph, quotes, escape, lambda quote: f'<span style="{style}">{escape(quote)}</span>', shown)


class SourcePanel(QWidget):
    """Shows one event: its date, lane, summary and the cited paragraphs, quotes marked."""

    showInArticleRequested = Signal(str, list)  # source id, sorted cited paragraph numbers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._event: Event | None = None
        self._text = PlainBrowser(self)
        self._text.setObjectName("sourceText")
        # File text is never a link to follow: the browser must not navigate or open anything.
        self._text.setOpenLinks(False)
        self._text.setOpenExternalLinks(False)
        self._button = QPushButton("Show in article", self)
        self._button.setObjectName("showInArticleButton")
        self._button.setToolTip("Open the whole source with the cited paragraphs marked")
        self._button.clicked.connect(self._on_button_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self._text, 1)
        layout.addLayout(buttons)
        self.show_event(None, None)

    def shown_event(self) -> str | None:
        """Id of the event on show, or None."""
        return self._event.id if self._event is not None else None

    def show_event(self, timeline: Timeline | None, event_id: str | None) -> None:
        """Show `event_id` of `timeline`; None (or an unknown id) clears the panel."""
        self._timeline = timeline
        index = timeline.event_index.get(event_id) if timeline and event_id is not None else None
        self._event = timeline.events[index] if timeline is not None and index is not None else None
        if self._event is None:
            self._text.setHtml(f'<p style="color:{muted_color(self)}">{escape(HINT)}</p>')
            self._button.setEnabled(False)
            return
        self._text.setHtml(self._event_html(self._event))
        self._button.setEnabled(bool(self._event.citations))

    def _event_html(self, event: Event) -> str:
        """The whole panel as HTML; every string from the file goes through `escape`."""
        assert self._timeline is not None
        muted = muted_color(self)
        lane = self._timeline.lanes[self._timeline.lane_index[event.lane]]
        when = format_span(event.start, event.end, event.approximate)
        swatch = f'<span style="color:{escape(lane.color)}">&#9632;</span>'
        parts = [
            '<p style="font-size:large; font-weight:600; margin-bottom:2px">'
            f"{_shown(event.title)}</p>",
            f'<p style="margin-top:0">{escape(when)} &nbsp;{swatch} {_shown(lane.title)}</p>',
        ]
        if event.summary:
            parts.append(f"<p>{_shown(event.summary)}</p>")
        if event.tags:
            tags = ", ".join(_shown(tag) for tag in event.tags)
            parts.append(f'<p style="color:{muted}">Tags: {tags}</p>')
        if not event.citations:
            parts.append(f'<p style="color:{muted}"><i>No source is cited for this event.</i></p>')
        for source_id, paragraphs in grouped_citations(event.citations).items():
            source = self._timeline.source_index.get(source_id)
            parts.append("<hr/>")
            if source is None:
                parts.append(f'<p style="color:{muted}">Source {_shown(source_id)} is missing.</p>')
                continue
            parts.append(self._source_heading(source, muted))
            for number, quotes in paragraphs.items():
                parts.append(self._paragraph_html(source, number, quotes, muted))
        return "".join(parts)

    @staticmethod
    def _source_heading(source: Source, muted: str) -> str:
        """Title, then publisher · date · address in a muted line."""
        meta = [_shown(source.publisher)] if source.publisher else []
        if source.published is not None:
            meta.append(escape(format_date(source.published)))
        if source.url:
            meta.append(_shown(source.url))
        heading = f'<p style="font-weight:600; margin-bottom:0">{_shown(source.title)}</p>'
        if meta:
            heading += f'<p style="color:{muted}; margin-top:0">{" · ".join(meta)}</p>'
        return heading

    @staticmethod
    def _paragraph_html(source: Source, number: int, quotes: list[str], muted: str) -> str:
        """'Paragraph N' and the whole paragraph, quotes marked; whitespace kept as written."""
        label = f'<p style="color:{muted}; margin-bottom:0">Paragraph {number}</p>'
        if not 1 <= number <= len(source.paragraphs):
            return label + f'<p style="color:{muted}">(not in the source)</p>'
        text = _highlighted(source.paragraphs[number - 1], quotes)
        # pre-wrap keeps the paragraph verbatim (runs of spaces, tabs) yet still wraps.
        return label + f'<p style="white-space:pre-wrap; margin-top:2px">{text}</p>'

    def _on_button_clicked(self) -> None:
        event = self._event
        if event is None or not event.citations:
            return
        source_id = event.citations[0].source
        cited = sorted({c.paragraph for c in event.citations if c.source == source_id})
        self.showInArticleRequested.emit(source_id, cited)
