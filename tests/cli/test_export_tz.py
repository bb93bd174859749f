"""`summit-timeline export --tz ZONE`: the axis reads in that zone and names it; a bad zone: one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.render.page import plan_page
from desktop.render.request import ExportRequest


def _export(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "desktop", "export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _corner(image: QImage) -> QImage:
    """The corner left of the time axis's row, where the zone is named: the lowest 40 layout px of the plot."""
    request = ExportRequest(open_timeline(default_events_path()), width=image.width())
    plot = plan_page(request, image.height()).plot
    return image.copy(0, round((plot.bottom() - 40) * 2), 320, 80)


def test_tz_names_the_zone_at_the_axis(tmp_path: Path, qapp) -> None:
    images = {}
    for name, extra in (("utc", []), ("hanoi", ["--tz", "Asia/Ho_Chi_Minh"])):
        result = _export("-o", f"{name}.png", "--width", "1200", "--height", "1100", "--from", "2019-02-28",
                         "--to", "2019-02-28", *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        images[name] = QImage(str(tmp_path / f"{name}.png"))
    corners = {n: _corner(i) for n, i in images.items()}
    # Something is written there in both, and not the same thing.
    for corner in corners.values():
        colours = {corner.pixel(x, y) for x in range(corner.width()) for y in range(corner.height())}
        assert len(colours) > 3  # the zone's name, under the last lane title
    assert corners["utc"] != corners["hanoi"]


def test_a_bad_zone_is_one_clear_line(tmp_path: Path) -> None:
    result = _export("-o", "x.png", "--tz", "Mars/Olympus", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--tz" in lines[0] and "Mars/Olympus" in lines[0]
    assert not (tmp_path / "x.png").exists()
