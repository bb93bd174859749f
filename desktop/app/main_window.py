"""The main window: composes the views, wires their signals, menus, status bar and settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QFileSystemWatcher, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.app.actions import Actions, make_actions
from desktop.app.load_task import LoadTask
from desktop.app.window_files import FileHandling
from desktop.io.resources import default_events_path
from desktop.layout.rows import gap_clusters
from desktop.model.dates import format_window
from desktop.model.search import SearchIndex
from desktop.model.timeline import Problem, Timeline
from desktop.render.scene import LANE_AXIS_PX
from desktop.ui.article_view import ArticleView
from desktop.ui.lane_legend import LaneLegend
from desktop.ui.overview import OverviewStrip
from desktop.ui.source_panel import SourcePanel
from desktop.ui.timeline_view import TimelineView

RELOAD_DELAY_MS = 250  # editors write in several steps; wait for the last one
SEARCH_AT_ONCE = 50_000  # events: up to here each keystroke searches at once (a few ms)
SEARCH_PAUSE_MS = 300  # past it, the search runs once typing pauses this long


class MainWindow(FileHandling, QMainWindow):
    """Timeline, overview, source and article docks, lane legend, problems, search."""

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Summit Timeline")
        self.timeline: Timeline | None = None
        self.path: Path | None = None
        self._loaded_stamp: tuple[int, int] | None = None
        self.load_task: LoadTask | None = None  # a background load under way
        self._search: SearchIndex | None = None
        self._match: np.ndarray | None = None
        self.actions = make_actions(self)
        self._build_widgets()
        self._build_menus()
        self._connect()
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._on_reload_timer_timeout)
        # On a large timeline a keystroke's search takes up to a second: wait for a pause.
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._restore_settings()
        self.open_file(path if path is not None else default_events_path())

    # --- construction ---------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.view = TimelineView()
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
        self.source_dock = self._dock("sourceDock", "Source", self.source_panel, right)
        self.article_view = ArticleView()
        self.article_dock = self._dock("articleDock", "Article", self.article_view, right)
        self.article_dock.hide()
        self.legend = LaneLegend()
        self.lanes_dock = self._dock("lanesDock", "Lanes", self.legend, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.problems_list = QListWidget()
        self.problems_list.setObjectName("problemsList")
        self.problems_list.setWordWrap(True)
        self.problems_dock = self._dock("problemsDock", "Problems", self.problems_list,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems_dock.hide()

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search titles, summaries, tags, paragraphs")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMaximumWidth(320)
        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("mainToolBar")
        a = self.actions
        for action in (a.open, a.reload, a.export_png, None, a.fit_all, a.zoom_in, a.zoom_out, None,
                       a.previous_event, a.next_event):
            self.toolbar.addAction(action) if action else self.toolbar.addSeparator()
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.search_field)
        self.addToolBar(self.toolbar)

        self.range_label = QLabel()
        self.range_label.setObjectName("rangeLabel")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.statusBar().addPermanentWidget(self.range_label)
        self.statusBar().addPermanentWidget(self.count_label)

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(a.open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        file_menu.addAction(a.reload)
        file_menu.addSeparator()
        file_menu.addAction(a.export_png)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(a.find)
        view_menu = bar.addMenu("&View")
        for action in (a.fit_all, a.zoom_in, a.zoom_out):
            view_menu.addAction(action)
        self.jump_menu = view_menu.addMenu("&Jump To")
        self.jump_menu.setObjectName("jumpMenu")
        view_menu.addSeparator()
        for dock in (self.source_dock, self.article_dock, self.lanes_dock, self.problems_dock):
            view_menu.addAction(dock.toggleViewAction())
        go_menu = bar.addMenu("&Go")
        for action in (a.previous_event, a.next_event, a.clear_selection, a.show_in_article):
            go_menu.addAction(action)

    def _connect(self) -> None:
        a: Actions = self.actions
        a.open.triggered.connect(self._on_open_triggered)
        a.reload.triggered.connect(self.reload)
        a.export_png.triggered.connect(self._on_export_triggered)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self._on_find_triggered)
        a.fit_all.triggered.connect(self.view.fit_all)
        a.zoom_in.triggered.connect(lambda: self.view.zoom(0.5))
        a.zoom_out.triggered.connect(lambda: self.view.zoom(2.0))
        a.previous_event.triggered.connect(lambda: self.step_event(-1))
        a.next_event.triggered.connect(lambda: self.step_event(1))
        a.clear_selection.triggered.connect(self.view.clear_selection)
        a.show_in_article.triggered.connect(self._on_show_in_article_triggered)
        self.view.eventSelected.connect(self._on_view_event_selected)
        self.view.rangeChanged.connect(self._on_view_range_changed)
        self.view.timeline_scene.frameChanged.connect(self._update_status)
        self.overview.regionChanged.connect(self._on_overview_region_changed)
        self.legend.laneToggled.connect(self._on_legend_lane_toggled)
        self.search_field.textChanged.connect(self._on_search_text_changed)
        self.source_panel.showInArticleRequested.connect(self._on_panel_show_in_article)
        self.article_view.paragraphClicked.connect(self._on_article_paragraph_clicked)

    # --- seams for dialogs (tests replace these) ---------------------------------------

    def show_error(self, title: str, text: str) -> None:
        """Tell the person that something could not be done, with the full details."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text.splitlines()[0] if text else title, parent=self)
        box.setObjectName("errorDialog")
        box.setDetailedText(text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def _show_timeline(self, timeline: Timeline, keep_view: bool) -> None:
        previous = self.view.timeline_scene.visible_range() if keep_view else None
        selected = self.view.selected_event() if keep_view else None
        self.timeline = timeline
        self._search = None  # built on the first search: a million haystacks cost seconds
        self.setWindowTitle(f"{timeline.title} — Summit Timeline")
        self.view.set_timeline(timeline)
        self.overview.set_timeline(timeline, self.view.timeline_scene.drawing.origin)
        self.legend.set_timeline(timeline)
        self.view.set_hidden_lanes(self.legend.hidden_lanes())
        self._rebuild_jump_menu()
        self._search_timer.stop()
        self._apply_search()  # at once: a match from the previous timeline must not outlive it
        if previous is not None:
            self.view.timeline_scene.set_visible_range(*previous)
        if selected is not None and selected in timeline.event_index and self._is_shown(selected):
            self.view.select_event(selected)
        else:
            self.source_panel.show_event(timeline, None)
        self._refresh_article(timeline)
        self._show_problems(list(timeline.problems), fatal=False)
        # set_timeline reset the overview's region; the plot may not have moved since.
        self.overview.set_region(*self.view.timeline_scene.visible_range())
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

    def _show_problems(self, problems: list[Problem], fatal: bool) -> None:
        self.problems_list.clear()
        if fatal:
            self.problems_list.addItem("The file cannot be opened; the timeline shown is the last good version.")
        self.problems_list.addItems([str(p) for p in problems])  # one call: a big file may list thousands
        self.problems_dock.setVisible(bool(problems))
        if problems:
            what = "cannot be opened" if fatal else f"opened with {len(problems)} problem(s)"
            self.problems_dock.setWindowTitle(f"Problems — {Path(problems[0].file).name} {what}")

    def _on_export_triggered(self) -> None:
        from desktop.app.export_dialog import export_from_window

        export_from_window(self)

    # --- navigation -------------------------------------------------------------------

    def step_event(self, step: int) -> None:
        """Select the next (+1) or previous (−1) event in time, among shown and matching ones."""
        if self.timeline is None or not self.timeline.events:
            return
        rows = self.view.timeline_scene.rows
        eligible = rows.row >= 0 if rows is not None else np.ones(len(self.timeline.events), bool)
        if self._match is not None:
            eligible = eligible & self._match
        candidates = np.flatnonzero(eligible)
        if len(candidates) == 0:
            return
        current = self.view.selected_event()
        if current is not None:
            pos = self.timeline.event_index[current]
            k = np.searchsorted(candidates, pos, side="right" if step > 0 else "left") + (0 if step > 0 else -1)
        else:
            start, end = self.view.timeline_scene.visible_range()
            cols = self.timeline.columns
            k = np.searchsorted(cols.begin[candidates], start) if step > 0 else np.searchsorted(
                cols.begin[candidates], end) - 1
        k = int(np.clip(k, 0, len(candidates) - 1))
        self.view.select_event(self.timeline.events[int(candidates[k])].id)

    def _rebuild_jump_menu(self) -> None:
        self.jump_menu.clear()
        assert self.timeline is not None
        for begin, end, count in gap_clusters(self.timeline.columns):
            label = f"{format_window(begin, end)} ({count} event{'s' if count != 1 else ''})"
            action = QAction(label, self.jump_menu)
            pad = max((end - begin) * 0.08, 3600.0)
            action.triggered.connect(
                lambda _=False, a=begin - pad, b=end + pad: self.view.timeline_scene.set_visible_range(a, b))
            self.jump_menu.addAction(action)
        self.jump_menu.setEnabled(not self.jump_menu.isEmpty())

    # --- wiring slots -------------------------------------------------------------------

    def _on_view_event_selected(self, event_id: str) -> None:
        self.source_panel.show_event(self.timeline, event_id or None)
        if event_id:
            self.source_dock.show()
        self.actions.show_in_article.setEnabled(bool(event_id))

    def _on_view_range_changed(self, start: float, end: float) -> None:
        self.overview.set_region(start, end)

    def _on_overview_region_changed(self, start: float, end: float) -> None:
        self.view.timeline_scene.set_visible_range(start, end)
        # At a zoom limit the plot cannot follow, and then sends nothing back: show what it shows.
        self.overview.set_region(*self.view.timeline_scene.visible_range())

    def _on_legend_lane_toggled(self, lane_id: str, visible: bool) -> None:
        self.view.set_hidden_lanes(self.legend.hidden_lanes())

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
        self._match = self._search.match(text) if self._search is not None else None
        self.view.set_match(self._match)
        self._update_status()

    def _on_show_in_article_triggered(self) -> None:
        button = self.source_panel.findChild(QPushButton, "showInArticleButton")
        if button is not None and button.isEnabled():
            button.click()

    def _on_panel_show_in_article(self, source_id: str, paragraphs: list) -> None:
        if self.timeline is None or source_id not in self.timeline.source_index:
            return
        self.article_view.show_source(self.timeline.source_index[source_id], paragraphs)
        if not self.article_dock.isVisible():
            self.article_dock.show()
            # Share the right side evenly: a freshly shown dock would get a sliver.
            self.resizeDocks([self.source_dock, self.article_dock], [1, 1], Qt.Orientation.Vertical)
        self.article_dock.raise_()

    def _on_article_paragraph_clicked(self, source_id: str, paragraph: int) -> None:
        if self.timeline is None:
            return
        citing = self.timeline.events_citing(source_id, paragraph)
        if not citing:
            self.statusBar().showMessage(f"No event cites paragraph {paragraph}", 4000)
            return
        # An event of a hidden lane cannot be shown or outlined: select among the shown ones.
        shown = [i for i in citing if self._is_shown(i)]
        if not shown:
            self.statusBar().showMessage(f"Paragraph {paragraph} is cited only by events in hidden lanes", 6000)
            return
        citing = shown
        self.view.select_event(citing[0], highlight=citing)
        self.statusBar().showMessage(
            f"Paragraph {paragraph} is cited by {len(citing)} event{'s' if len(citing) != 1 else ''}", 6000)

    def _is_shown(self, event_id: str) -> bool:
        """True when the event's lane is shown (not hidden in the legend)."""
        rows = self.view.timeline_scene.rows
        assert self.timeline is not None
        return rows is None or bool(rows.row[self.timeline.event_index[event_id]] >= 0)

    def _update_status(self) -> None:
        if self.timeline is None:
            return
        start, end = self.view.timeline_scene.visible_range()
        self.range_label.setText(format_window(start, end))
        frame = self.view.timeline_scene.frame
        text = f"{frame.visible_count:,} of {len(self.timeline.events):,} events visible"
        if self._match is not None:
            text += f" · {int(self._match.sum()):,} match “{self.search_field.text().strip()}”"
        self.count_label.setText(text)

    # --- settings -----------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 820)
        state = settings.value("windowState")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self._rebuild_recent_menu(settings.value("recentFiles", [], list) or [])

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember geometry and dock layout."""
        settings = QSettings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("windowState", self.saveState())
        super().closeEvent(event)
