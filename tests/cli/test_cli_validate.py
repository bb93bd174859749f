"""`summit-timeline validate FILE`, run as a real process: one line per problem, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "data" / "events.json"


def validate(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        env=env,
        check=False,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def test_dataset_is_ok() -> None:
    result = validate(DATASET)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"OK: \d+ events, \d+ lanes, \d+ sources\n", result.stdout), result.stdout
    assert result.stderr == ""


def test_bad_items_are_listed_one_per_line(tmp_path: Path) -> None:
    doc = {
        "version": 1,
        "title": "Bad items",
        "lanes": [{"id": "us", "title": "US"}],
        "events": [
            {"id": "a", "title": "Fine", "start": "2019", "lane": "us"},
            {"id": "b", "title": "Bad date", "start": "2019-02-30", "lane": "us"},
            {"id": "c", "title": "Bad lane", "start": "2019", "lane": "nowhere"},
        ],
    }
    path = tmp_path / "bad.json"
    text = json.dumps(doc, indent=2)
    path.write_text(text, encoding="utf-8")
    result = validate(path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    pattern = re.compile(rf"{re.escape(str(path))}:(\d+):(\d+): (events\[\d+\]\.\w+): .+")
    matches = [pattern.fullmatch(line) for line in lines[:-1]]
    assert all(matches), lines
    assert [m.group(3) for m in matches if m] == ["events[1].start", "events[2].lane"]
    expected = [text[: text.index(needle)].count("\n") + 1 for needle in ('"2019-02-30"', '"nowhere"')]
    assert [int(m.group(1)) for m in matches if m] == expected
    assert lines[-1] == "2 problem(s); the rest opens: 1 events, 1 lanes, 0 sources"
    assert_no_traceback(result)


def test_file_that_cannot_open_gives_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "truncated.json"
    path.write_text('{"version": 1,\n "events": [', encoding="utf-8")
    result = validate(path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"{path}:2:13: is not valid JSON: Expecting value"]
    assert_no_traceback(result)


@pytest.mark.parametrize("kind", ["folder", "missing", "junk", "utf16", "deep", "symlink"])
def test_unopenable_files_fail_cleanly(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "events.json"
    if kind == "folder":
        path.mkdir()
    elif kind == "junk":
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "utf16":
        path.write_bytes('{"version": 1}'.encode("utf-16"))
    elif kind == "deep":
        path.write_text("[" * 100_000, encoding="utf-8")
    elif kind == "symlink":
        path.symlink_to(tmp_path / "gone.json")
    result = validate(path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}"), result.stderr
    assert_no_traceback(result)


def test_non_ascii_messages_survive_a_c_locale(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    # The unknown-key hint ends in "x-…" and the key itself is not ASCII.
    path.write_text(json.dumps({"version": 1, "title": "t", "events": [], "ключ": 1}), encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    result = validate(path, env=env)
    assert result.returncode == 2
    assert "unknown key" in result.stderr
    assert_no_traceback(result)


def test_usage_errors_exit_2_without_a_traceback() -> None:
    result = validate()
    assert result.returncode == 2
    assert "error:" in result.stderr
    assert_no_traceback(result)


PEERS = ROOT.parent / "shared" / "peers"


@pytest.mark.skipif(not PEERS.is_dir(), reason="peer files not present (../shared/peers)")
@pytest.mark.parametrize(("name", "code"), [("women_in_computing.json", 0), ("error_message_test.json", 2)])
def test_timelinejs_files_are_validated(name: str, code: int) -> None:
    path = PEERS / "timelinejs3" / name
    result = validate(path)
    assert result.returncode == code, result.stderr
    if code == 0:
        assert result.stdout == "OK: 10 events, 1 lanes, 10 sources\n" and result.stderr == ""
    else:
        lines = result.stderr.splitlines()
        pattern = re.compile(rf"{re.escape(str(path))}:\d+:\d+: events\[\d+\](\.[\w.]+)?: .+")
        assert all(pattern.fullmatch(line) for line in lines[:-1]), lines
        assert lines[-1] == "4 problem(s); the rest opens: 16 events, 1 lanes, 15 sources"
    assert_no_traceback(result)


# --- terminal hygiene: file text reaches the terminal escaped ------------------------------

HOSTILE = "\x1b[2K\r\x1b[32mOK\x1b[0m\x07\x9b31m\u202egnp.exe\u2028x"
SAFE = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]*")


def assert_terminal_safe(text: str) -> None:
    """Only newlines end lines; no other control, separator or bidi character is printed."""
    assert SAFE.fullmatch(text.replace("\t", "")), repr(text)


def test_a_file_cannot_fake_ok_or_move_the_cursor(tmp_path: Path) -> None:
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    data["events"][0][f"bad{HOSTILE}"] = 1  # an unknown key: a problem naming it
    data["events"][1]["lane"] = f"nowhere{HOSTILE}"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = validate(path)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stdout == ""
    assert_terminal_safe(result.stderr)
    assert "\\x9b31m\\u202egnp.exe\\u2028x" in result.stderr
    assert "bad\\x1b[2K" in result.stderr and "nowhere\\x1b[2K" in result.stderr


def test_a_file_name_is_escaped_too(tmp_path: Path) -> None:
    path = tmp_path / f"Hanoi – 북미회담 {HOSTILE}.json"
    path.write_text("{", encoding="utf-8")
    result = validate(path)
    assert result.returncode == 2
    assert_terminal_safe(result.stderr)
    assert "Hanoi – 북미회담 \\x1b[2K\\x0d\\x1b[32mOK" in result.stderr  # non-ASCII kept, controls escaped


def test_escape_controls_escapes_controls_and_keeps_other_text() -> None:
    from desktop.io.printable import escape_controls

    assert escape_controls("Hanoi – 북미회담 ✓ e\u0301") == "Hanoi – 북미회담 ✓ e\u0301"
    assert escape_controls("a\x1b[31mb\rc\x07\x85\u202ed\u2066\udcff") == (
        "a\\x1b[31mb\\x0dc\\x07\\x85\\u202ed\\u2066\\udcff")
