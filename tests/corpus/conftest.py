"""Corpus set-up: settings go to a throwaway folder per test, never the user's (as in tests/ui)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test gets empty QSettings in its own folder: opening a file must not touch the user's recent list."""
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("summit-timeline-tests")
    QCoreApplication.setApplicationName("summit-timeline-tests")
    yield folder
