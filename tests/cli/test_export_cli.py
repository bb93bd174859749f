"""`summit-timeline export` in a plain terminal: no display, one-line errors, exit codes, no partial files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from png_helpers import png_size, png_text

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path


def run_export(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m desktop export …` with no display and no Qt platform chosen, as in a bare terminal."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "desktop", "export", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_fit_all_export_prints_the_path_and_exits_0(tmp_path: Path) -> None:
    result = run_export("-o", "all.png", "--width", "1200", "--height", "1100", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{tmp_path / 'all.png'}\n"
    assert "Traceback" not in result.stderr
    data = (tmp_path / "all.png").read_bytes()
    assert png_size(data) == (1200, 1100)
    text = png_text(data)
    assert text["Title"] == open_timeline(default_events_path()).title
    assert text["Source"] == "events.json"


def test_range_lanes_match_and_default_height(tmp_path: Path) -> None:
    events = default_events_path()
    all_png = tmp_path / "all.png"
    assert run_export(str(events), "-o", str(all_png), cwd=tmp_path).returncode == 0
    result = run_export(str(events), "-o", "hanoi.png", "--from", "2019-02-26", "--to", "2019-03-02",
                        "--lane", "summits", "north-korea", "--match", "Yongbyon", "--transparent", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    hanoi = (tmp_path / "hanoi.png").read_bytes()
    assert png_size(hanoi)[0] == png_size(all_png.read_bytes())[0] == 1600
    assert png_size(hanoi)[1] < png_size(all_png.read_bytes())[1]  # two lanes need fewer rows
    assert hanoi != all_png.read_bytes()


BAD_EVENTS = '{"version": 1, "title": "x", "events": [}'


@pytest.mark.parametrize(("args", "words"), [
    (["--width", "0"], "argument --width: must be a positive number of pixels"),
    (["--width", "-5"], "argument --width: must be a positive number of pixels"),
    (["--width", "abc"], "argument --width: expected a whole number of pixels, not 'abc'"),
    (["--width", "1000000"], "width 1,000,000 px is too large: at most 20,000 px"),
    (["--height", "12"], "height 12 px is too small"),
    (["--width", "20000", "--height", "20000"], "megapixels"),
    (["--scale", "nan"], "argument --scale"),
    (["--from", "2019-02-30"], "February 2019 has 28 days"),
    (["--to", "yesterday"], "argument --to: 'yesterday' is not a date"),
    (["--from", "2019-03-02", "--to", "2019-03-01"], "--from 2019-03-02 is not before --to 2019-03-01"),
    (["--lane", "nope"], "--lane nope: no such lane; the lanes are: summits, united-states"),
    (["--from", "2030"], "no events from 2030 on"),
    (["--from", "2017-06", "--to", "2017-07", "--lane", "press"], "no events between 2017-06 and 2017-07"),
    (["--match", "zzzz-nothing"], "no events match “zzzz-nothing”"),
    (["bad.json"], "bad.json:1:41: is not valid JSON"),
    (["missing.json"], "missing.json: cannot open: no such file"),
    (["--output-to-folder"], "is a folder"),
    (["--output-in-missing-folder"], "the folder"),
    (["--output-jpg"], "must be a file name ending in .png"),
])
def test_bad_arguments_exit_2_with_one_clear_line(tmp_path: Path, args: list[str], words: str) -> None:
    (tmp_path / "bad.json").write_text(BAD_EVENTS, encoding="utf-8")
    (tmp_path / "folder.png").mkdir()
    out = tmp_path / "out.png"
    out.write_bytes(b"the old picture")
    special = {"--output-to-folder": "folder.png", "--output-in-missing-folder": "missing/out.png",
               "--output-jpg": "out.jpg"}
    output = special.get(args[0], "out.png")
    args = [] if args[0] in special else args
    result = run_export(*args, "-o", output, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("summit-timeline export: error: ")
    assert words in lines[0]
    assert out.read_bytes() == b"the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "folder.png", "out.png"]


def test_a_file_with_several_fatal_problems_is_still_one_line(tmp_path: Path) -> None:
    (tmp_path / "worse.json").write_text(json.dumps({"version": 7, "events": {}}), encoding="utf-8")
    result = run_export("worse.json", "-o", "out.png", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "(and " in result.stderr and "more" in result.stderr
    assert not (tmp_path / "out.png").exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_folder_leaves_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "out.png").write_bytes(b"the old picture")
    folder.chmod(0o555)
    try:
        result = run_export("-o", str(folder / "out.png"), cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "cannot write" in result.stderr
    assert (folder / "out.png").read_bytes() == b"the old picture"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder no one can create files in")
def test_a_folder_that_refuses_new_files_is_one_line(tmp_path: Path) -> None:
    result = run_export("-o", "/proc/summit-timeline.png", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
