"""Editing from the window: events from quoted text, the editor and the table, lanes, new timelines, saving.

The widgets signal; this wires them to the DocumentController, whose every change is an
undoable Edit. The window only shows the timeline the document now holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QColorDialog, QFileDialog, QInputDialog, QWidget

from desktop.app.actions import Actions
from desktop.app.document_controller import DocumentController
from desktop.io.article_text import readable_title, timeline_from_article
from desktop.io.writers import WriteError, atomic_write, encode_pieces
from desktop.model.dates import format_date
from desktop.model.document import DocumentError, Edit, EventEdit, HeaderEdit
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewState
from desktop.ui.article_view import ArticleView
from desktop.ui.event_editor import EventEditor
from desktop.ui.events_table import EventsTable
from desktop.ui.timeline_view import TimelineView


class _ActionText(QObject):
    """Names what Undo or Redo would do; a child of its action, so it goes with it (the stack may outlive both)."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self._action, self._verb = action, verb

    def set(self, what: str) -> None:
        """`Undo Add event “…”`."""
        self._action.setText(f"{self._verb} {what}".strip())


class EditCommands(QObject):
    """The editing commands and the widgets they read: article selection, editor, table, view."""

    message = Signal(str, int)
    openRequested = Signal(Path)  # a new timeline was written: open it
    editorWanted = Signal()  # show and raise the editor's dock

    def __init__(self, parent: QWidget, documents: DocumentController, actions: Actions, state: ViewState,
                 view: TimelineView, article: ArticleView, editor: EventEditor, table: EventsTable) -> None:
        super().__init__(parent)
        self._parent = parent
        self.documents, self.actions, self.state = documents, actions, state
        self.view, self.article, self.editor, self.table = view, article, editor, table
        self._shown: Timeline | None = None  # what the table shows now
        a = actions
        article.set_context_actions([a.new_event_from_selection, a.add_citation_from_selection])
        article.selectionChanged.connect(self._update_enabled)
        a.new_event_from_selection.triggered.connect(self.new_event_from_selection)
        a.add_citation_from_selection.triggered.connect(self.add_citation_from_selection)
        a.new_event.triggered.connect(self.new_event)
        a.duplicate_event.triggered.connect(lambda: self._on_selected(lambda d, i: d.duplicate_event(i)))
        a.delete_event.triggered.connect(self.delete_event)
        a.new_lane.triggered.connect(self.new_lane)
        a.rename_lane.triggered.connect(self.rename_lane)
        a.recolor_lane.triggered.connect(self.recolor_lane)
        a.move_lane_up.triggered.connect(lambda: self.move_lane(-1))
        a.move_lane_down.triggered.connect(lambda: self.move_lane(1))
        a.new_from_article.triggered.connect(self.new_from_article)
        a.add_article.triggered.connect(self.add_article)
        a.undo.triggered.connect(documents.undo_stack.undo)
        a.redo.triggered.connect(documents.undo_stack.redo)
        documents.undo_stack.canUndoChanged.connect(a.undo.setEnabled)
        documents.undo_stack.canRedoChanged.connect(a.redo.setEnabled)
        documents.undo_stack.undoTextChanged.connect(_ActionText(a.undo, "&Undo").set)
        documents.undo_stack.redoTextChanged.connect(_ActionText(a.redo, "&Redo").set)
        editor.fieldsEdited.connect(self._on_fields_edited)
        table.eventActivated.connect(self._on_table_activated)
        view.eventSelected.connect(self._on_view_selected)
        state.subscribe(self._on_state_changed)
        self._update_enabled()

    # --- keeping the widgets in step --------------------------------------------------

    def show_timeline(self, timeline: Timeline) -> None:
        """A timeline is on show (opened, reloaded or edited): the table and editor follow it."""
        self._shown = timeline
        self.table.set_timeline(timeline)
        self.table.set_filter(self._match(timeline))
        self.editor.set_context(timeline)
        selected = self.state.selected
        index = timeline.event_index.get(selected) if selected is not None else None
        self.table.select_event(index)
        if self.editor.shown_event() != "":  # a draft stays until it is added or replaced
            self.editor.show_event(timeline.events[index] if index is not None else None)
        self._update_enabled()

    def _match(self, timeline: Timeline):
        match = self.state.match
        return match if match is not None and len(match) == len(timeline.events) else None

    def _on_state_changed(self, change: str) -> None:
        if change == "search" and self._shown is not None:
            self.table.set_filter(self._match(self._shown))

    def _on_view_selected(self, event_id: str) -> None:
        timeline = self.documents.timeline()
        if timeline is None:
            return
        index = timeline.event_index.get(event_id) if event_id else None
        self.table.select_event(index)
        self.editor.show_event(timeline.events[index] if index is not None else None)
        self._update_enabled()

    def _on_table_activated(self, index: int) -> None:
        timeline = self.documents.timeline()
        if timeline is not None and self.view.is_shown(timeline.events.id_at(index)):
            self.view.select_event(timeline.events.id_at(index))

    def _update_enabled(self) -> None:
        a, has_doc = self.actions, self.documents.document is not None
        selected = self.state.selected is not None
        quote = self.article.selected_quote() is not None
        a.new_event_from_selection.setEnabled(has_doc and quote)
        a.add_citation_from_selection.setEnabled(has_doc and quote and selected)
        for action in (a.duplicate_event, a.delete_event):
            action.setEnabled(has_doc and selected)
        for action in (a.new_event, a.new_lane, a.rename_lane, a.recolor_lane, a.move_lane_up, a.move_lane_down,
                       a.add_article):
            action.setEnabled(has_doc)

    # --- events -----------------------------------------------------------------------

    def _select_new(self, edit: Edit | None) -> None:
        if isinstance(edit, EventEdit) and self.view.is_shown(edit.event_id):
            self.view.select_event(edit.event_id)

    def new_event_from_selection(self) -> None:
        """A draft event citing exactly the selected words; it joins the timeline once it has a title and a date."""
        quote = self.article.selected_quote()
        timeline = self.documents.timeline()
        if quote is None or timeline is None:
            self.message.emit(self.article.selection_error() or "Select words in the article first", 6000)
            return
        source = timeline.source_index.get(quote.source_id)
        context = f"Article published {format_date(source.published)}" if source and source.published else ""
        self.view.clear_selection()
        self.editor.show_new_event({"lane": timeline.lanes[0].id if timeline.lanes else "",
                                    "citations": [{"source": quote.source_id, "paragraph": quote.paragraph,
                                                   "quote": quote.text}]}, context_date=context)
        self.editorWanted.emit()

    def new_event(self) -> None:
        """A blank draft event in the first lane."""
        timeline = self.documents.timeline()
        if timeline is None:
            return
        self.view.clear_selection()
        self.editor.show_new_event({"lane": timeline.lanes[0].id if timeline.lanes else ""})
        self.editorWanted.emit()

    def add_citation_from_selection(self) -> None:
        """Add the selected words to the selected event's citations."""
        quote, selected = self.article.selected_quote(), self.state.selected
        if quote is None or selected is None:
            self.message.emit(self.article.selection_error() or "Select an event and words in the article", 6000)
            return
        self.documents.apply(lambda d: d.add_citation(selected, quote.source_id, quote.paragraph, quote.text))

    def delete_event(self) -> None:
        """Remove the selected event (undo brings it back)."""
        selected = self.state.selected
        if selected is not None:
            self.view.clear_selection()
            self.documents.apply(lambda d: d.remove_event(selected))

    def _on_selected(self, make: Callable[..., Edit]) -> None:
        selected = self.state.selected
        if selected is not None:
            self._select_new(self.documents.apply(lambda d: make(d, selected)))

    def _on_fields_edited(self, event_id: str, fields: dict) -> None:
        if event_id:
            self.documents.apply(lambda d: d.update_event(event_id, **fields))
            return
        edit = self.documents.apply(lambda d: d.add_event(fields))  # a draft, now whole
        if isinstance(edit, EventEdit):
            self._select_new(edit)
            timeline = self.documents.timeline()
            if timeline is not None and edit.event_id in timeline.event_index:
                self.editor.show_event(timeline.events[timeline.event_index[edit.event_id]])

    # --- lanes (the selected event's lane) ------------------------------------------------

    def _lane(self) -> str | None:
        timeline, selected = self.documents.timeline(), self.state.selected
        if timeline is None or selected is None or selected not in timeline.event_index:
            self.message.emit("Select an event of the lane first", 5000)
            return None
        return timeline.events[timeline.event_index[selected]].lane

    def new_lane(self) -> None:
        """Ask a name; add a lane at the end."""
        title = self.ask_text("New Lane", "Lane name:", "")
        if title:
            self.documents.apply(lambda d: d.add_lane(title))

    def rename_lane(self) -> None:
        """Rename the selected event's lane."""
        lane = self._lane()
        timeline = self.documents.timeline()
        if lane is None or timeline is None:
            return
        title = self.ask_text("Rename Lane", "Lane name:", timeline.lanes[timeline.lane_index[lane]].title)
        if title:
            self.documents.apply(lambda d: d.update_lane(lane, title=title))

    def recolor_lane(self) -> None:
        """Pick another colour for the selected event's lane."""
        lane = self._lane()
        timeline = self.documents.timeline()
        if lane is None or timeline is None:
            return
        color = self.ask_color(timeline.lanes[timeline.lane_index[lane]].color)
        if color:
            self.documents.apply(lambda d: d.update_lane(lane, color=color))

    def move_lane(self, step: int) -> None:
        """Move the selected event's lane up (−1) or down (+1)."""
        lane = self._lane()
        timeline = self.documents.timeline()
        if lane is None or timeline is None:
            return
        index = timeline.lane_index[lane] + step
        if 0 <= index < len(timeline.lanes):
            self.documents.apply(lambda d: d.move_lane(lane, index))

    # --- articles ---------------------------------------------------------------------

    def new_from_article(self) -> None:
        """A new events file from a plain-text article, written where asked, then opened."""
        if not self.documents.confirm_discard("starting a new timeline"):
            return
        article = self.ask_article()
        if article is None:
            return
        text = self._read(article)
        if text is None:
            return
        target = self.ask_new_path(article.with_suffix(".json"))
        if target is None:
            return
        try:
            timeline = timeline_from_article(text, title=readable_title(article))
            atomic_write(target, encode_pieces(timeline, "json"))
        except (DocumentError, WriteError) as exc:
            self.message.emit(str(exc), 0)
            return
        self.openRequested.emit(target)

    def add_article(self) -> None:
        """Add a plain-text article as another source of the open timeline."""
        article = self.ask_article()
        text = self._read(article) if article is not None else None
        if article is None or text is None:
            return
        edit = self.documents.apply(lambda d: d.add_source_from_text(text, readable_title(article)))
        timeline = self.documents.timeline()
        if isinstance(edit, HeaderEdit) and timeline is not None and edit.source_id is not None \
                and edit.source_id in timeline.source_index:
            self.article.show_source(timeline.source_index[edit.source_id], [])
            self.message.emit(f"Added {article.name}: select words in it to make events", 6000)

    def _read(self, path: Path) -> str | None:
        try:
            return path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.message.emit(f"{path.name}: cannot read it as UTF-8 text: {exc}", 0)
            return None

    # --- seams for dialogs (tests replace these) ----------------------------------------

    def ask_article(self) -> Path | None:
        """Ask for a plain-text article, one paragraph per line."""
        name, _ = QFileDialog.getOpenFileName(self._parent, "Choose an article (plain text, one paragraph a line)",
                                              "", "Text files (*.txt);;All files (*)")
        return Path(name) if name else None

    def ask_new_path(self, suggested: Path) -> Path | None:
        """Ask where to write a new events file."""
        name, _ = QFileDialog.getSaveFileName(self._parent, "New events file", str(suggested),
                                              "Events files (*.json)")
        return Path(name) if name else None

    def ask_text(self, title: str, label: str, text: str) -> str:
        """Ask for one line of text ("" when cancelled)."""
        value, ok = QInputDialog.getText(self._parent, title, label, text=text)
        return value.strip() if ok else ""

    def ask_color(self, color: str) -> str:
        """Ask for a colour ("" when cancelled)."""
        chosen = QColorDialog.getColor(QColor(color), self._parent, "Lane colour")
        return chosen.name() if chosen.isValid() else ""


__all__ = ["EditCommands"]
