"""The main window: composes the views, wires their signals, menus, status bar and settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.app.actions import Actions, build_menus, fill_recent_menu, fill_toolbar, make_actions
from desktop.app.article_links import ArticleLinks
from desktop.app.axis_mode import wire_axis_mode
from desktop.app.document_controller import DocumentAPI
from desktop.app.editing_setup import install_editing
from desktop.app.export_commands import ExportCommands
from desktop.app.file_controller import FileController
from desktop.app.load_task import LoadTask
from desktop.app.navigation import fill_jump_menu
from desktop.app.problems import show_problems
from desktop.app.time_zone_menu import TimeZoneMenu
from desktop.app.view_commands import step_event, zoom_to_selection, zoom_view
from desktop.app.window_size import remember_layout, restore_layout
from desktop.io.jsonfile import TimelineError
from desktop.io.resources import default_events_path
from desktop.io.writers import WriteError
from desktop.model.dates import format_window
from desktop.model.search import SearchIndex
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewState
from desktop.render.scene import LANE_AXIS_PX
from desktop.render.text_style import one_line
from desktop.ui.article_view import ArticleView
from desktop.ui.encoding_key import EncodingKey
from desktop.ui.lane_legend import LaneLegend
from desktop.ui.overview import OverviewStrip
from desktop.ui.source_panel import SourcePanel
from desktop.ui.timeline_view import TimelineView

SEARCH_AT_ONCE = 50_000  # events: up to here each keystroke searches at once (a few ms)
SEARCH_PAUSE_MS = 300  # past it, the search runs once typing pauses this long


class MainWindow(QMainWindow):
    """Timeline, overview, source and article docks, lane legend, problems, search.

    It owns the ViewState (what is selected, hidden, searched and shown) and the
    FileController (which file is open), and wires the widgets to both.
    """

    table_dock: QDockWidget  # made by install_editing, with the editor's and the history's
    editor_dock: QDockWidget
    history_dock: QDockWidget

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Summit Timeline")
        self.timeline: Timeline | None = None
        self.state = ViewState()
        self.files = FileController(self)
        self._search: SearchIndex | None = None
        self.commands = make_actions(self)
        self._build_widgets()
        self.documents, self.edits = install_editing(self)
        self._reload_asked = False  # a reload the person asked for (F5): their unsaved edits were dealt with
        self.exports = ExportCommands(self, self.view, self.state, lambda: self.files.path)
        self._build_menus()
        # On a large timeline a keystroke's search takes up to a second: wait for a pause.
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._connect()
        self._restore_settings()
        self.open_file(path if path is not None else default_events_path())

    # --- the open file (the FileController's) ------------------------------------------

    @property
    def path(self) -> Path | None:
        """The open events file, resolved; None before one opened."""
        return self.files.path

    @property
    def load_task(self) -> LoadTask | None:
        """The background load under way, if any."""
        return self.files.load_task

    def open_file(self, path: str | Path) -> bool:
        """Open an events file (asking first about unsaved edits); see FileController.open_file."""
        if not self.documents.confirm_discard("opening another file"):
            return False
        return self.files.open_file(path)

    def _ask_and_open(self) -> None:
        """File ▸ Open…: ask for a file, then open it as `open_file` does (asking about unsaved edits)."""
        path = self.files.ask_open_path()
        if path:
            self.open_file(path)

    def reload(self) -> bool:
        """Read the open file again (asking first about unsaved edits); see FileController.reload."""
        if not self.documents.confirm_discard("reloading"):
            return False
        self._reload_asked = True
        return self.files.reload()

    # --- the document being edited (the DocumentController's) ----------------------------

    @property
    def document(self) -> DocumentAPI:
        """The open timeline to edit: `add_event`, `update_event`, `remove_event`…, each undoable and shown."""
        return self.documents.api

    @property
    def undo_stack(self) -> QUndoStack:
        """Every change to the document, for Edit ▸ Undo and Redo."""
        return self.documents.undo_stack

    def save(self, path: str | Path | None = None) -> Path | None:
        """Save the document (to `path`, else its file, else where asked); None if it was not saved."""
        try:
            saved = self.documents.save(Path(path) if path is not None else None)
        except WriteError as exc:
            self.show_error("Cannot save the events file", str(exc))
            return None
        if saved is not None:
            self.files.note_saved(saved)  # our own write: not a change on disk to reload
        return saved

    def save_as(self) -> Path | None:
        """Save the document to a file asked for."""
        path = self.documents.ask_save_path()
        return self.save(path) if path is not None else None

    def show_document(self) -> None:
        """An edit, undo or redo changed the document: show its timeline where the view is."""
        timeline = self.documents.timeline()
        if timeline is not None:
            self._show_timeline(timeline, True)

    def _on_files_loaded(self, timeline: Timeline, reload: bool) -> None:
        asked, self._reload_asked = self._reload_asked, False
        if reload and not asked and self.documents.dirty:
            # Changed on disk under unsaved edits: keep one, write the other beside it; lose neither.
            keep = self.documents.ask_external_change()
            aside = self.documents.keep_both(keep)
            if aside is not None:
                self.statusBar().showMessage(f"The other version is saved as {aside.name}", 0)
            if keep:
                return
        self.documents.adopt(timeline, self.files.path)
        self._show_timeline(timeline, reload)

    # --- construction ---------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.view = TimelineView(state=self.state)
        self.overview = OverviewStrip()
        self.overview.set_left_margin(LANE_AXIS_PX)  # line its time axis up with the plot's
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.overview)
        self.setCentralWidget(central)

        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.source_panel = SourcePanel()
        self.source_dock = self.dock("sourceDock", "Source", self.source_panel, right)
        self.article_view = ArticleView()
        self.article_dock = self.dock("articleDock", "Article", self.article_view, right)
        self.article_dock.hide()
        self.legend = LaneLegend()
        self.lanes_dock = self.dock("lanesDock", "Lanes", self.legend, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.encoding_key = EncodingKey()  # below the lanes: what their colours and the marks mean
        self.key_dock = self.dock("keyDock", "Key", self.encoding_key, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.problems_list = QListWidget()
        self.problems_list.setObjectName("problemsList")
        self.problems_list.setWordWrap(True)
        self.problems_dock = self.dock("problemsDock", "Problems", self.problems_list,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems_dock.hide()

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search titles, summaries, tags, paragraphs")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(320)
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("mainToolBar")
        fill_toolbar(self.toolbar, self.commands)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_field)
        self.addToolBar(self.toolbar)

        self.range_label = QLabel()
        self.range_label.setObjectName("rangeLabel")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.range_label)
        self.statusBar().addPermanentWidget(self.count_label)

    def dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        """A dock holding `widget`, named for saved layouts."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        docks = (self.source_dock, self.article_dock, self.lanes_dock, self.key_dock, self.problems_dock,
                 self.table_dock, self.editor_dock, self.history_dock)
        menus = build_menus(self.menuBar(), self.commands, [dock.toggleViewAction() for dock in docks])
        self.recent_menu, self.jump_menu = menus.recent, menus.jump
        self.time_zone_menu = TimeZoneMenu(menus.time_zone, self.view)

    def _connect(self) -> None:
        a: Actions = self.commands
        a.open.triggered.connect(self._ask_and_open)
        a.reload.triggered.connect(self.reload)
        self.exports.connect_actions(a)
        self.exports.message.connect(self.statusBar().showMessage)
        self.exports.failed.connect(lambda title, text: self.show_error(title, text))  # show_error is a seam
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self._on_find_triggered)
        a.fit_all.triggered.connect(self.view.fit_all)
        a.zoom_in.triggered.connect(lambda: zoom_view(self.view, self.timeline, 0.5))
        a.zoom_out.triggered.connect(lambda: zoom_view(self.view, self.timeline, 2.0))
        a.zoom_to_selection.triggered.connect(lambda: zoom_to_selection(self.view, self.timeline))
        a.show_key.triggered.connect(self.key_dock.show)
        a.show_key.triggered.connect(self.key_dock.raise_)
        a.previous_event.triggered.connect(lambda: self.step_event(-1))
        a.next_event.triggered.connect(lambda: self.step_event(1))
        a.clear_selection.triggered.connect(self.view.clear_selection)
        wire_axis_mode(a.compress_gaps, self.view, self.overview, self.encoding_key)  # before the first file
        self.view.eventSelected.connect(self._on_view_event_selected)
        self.view.rangeChanged.connect(self._on_view_range_changed)
        self.view.frameChanged.connect(self._update_status)
        self.overview.regionChanged.connect(self._on_overview_region_changed)
        self.legend.laneToggled.connect(self._on_legend_lane_toggled)
        self.search_field.textChanged.connect(self._on_search_text_changed)
        self.articles = ArticleLinks(self)  # Show in Article, and which events cite a paragraph
        self.files.loaded.connect(self._on_files_loaded)  # a reload keeps the view
        self.files.refused.connect(self._on_files_refused)
        self.files.cancelled.connect(self._on_files_cancelled)
        self.files.message.connect(self.statusBar().showMessage)
        self.files.recentChanged.connect(self._rebuild_recent_menu)

    # --- seams for dialogs (tests replace these) ---------------------------------------

    def show_error(self, title: str, text: str) -> None:
        """Tell the person that something could not be done, with the full details."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text.splitlines()[0] if text else title, parent=self)
        box.setObjectName("errorDialog")
        box.setDetailedText(text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # --- files -------------------------------------------------------------------------

    def _on_files_refused(self, exc: TimelineError, reload: bool) -> None:
        """A file that cannot open: a dialog, or for a live reload the Problems dock."""
        if not reload:
            self.show_error("Cannot open the events file", str(exc))
            return
        show_problems(self.problems_dock, self.problems_list, exc.problems, fatal=True)
        name = self.path.name if self.path else "The file"
        self.statusBar().showMessage(f"{name} cannot be read; still showing the last good version")

    def _on_files_cancelled(self, path: Path) -> None:
        still = f"; still showing {self.timeline.title}" if self.timeline else ""
        self.statusBar().showMessage(f"Opening {path.name} cancelled{still}", 6000)

    def _rebuild_recent_menu(self, recent: list[str]) -> None:
        fill_recent_menu(self.recent_menu, recent, self.open_file)

    def _show_timeline(self, timeline: Timeline, keep_view: bool) -> None:
        previous = self.state.visible_range if keep_view else None
        selected = self.state.selected if keep_view else None
        self.timeline = timeline
        self._search = None  # built on the first search: a million haystacks cost seconds
        self.setWindowTitle(f"{one_line(timeline.title)}[*] — Summit Timeline")  # [*]: unsaved changes
        self.view.set_timeline(timeline)
        self.overview.set_timeline(timeline, self.view.origin(), self.view.fitted_seconds())  # the axes agree
        self.legend.set_timeline(timeline)
        self.encoding_key.set_timeline(timeline)
        self.state.set_hidden_lanes(self.legend.hidden_lanes())
        self.overview.set_hidden_lanes(self.state.hidden_lanes)
        fill_jump_menu(self.jump_menu, timeline, self.state)
        self._search_timer.stop()
        self._apply_search()  # at once: a match from the previous timeline must not outlive it
        if previous is not None:
            self.state.set_visible_range(*previous)  # the plot follows the state
        if selected is not None and selected in timeline.event_index and self.view.is_shown(selected):
            self.view.select_event(selected)
        else:
            self.source_panel.show_event(timeline, None)
        self._refresh_article(timeline)
        self.edits.show_timeline(timeline)
        show_problems(self.problems_dock, self.problems_list, timeline.problems, fatal=False)
        # set_timeline reset the overview's region; the plot may not have moved since.
        self.overview.set_region(*self.view.visible_seconds())
        self._update_status()

    def _refresh_article(self, timeline: Timeline) -> None:
        """Show the new version of the source on show, or nothing if it is gone."""
        shown = self.article_view.shown_source()
        if shown is None:
            return
        if shown in timeline.source_index:
            self.article_view.show_source(timeline.source_index[shown], self.article_view.highlighted())
        else:
            self.article_view.clear()

    # --- navigation -------------------------------------------------------------------

    def step_event(self, step: int) -> None:
        """Select the next (+1) or previous (−1) event in time, among shown and matching ones."""
        step_event(self.view, self.state, self.timeline, step)

    # --- wiring slots -------------------------------------------------------------------

    def _on_view_event_selected(self, event_id: str) -> None:
        self.source_panel.show_event(self.timeline, event_id or None)
        if event_id:
            self.source_dock.show()
        self.commands.show_in_article.setEnabled(bool(event_id))
        self.commands.zoom_to_selection.setEnabled(bool(event_id))

    def _on_view_range_changed(self, start: float, end: float) -> None:
        self.overview.set_region(start, end)

    def _on_overview_region_changed(self, start: float, end: float) -> None:
        self.state.set_visible_range(start, end)
        # At a zoom limit the plot cannot follow, and then sends nothing back: show what it shows.
        self.overview.set_region(*self.view.visible_seconds())

    def _on_legend_lane_toggled(self, lane_id: str, visible: bool) -> None:
        self.state.set_hidden_lanes(self.legend.hidden_lanes())
        self.overview.set_hidden_lanes(self.state.hidden_lanes)

    def _on_find_triggered(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _on_search_text_changed(self, text: str) -> None:
        if self.timeline is not None and len(self.timeline.events) > SEARCH_AT_ONCE and text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._apply_search()

    def _apply_search(self) -> None:
        text = self.search_field.text()
        if self._search is None and self.timeline is not None and text.strip():
            self._search = SearchIndex(self.timeline)
        self.state.set_search(text, self._search.match(text) if self._search is not None else None)
        self._update_status()

    def _update_status(self) -> None:
        if self.timeline is None:
            return
        self.range_label.setText(format_window(*self.view.visible_wall_seconds()))
        text = f"{self.view.visible_count():,} of {len(self.timeline.events):,} events visible"
        note = self.state.snapshot().match_note()
        self.count_label.setText(f"{text} · {note}" if note else text)

    # --- settings -----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        restore_layout(self)
        self._rebuild_recent_menu(self.files.recent_files())

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after a close: the file is watched again."""
        self.files.resume_watching()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved edits; remember geometry and dock layout."""
        if not self.documents.confirm_discard("closing"):
            event.ignore()
            return
        remember_layout(self)
        self.files.stop_watching()
        super().closeEvent(event)
