"""The dock contents that show a whole source, paragraph by paragraph, some of them marked."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
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
from PySide6.QtWidgets import QApplication, QTextBrowser, QVBoxLayout, QWidget

from desktop.model.dates import format_date
from desktop.model.records import Source
from desktop.render.text_style import muted_color

HIGHLIGHT = "#fff2a8"
# Dark text on the highlight: a dark palette's light text would vanish on yellow.
HIGHLIGHT_TEXT = "#1a1a1a"
HINT = "Choose “Show in article” on an event to read its whole source here."
NOT_A_PARAGRAPH = -1  # QTextBlock.userState of headings and hints
SCROLL_CONTEXT = 8  # pixels left above a paragraph scrolled to, so it does not touch the edge


class ArticleView(QWidget):
    """A whole source, one block per paragraph; a click on a paragraph is reported."""

    paragraphClicked = Signal(str, int)  # source id, 1-based paragraph

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: Source | None = None
        self._highlighted: list[int] = []
        self._pending_scroll: int | None = None
        self._press: QPoint | None = None
        self._text = QTextBrowser(self)
        self._text.setObjectName("articleText")
        self._text.setReadOnly(True)
        self._text.setOpenLinks(False)
        self._text.setOpenExternalLinks(False)
        self._text.viewport().installEventFilter(self)
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

    def show_source(
        self, source: Source, highlighted: Sequence[int] = (), scroll_to: int | None = None
    ) -> None:
        """Show all of `source`, mark `highlighted`, scroll to `scroll_to` (default: first mark)."""
        count = len(source.paragraphs)
        self._source = source
        self._highlighted = sorted({n for n in highlighted if 1 <= n <= count})
        self._build(source)
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


    def _build(self, source: Source) -> None:
        """Fill the document through QTextCursor: file text is inserted as text, never parsed."""
        document = self._text.document()
        document.clear()
        cursor = QTextCursor(document)
        muted = muted_color(self)
        title = QTextBlockFormat()
        title.setBottomMargin(2)
        cursor.setBlockFormat(title)
        cursor.insertText(_one_block(source.title), self._char_format(bold=True, scale=1.25))
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
        cursor.insertText(_one_block(" · ".join(meta)), self._char_format(color=muted))
        cursor.block().setUserState(NOT_A_PARAGRAPH)
        marked = set(self._highlighted)
        label_font = QFont(self._text.font())
        label_font.setPointSizeF(label_font.pointSizeF() * 0.9)
        label_font.setWeight(QFont.Weight.DemiBold)
        # A hanging indent: numbers sit in a gutter wide enough for the largest one.
        gutter = QFontMetricsF(label_font).horizontalAdvance(f"¶ {len(source.paragraphs)}") + 8
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
            cursor.insertText(f"¶ {number}", label)
            cursor.insertText("\t" + _one_block(paragraph), self._char_format(color=color))
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
        """Report a left click (not a drag, not a double click) on a paragraph."""
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


def _one_block(text: str) -> str:
    """Line breaks as line separators, so a paragraph stays one block (and one number)."""
    return text.replace("\r\n", "\u2028").replace("\n", "\u2028").replace("\r", "\u2028")
