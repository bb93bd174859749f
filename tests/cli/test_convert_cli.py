"""`summit-timeline convert IN -o OUT`: peers → ours, formats, exit codes, atomicity.

Real processes where the whole path matters (peers, formats, a failed write); argument and file
refusals run in-process through `desktop.cli.main.main`, the same code without a second per start-up.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.io.importers.detect import CSV, TIMELINEJS, detect_format
from desktop.io.open import open_timeline
from desktop.io.writers import FORMATS

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"
PEERS = ROOT.parent / "shared" / "peers"
PROG = "summit-timeline convert"
OPENING = ["timelinejs3/eras.json", "timelinejs3/women_in_computing.json", "timelinejs3/error_message_test.json",
           "thetimelineproj/example.timeline", "thetimelineproj/versions.timeline", "vis-timeline/basic.json"]
needs_peers = pytest.mark.skipif(not PEERS.is_dir(), reason="peer files not present (../shared/peers)")


def convert(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "convert", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=60, check=False,
    )


def convert_here(capsys: pytest.CaptureFixture[str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`convert` in this process, reported like a finished process."""
    try:
        code = main(["convert", *map(str, args)])
    except SystemExit as exc:  # argparse refusing the arguments
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["convert", *map(str, args)], code, out, err)


def assert_refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{PROG}: error: "), line
    assert all(w in line for w in words), line


@needs_peers
@pytest.mark.parametrize("name", OPENING)
def test_peer_files_convert_to_ours(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out.json"
    result = convert(PEERS / name, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out.resolve()}\n"
    original, converted = open_timeline(PEERS / name), open_timeline(out)
    assert converted.problems == ()
    assert converted.summary() == original.summary()
    assert [(e.id, e.start, e.end, e.title) for e in converted.events] == [
        (e.id, e.start, e.end, e.title) for e in original.events]
    warnings = result.stderr.splitlines()
    assert len(warnings) == (len(original.problems) + 1 if original.problems else 0)
    assert all(line.startswith(f"{PROG}: warning: ") for line in warnings)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary file left behind


@needs_peers
def test_problems_are_warnings_and_the_rest_converts(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = convert(PEERS / "timelinejs3" / "error_message_test.json", "-o", out)
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert len(lines) == 5 and "events[9]: no start_date" in lines[3]
    assert lines[-1].endswith("converted what opened: 16 events, 1 lanes, 15 sources")


def test_to_timelinejs_and_csv(tmp_path: Path) -> None:
    web, sheet = tmp_path / "web.json", tmp_path / "sheet.csv"
    assert convert(DATASET, "-o", web, "--to", "timelinejs").returncode == 0
    assert convert(DATASET, "-o", sheet).returncode == 0
    assert detect_format(web.read_text(encoding="utf-8")) == TIMELINEJS
    assert sheet.read_bytes().startswith(
        b"\xef\xbb\xbfid,start,end,title,lane,lane color,summary,approximate,tags,source,paragraph,quote\r\n")
    assert detect_format(sheet.read_text(encoding="utf-8-sig")) == CSV
    dataset = open_timeline(DATASET)
    for path in (web, sheet):
        back = open_timeline(path)
        assert back.problems == () and len(back.events) == len(dataset.events)
        # Starts, inclusive ends (by the end rule), approximate and every citation come back from both.
        assert {e.id: (e.start, e.end, e.approximate, len(e.citations)) for e in back.events} == {
            e.id: (e.start, e.end, e.approximate, len(e.citations)) for e in dataset.events}


def test_csv_says_what_it_loses_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = convert(DATASET, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out.resolve()}\n"
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(f"{PROG}: lost: ") for line in lines)
    kinds = [line.removeprefix(f"{PROG}: lost: ").split(":")[0] for line in lines]
    assert len(kinds) == len(set(kinds))  # one line per kind
    assert f"{PROG}: lost: title: 1 not written (read back as the file's name)" in lines
    # What it says is what is missing when the file is read back.
    dataset, back = open_timeline(DATASET), open_timeline(out)
    assert dataset.title and back.title == "out"
    assert {e.id: (e.start, e.end, e.approximate, e.tags) for e in back.events} == {
        e.id: (e.start, e.end, e.approximate, e.tags) for e in dataset.events}
    assert "approximate" not in kinds and "citations" not in kinds


def test_strict_refuses_any_loss_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = convert(DATASET, "-o", out, "--strict")
    assert_refused(result, "--strict", "csv cannot keep all of events.json", "title: 1 not written")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    # Our own format loses nothing, so --strict writes it.
    ours = tmp_path / "ours.json"
    kept = convert(DATASET, "-o", ours, "--strict")
    assert (kept.returncode, kept.stderr) == (0, "") and ours.is_file()


@needs_peers
def test_vis_items_with_a_groups_file_take_lane_titles_from_content(tmp_path: Path) -> None:
    items_path, groups_path = tmp_path / "items.json", tmp_path / "lanes.json"  # not NAME.groups.json
    shutil.copy(PEERS / "vis-timeline" / "basic.json", items_path)
    items = json.loads(items_path.read_text(encoding="utf-8"))
    for n, item in enumerate(items):
        item["group"] = "even" if n % 2 == 0 else 7
    items_path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    groups_path.write_text(json.dumps([{"id": 7, "content": "Odd <i>ones</i> &amp; co"},
                                       {"id": "even", "content": "Even"}]), encoding="utf-8")
    out = tmp_path / "out.vis.json"
    result = convert(items_path, "-o", out, "--to", "vis", "--groups", groups_path)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(g["id"], g["content"]) for g in doc["groups"]] == [("7", "Odd ones &amp; co"), ("even", "Even")]
    assert {str(i["id"]): i["group"] for i in doc["items"]} == {
        str(item["id"]): str(item["group"]) for item in items}
    back = open_timeline(out)
    assert back.problems == ()
    assert [lane.title for lane in back.lanes] == ["Odd ones & co", "Even"]
    # Without the groups file, the group values name the lanes.
    plain = tmp_path / "plain.json"
    assert convert(items_path, "-o", plain, "--to", "vis").returncode == 0
    assert sorted(lane.title for lane in open_timeline(plain).lanes) == ["7", "even"]


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_converts_the_dataset_and_back(tmp_path: Path, kind: str) -> None:
    out, again = tmp_path / f"out.{kind}", tmp_path / "again.json"
    written = convert(DATASET, "-o", out, "--to", kind)
    assert written.returncode == 0, written.stderr
    assert all(line.startswith(f"{PROG}: lost: ") for line in written.stderr.splitlines())
    read = convert(out, "-o", again)
    assert read.returncode == 0, read.stderr
    assert read.stdout == f"{again.resolve()}\n"
    back, dataset = open_timeline(again), open_timeline(DATASET)
    assert back.problems == () and len(back.events) == len(dataset.events)
    assert sorted(e.start.begin for e in back.events) == sorted(e.start.begin for e in dataset.events)


def test_converted_back_to_ours_from_timelinejs(tmp_path: Path) -> None:
    web, ours = tmp_path / "web.json", tmp_path / "ours.json"
    assert convert(DATASET, "-o", web, "--to", "timelinejs").returncode == 0
    result = convert(web, "-o", ours)
    assert result.returncode == 0, result.stderr
    back, dataset = open_timeline(ours), open_timeline(DATASET)
    assert [(e.id, e.start.precision, e.start.begin, e.title) for e in back.events] == [
        (e.id, e.start.precision, e.start.begin, e.title) for e in dataset.events]
    assert sorted(lane.title for lane in back.lanes) == sorted(lane.title for lane in dataset.lanes)


def test_output_format_must_be_known(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_refused(convert_here(capsys, DATASET, "-o", tmp_path / "out.timeline"), "cannot tell the format", "--to")
    assert not (tmp_path / "out.timeline").exists()


def test_refuses_to_overwrite_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(DATASET.read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(path)
    for out in (path, link, tmp_path / "." / "events.json"):
        assert_refused(convert_here(capsys, path, "-o", out), "is the input file")
    assert path.read_bytes() == DATASET.read_bytes()


@pytest.mark.parametrize("kind", ["missing input", "broken input", "out is a folder", "no such folder"])
def test_bad_files_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    source, out = DATASET, tmp_path / "out.json"
    if kind == "missing input":
        source = tmp_path / "gone.json"
    elif kind == "broken input":
        source = tmp_path / "broken.json"
        source.write_text('{"version": 1,\n "events": [', encoding="utf-8")
    elif kind == "out is a folder":
        out.mkdir()
    else:
        out = tmp_path / "nowhere" / "out.json"
    assert_refused(convert_here(capsys, source, "-o", out))


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert convert("--to", "xml").returncode == 2  # once as a process: argparse's own exit
    for args in ([], [str(DATASET)], [str(DATASET), "-o", "x.json", "--to", "xml"]):
        result = convert_here(capsys, *args)
        assert result.returncode == 2 and "error:" in result.stderr and "Traceback" not in result.stderr


def test_a_failed_conversion_keeps_the_old_output_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_bytes(b"precious \xff bytes")
    broken = tmp_path / "broken.json"
    broken.write_text("[" * 10, encoding="utf-8")
    assert_refused(convert(broken, "-o", out))
    # Opens, but cannot be written as UTF-8: the failure comes at the writing stage.
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text(json.dumps({"events": [{"start_date": {"year": "2000"}, "text": {"headline": "\ud800"}}]}),
                         encoding="utf-8")
    assert_refused(convert(surrogate, "-o", out), "lone UTF-16 surrogate")
    assert out.read_bytes() == b"precious \xff bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "out.json", "surrogate.json"]


def test_an_existing_output_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("old", encoding="utf-8")
    assert convert(DATASET, "-o", out).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,")


def test_warnings_and_refusals_reach_the_terminal_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = "\x1b]0;pwned\x07\r\x1b[1A\u202e"
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    data["events"][0]["lane"] = f"gone{bad}"  # a problem: converted with a warning naming it
    source = tmp_path / f"in{bad}.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = convert_here(capsys, source, "-o", tmp_path / "out.json")
    assert result.returncode == 0, result.stderr
    printed = result.stdout + result.stderr
    assert not any(c in printed for c in "\x1b\x07\r\u202e"), repr(printed)
    assert "gone\\x1b]0;pwned\\x07" in result.stderr
    assert "in\\x1b]0;pwned" in result.stderr  # the file's own name too
    refused = convert_here(capsys, tmp_path / f"missing{bad}.json", "-o", tmp_path / "x.json")
    assert_refused(refused, "missing\\x1b]0;pwned")
