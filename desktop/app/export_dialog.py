"""File ▸ Export…: the Export dialog writes the timeline as shown, in any format; a failure keeps it open as it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.app.export_form import ExportForm
from desktop.render.export import MAX_SIDE_PX, check_size, export_file, minimum_size
from desktop.render.page import MARGIN_PX, MIN_WIDTH_PX
from desktop.render.request import DEFAULT_SCALE, ExportError, ExportRequest

FOLDER_KEY = "export/folder"


class ExportDialog(QDialog):
    """Every export option, starting from a request; Save writes the file and closes only when it was written."""

    def __init__(self, parent: QWidget | None, request: ExportRequest, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.written: Path | None = None  # the file Save wrote
        self.form = ExportForm(request, path)
        self.error_label = QLabel()
        self.error_label.setObjectName("exportError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and typed text
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("exportSave")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.form.path_field.textChanged.connect(self._on_path_text_changed)
        self._on_path_text_changed(self.form.path_field.text())

    def error(self) -> str:
        """The message of the last refused Save, or "" while none is shown."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def _on_path_text_changed(self, text: str) -> None:
        self.save_button.setEnabled(bool(text.strip()))

    def _on_buttons_accepted(self) -> None:
        """Write the file; on any failure say why and stay open with every field as entered."""
        self.error_label.hide()
        try:
            request = self.form.request()
            path = self.form.path()
            check_least_size(request)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                export_file(request, path)
            finally:
                QApplication.restoreOverrideCursor()
        except ExportError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        QSettings().setValue(FOLDER_KEY, str(path.parent))
        self.written = path
        self.accept()



def check_least_size(request: ExportRequest) -> None:
    """Refuse a size the export would refuse, before drawing anything; too small names the least size."""
    least_w, least_h = minimum_size(request)
    at = f" at scale {request.scale:g}"
    if request.width < least_w:
        raise ExportError(f"width {request.width:,} px is too small{at}: at least {least_w:,} px")
    if request.height is not None and request.height < least_h:
        raise ExportError(f"height {request.height:,} px is too small{at} for these lanes and words: "
                          f"at least {least_h:,} px")
    check_size(request.width, request.height, request.scale)  # and not too large


def run_dialog(dialog: ExportDialog) -> bool:
    """Show the dialog until the file is written (True) or the person cancels (tests replace this)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def export_with_dialog(parent: QWidget, request: ExportRequest, default_path: Path) -> Path | None:
    """Show the Export dialog for the request; the file written, or None if cancelled."""
    dialog = ExportDialog(parent, request, default_path)
    try:
        return dialog.written if run_dialog(dialog) else None
    finally:
        dialog.deleteLater()


def default_export_width(plot_width: int) -> int:
    """Twice the plot's on-screen width plus the page margins: at DEFAULT_SCALE, the window's own layout."""
    width = round(DEFAULT_SCALE * (plot_width + 2 * MARGIN_PX))
    return max(round(MIN_WIDTH_PX * DEFAULT_SCALE), min(width, MAX_SIDE_PX))


def export_folder() -> Path:
    """The folder of the last export while it exists, else Pictures if there is one, else home."""
    folder = QSettings().value(FOLDER_KEY, "", str)
    if isinstance(folder, str) and folder and Path(folder).is_dir():
        return Path(folder)
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(pictures) if pictures and Path(pictures).is_dir() else Path.home()


def default_export_path(stem: str) -> Path:
    """`stem`.png in the export folder."""
    return export_folder() / f"{stem}.png"
