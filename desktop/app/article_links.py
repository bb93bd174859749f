"""The Source dock, the Article dock and the timeline pointing at each other: show in article, who cites a paragraph."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QPushButton, QStatusBar

from desktop.app.actions import Actions
from desktop.model.timeline import Timeline
from desktop.ui.article_view import ArticleView
from desktop.ui.source_panel import SourcePanel
from desktop.ui.timeline_view import TimelineView


class MainWindow(Protocol):
    """What of the main window these links use (a protocol: the window imports this module)."""

    commands: Actions
    timeline: Timeline | None
    view: TimelineView
    source_panel: SourcePanel
    article_view: ArticleView
    source_dock: QDockWidget
    article_dock: QDockWidget

    def statusBar(self) -> QStatusBar: ...
    def resizeDocks(self, docks: list[QDockWidget], sizes: list[int], orientation: Qt.Orientation) -> None: ...


class ArticleLinks(QObject):
    """Wires Show in Article (menu and button) and clicks on the article's paragraphs."""

    def __init__(self, window: MainWindow) -> None:
        assert isinstance(window, QMainWindow)
        super().__init__(window)
        self.window = window
        window.commands.show_in_article.triggered.connect(self.show_in_article)
        window.source_panel.showInArticleRequested.connect(self._on_panel_show_in_article)
        window.article_view.paragraphClicked.connect(self._on_article_paragraph_clicked)

    def show_in_article(self) -> None:
        """Go ▸ Show in Article: what the Source dock's button does."""
        w = self.window
        button = w.source_panel.findChild(QPushButton, "showInArticleButton")
        if button is not None and button.isEnabled():
            button.click()

    def _on_panel_show_in_article(self, source_id: str, paragraphs: list[int]) -> None:
        w = self.window
        if w.timeline is None or source_id not in w.timeline.source_index:
            return
        w.article_view.show_source(w.timeline.source_index[source_id], paragraphs)
        if not w.article_dock.isVisible():
            w.article_dock.show()
            # Share the right side evenly: a freshly shown dock would get a sliver.
            w.resizeDocks([w.source_dock, w.article_dock], [1, 1], Qt.Orientation.Vertical)
        w.article_dock.raise_()

    def _on_article_paragraph_clicked(self, source_id: str, paragraph: int) -> None:
        w = self.window
        if w.timeline is None:
            return
        citing = w.timeline.events_citing(source_id, paragraph)
        if not citing:
            w.statusBar().showMessage(f"No event cites paragraph {paragraph}", 4000)
            return
        # An event of a hidden lane cannot be shown or outlined: select among the shown ones.
        shown = [i for i in citing if w.view.is_shown(i)]
        if not shown:
            w.statusBar().showMessage(f"Paragraph {paragraph} is cited only by events in hidden lanes", 6000)
            return
        citing = shown
        w.view.select_event(citing[0], highlight=citing)
        w.statusBar().showMessage(
            f"Paragraph {paragraph} is cited by {len(citing)} event{'s' if len(citing) != 1 else ''}", 6000)


__all__ = ["ArticleLinks"]
