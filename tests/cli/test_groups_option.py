"""`--groups FILE` on `validate`, `export` and `convert` alike: a vis-timeline items file's groups name its lanes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import build_parser, main
from desktop.cli.support import groups_path
from desktop.io.open import open_timeline

ITEMS = [{"id": 1, "content": "one", "start": "2014-04-20", "group": "a"},
         {"id": 2, "content": "two", "start": "2014-04-14", "end": "2014-04-19", "group": "b"}]
GROUPS = [{"id": "a", "content": "Alpha <i>lane</i>"}, {"id": "b", "content": "Beta lane"}]


def _files(folder: Path, groups: object = GROUPS, groups_name: str = "lanes.json") -> tuple[Path, Path]:
    """An items file and a groups file whose name does not pair it with the items (not NAME.groups.json)."""
    items, lanes = folder / "items.json", folder / groups_name
    items.write_text(json.dumps(ITEMS), encoding="utf-8")
    lanes.write_text(json.dumps(groups), encoding="utf-8")
    return items, lanes


def _here(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, stdout, stderr."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [["validate"], ["export", "-o", "out.png"], ["convert", "-o", "out.json"]])
def test_every_command_that_opens_a_file_takes_groups(command: list[str]) -> None:
    args = build_parser().parse_args([*command, "items.json", "--groups", "g.json"])
    assert (args.command, groups_path(args)) == (command[0], Path("g.json"))
    assert groups_path(build_parser().parse_args([*command, "items.json"])) is None


def test_validate_reads_the_groups_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items, lanes = _files(tmp_path)
    assert _here(capsys, "validate", items, "--groups", lanes) == (0, "OK: 2 events, 2 lanes, 0 sources\n", "")
    assert [lane.title for lane in open_timeline(items, groups=lanes).lanes] == ["Alpha lane", "Beta lane"]


def test_validate_lists_the_groups_files_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items, lanes = _files(tmp_path, [*GROUPS, {"id": "a", "content": "again"}])
    code, out, err = _here(capsys, "validate", items, "--groups", lanes)
    first, summary = err.splitlines()
    assert (code, out) == (2, "")
    assert first.startswith(f"{lanes}:") and "duplicate group id 'a'" in first
    assert summary == "1 problem(s); the rest opens: 2 events, 2 lanes, 0 sources"
    # Without --groups, the file is not read: nothing is wrong with the items alone.
    assert _here(capsys, "validate", items)[0] == 0


def test_a_missing_groups_file_is_refused_by_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items, _ = _files(tmp_path)
    gone = tmp_path / "gone.json"
    assert _here(capsys, "validate", items, "--groups", gone) == (2, "", f"{gone}: cannot open: no such file\n")
    commands: list[list[str | Path]] = [["export", items, "-o", tmp_path / "out.png"],
                                        ["convert", items, "-o", tmp_path / "out.json"]]
    for command in commands:
        code, out, err = _here(capsys, *command, "--groups", gone)
        assert (code, out) == (2, "")
        assert err == f"summit-timeline {command[0]}: error: {gone}: cannot open: no such file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.json", "lanes.json"]


@pytest.mark.parametrize(("command", "name"), [("export", "lanes.html"), ("convert", "lanes.json")])
def test_the_output_is_never_the_groups_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
                                             name: str) -> None:
    items, lanes = _files(tmp_path, groups_name=name)
    before = lanes.read_bytes()
    code, out, err = _here(capsys, command, items, "--groups", lanes, "-o", lanes)
    assert (code, out) == (2, "")
    assert err == f"summit-timeline {command}: error: -o {lanes}: is the input file; write to another file\n"
    assert lanes.read_bytes() == before


def test_export_draws_the_lanes_the_groups_file_names(tmp_path: Path) -> None:
    items, lanes = _files(tmp_path)
    out = tmp_path / "page.html"
    result = subprocess.run([sys.executable, "-m", "desktop", "export", str(items), "--groups", str(lanes), "-o",
                             str(out)], capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{out.resolve()}\n", "")
    page = out.read_text(encoding="utf-8")
    assert "Alpha lane" in page and "Beta lane" in page  # the groups' content; without them, lanes "a" and "b"


def test_convert_takes_groups_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    items, lanes = _files(tmp_path)
    out = tmp_path / "out.json"
    code, printed, _ = _here(capsys, "convert", items, "--groups", lanes, "-o", out)
    assert (code, printed) == (0, f"{out.resolve()}\n")
    assert [lane.title for lane in open_timeline(out).lanes] == ["Alpha lane", "Beta lane"]
