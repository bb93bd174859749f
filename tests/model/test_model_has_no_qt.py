"""The model layer (dates, loader, fast path, layout, search) imports no Qt: it runs headless and in tools."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

MODULES = [
    "desktop.model", "desktop.dates", "desktop.loader", "desktop.jsonpos", "desktop.jsonfile", "desktop.progress",
    "desktop.density", "desktop.importers", "desktop.writers", "desktop.fastload", "desktop.fastdates",
    "desktop.event_store",
]
OPTIONAL = ["desktop.layout", "desktop.frame", "desktop.labels", "desktop.search"]
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


@pytest.mark.parametrize("name", OPTIONAL)
def test_pure_helpers_import_no_qt(name: str) -> None:
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} does not exist yet")
    assert _qt_modules_after_importing(name) == []


def test_probe_would_notice_qt() -> None:
    # The check itself works: importing a Qt module is seen.
    assert "PySide6.QtCore" in _qt_modules_after_importing("PySide6.QtCore")
