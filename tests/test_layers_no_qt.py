"""model/, io/ and layout/ import no Qt: they run headless and in tools (import-linter says so too; this runs it)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import desktop.io
import desktop.layout
import desktop.model

# Every module of the Qt-free layers, found by walking them: a new module is covered the day it lands.
MODULES = sorted(
    info.name
    for package in (desktop.model, desktop.io, desktop.layout)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
)
QT = ("PySide6", "shiboken6", "pyqtgraph")

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in {qt!r})
print(json.dumps(qt))
"""


def _qt_modules_after_importing(*names: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(qt=set(QT)), *names],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_model_modules_import_no_qt() -> None:
    assert _qt_modules_after_importing(*MODULES) == []


def test_every_layer_module_is_covered() -> None:
    assert {"desktop.model.timeline", "desktop.io.fast.load", "desktop.layout.rows"} <= set(MODULES)


def test_probe_would_notice_qt() -> None:
    # The check itself works: importing a Qt module is seen.
    assert "PySide6.QtCore" in _qt_modules_after_importing("PySide6.QtCore")
