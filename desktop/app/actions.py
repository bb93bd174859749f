"""One QAction per command: text, shortcut, tooltip and objectName; menus and toolbar share them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

Key = QKeySequence.StandardKey
CHECKABLE = frozenset({"compress_gaps"})  # actions that switch something on and off


@dataclass(frozen=True)
class Actions:
    """Every command of the main window."""

    new_from_article: QAction
    open: QAction
    add_article: QAction
    save: QAction
    save_as: QAction
    reload: QAction
    export_png: QAction  # File ▸ Export… in any format; the name predates SVG, PDF and HTML (tests use it)
    page_setup: QAction
    print: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    new_event_from_selection: QAction
    add_citation_from_selection: QAction
    new_event: QAction
    duplicate_event: QAction
    delete_event: QAction
    new_lane: QAction
    rename_lane: QAction
    recolor_lane: QAction
    move_lane_up: QAction
    move_lane_down: QAction
    copy_image: QAction
    find: QAction
    fit_all: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_to_selection: QAction
    compress_gaps: QAction
    previous_event: QAction
    next_event: QAction
    clear_selection: QAction
    show_in_article: QAction
    show_key: QAction


_SPECS: dict[str, tuple[str, list[QKeySequence | Key | str], str]] = {
    "new_from_article": ("&New Timeline from Article…", [Key.New],
                         "Start a timeline from a plain-text article, one paragraph a line"),
    "open": ("&Open…", [Key.Open], "Open an events file"),
    "add_article": ("Add A&rticle…", [], "Add a plain-text article as another source to quote"),
    "save": ("&Save", [Key.Save], "Save the timeline to its events file"),
    "save_as": ("Save &As…", [Key.SaveAs, "Ctrl+Shift+S"], "Save the timeline to another events file"),
    "reload": ("&Reload", ["F5"], "Read the open file again from disk"),
    "export_png": ("&Export…", ["Ctrl+E"], "Save the timeline as shown as a PNG, SVG, PDF or web page"),
    "page_setup": ("Page Set&up…", [], "Choose the paper, orientation and margins for printing"),
    "print": ("&Print…", [Key.Print], "Print the timeline as shown, laid out for the paper"),
    "quit": ("&Quit", [Key.Quit, "Ctrl+Q"], "Close the window"),
    "undo": ("&Undo", [Key.Undo], "Take back the last change"),
    "redo": ("&Redo", [Key.Redo, "Ctrl+Shift+Z"], "Make the change taken back again"),
    "new_event_from_selection": ("New Event from &Selection", ["Ctrl+Shift+E"],
                                 "Make an event citing the words selected in the article"),
    "add_citation_from_selection": ("Add &Citation from Selection", ["Ctrl+Shift+A"],
                                    "Cite the words selected in the article for the selected event"),
    "new_event": ("&New Event", ["Ctrl+Shift+N"], "Make an event in the editor"),
    "duplicate_event": ("&Duplicate Event", ["Ctrl+D"], "Copy the selected event"),
    "delete_event": ("De&lete Event", [Key.Delete], "Remove the selected event"),
    "new_lane": ("New &Lane…", [], "Add a lane"),
    "rename_lane": ("&Rename Lane…", [], "Rename the selected event's lane"),
    "recolor_lane": ("Lane &Colour…", [], "Choose the colour of the selected event's lane"),
    "move_lane_up": ("Move Lane &Up", [], "Move the selected event's lane up"),
    "move_lane_down": ("Move Lane &Down", [], "Move the selected event's lane down"),
    "copy_image": ("Copy &Image", ["Ctrl+Shift+C"], "Copy the timeline as shown to the clipboard as an image"),
    "find": ("&Find…", [Key.Find], "Search titles, summaries, tags and cited paragraphs"),
    "fit_all": ("&Fit All", ["Home"], "Show every event"),
    "zoom_in": ("Zoom &In", ["+", "=", Key.ZoomIn], "Zoom in on the selected event, else the middle of the view"),
    "zoom_out": ("Zoom &Out", ["-", Key.ZoomOut], "Zoom out around the selected event, else the middle of the view"),
    "zoom_to_selection": ("Zoom to &Selection", ["Z"], "Show the selected event's whole span"),
    "compress_gaps": ("Compress &Gaps", [], "Shrink long empty stretches of time into narrow breaks"),
    "previous_event": ("&Previous Event", ["Left"], "Select the event before the selected one"),
    "next_event": ("&Next Event", ["Right"], "Select the event after the selected one"),
    "clear_selection": ("&Clear Selection", ["Esc"], "Deselect the event"),
    "show_in_article": ("Show in &Article", ["Ctrl+L"], "Show the selected event's source with its paragraphs"),
    "show_key": ("&Key", ["F1"], "Show what the colours and marks on the timeline mean"),
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def make_actions(parent: QWidget) -> Actions:
    """Create the window's actions, parented so their shortcuts work window-wide."""
    made = {}
    for field in fields(Actions):
        text, keys, tip = _SPECS[field.name]
        action = QAction(text, parent)
        action.setObjectName(f"action{_camel(field.name)[0].upper()}{_camel(field.name)[1:]}")
        sequences: list[QKeySequence] = []
        for key in keys:
            sequences.extend(QKeySequence.keyBindings(key) if isinstance(key, Key) else [QKeySequence(key)])
        unique = list(dict.fromkeys(s.toString() for s in sequences if not s.isEmpty()))
        action.setShortcuts([QKeySequence(s) for s in unique])
        shortcut = unique[0] if unique else ""
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)
        action.setCheckable(field.name in CHECKABLE)
        parent.addAction(action)
        made[field.name] = action
    return Actions(**made)


@dataclass(frozen=True)
class Menus:
    """The menus the window fills as files open: recent files and jump targets."""

    recent: QMenu
    jump: QMenu
    time_zone: QMenu


def fill_toolbar(toolbar: QToolBar, a: Actions) -> None:
    """The toolbar's commands, in groups."""
    for action in (a.open, a.reload, a.export_png, None, a.fit_all, a.zoom_in, a.zoom_out, None,
                   a.previous_event, a.next_event):
        toolbar.addAction(action) if action else toolbar.addSeparator()


def build_menus(bar: QMenuBar, a: Actions, panel_toggles: list[QAction]) -> Menus:
    """File, Edit, View, Go and Help; `panel_toggles` show and hide the docks (View menu)."""
    file_menu = bar.addMenu("&File")
    file_menu.addAction(a.new_from_article)
    file_menu.addAction(a.open)
    recent = file_menu.addMenu("Open &Recent")
    recent.setObjectName("recentMenu")
    file_menu.addAction(a.reload)
    file_menu.addAction(a.add_article)
    file_menu.addSeparator()
    file_menu.addAction(a.save)
    file_menu.addAction(a.save_as)
    file_menu.addSeparator()
    file_menu.addAction(a.export_png)
    file_menu.addAction(a.page_setup)
    file_menu.addAction(a.print)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(a.undo)
    edit_menu.addAction(a.redo)
    edit_menu.addSeparator()
    for action in (a.new_event_from_selection, a.add_citation_from_selection, a.new_event, a.duplicate_event,
                   a.delete_event):
        edit_menu.addAction(action)
    lanes = edit_menu.addMenu("&Lanes")
    for action in (a.new_lane, a.rename_lane, a.recolor_lane, a.move_lane_up, a.move_lane_down):
        lanes.addAction(action)
    edit_menu.addSeparator()
    edit_menu.addAction(a.copy_image)
    edit_menu.addSeparator()
    edit_menu.addAction(a.find)
    view_menu = bar.addMenu("&View")
    for action in (a.fit_all, a.zoom_in, a.zoom_out, a.zoom_to_selection):
        view_menu.addAction(action)
    view_menu.addAction(a.compress_gaps)
    time_zone = view_menu.addMenu("Time &Zone")  # filled by app.time_zone_menu
    time_zone.setObjectName("timeZoneMenu")
    jump = view_menu.addMenu("&Jump To")
    jump.setObjectName("jumpMenu")
    view_menu.addSeparator()
    for toggle in panel_toggles:
        view_menu.addAction(toggle)
    go_menu = bar.addMenu("&Go")
    for action in (a.previous_event, a.next_event, a.clear_selection, a.show_in_article):
        go_menu.addAction(action)
    help_menu = bar.addMenu("&Help")
    help_menu.setObjectName("helpMenu")
    help_menu.addAction(a.show_key)
    return Menus(recent=recent, jump=jump, time_zone=time_zone)


def fill_recent_menu(menu: QMenu, recent: list[str], open_file: Callable[[str], object]) -> None:
    """One numbered entry per recent file, newest first; each opens its file."""
    menu.clear()
    for i, name in enumerate(recent):
        action = QAction(f"&{i + 1} {name}", menu)
        action.triggered.connect(lambda _=False, p=name: open_file(p))
        menu.addAction(action)
    menu.setEnabled(bool(recent))
