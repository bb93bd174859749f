"""File ▸ Export PNG…: ask for a width and a file name for an ExportRequest, then write the PNG."""

from __future__ import annotations

from pathlib import Path

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
    default_height,
    export_png,
)
from desktop.render.request import ExportRequest

FOLDER_KEY = "export/folder"


class ExportDialog(QDialog):
    """Width in pixels and the file to write, for a request; the height follows from its lanes."""

    def __init__(self, parent: QWidget | None, request: ExportRequest, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export PNG")
        self._request = request
        width = request.width
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
        request = self._request
        height = request.height if request.height is not None else default_height(
            request.timeline, width, hidden_lanes=request.hidden_lane_indices(), scale=request.scale)
        self.size_note.setText(f"{width:,} × {height:,} px, drawn at {request.scale:g}× for high-DPI screens and print")

    def _on_path_changed(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(text.strip()))

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export PNG", self.path_field.text(), "PNG images (*.png)")
        if path:
            self.path_field.setText(path)


def ask_export_options(parent: QWidget, request: ExportRequest, default_path: Path) -> tuple[Path, int] | None:
    """The file and width a person chose, or None if they cancelled (tests replace this)."""
    dialog = ExportDialog(parent, request, default_path)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.path(), dialog.width_box.value()
    finally:
        dialog.deleteLater()


def default_export_width(plot_width: int) -> int:
    """Twice the plot's on-screen width plus the image margins: at DEFAULT_SCALE, the window's own layout."""
    width = round(DEFAULT_SCALE * (plot_width + 2 * MARGIN_PX))
    return max(round(MIN_WIDTH_PX * DEFAULT_SCALE), min(width, MAX_SIDE_PX))


def default_export_path(stem: str) -> Path:
    """`stem`.png in the folder of the last export, else the Pictures folder."""
    folder = QSettings().value(FOLDER_KEY, "", str)
    if not isinstance(folder, str) or not folder or not Path(folder).is_dir():
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation) or str(Path.home())
    return Path(folder) / f"{stem}.png"


def export_with_dialog(parent: QWidget, request: ExportRequest, default_path: Path) -> Path | None:
    """Ask for the file and width, then write the PNG; None if cancelled. Raises ExportError."""
    chosen = ask_export_options(parent, request, default_path)
    if chosen is None:
        return None
    path, width = chosen
    path = path.resolve()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        export_png(request.with_width(width), path)
    finally:
        QApplication.restoreOverrideCursor()
    QSettings().setValue(FOLDER_KEY, str(path.parent))
    return path
