"""Shared test set-up: Qt runs offscreen in every test process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: tests never need (or use) a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Empty QSettings in a folder of the test's own: opening files must not touch the user's."""
    from PySide6.QtCore import QCoreApplication, QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("summit-timeline-tests")
    QCoreApplication.setApplicationName("summit-timeline-tests")
    yield folder


# Tests in these folders may open windows or write settings: each gets QSettings of its own.
QT_TEST_FOLDERS = frozenset({"app", "ui", "render", "cli", "benchmarks", "corpus"})


@pytest.fixture(autouse=True)
def _own_settings(request: pytest.FixtureRequest) -> None:
    """Isolated QSettings for every test in a Qt layer's folder; model/io/layout tests never load Qt."""
    if request.node.path.parent.name in QT_TEST_FOLDERS:
        request.getfixturevalue("isolated_settings")
