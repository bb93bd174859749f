"""File ▸ Export PNG…: ask for a width and a file name, then export the timeline as the window shows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.render.export import (
    DEFAULT_SCALE,
    MARGIN_PX,
    MAX_SIDE_PX,
    MIN_WIDTH_PX,
    ExportError,
    default_height,
    render_timeline,
    write_png,
)

if TYPE_CHECKING:  # pragma: no cover
    from desktop.app.main_window import MainWindow

FOLDER_KEY = "export/folder"


class ExportDialog(QDialog):
    """Width in pixels and the file to write; the height follows from the lanes."""

    def __init__(self, parent: QWidget | None, width: int, path: Path,
                 height_for: Callable[[int], int] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export PNG")
        self._height_for = height_for
        self.width_box = QSpinBox()
        self.width_box.setObjectName("exportWidth")
        self.width_box.setRange(round(MIN_WIDTH_PX * DEFAULT_SCALE), MAX_SIDE_PX)
        self.width_box.setSingleStep(100)
        self.width_box.setSuffix(" px")
        self.width_box.setValue(width)
        self.size_note = QLabel()
        self.size_note.setObjectName("exportSizeNote")
        self.path_field = QLineEdit(str(path))
        self.path_field.setObjectName("exportPath")
        self.path_field.setMinimumWidth(360)
        browse = QPushButton("Browse…")
        browse.setObjectName("exportBrowse")
        row = QHBoxLayout()
        row.addWidget(self.path_field, 1)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow("Width:", self.width_box)
        form.addRow("", self.size_note)
        form.addRow("File:", row)
        form.addRow(self.buttons)
        browse.clicked.connect(self._on_browse_clicked)
        self.width_box.valueChanged.connect(self._on_width_changed)
        self.path_field.textChanged.connect(self._on_path_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._on_width_changed(width)
        self._on_path_changed(self.path_field.text())

    def path(self) -> Path:
        """The chosen file, with `.png` added when it has no such ending."""
        path = Path(self.path_field.text().strip()).expanduser()
        return path if path.suffix.lower() == ".png" else path.with_name(path.name + ".png")

    def _on_width_changed(self, width: int) -> None:
        size = f"{width:,} × {self._height_for(width):,} px, " if self._height_for is not None else ""
        self.size_note.setText(f"{size}drawn at {DEFAULT_SCALE:g}× for high-DPI screens and print")

    def _on_path_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(text.strip()))

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export PNG", self.path_field.text(), "PNG images (*.png)")
        if path:
            self.path_field.setText(path)


def ask_export_options(window: QWidget, default_width: int, default_path: Path, *,
                       height_for: Callable[[int], int] | None = None) -> tuple[Path, int] | None:
    """The file and width a person chose, or None if they cancelled (tests replace this)."""
    dialog = ExportDialog(window, default_width, default_path, height_for)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.path(), dialog.width_box.value()
    finally:
        dialog.deleteLater()


def default_export_width(window: MainWindow) -> int:
    """Twice the plot's on-screen width plus the image margins: at DEFAULT_SCALE, the window's own layout."""
    width = round(DEFAULT_SCALE * (window.view.width() + 2 * MARGIN_PX))
    return max(round(MIN_WIDTH_PX * DEFAULT_SCALE), min(width, MAX_SIDE_PX))


def _default_path(window: MainWindow) -> Path:
    folder = QSettings().value(FOLDER_KEY, "", str)
    if not folder or not Path(folder).is_dir():
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())
    stem = window.path.stem if window.path is not None else "timeline"
    return Path(folder) / f"{stem}.png"


def export_from_window(window: MainWindow) -> Path | None:
    """Ask, render the timeline as zoomed and filtered now, write it; the status bar names the file."""
    timeline = window.timeline
    if timeline is None:
        return None
    scene = window.view.timeline_scene
    hidden = frozenset(scene.hidden)
    chosen = ask_export_options(window, default_export_width(window), _default_path(window),
                                height_for=lambda w: default_height(timeline, w, hidden_lanes=hidden))
    if chosen is None:
        return None
    path, width = chosen
    path = path.resolve()
    start, end = scene.visible_range()
    match = scene.drawing.match
    note = f"{int(match.sum()):,} match “{window.search_field.text().strip()}”" if match is not None else ""
    error = ""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        image = render_timeline(timeline, width=width, start=start, end=end, hidden_lanes=hidden, match=match,
                                note=note)
        write_png(image, path, title=timeline.title,
                  source_name=window.path.name if window.path is not None else "")
    except ExportError as exc:
        error = str(exc)
    finally:
        QApplication.restoreOverrideCursor()
    if error:
        window.show_error("Cannot export the PNG", error)
        return None
    QSettings().setValue(FOLDER_KEY, str(path.parent))
    window.statusBar().showMessage(f"Exported {path.name} ({path})", 10000)
    return path
