"""File ▸ Export…, File ▸ Print… and Edit ▸ Copy Image: the timeline as the window shows it, to a file, paper or
the clipboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.app.actions import Actions
from desktop.app.export_dialog import default_export_path, default_export_width, export_with_dialog
from desktop.model.view_state import ViewState
from desktop.render.export import minimum_size, print_request, render_request
from desktop.render.page import MARGIN_PX
from desktop.render.request import DEFAULT_SCALE, ExportError, ExportRequest
from desktop.ui.timeline_view import TimelineView


def ask(dialog: QPrintDialog | QPageSetupDialog, name: str) -> bool:
    """Show a printer's dialog (print, page setup) until chosen; False if cancelled (tests replace exec)."""
    dialog.setObjectName(name)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


class ExportCommands(QObject):
    """Builds the request for the view as shown and sends it out; reports with signals, as the FileController does."""

    message = Signal(str, int)  # a status bar message and how long to show it (ms)
    failed = Signal(str, str)  # a dialog's title and the one-line reason

    def __init__(self, parent: QWidget, view: TimelineView, state: ViewState, path: Callable[[], Path | None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._view = view
        self._state = state
        self._path = path  # the open events file: its name for the Source chunk, its stem for the file name
        self._printer: QPrinter | None = None  # kept, so a second print starts from the first one's choices

    def connect_actions(self, a: Actions) -> None:
        """File ▸ Export…, Page Setup… and Print…, and Edit ▸ Copy Image run these commands."""
        a.export_png.triggered.connect(self.export)
        a.page_setup.triggered.connect(self.page_setup)
        a.print.triggered.connect(self.print_view)
        a.copy_image.triggered.connect(self.copy_image)

    def view_request(self, width: int, scale: float) -> ExportRequest | None:
        """The timeline as the view shows it (range, lanes, search, axis, zone) at `width` pixels; None if none."""
        timeline = self._view.timeline
        if timeline is None:
            return None
        path = self._path()
        request = ExportRequest.of_view(timeline, self._state.snapshot(), width=width,
                                        source_name=path.name if path is not None else "",
                                        axis=self._view.axis_mode(), zone=self._view.time_zone())
        return replace(request, scale=scale, source_path=str(path) if path is not None else "")

    def export(self) -> None:
        """File ▸ Export…: the Export dialog for the view; the status bar names the file written."""
        request = self.view_request(default_export_width(self._view.width()), DEFAULT_SCALE)
        if request is None:
            return
        path = self._path()
        written = export_with_dialog(self._parent, request, default_export_path(path.stem if path else "timeline"))
        if written is not None:
            self.message.emit(f"Exported {written.name} ({written})", 10000)

    def printer(self) -> QPrinter:
        """The window's printer: Page Setup and Print share it, so each starts from the last choices."""
        if self._printer is None:
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self._printer.setPageOrientation(QPageLayout.Orientation.Landscape)  # a timeline is wide
        return self._printer

    def page_setup(self) -> None:
        """File ▸ Page Setup…: paper, orientation and margins for the next print."""
        printer = self.printer()
        if ask(QPageSetupDialog(printer, self._parent), "pageSetupDialog"):
            layout = printer.pageLayout()
            self.message.emit(f"Printing on {layout.pageSize().name()}, "
                              f"{layout.orientation().name.lower()}", 6000)

    def print_view(self) -> None:
        """File ▸ Print…: the print dialog, then the view on one page laid out for its paper."""
        request = self.view_request(default_export_width(self._view.width()), DEFAULT_SCALE)
        if request is None:
            return
        printer = self.printer()
        printer.setDocName(request.timeline.title)
        if not ask(QPrintDialog(printer, self._parent), "printDialog"):
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            print_request(request, printer)
        except ExportError as exc:
            self.failed.emit("Cannot print the timeline", str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        where = printer.outputFileName() or printer.printerName()
        self.message.emit(f"Printed {request.timeline.title} to {where}" if where else "Printed", 10000)

    def copy_image(self) -> QImage | None:
        """Edit ▸ Copy Image: the view as an image of the plot's width at the screen's density, on the clipboard."""
        scale = self._view.devicePixelRatioF()
        request = self.view_request(round(scale * (self._view.width() + 2 * MARGIN_PX)), scale)
        if request is None:
            return None
        # A plot narrower than the page's least width gets the least width, not an error.
        request = replace(request, width=max(request.width, minimum_size(request)[0]))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            image = render_request(request)
        except ExportError as exc:
            self.failed.emit("Cannot copy the timeline", str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        QApplication.clipboard().setImage(image)
        self.message.emit(f"Copied a {image.width():,} × {image.height():,} px image of the timeline", 6000)
        return image
