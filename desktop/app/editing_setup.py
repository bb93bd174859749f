"""Puts editing into the main window: the document, the events table, the editor and the undo history docks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QUndoView

from desktop.app.document_controller import DocumentController
from desktop.app.edit_commands import EditCommands
from desktop.ui.event_editor import EventEditor
from desktop.ui.events_table import EventsTable

if TYPE_CHECKING:
    from desktop.app.main_window import MainWindow


def install_editing(window: MainWindow) -> tuple[DocumentController, EditCommands]:
    """Create the editing docks and controllers, wired to the window's widgets and actions."""
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
