"""Puts editing into the main window: the document, the events table, the editor and the undo history docks."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QUndoView, QWidget

from desktop.app.actions import Actions
from desktop.app.document_controller import DocumentController
from desktop.app.edit_commands import EditCommands
from desktop.model.view_state import ViewState
from desktop.ui.article_view import ArticleView
from desktop.ui.event_editor import EventEditor
from desktop.ui.events_table import EventsTable
from desktop.ui.timeline_view import TimelineView


class MainWindow(Protocol):
    """What of the main window editing uses (a protocol: the window imports this module)."""

    commands: Actions
    state: ViewState
    view: TimelineView
    article_view: ArticleView
    source_dock: QDockWidget
    key_dock: QDockWidget
    table_dock: QDockWidget
    editor_dock: QDockWidget
    history_dock: QDockWidget

    def dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget: ...
    def open_file(self, path: str | Path) -> bool: ...
    def save(self, path: str | Path | None = None) -> Path | None: ...
    def save_as(self) -> Path | None: ...
    def show_document(self) -> None: ...


def install_editing(window: MainWindow) -> tuple[DocumentController, EditCommands]:
    """Create the editing docks and controllers, wired to the window's widgets and actions."""
    assert isinstance(window, QMainWindow)
    documents = DocumentController(window)
    table = EventsTable()
    editor = EventEditor()
    history = QUndoView(documents.undo_stack)
    history.setObjectName("undoHistory")
    history.setEmptyLabel("Opened file")
    bottom, right = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    window.table_dock = window.dock("eventsDock", "Events", table, bottom)
    window.editor_dock = window.dock("editorDock", "Editor", editor, right)
    window.history_dock = window.dock("historyDock", "History", history, right)
    # Tabbed with docks already there, so the plot keeps its room: the editor beside the source,
    # the history beside the key. All start hidden; editing shows the editor.
    window.tabifyDockWidget(window.source_dock, window.editor_dock)
    window.tabifyDockWidget(window.key_dock, window.history_dock)
    for dock in (window.editor_dock, window.history_dock, window.table_dock):
        dock.hide()
    commands = EditCommands(window, documents, window.commands, window.state, window.view, window.article_view,
                            editor, table)
    commands.message.connect(window.statusBar().showMessage)
    commands.openRequested.connect(window.open_file)
    commands.editorWanted.connect(window.editor_dock.show)
    commands.editorWanted.connect(window.editor_dock.raise_)
    documents.message.connect(window.statusBar().showMessage)
    documents.dirtyChanged.connect(window.setWindowModified)
    documents.changed.connect(window.show_document)
    a = window.commands
    a.save.triggered.connect(lambda: window.save())
    a.save_as.triggered.connect(window.save_as)
    return documents, commands


__all__ = ["install_editing"]
