"""A seeded random driver for the soak test: a person's actions on the main window, checked after each.

Every action is planned first as plain data (`Action`: a kind and its arguments, drawn from the
`random.Random` it is given), then performed with real mouse and key events where a person
would act. A recorded list of actions can be performed again, in part, to reduce a failure.
"""

from __future__ import annotations

import copy
import json
import math
import os
import random
import sys
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from helpers import data_to_viewport, drag
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputMethodEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGraphicsView,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from soak_hostile import PRIME_CASES, open_hostile, plan_hostile

from desktop.app.export_dialog import ExportDialog
from desktop.app.main_window import MainWindow
from desktop.io.open import open_timeline
from desktop.layout.rows import visible_indices
from desktop.model.records import Event
from desktop.model.timeline import Timeline
from desktop.render.scene import MAX_ZOOM_OUT, MIN_RANGE_S

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton

# Relative weights of the action kinds; exports are slow (a full render), so rare.
WEIGHTS: dict[str, float] = {
    "wheel": 15,
    "drag": 10,
    "overview": 4,
    "click_event": 13,
    "click_cluster": 2,
    "click_empty": 7,
    "key": 21,
    "type": 7,
    "clear_search": 4,
    "lane": 7,
    "reload_good": 6,
    "reload_broken": 3,
    "reload_background": 2,
    "export": 0.5,
    "edit_title": 4,
    "add_event": 3,
    "delete_event": 2,
    "undo": 4,
    "redo": 3,
    "save": 2,
    "open_hostile": 3,
}
EDITING = ("edit_title", "add_event", "delete_event", "undo", "redo", "save")
ODD_TITLE_ENDS = ["ß", "日本", "🙂", "“quoted”", "<b>bold</b>", "&amp;", "a\u0301"]
KEYS: dict[str, tuple[Qt.Key, Qt.KeyboardModifier]] = {
    "Left": (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier),
    "Right": (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier),
    "Home": (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier),
    "+": (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier),
    "-": (Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier),
    "Escape": (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    "Ctrl+F": (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier),
}
KEY_WEIGHTS = {"Left": 6, "Right": 6, "Home": 2, "+": 3, "-": 3, "Escape": 2, "Ctrl+F": 1}
GOOD_VARIANTS = {"original": 3, "title": 3, "remove": 3, "add": 3, "problem": 2, "far": 1, "single": 1, "no-events": 1,
                 "many": 1}
MANY_EVENTS = 6000  # past layout.EXACT_LIMIT (5,000 in view): the frame shows counts per cell
BROKEN_VARIANTS = {"truncated": 4, "not-object": 1, "bad-version": 1, "empty": 1, "nul": 1}
ODD_QUERIES = ['"walking away"', "won't", "-", "+", "*", "ß", "日本", "🙂", "\"", "  ", "a" * 60, "2019", "#", "()"]
EXPORT_WIDTH = 1000  # the smallest the export takes is MIN_WIDTH_PX × DEFAULT_SCALE = 960
REFUSED_WIDTH = 900  # too small: the export says so in an error dialog


@dataclass(frozen=True)
class Action:
    """One planned action: what kind and with which arguments (plain data, so it can be replayed)."""

    kind: str
    args: tuple[Any, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}{self.args!r}"


class SoakFailure(AssertionError):
    """An invariant broke (or something escaped) after an action."""


class SoakDriver:
    """Plans and performs random actions on a main window whose file is a copy in `folder`."""

    def __init__(self, qtbot: QtBot, window: MainWindow, rng: random.Random, folder: Path) -> None:
        self.qtbot = qtbot
        self.window = window
        self.rng = rng
        self.folder = folder
        assert window.path is not None and window.path.parent == folder.resolve(), "open a copy in the folder"
        self.path = window.path
        self.original: dict = json.loads(self.path.read_text(encoding="utf-8"))
        self.words = sorted({w.strip(".,:;()“”‘’'\"").lower() for e in self.original["events"]
                             for w in e["title"].split() if len(w) > 2})
        self.exceptions: list[str] = []
        self.errors: list[tuple[str, str]] = []  # show_error calls
        self.crash_dialogs: list[str] = []
        self.expect_error = False
        self.export_width = EXPORT_WIDTH
        # Only a count and the last few: the run's own records must not grow with it (memory is measured).
        self.performed = 0
        self.recent: deque[tuple[int, Action]] = deque(maxlen=15)
        self.weights = dict(WEIGHTS)
        self.counts: dict[str, int] = {}
        # A file that gets each action before it is performed: a crash that kills the process
        # (a segfault) still leaves the actions that led to it.
        self.trace: Path | None = None
        self._qt_messages_seen = 0
        self._qt_messages: Callable[[], list] = list
        self._previous_hook = sys.excepthook
        # A plain model of the undo stack: the document's state after each step, where the stack is and
        # which step was saved (-1: none reachable). A load (opened, reloaded) starts it afresh.
        self.history: list[Snapshot] = []
        self.at = 0
        self.clean = 0
        self.asked: dict[str, int] = {"unsaved": 0, "external change": 0, "save path": 0, "save as": 0}
        # The document came from a corpus file (an import, maybe, which Save never overwrites in our format: it
        # asks where); and a corpus file is being opened now.
        self.foreign = self.opening_hostile = False
        self.edits_made = self.undone = self.redone = self.saved = 0
        window.files.loaded.connect(self._on_files_loaded)  # after the window's own slot: the document is adopted
        self._on_files_loaded()

    # --- seams the test installs ---------------------------------------------------------

    def excepthook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Record an exception that escaped into Qt's event handling, then let pytest-qt see it too."""
        self.exceptions.append("".join(traceback.format_exception(kind, exc, tb)))
        self._previous_hook(kind, exc, tb)

    def install(self, monkeypatch: pytest.MonkeyPatch, qt_records: Callable[[], list]) -> None:
        """Route the excepthook, the error and crash dialogs and the export dialog to this driver."""
        import desktop.app.crash
        import desktop.app.export_dialog

        self._previous_hook = sys.excepthook
        monkeypatch.setattr(sys, "excepthook", self.excepthook)
        monkeypatch.setattr(self.window, "show_error", lambda title, text: self.errors.append((title, text)))
        monkeypatch.setattr(desktop.app.crash, "show_crash_dialog",
                            lambda parent, details, log: self.crash_dialogs.append(details))
        monkeypatch.setattr(desktop.app.export_dialog, "run_dialog", self._run_export_dialog)
        documents = self.window.documents
        # Reloading over unsaved edits: drop them. A change on disk under them (the watcher seeing the driver's
        # own write late): keep them, the file's version is copied beside it; the run then does not depend on
        # when the watcher fires. Save asks where only for a corpus file not ours (an import): a new file of ours.
        monkeypatch.setattr(documents, "ask_unsaved", lambda doing: self._asked("unsaved", "discard"))
        monkeypatch.setattr(documents, "ask_external_change", lambda: self._asked("external change", True))
        monkeypatch.setattr(documents, "ask_save_path", self._ask_save_path)
        self._qt_messages = qt_records
        self._qt_messages_seen = len(qt_records())

    def _asked(self, what: str, answer: Any) -> Any:
        self.asked[what] += 1
        return answer

    def _ask_save_path(self) -> Path | None:
        """Where to save: for a corpus file not ours, a new file of the driver's own; never for its own file."""
        if not self.foreign:
            return self._asked("save path", None)
        return self._asked("save as", self.folder / f"saved-{self.performed}.json")

    def _run_export_dialog(self, dialog: ExportDialog) -> bool:
        """The Export dialog, filled in and saved; a refusal (it stays open) counts as an error dialog, then Cancel."""
        dialog.show()
        dialog.form.path_field.setText(str(self.folder / "export.png"))
        dialog.form.width_box.setValue(self.export_width)
        self.qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        if dialog.result() == QDialog.DialogCode.Accepted:
            return True
        self.errors.append(("Export", dialog.error()))
        dialog.reject()
        return False

    # --- running -------------------------------------------------------------------------

    def run(self, count: int) -> None:
        """Plan, perform and check `count` actions."""
        for _ in range(count):
            self.step(self.plan())

    def step(self, action: Action) -> None:
        """Perform one action, let the event loop run (paint, deferred deletes, timers), then check."""
        number = self.performed
        self.performed += 1
        self.recent.append((number, action))
        self.counts[action.kind] = self.counts.get(action.kind, 0) + 1
        if self.trace is not None:
            with self.trace.open("a", encoding="utf-8") as trace:
                trace.write(f"{number} {action.kind} {json.dumps(action.args, ensure_ascii=False)}\n")
        try:
            getattr(self, f"_do_{action.kind}")(*action.args)
            self.qtbot.wait(1)
            self.check()
        except Exception as exc:
            exc.add_note(f"soak action #{number}: {action}\nlast actions:\n" + "\n".join(
                f"  #{i} {a}" for i, a in self.recent))
            raise

    def prime(self) -> None:
        """Every file variant, odd query and an export once, and some corpus files: one-time costs (the 6,000-event
        file, fallback fonts for CJK and emoji, the importers) are paid before memory is first measured."""
        for query in ODD_QUERIES:
            self.step(Action("type", (query, True)))
        self.step(Action("clear_search", ("select-delete",)))
        for i, variant in enumerate(GOOD_VARIANTS):
            self.step(Action("reload_good", (variant, i)))
        for i, variant in enumerate(BROKEN_VARIANTS):
            self.step(Action("reload_broken", (variant, i)))
        self.step(Action("export", (EXPORT_WIDTH,)))
        for kind in ("add_event", "edit_title", "undo", "redo", "save", "delete_event"):  # the editor's docks, once
            self.step(getattr(self, f"_plan_{kind}")())
        for name in PRIME_CASES:  # fonts for other scripts, the importers, the largest texts
            self.step(Action("open_hostile", (name, "api")))
        self.settle()

    def settle(self) -> None:
        """Back to one state for measuring: the original file, no search, every lane, no selection, fitted."""
        self.step(Action("settle"))
        self.qtbot.wait(20)

    def _do_settle(self) -> None:
        w = self.window
        self._save(json.dumps(self.original, ensure_ascii=False, indent=1))
        assert w.reload() is True
        w.search_field.clear()
        for lane in w.timeline.lanes if w.timeline is not None else ():
            w.legend.set_lane_visible(lane.id, True)
        w.commands.clear_selection.trigger()
        w.commands.fit_all.trigger()

    def plan(self) -> Action:
        """The next action, drawn from the generator (and from what the window shows now)."""
        kind = self._pick(self.weights)
        return getattr(self, f"_plan_{kind}")()

    def _pick(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _fraction(self) -> float:
        return round(self.rng.random(), 4)

    # --- invariants ------------------------------------------------------------------------

    def check(self) -> None:
        """Every invariant the soak holds the window to after each action."""
        w = self.window
        if self.exceptions:
            raise SoakFailure("an exception escaped into the event loop:\n" + self.exceptions[0])
        if self.crash_dialogs:
            raise SoakFailure("the crash dialog was shown:\n" + self.crash_dialogs[0])
        if self.errors and not self.expect_error:
            raise SoakFailure(f"unexpected error dialog: {self.errors[0]}")
        records = self._qt_messages()
        fresh = [r for r in records[self._qt_messages_seen:] if r.matches_level("WARNING") and not r.ignored]
        self._qt_messages_seen = len(records)
        if fresh:
            raise SoakFailure("Qt warned: " + "; ".join(f"{r.type_name}: {r.message}" for r in fresh))
        if QApplication.activeModalWidget() is not None:
            raise SoakFailure(f"a modal dialog is open: {QApplication.activeModalWidget().objectName()}")
        current, stack = w.documents.timeline(), w.undo_stack
        if current is not None and w.timeline is not current:
            raise SoakFailure("the window shows another timeline than the document's")
        if (stack.count(), stack.index()) != (len(self.history) - 1, self.at):
            raise SoakFailure(f"the undo stack holds {stack.count()} steps at {stack.index()}; the model "
                              f"{len(self.history) - 1} at {self.at}")
        if w.isWindowModified() != (self.at != self.clean) or stack.isClean() != (self.at == self.clean):
            raise SoakFailure(f"unsaved changes shown {w.isWindowModified()}, stack clean {stack.isClean()}; the "
                              f"model is at {self.at}, saved at {self.clean}")
        if self.asked["save path"]:
            raise SoakFailure("Save asked where to save the window's own events file")
        selected, shown = w.view.selected_event(), w.source_panel.shown_event()
        if selected != shown:
            raise SoakFailure(f"the view selects {selected!r} but the dock shows {shown!r}")
        scene = w.view.timeline_scene
        if selected is not None:
            assert w.timeline is not None and scene.rows is not None
            if scene.rows.row[w.timeline.event_index[selected]] < 0:
                raise SoakFailure(f"the selected event {selected!r} is in a hidden lane")
        start, end = scene.visible_range()
        if not (math.isfinite(start) and math.isfinite(end)):
            raise SoakFailure(f"the visible range is not finite: {start!r}, {end!r}")
        begin, finish = scene.data_span()
        span = finish - begin
        middle = (begin + finish) / 2
        tol = max(1e-6 * span, 1e-3)
        width = end - start
        if not MIN_RANGE_S - tol <= width <= MAX_ZOOM_OUT * span + tol:
            raise SoakFailure(f"the visible width {width!r} s is outside [{MIN_RANGE_S}, {MAX_ZOOM_OUT * span}]")
        lo, hi = middle - MAX_ZOOM_OUT * span / 2, middle + MAX_ZOOM_OUT * span / 2
        if start < lo - tol or end > hi + tol:
            raise SoakFailure(f"the visible range {start!r}–{end!r} leaves the limits {lo!r}–{hi!r}")
        region = w.overview.region()
        if abs(region[0] - start) > max(60.0, 1e-6 * width) or abs(region[1] - end) > max(60.0, 1e-6 * width):
            raise SoakFailure(f"the overview region {region!r} does not match the view {(start, end)!r}")
        recorded = w.state.visible_range
        if recorded is None or abs(recorded[0] - start) > 1e-6 * width or abs(recorded[1] - end) > 1e-6 * width:
            raise SoakFailure(f"the view state's range {recorded!r} is not the view's {(start, end)!r}")

    # --- mouse on the plot ---------------------------------------------------------------

    def _plot_rect(self) -> tuple[int, int, int, int]:
        view = self.window.view
        r = view.mapFromScene(view.timeline_scene.vb.sceneBoundingRect()).boundingRect()
        return r.left(), r.top(), r.width(), r.height()

    def _at(self, widget: QWidget, fx: float, fy: float) -> QPoint:
        return QPoint(min(int(fx * widget.width()), widget.width() - 1), min(int(fy * widget.height()),
                                                                             widget.height() - 1))

    def _in_plot(self, fx: float, fy: float) -> QPoint:
        x, y, w, h = self._plot_rect()
        return QPoint(x + int(fx * max(w - 1, 0)), y + int(fy * max(h - 1, 0)))

    def _plan_wheel(self) -> Action:
        delta = self.rng.choice([120, -120, 120, -120, 240, -240, 15, -15, 40, -40, 1200, -1200])
        return Action("wheel", (self._fraction(), self._fraction(), delta))

    def _do_wheel(self, fx: float, fy: float, delta: int) -> None:
        viewport = self.window.view.viewport()
        pos = self._at(viewport, fx, fy)
        event = QWheelEvent(QPointF(pos), QPointF(viewport.mapToGlobal(pos)), QPoint(), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(viewport, event)

    def _plan_drag(self) -> Action:
        button = "right" if self.rng.random() < 0.15 else "left"
        return Action("drag", (self._fraction(), self._fraction(), self._fraction(), self._fraction(),
                               self.rng.randint(1, 10), button))

    def _do_drag(self, fx0: float, fy0: float, fx1: float, fy1: float, steps: int, button: str) -> None:
        start, end = self._in_plot(fx0, fy0), self._in_plot(fx1, fy1)
        if button == "left":
            drag(self.qtbot, self.window.view, start, end, steps)
        else:
            _drag_with(self.qtbot, self.window.view, start, end, steps, RIGHT)

    def _plan_overview(self) -> Action:
        # Grab the region (an edge or its middle) half of the time, else anywhere on the strip.
        how = self.rng.choice(["click", "drag", "drag", "lo", "hi", "middle"])
        return Action("overview", (how, self._fraction(), self._fraction(), self._fraction(),
                                   self.rng.randint(1, 8)))

    def _do_overview(self, how: str, fx0: float, fy: float, fx1: float, steps: int) -> None:
        overview = self.window.overview
        viewport = overview.viewport()
        start = self._at(viewport, fx0, fy)
        if how == "click":
            self.qtbot.mouseClick(viewport, LEFT, pos=start)
            return
        if how != "drag":
            ovb = overview.getPlotItem().vb
            lo, hi = overview.region()
            x = {"lo": lo, "hi": hi, "middle": (lo + hi) / 2}[how] - overview.origin
            y = sum(ovb.viewRange()[1]) / 2
            start = overview.mapFromScene(ovb.mapViewToScene(QPointF(x, y)))
        drag(self.qtbot, overview, start, self._at(viewport, fx1, fy), steps)

    def _plan_click_event(self) -> Action:
        visible = self._visible_events()
        if not visible:
            return self._plan_click_empty()
        return Action("click_event", (self.rng.choice(visible),))

    def _visible_events(self) -> list[str]:
        """Ids of some events of shown lanes whose marker (or bar middle) is inside the plot area."""
        w = self.window
        scene = w.view.timeline_scene
        if w.timeline is None or scene.rows is None:
            return []
        x, y, width, height = self._plot_rect()
        indices = visible_indices(w.timeline.columns, scene.rows, *scene.visible_range())
        if len(indices) > 40:  # a sample is enough, and a big timeline stays quick to plan on
            indices = sorted(self.rng.sample(list(indices), 40))
        found = []
        for i in indices:
            event_id = w.timeline.events[int(i)].id
            pos = w.view.event_position(event_id)
            if x <= pos.x() < x + width and y <= pos.y() < y + height:
                found.append(event_id)
        return found

    def _do_click_event(self, event_id: str) -> None:
        w = self.window
        if w.timeline is None or event_id not in w.timeline.event_index:
            return  # gone since it was planned (a replay of part of a run)
        self.qtbot.mouseClick(w.view.viewport(), LEFT, pos=w.view.event_position(event_id))

    def _plan_click_cluster(self) -> Action:
        frame = self.window.view.timeline_scene.frame
        if frame is None or not len(frame.cluster_x):
            return self._plan_click_empty()
        return Action("click_cluster", (self.rng.randrange(len(frame.cluster_x)),))

    def _do_click_cluster(self, k: int) -> None:
        view = self.window.view
        frame = view.timeline_scene.frame
        if frame is None or k >= len(frame.cluster_x):
            return
        pos = data_to_viewport(view, float(frame.cluster_x[k]), float(frame.cluster_row[k]) + 0.5)
        self.qtbot.mouseClick(view.viewport(), LEFT, pos=pos)

    def _plan_click_empty(self) -> Action:
        view = self.window.view
        for _ in range(20):
            fx, fy = self._fraction(), self._fraction()
            if view.timeline_scene.hit_test(view.mapToScene(self._at(view.viewport(), fx, fy))) is None:
                break
        return Action("click_empty", (fx, fy))

    def _do_click_empty(self, fx: float, fy: float) -> None:
        viewport = self.window.view.viewport()
        self.qtbot.mouseClick(viewport, LEFT, pos=self._at(viewport, fx, fy))

    # --- keys and search ---------------------------------------------------------------------

    def _plan_key(self) -> Action:
        return Action("key", (self._pick(KEY_WEIGHTS),))

    def _do_key(self, name: str) -> None:
        # To whatever has the focus, as a person's key goes: typed into the search field when it has it.
        key, modifier = KEYS[name]
        target = QApplication.focusWidget() or self.window
        self.qtbot.keyClick(target, key, modifier)

    def _plan_type(self) -> Action:
        roll = self.rng.random()
        if roll < 0.6:
            text = self.rng.choice(self.words)
            if self.rng.random() < 0.3:
                text = text[: self.rng.randint(1, len(text))]
        elif roll < 0.8:
            text = " ".join(self.rng.sample(self.words, 2))
        else:
            text = self.rng.choice(ODD_QUERIES)
        return Action("type", (text, self.rng.random() < 0.5))

    def _do_type(self, text: str, replace: bool) -> None:
        field = self.window.search_field
        self.qtbot.mouseClick(field, LEFT, pos=QPoint(10, field.height() // 2))
        if replace:
            self.qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        else:
            self.qtbot.keyClick(field, Qt.Key.Key_End)
            text = " " + text
        _type_into(self.qtbot, field, text)

    def _plan_clear_search(self) -> Action:
        return Action("clear_search", (self.rng.choice(["select-delete", "backspace"]),))

    def _do_clear_search(self, how: str) -> None:
        field = self.window.search_field
        self.qtbot.mouseClick(field, LEFT, pos=QPoint(10, field.height() // 2))
        if how == "select-delete":
            self.qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.qtbot.keyClick(field, Qt.Key.Key_Delete)
        else:
            self.qtbot.keyClick(field, Qt.Key.Key_End)
            for _ in range(len(field.text())):
                self.qtbot.keyClick(field, Qt.Key.Key_Backspace)
        assert field.text() == "", f"the search field still holds {field.text()!r}"

    # --- lanes ---------------------------------------------------------------------------

    def _plan_lane(self) -> Action:
        w = self.window
        if w.timeline is None or not w.timeline.lanes:
            return self._plan_key()
        hidden = w.legend.hidden_lanes()
        lane = self.rng.choice(w.timeline.lanes).id
        shown = [x.id for x in w.timeline.lanes if x.id not in hidden]
        if shown == [lane]:  # keep at least one lane shown: show another instead
            lane = self.rng.choice([x.id for x in w.timeline.lanes if x.id != lane] or [lane])
            if lane not in hidden:
                return self._plan_key()
        return Action("lane", (lane,))

    def _do_lane(self, lane_id: str) -> None:
        legend = self.window.legend
        rect = legend.check_rect(lane_id)  # scrolls the lane's row into view
        if not rect.isValid():
            return
        before = legend.is_lane_checked(lane_id)
        if before and len(self.window.timeline.lanes) - len(legend.hidden_lanes()) <= 1:
            return  # a replay of part of a run: still keep one lane shown
        self.qtbot.mouseClick(legend.view.viewport(), LEFT, pos=rect.center())
        assert legend.is_lane_checked(lane_id) != before, f"clicking lane {lane_id!r}'s box did not toggle it"

    # --- files ---------------------------------------------------------------------------

    def _plan_reload_good(self) -> Action:
        return Action("reload_good", (self._pick(GOOD_VARIANTS), self.rng.randrange(2**31)))

    def _plan_reload_broken(self) -> Action:
        return Action("reload_broken", (self._pick(BROKEN_VARIANTS), self.rng.randrange(2**31)))

    def good_variant(self, variant: str, seed: int) -> tuple[dict, int]:
        """A document that opens, and how many events it should show."""
        rng = random.Random(seed)
        doc = copy.deepcopy(self.original)
        events: list[dict] = doc["events"]
        if variant == "title":
            doc["title"] = f"Soak edit {seed}"
        elif variant == "remove":
            for _ in range(rng.randint(1, len(events) - 1)):
                events.pop(rng.randrange(len(events)))
        elif variant in ("add", "far"):
            for k in range(rng.randint(1, 3)):
                event = copy.deepcopy(rng.choice(events))
                event["id"] = f"soak-added-{k}"
                event.pop("end", None)
                year = rng.randint(1950, 2090) if variant == "far" else rng.randint(2016, 2019)
                event["start"] = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                events.append(event)
        elif variant == "problem":
            events[rng.randrange(len(events))]["start"] = "2019-13-01"  # a bad date: that event is left out
            return doc, len(events) - 1
        elif variant == "single":
            doc["events"] = [rng.choice(events)]
        elif variant == "no-events":
            doc["events"] = []
        elif variant == "many":
            lanes = [lane["id"] for lane in doc["lanes"]]
            doc["events"] = events + [
                {"id": f"soak-many-{k}", "title": f"Soak {k}", "lane": rng.choice(lanes),
                 "start": f"{rng.randint(2016, 2019)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                          f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"}
                for k in range(MANY_EVENTS)]
        return doc, len(doc["events"])

    def broken_text(self, variant: str, seed: int) -> str:
        """The text of a file that cannot be opened."""
        rng = random.Random(seed)
        text = json.dumps(self.original, ensure_ascii=False, indent=1)
        if variant == "truncated":
            return text[: rng.randrange(1, len(text) - 1)]
        if variant == "not-object":
            return json.dumps(self.original["events"])
        if variant == "bad-version":
            return text.replace('"version": 1', '"version": 7', 1)
        if variant == "nul":
            return text[:100] + "\0" + text[100:]
        return ""

    def _save(self, text: str) -> None:
        # As editors save: a new file beside the old one, renamed over it.
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)

    def _do_reload_good(self, variant: str, seed: int) -> None:
        doc, count = self.good_variant(variant, seed)
        self._save(json.dumps(doc, ensure_ascii=False, indent=1))
        w = self.window
        before = w.timeline
        assert w.reload() is True, f"the good variant {variant} was refused"
        assert w.timeline is not before and w.timeline is not None
        assert len(w.timeline.events) == count, f"{len(w.timeline.events)} events shown, {count} expected"
        assert w.windowTitle().startswith(doc["title"])
        assert w.problems_dock.isVisible() == (variant == "problem")

    def _do_reload_broken(self, variant: str, seed: int) -> None:
        w = self.window
        before, title = w.timeline, w.windowTitle()
        self._save(self.broken_text(variant, seed))
        assert w.reload() is False, f"the broken variant {variant} was opened"
        assert w.timeline is before, "a broken reload replaced the timeline"
        assert w.windowTitle() == title
        assert w.problems_dock.isVisible()

    def _plan_reload_background(self) -> Action:
        good = self.rng.random() < 0.7
        variant = self._pick(GOOD_VARIANTS) if good else self._pick(BROKEN_VARIANTS)
        how = self.rng.choice(["wait", "wait", "cancel", "twice"])
        return Action("reload_background", (good, variant, self.rng.randrange(2**31), how))

    def _do_reload_background(self, good: bool, variant: str, seed: int, how: str) -> None:
        """A reload as a large file's: in a worker thread, behind a progress dialog; waited for or cancelled."""
        w = self.window
        before, title = w.timeline, w.windowTitle()
        doc, count = self.good_variant(variant, seed) if good else ({}, 0)
        self._save(json.dumps(doc, ensure_ascii=False, indent=1) if good else self.broken_text(variant, seed))
        w.files.ASYNC_BYTES = -1  # every file is "large" for this one reload, even an empty one
        try:
            assert w.reload() is True
            if how == "twice":  # saved again at once: the first load is cancelled for the second
                assert w.reload() is True
        finally:
            del w.files.ASYNC_BYTES
        if how == "cancel":
            dialog = w.findChild(QProgressDialog, "loadProgress")
            button = dialog.findChild(QPushButton) if dialog is not None else None
            if button is not None and button.isVisible():
                self.qtbot.mouseClick(button, LEFT)
        self.qtbot.waitUntil(lambda: w.load_task is None, timeout=10_000)
        self.qtbot.waitUntil(lambda: w.findChild(QProgressDialog, "loadProgress") is None
                             or not w.findChild(QProgressDialog, "loadProgress").isVisible(), timeout=1000)
        if how == "cancel" and w.timeline is before:
            assert w.windowTitle() == title
        elif good:
            assert w.timeline is not before and w.timeline is not None
            assert len(w.timeline.events) == count, f"{len(w.timeline.events)} events shown, {count} expected"
            assert w.windowTitle().startswith(doc["title"])
        else:
            assert w.timeline is before, "a broken reload replaced the timeline"
            assert w.windowTitle() == title
            assert w.problems_dock.isVisible()

    def _plan_export(self) -> Action:
        return Action("export", (REFUSED_WIDTH if self.rng.random() < 0.1 else EXPORT_WIDTH,))

    def _do_export(self, width: int) -> None:
        target = self.folder / "export.png"
        target.unlink(missing_ok=True)
        self.export_width, self.expect_error = width, width < EXPORT_WIDTH
        try:
            self.window.commands.export_png.trigger()
            if width < EXPORT_WIDTH:
                assert len(self.errors) == 1 and "too small" in self.errors[0][1], self.errors
                assert not target.exists()
            else:
                assert target.stat().st_size > 0
        finally:
            self.errors.clear()
            self.expect_error, self.export_width = False, EXPORT_WIDTH

    def _plan_open_hostile(self) -> Action:
        return Action("open_hostile", plan_hostile(self.rng))

    def _do_open_hostile(self, name: str, how: str) -> None:
        """File ▸ Open (or the window's open_file) on a corpus case: it opens, opens with problems or is refused."""
        open_hostile(self, name, how)

    # --- editing -------------------------------------------------------------------------

    def _on_files_loaded(self, *_args: object) -> None:
        """A file was opened or reloaded: the document and its history start afresh (unless the edits were kept)."""
        if self.history and self.window.undo_stack.count():
            return  # a change on disk under unsaved edits, and the edits were kept: the document did not change
        # A file not named .json is saved as a new file too, whoever wrote it (the symbolic link's target).
        path = self.window.path
        self.foreign = self.opening_hostile or (path is not None and path.suffix != ".json")
        current = self.window.documents.timeline()
        self.history = [snapshot(current)] if current is not None else []
        self.at = self.clean = 0

    def _current(self) -> Timeline:
        """The document's timeline now."""
        current = self.window.documents.timeline()
        assert current is not None, "no document"
        return current

    def _event(self, event_id: str) -> Event | None:
        """The document's event with that id now, or None."""
        timeline = self._current()
        index = timeline.event_index.get(event_id)
        return timeline.events[index] if index is not None else None

    def _pushed(self) -> None:
        """An edit was made: it is the model's next step (any steps undone before it are gone)."""
        if self.clean > self.at:
            self.clean = -1  # the saved step was undone and is now replaced: out of reach
        self.history[self.at + 1:] = [snapshot(self._current())]
        self.at += 1
        self.edits_made += 1

    def _expect_state(self, what: str) -> None:
        """The document is exactly the model's state at its step."""
        if snapshot(self._current()) != self.history[self.at]:
            raise SoakFailure(f"after {what} the document is not the state of step {self.at}")

    def _title(self) -> str:
        title = " ".join(self.rng.sample(self.words, self.rng.randint(1, 3))).capitalize()
        return f"{title} {self.rng.choice(ODD_TITLE_ENDS)}" if self.rng.random() < 0.2 else title

    def _date(self) -> str:
        year = self.rng.randint(1950, 2090) if self.rng.random() < 0.05 else self.rng.randint(2016, 2019)
        return self.rng.choice([f"{year}", f"{year}-{self.rng.randint(1, 12):02d}",
                                f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"])

    def _editor_field(self, name: str) -> QLineEdit:
        """A field of the event editor, its dock shown (View ▸ Editor) as a person would have it."""
        w = self.window
        if not w.editor_dock.isVisible():
            w.editor_dock.toggleViewAction().trigger()
        field = w.editor_dock.widget().findChild(QLineEdit, name)
        assert field is not None, name
        return field

    def _type_field(self, name: str, text: str) -> None:
        """Click into an editor field, replace its text by typing, press Enter."""
        field = self._editor_field(name)
        self.qtbot.mouseClick(field, LEFT, pos=QPoint(5, field.height() // 2))
        self.qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        _type_into(self.qtbot, field, text)
        self.qtbot.keyClick(field, Qt.Key.Key_Return)

    def _leave_editor(self) -> None:
        # Back to the timeline, as a person clicks there: keys typed next are not typed into a title.
        self.window.view.setFocus(Qt.FocusReason.MouseFocusReason)

    def _shortcut(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
        """A window shortcut's key on the window, made active first as a person's click would (a dialog shown
        and closed, such as the export's, can leave the offscreen platform with no active window: then no
        shortcut fires)."""
        w = self.window
        if not w.isActiveWindow():
            w.activateWindow()
            self.qtbot.waitUntil(w.isActiveWindow, timeout=1000)
        self.qtbot.keyClick(w, key, modifiers)

    def _plan_edit_title(self) -> Action:
        visible = self._visible_events()
        if not visible:
            return self._plan_add_event()
        return Action("edit_title", (self.rng.choice(visible), self._title()))

    def _do_edit_title(self, event_id: str, title: str) -> None:
        """Click an event, then type a new title into the editor."""
        w = self.window
        self._do_click_event(event_id)
        selected = w.view.selected_event()
        if selected is None:
            return  # the click found a cluster or nothing (a replay of part of a run)
        old = self._event(selected)
        assert old is not None and w.edits.editor.shown_event() == selected
        self._type_field("editorTitle", title)
        self._leave_editor()
        new = self._event(selected)
        assert new is not None and new.title == title, f"the title of {selected!r} is {new and new.title!r}"
        if old.title != title:
            self._pushed()

    def _plan_add_event(self) -> Action:
        lanes = len(self.window.timeline.lanes) if self.window.timeline is not None else 1
        return Action("add_event", (self.rng.choice(["ui", "api"]), self._title(), self._date(),
                                    self.rng.randrange(lanes)))

    def _do_add_event(self, how: str, title: str, start: str, lane: int) -> None:
        """Edit ▸ New Event and type a title and a date; or the same through the document API."""
        w = self.window
        if w.timeline is None:
            return
        count = len(self._current().events)
        if how == "api":
            lanes = w.timeline.lanes
            new = w.document.add_event({"title": title, "start": start, "lane": lanes[lane % len(lanes)].id})
            assert new in self._current().event_index
        else:
            w.commands.new_event.trigger()
            assert w.edits.editor.shown_event() == ""
            self._type_field("editorTitle", title)
            assert len(self._current().events) == count, "a draft without a date joined the timeline"
            self._type_field("editorStart", start)
            self._leave_editor()
        timeline = self._current()
        assert len(timeline.events) == count + 1
        assert any(e.title == title and e.start.text == start for e in timeline.events), "the new event is missing"
        self._pushed()

    def _plan_delete_event(self) -> Action:
        visible = self._visible_events()
        if not visible:
            return self._plan_add_event()
        return Action("delete_event", (self.rng.choice(visible),))

    def _do_delete_event(self, event_id: str) -> None:
        """Click an event, then Edit ▸ Delete Event."""
        w = self.window
        self._do_click_event(event_id)
        selected = w.view.selected_event()
        if selected is None:
            return
        w.commands.delete_event.trigger()
        assert self._event(selected) is None and w.view.selected_event() is None
        self._pushed()

    def _plan_undo(self) -> Action:
        return Action("undo", (self.rng.choice(["key", "menu"]),))

    def _plan_redo(self) -> Action:
        return Action("redo", (self.rng.choice(["key", "menu"]),))

    def _do_undo(self, how: str) -> None:
        """Ctrl+Z on the window, or Edit ▸ Undo."""
        w = self.window
        can = w.undo_stack.canUndo()
        if how == "key":
            self._shortcut(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        else:
            w.commands.undo.trigger()
        if can:
            self.at -= 1
            self.undone += 1
            self._expect_state("undo")

    def _do_redo(self, how: str) -> None:
        """Ctrl+Shift+Z on the window, or Edit ▸ Redo."""
        w = self.window
        can = w.undo_stack.canRedo()
        if how == "key":
            self._shortcut(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        else:
            w.commands.redo.trigger()
        if can:
            self.at += 1
            self.redone += 1
            self._expect_state("redo")

    def _plan_save(self) -> Action:
        return Action("save")

    def _do_save(self) -> None:
        """Ctrl+S: the open file (a copy in the folder) holds the document, read back as the loader reads it;
        a corpus file not ours is saved where Save asks, a new file of the driver's."""
        w = self.window
        if w.timeline is None:
            return
        asked = self.asked["save as"]
        self._shortcut(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        self.clean = self.at
        self.saved += 1
        if self.asked["save as"] > asked:
            assert w.path is not None and w.path.parent == self.folder.resolve(), f"saved as {w.path}"
            self.path, self.foreign = w.path, False
        assert w.path == self.path, f"saved as {w.path}"
        if snapshot(open_timeline(self.path)) != snapshot(self._current()):
            raise SoakFailure("the saved file does not read back as the document")


Snapshot = tuple[str, str, tuple, tuple, frozenset]


def snapshot(timeline: Timeline) -> Snapshot:
    """A timeline's content as plain comparable data (its events as a set: their order is the layout's)."""
    return timeline.title, timeline.description, timeline.lanes, timeline.sources, frozenset(timeline.events)


def _drag_with(qtbot: QtBot, view: QGraphicsView, start: QPoint, end: QPoint, steps: int,
               button: Qt.MouseButton) -> None:
    """As helpers.drag, with any button held (the right button zooms the plot's time axis)."""
    viewport = view.viewport()
    qtbot.mousePress(viewport, button, pos=start)
    for i in range(1, steps + 1):
        pos = QPointF(start) + (QPointF(end) - QPointF(start)) * (i / steps)
        move = QMouseEvent(QEvent.Type.MouseMove, pos, viewport.mapToGlobal(pos), Qt.MouseButton.NoButton, button,
                           Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, button, pos=end)


def _type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text`: ASCII as key clicks, anything else committed by an input method, as it arrives from one.

    (QTest's keyClicks only knows ASCII: other characters trip an assertion in qasciikey.cpp and abort.)
    """
    run = ""
    for ch in text + "\n":
        if ch != "\n" and ch.isascii() and ch.isprintable():
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if ch != "\n":
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def read_trace(path: Path) -> list[Action]:
    """The actions a run wrote to its trace file (SOAK_TRACE), to perform them again."""
    actions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        _, kind, args = line.split(" ", 2)
        actions.append(Action(kind, tuple(json.loads(args))))
    return actions
