"""The open timeline as a document being edited: its undo stack, unsaved changes, and saving it safely."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.io.document_text import SavedText, save_text
from desktop.io.writers import WriteError
from desktop.model.document import Document, DocumentError, Edit, EventEdit, HeaderEdit
from desktop.model.timeline import Timeline

MAX_MAPPED_BYTES = 50 * 1024 * 1024  # past this the file is not kept in memory: saving rewrites it whole
OUR_SUFFIX = ".json"


class EditCommand(QUndoCommand):
    """An Edit on the undo stack; it was applied when made, so the first redo only reports it."""

    def __init__(self, controller: DocumentController, edit: Edit) -> None:
        super().__init__(edit.label)
        self._controller = controller
        self._edit = edit
        self._applied = True

    def redo(self) -> None:
        """Apply the edit (again)."""
        document = self._controller.document
        if not self._applied and document is not None:
            self._edit.redo(document)
        self._applied = False
        self._controller.changed.emit()

    def undo(self) -> None:
        """Take the edit back exactly."""
        document = self._controller.document
        if document is not None:
            self._edit.undo(document)
        self._controller.changed.emit()


class DocumentController(QObject):
    """Owns the Document and its QUndoStack; every change goes through `apply`; saves whole or not at all."""

    changed = Signal()  # the document changed (an edit, an undo or a redo): show its timeline
    dirtyChanged = Signal(bool)  # unsaved changes appeared or were saved
    message = Signal(str, int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.document: Document | None = None
        self.saved: SavedText | None = None
        self.path: Path | None = None
        self.ours = False  # the open file is our events file (not an import), so Save may write it
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(lambda clean: self.dirtyChanged.emit(not clean))
        # The stack is cleared as it is destroyed, after this controller: it must not signal then.
        stack = self.undo_stack
        self.destroyed.connect(lambda: stack.blockSignals(True))
        self.api = DocumentAPI(self)

    # --- the document -----------------------------------------------------------------

    def adopt(self, timeline: Timeline, path: Path | None) -> None:
        """A timeline opened (or reloaded) from `path`: the document to edit, its history cleared."""
        self.saved = _saved_text(path)
        # Ids of entries the loader left out stay theirs: a new event under one would be saved over it.
        self.document = Document.from_timeline(timeline, reserved=self.saved.event_ids if self.saved else ())
        self.path = path
        self.ours = self.saved is not None or _large_json(path)
        self.undo_stack.clear()
        self.undo_stack.setClean()

    def timeline(self) -> Timeline | None:
        """The document's current timeline."""
        return self.document.timeline() if self.document is not None else None

    def apply(self, make: Callable[[Document], Edit]) -> Edit | None:
        """Make an edit (it applies itself) and push it; a refused one is reported, nothing changes."""
        if self.document is None:
            return None
        try:
            edit = make(self.document)
        except DocumentError as exc:
            self.message.emit(str(exc), 8000)
            return None
        self.undo_stack.push(EditCommand(self, edit))
        return edit

    @property
    def dirty(self) -> bool:
        """True while there are unsaved changes."""
        return not self.undo_stack.isClean()

    # --- saving -----------------------------------------------------------------------

    def save(self, path: Path | None = None) -> Path | None:
        """Write the document to `path` (default: the open file, if it is ours); None if not saved."""
        if self.document is None:
            return None
        # An imported TimelineJS, vis, CSV or .timeline file is never overwritten in our format: Save As.
        target = path or (self.path if self.ours else None)
        if target is None:
            target = self.ask_save_path()
            if target is None:
                return None
        saved = self.saved if target == self.path else None  # another file: no layout to keep but ours
        try:
            save_text(self.document, saved, target)
        except WriteError as exc:
            self.message.emit(str(exc), 0)
            raise
        self.path = target
        self.saved = _saved_text(target, saved)  # remembers what the file held: an undone edit saves it back
        self.ours = True
        self.undo_stack.setClean()
        self.message.emit(f"Saved {target.name}", 4000)
        return target

    def ask_save_path(self) -> Path | None:
        """Ask where to save as our events file (a seam tests replace)."""
        start = str(self.path.with_suffix(OUR_SUFFIX)) if self.path is not None else "timeline.json"
        name, _ = QFileDialog.getSaveFileName(self._parent, "Save events file", start,
                                              "Events files (*.json)")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(OUR_SUFFIX)

    # --- asking first -------------------------------------------------------------------

    def confirm_discard(self, doing: str) -> bool:
        """Before `doing` something that drops unsaved edits: save them, drop them, or stop (False)."""
        if not self.dirty:
            return True
        answer = self.ask_unsaved(doing)
        if answer == "save":
            try:
                return self.save() is not None
            except WriteError:
                return False
        return answer == "discard"

    def ask_unsaved(self, doing: str) -> str:
        """"save", "discard" or "cancel" (a seam tests replace)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          f"The timeline has changes that are not saved. Save them before {doing}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self._parent)
        box.setObjectName("unsavedDialog")
        choice = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(choice), "cancel")

    def keep_both(self, mine_kept: bool) -> Path | None:
        """The file changed on disk while there are unsaved edits: the version not kept is written beside it."""
        if self.path is None or self.document is None:
            return None
        stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        what, suffix = ("changed on disk", self.path.suffix) if mine_kept else ("unsaved edits", OUR_SUFFIX)
        aside = self.path.with_name(f"{self.path.stem} ({what} {stamp}){suffix}")
        n = 2
        while aside.exists():  # two conflicts in one second: never one copy over another
            aside = self.path.with_name(f"{self.path.stem} ({what} {stamp}, {n}){suffix}")
            n += 1
        if mine_kept:
            # Ours stays in the window; theirs is copied aside before a save could replace it.
            aside.write_bytes(self.path.read_bytes())
        else:
            save_text(self.document, None, aside)
        return aside

    def ask_external_change(self) -> bool:
        """True: keep the window's edits; False: load the file's version (a seam tests replace)."""
        box = QMessageBox(QMessageBox.Icon.Question, "The file changed on disk",
                          "The events file was changed by another program while you have unsaved edits. "
                          "Keep your edits or load the file's version? The other is saved beside it.",
                          parent=self._parent)
        box.setObjectName("externalChangeDialog")
        keep = box.addButton("Keep My Edits", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Load the File's Version", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        return box.clickedButton() is keep


class DocumentAPI:
    """The document as scripts and tests edit it through the window: every change on the undo stack, shown at once."""

    def __init__(self, controller: DocumentController) -> None:
        self._controller = controller

    def _apply(self, make: Callable[[Document], Edit]) -> Edit:
        document = self._controller.document
        if document is None:
            raise DocumentError("no timeline is open")
        edit = make(document)  # raises DocumentError, changing nothing
        self._controller.undo_stack.push(EditCommand(self._controller, edit))
        return edit

    def add_event(self, fields: Mapping[str, object]) -> str:
        """Add an event; its new id."""
        edit = self._apply(lambda d: d.add_event(fields))
        return edit.event_id if isinstance(edit, EventEdit) else ""

    def update_event(self, event_id: str, **fields: object) -> None:
        """Change some fields of an event."""
        self._apply(lambda d: d.update_event(event_id, **fields))

    def remove_event(self, event_id: str) -> None:
        """Remove an event."""
        self._apply(lambda d: d.remove_event(event_id))

    def add_source_from_text(self, text: str, title: str) -> str:
        """Add a plain-text article as a source; its new id."""
        edit = self._apply(lambda d: d.add_source_from_text(text, title))
        return edit.source_id or "" if isinstance(edit, HeaderEdit) else ""

    @property
    def model(self) -> Document | None:
        """The Document itself (its changes made directly bypass undo: read from it, edit through this)."""
        return self._controller.document

    def __getattr__(self, name: str) -> object:
        """Everything else is the Document's to read: `timeline()`, `find_event`, `events`, `lanes`…"""
        document = self._controller.document
        if document is None:
            raise AttributeError(name)
        return getattr(document, name)


def _large_json(path: Path | None) -> bool:
    """Too large to keep its text: taken as ours when named .json (imports that size are not seen)."""
    try:
        return path is not None and path.suffix.lower() == OUR_SUFFIX and path.stat().st_size > MAX_MAPPED_BYTES
    except OSError:
        return False


def _saved_text(path: Path | None, after: SavedText | None = None) -> SavedText | None:
    """The file's own text, to save edits into its layout (`after`: its map before this save); None for other
    formats or huge files."""
    if path is None or path.suffix.lower() != OUR_SUFFIX:
        return None
    try:
        if path.stat().st_size > MAX_MAPPED_BYTES:
            return None
        return SavedText.of(path.read_text(encoding="utf-8"), after)
    except (OSError, UnicodeDecodeError):
        return None


__all__ = ["DocumentAPI", "DocumentController", "EditCommand"]
