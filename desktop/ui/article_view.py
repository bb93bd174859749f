"""The dock contents that show a whole source, paragraph by paragraph, some of them marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QShowEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QMenu, QVBoxLayout, QWidget

from desktop.model.dates import format_date
from desktop.model.records import Source
from desktop.render.text_style import muted_color
from desktop.ui.drawn_text import PlainBrowser, drawn, drawn_points, to_drawn, to_source

HIGHLIGHT = "#fff2a8"
# Dark text on the highlight: a dark palette's light text would vanish on yellow.
HIGHLIGHT_TEXT = "#1a1a1a"
HINT = "Choose “Show in article” on an event to read its whole source here."
NOT_A_PARAGRAPH = -1  # QTextBlock.userState of headings and hints
SCROLL_CONTEXT = 8  # pixels left above a paragraph scrolled to, so it does not touch the edge
ONE_PARAGRAPH = "Select words within one paragraph"


@dataclass(frozen=True, slots=True)
class QuoteSelection:
    """Words selected in one paragraph, verbatim: `text == paragraphs[paragraph - 1][start:end]`."""

    source_id: str
    paragraph: int  # 1-based
    start: int  # offsets in the source's paragraph text (Python characters)
    end: int
    text: str


class ArticleView(QWidget):
    """A whole source, one block per paragraph; a click on a paragraph is reported."""

    paragraphClicked = Signal(str, int)  # source id, 1-based paragraph
    selectionChanged = Signal()  # selected_quote() or selection_error() changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Source | None = None
        self._highlighted: list[int] = []
        self._pending_scroll: int | None = None
        self._press: QPoint | None = None
        self._context_actions: list[QAction] = []
        self._selection: tuple[QuoteSelection | None, str] = (None, "")
        self._text = PlainBrowser(self)
        self._text.setObjectName("articleText")
        self._text.setReadOnly(True)
        self._text.setOpenLinks(False)
        self._text.setOpenExternalLinks(False)
        self._text.viewport().installEventFilter(self)
        self._text.selectionChanged.connect(self._on_text_selectionChanged)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self._text)
        self.clear()


    def shown_source(self) -> str | None:
        """Id of the source on show, or None."""
        return self._source.id if self._source is not None else None

    def highlighted(self) -> list[int]:
        """The marked paragraph numbers, ascending."""
        return list(self._highlighted)

    def clear(self) -> None:
        """Show nothing but a short hint."""
        self._source = None
        self._highlighted = []
        self._pending_scroll = None
        self._text.clear()
        cursor = QTextCursor(self._text.document())
        cursor.insertText(HINT, self._char_format(color=muted_color(self)))
        cursor.block().setUserState(NOT_A_PARAGRAPH)
        self._on_text_selectionChanged()

    def show_source(
        self, source: Source, highlighted: Sequence[int] = (), scroll_to: int | None = None
    ) -> None:
        """Show all of `source`, mark `highlighted`, scroll to `scroll_to` (default: first mark)."""
        count = len(source.paragraphs)
        self._source = source
        self._highlighted = sorted({n for n in highlighted if 1 <= n <= count})
        self._build(source)
        self._on_text_selectionChanged()
        target = scroll_to if scroll_to is not None else next(iter(self._highlighted), None)
        self._pending_scroll = None
        if target is not None and 1 <= target <= count:
            if self.isVisible():
                self._scroll_to_paragraph(target)
            else:
                # A hidden widget has no real width yet, so the layout (and where the
                # paragraph lies) is only known once it is shown.
                self._pending_scroll = target

    def paragraph_position(self, n: int) -> QPoint:
        """A viewport pixel on paragraph `n`'s first line, scrolled into view if needed."""
        block = self._block(n)
        if not self._text.viewport().rect().contains(self._line_rect(block, 0).center().toPoint()):
            self._scroll_to_paragraph(n)
        line = self._line_rect(block, 0)
        layout_line = block.layout().lineAt(0)
        # Aim inside the written text, not at the blank end of a short line.
        x = line.left() + min(max(layout_line.naturalTextWidth() / 2, 1.0), 40.0)
        return QPoint(round(x), round(line.center().y()))

    def paragraph_rect(self, n: int) -> QRectF:
        """Paragraph `n`'s rectangle in viewport pixels, as currently scrolled."""
        return self._viewport_rect(self._block(n))

    def select_text(self, paragraph: int, start: int, end: int) -> None:
        """Select characters `start:end` of paragraph `paragraph`'s text (as in the Source) and show them."""
        block = self._block(paragraph)
        assert self._source is not None  # _block found the paragraph
        text = self._source.paragraphs[paragraph - 1]
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"characters {start}:{end} are not in paragraph {paragraph} ({len(text)} long)")
        at = block.position() + _label_length(paragraph)
        points = drawn_points(text)
        cursor = QTextCursor(block)
        cursor.setPosition(at + to_drawn(points, start))
        cursor.setPosition(at + to_drawn(points, end), QTextCursor.MoveMode.KeepAnchor)
        self._text.setTextCursor(cursor)
        self._text.ensureCursorVisible()

    def selected_quote(self) -> QuoteSelection | None:
        """The selected words of one paragraph, verbatim and trimmed of outer spaces; None otherwise."""
        return self._selection[0]

    def selection_error(self) -> str:
        """Why the selection cannot be quoted; empty when it can or when nothing is selected."""
        return self._selection[1]

    def set_context_actions(self, actions: Sequence[QAction]) -> None:
        """Actions shown after the standard ones (Copy, Select All) in the text's context menu."""
        self._context_actions = list(actions)

    def context_menu(self, pos: QPoint) -> QMenu:
        """The text's context menu for viewport pixel `pos`: the standard one, then the app's actions.

        The menu belongs to the text widget until the caller deletes it (`deleteLater`).
        """
        # The standard menu wants document coordinates (for links under the pointer).
        menu = self._text.createStandardContextMenu(pos + self._offset())
        menu.setObjectName("articleContextMenu")
        if self._context_actions:
            menu.addSeparator()
            for action in self._context_actions:
                menu.addAction(action)
        return menu

    def _on_text_selectionChanged(self) -> None:
        state = self._read_selection()
        if state != self._selection:
            self._selection = state
            self.selectionChanged.emit()

    def _read_selection(self) -> tuple[QuoteSelection | None, str]:
        """The quote under the text cursor's selection, or the reason there is none."""
        cursor = self._text.textCursor()
        if self._source is None or not cursor.hasSelection():
            return None, ""
        document = self._text.document()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        first, last = document.findBlock(start), document.findBlock(end)
        # A drag that reaches the very start of the next block (or leaves from the very end
        # of one) selects no character there: it is about the block before (or after).
        while last != first and end - last.position() <= _label_length(last.userState()):
            last = last.previous()
            end = last.position() + last.length() - 1
        while first != last and start >= first.position() + first.length() - 1:
            first = first.next()
            start = first.position()
        number, to = first.userState(), last.userState()
        if first != last:
            if number < 1:
                return None, f"{ONE_PARAGRAPH}: this selection includes the heading"
            return None, f"{ONE_PARAGRAPH}: this selection spans paragraphs {number}–{to}"
        if number < 1:
            return None, "Select words in a numbered paragraph: the heading is not part of the text"
        label = first.position() + _label_length(number)
        if end <= label:
            return None, "Select words in the paragraph, not its number"
        text = self._source.paragraphs[number - 1]
        points = drawn_points(text)
        begin, finish = to_source(points, max(start - label, 0)), to_source(points, end - label)
        words = text[begin:finish]
        if not words.strip():
            return None, "The selection holds no words"
        # Outer spaces are not part of what anyone means to quote.
        begin += len(words) - len(words.lstrip())
        finish -= len(words) - len(words.rstrip())
        return QuoteSelection(self._source.id, number, begin, finish, text[begin:finish]), ""


    def _build(self, source: Source) -> None:
        """Fill the document through QTextCursor: file text is inserted as text, never parsed."""
        document = self._text.document()
        document.clear()
        cursor = QTextCursor(document)
        muted = muted_color(self)
        title = QTextBlockFormat()
        title.setBottomMargin(2)
        cursor.setBlockFormat(title)
        cursor.insertText(drawn(source.title), self._char_format(bold=True, scale=1.25))
        cursor.block().setUserState(NOT_A_PARAGRAPH)
        meta = [source.publisher] if source.publisher else []
        if source.published is not None:
            meta.append(format_date(source.published))
        if source.url:
            meta.append(source.url)
        meta.append(f"{len(source.paragraphs)} paragraphs")
        info = QTextBlockFormat()
        info.setBottomMargin(8)
        cursor.insertBlock(info)
        cursor.insertText(drawn(" · ".join(meta)), self._char_format(color=muted))
        cursor.block().setUserState(NOT_A_PARAGRAPH)
        marked = set(self._highlighted)
        label_font = QFont(self._text.font())
        label_font.setPointSizeF(label_font.pointSizeF() * 0.9)
        label_font.setWeight(QFont.Weight.DemiBold)
        # A hanging indent: numbers sit in a gutter wide enough for the largest one.
        gutter = QFontMetricsF(label_font).horizontalAdvance(_label(len(source.paragraphs))) + 8
        tab = QTextOption.Tab(gutter, QTextOption.TabType.LeftTab)
        for number, paragraph in enumerate(source.paragraphs, start=1):
            block_format = QTextBlockFormat()
            block_format.setTopMargin(3)
            block_format.setBottomMargin(3)
            block_format.setLeftMargin(gutter)
            block_format.setTextIndent(-gutter)
            block_format.setRightMargin(4)
            block_format.setTabPositions([tab])
            color = None
            if number in marked:
                block_format.setBackground(QColor(HIGHLIGHT))
                color = HIGHLIGHT_TEXT
            cursor.insertBlock(block_format)
            label = self._char_format(color=color or muted, bold=True, scale=0.9)
            cursor.insertText(_label(number), label)
            cursor.insertText("\t" + drawn(paragraph), self._char_format(color=color))
            cursor.block().setUserState(number)
        self._text.verticalScrollBar().setValue(0)

    def _char_format(
        self, color: str | None = None, bold: bool = False, scale: float = 1.0
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if color is not None:
            fmt.setForeground(QColor(color))
        if bold:
            fmt.setFontWeight(QFont.Weight.DemiBold)
        if scale != 1.0:
            fmt.setFontPointSize(self._text.font().pointSizeF() * scale)
        return fmt


    def _block(self, n: int) -> QTextBlock:
        """The block holding paragraph `n`; ValueError when there is none."""
        if self._source is None or not 1 <= n <= len(self._source.paragraphs):
            raise ValueError(f"no paragraph {n} on show")
        block = self._text.document().firstBlock()
        while block.isValid() and block.userState() != n:
            block = block.next()
        return block

    def _offset(self) -> QPoint:
        text = self._text
        return QPoint(text.horizontalScrollBar().value(), text.verticalScrollBar().value())

    def _viewport_rect(self, block: QTextBlock) -> QRectF:
        rect = self._text.document().documentLayout().blockBoundingRect(block)
        return rect.translated(-self._offset().toPointF())

    def _line_rect(self, block: QTextBlock, index: int) -> QRectF:
        """One laid-out line of a block, in viewport pixels."""
        # blockBoundingRect first: it makes the document lay the block out.
        top_left = self._viewport_rect(block).topLeft()
        return block.layout().lineAt(index).rect().translated(top_left)

    def _scroll_to_paragraph(self, n: int) -> None:
        """Bring paragraph `n` into view: left alone if whole, else near the top."""
        block = self._block(n)
        if self._text.viewport().rect().toRectF().contains(self._viewport_rect(block)):
            return  # already readable; moving would only lose the reader's place
        rect = self._text.document().documentLayout().blockBoundingRect(block)
        # The scroll bar clamps, so a paragraph near the end lands at the bottom instead.
        self._text.verticalScrollBar().setValue(max(0, round(rect.top()) - SCROLL_CONTEXT))

    def showEvent(self, event: QShowEvent) -> None:
        """Apply a scroll asked for while hidden, now that the text has its real width."""
        super().showEvent(event)
        if self._pending_scroll is not None and self._source is not None:
            self._scroll_to_paragraph(self._pending_scroll)
        self._pending_scroll = None


    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report a left click (not a drag, not a double click) on a paragraph; open the context menu."""
        if watched is self._text.viewport() and isinstance(event, QContextMenuEvent):
            menu = self.context_menu(event.pos())
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        if (
            watched is self._text.viewport()
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            kind = event.type()
            pos = event.position().toPoint()
            if kind == QEvent.Type.MouseButtonPress:
                self._press = pos
            elif kind == QEvent.Type.MouseButtonDblClick:
                self._press = None  # the first click of the pair was already reported
            elif kind == QEvent.Type.MouseButtonRelease and self._press is not None:
                moved = (pos - self._press).manhattanLength()
                self._press = None
                if moved < QApplication.startDragDistance():
                    self._report_click(pos)
        return super().eventFilter(watched, event)

    def _report_click(self, pos: QPoint) -> None:
        if self._source is None or self._text.textCursor().hasSelection():
            return
        block = self._text.cursorForPosition(pos).block()
        number = block.userState()
        # cursorForPosition snaps to the nearest text; a click in the blank below the
        # last paragraph is on no paragraph at all.
        if number >= 1 and self._viewport_rect(block).contains(pos.toPointF()):
            self.paragraphClicked.emit(self._source.id, number)


def _label(number: int) -> str:
    """The number drawn before a paragraph."""
    return f"¶ {number}"


def _label_length(number: int) -> int:
    """Characters before a paragraph's text in its block: the label and a tab (none in other blocks)."""
    return len(_label(number)) + 1 if number >= 1 else 0
