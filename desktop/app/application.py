"""The desktop application: one QApplication, one main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop.app.crash import install_excepthook
from desktop.app.main_window import MainWindow
from desktop.render.fonts import use_bundled_fonts
from desktop.version import __version__

ORGANIZATION = "summit-timeline"
APPLICATION = "summit-timeline"


def configure_application() -> None:
    """Names QSettings uses to find this app's settings."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)


def run_app(path: str | None) -> int:
    """Show the main window on `path` (or the default dataset) and run until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application()
    # Before any text is laid out (Qt caches fallbacks): Korean and the like where the system lacks them.
    use_bundled_fonts(app, exclusive=False)
    window: MainWindow | None = None
    # The dialog's parent is looked up when one is shown, once the window exists.
    install_excepthook(lambda: window)
    window = MainWindow(path)
    window.show()
    return app.exec()
