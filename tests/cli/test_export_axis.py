"""`summit-timeline export --axis compressed|linear`: the PNG's time axis, by default the automatic rule."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from png_helpers import png_size
from PySide6.QtGui import QImage


def _export(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m desktop export …` with no display, as in a bare terminal."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "desktop", "export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_axis_chooses_the_time_axis_and_defaults_to_the_rule(tmp_path: Path) -> None:
    for name, extra in (("default", []), ("compressed", ["--axis", "compressed"]), ("linear", ["--axis", "linear"])):
        result = _export("-o", f"{name}.png", "--width", "1200", "--height", "1100", *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert png_size((tmp_path / f"{name}.png").read_bytes()) == (1200, 1100)
    # The default dataset's gaps dominate: the rule compresses them, and linear draws another picture
    # (compared by pixels: the files also differ in their Creation Time chunk).
    images = {n: QImage(str(tmp_path / f"{n}.png")) for n in ("default", "compressed", "linear")}
    assert images["default"] == images["compressed"]
    assert images["linear"] != images["compressed"]


def test_an_unknown_axis_is_one_clear_line(tmp_path: Path) -> None:
    result = _export("-o", "x.png", "--axis", "diagonal", cwd=tmp_path)
    assert result.returncode == 2
    assert "--axis" in result.stderr and "compressed" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()
