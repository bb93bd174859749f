"""The default dataset and the schema ship inside the wheel, and the installed copy finds them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run by the installed copy, from a folder that is not the checkout.
PROBE = """
import json, sys
import desktop
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path, resource_path

events = default_events_path()
schema = resource_path("events.schema.json")
timeline = open_timeline(events)
print(json.dumps({
    "package": desktop.__file__,
    "events": str(events),
    "schema": str(schema),
    "schema_id": json.loads(schema.read_text(encoding="utf-8"))["$id"],
    "count": len(timeline.events),
    "problems": [str(p) for p in timeline.problems],
}))
"""


@pytest.mark.slow
def test_wheel_ships_the_dataset_and_schema(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("summit_timeline-*.whl")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "desktop/_data/events.json" in names
        assert "desktop/_resources/events.schema.json" in names
        shipped = json.loads(archive.read("desktop/_data/events.json"))
        assert shipped == json.loads((ROOT / "data" / "events.json").read_text(encoding="utf-8"))
        schema = json.loads(archive.read("desktop/_resources/events.schema.json"))
        assert schema["$id"] == "https://summit-timeline.invalid/events.schema.json"

    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stderr

    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(site)
    env["PYTHONNOUSERSITE"] = "1"
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert Path(result["package"]).is_relative_to(site), result["package"]
    assert Path(result["events"]) == site / "desktop" / "_data" / "events.json"
    assert Path(result["schema"]) == site / "desktop" / "_resources" / "events.schema.json"
    assert result["schema_id"] == schema["$id"]
    assert result["count"] == len(shipped["events"])
    assert result["problems"] == []
