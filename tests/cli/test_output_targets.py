"""Outputs that destroy nothing: `convert` and `export` write only a new or regular file, never their input.

Each refusal exits 2 with one line naming the file, and whatever was at the target (a FIFO,
a link, the input) is exactly as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.io.resources import default_events_path
from desktop.io.targets import TargetError, check_target

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """A copy of the default dataset."""
    path = tmp_path / "events.json"
    shutil.copyfile(default_events_path(), path)
    return path


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]
    assert captured.out == ""
    return lines[0]


@pytest.mark.parametrize("command", ["convert", "export"])
@pytest.mark.parametrize("via_link", [False, True])
def test_a_fifo_is_refused_and_stays_a_fifo(tmp_path: Path, events: Path, capsys: pytest.CaptureFixture[str],
                                           command: str, via_link: bool) -> None:
    name = "out.png" if command == "export" else "out.json"
    fifo = tmp_path / ("fifo-" + name)
    os.mkfifo(fifo)
    target = fifo
    if via_link:
        target = tmp_path / name
        target.symlink_to(fifo)
    argv = ["export", str(events), "-o", str(target)] if command == "export" else [
        "convert", str(events), "-o", str(target)]
    _refused(capsys, argv, str(target), "FIFO")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not via_link or target.is_symlink()


def test_a_link_is_judged_by_the_name_it_leads_to(tmp_path: Path, events: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"keep")
    (tmp_path / "out.png").symlink_to(notes)
    (tmp_path / "out.csv").symlink_to(notes)
    _refused(capsys, ["export", str(events), "-o", str(tmp_path / "out.png")], "out.png", "notes.txt", ".png")
    _refused(capsys, ["convert", str(events), "-o", str(tmp_path / "out.csv")], "out.csv", "notes.txt", ".csv")
    assert notes.read_bytes() == b"keep"


def test_export_refuses_its_own_input(tmp_path: Path, events: Path, capsys: pytest.CaptureFixture[str]) -> None:
    named_png = tmp_path / "events.png"
    shutil.copyfile(events, named_png)
    before = named_png.read_bytes()
    _refused(capsys, ["export", str(named_png), "-o", str(named_png)], "is the input file")
    link = tmp_path / "link.png"
    link.symlink_to(named_png)
    _refused(capsys, ["export", str(named_png), "-o", str(link)], "is the input file")
    hard = tmp_path / "hard.png"
    os.link(named_png, hard)
    _refused(capsys, ["export", str(named_png), "-o", str(hard)], "is the input file")
    assert named_png.read_bytes() == before and link.is_symlink()


def test_a_regular_file_through_a_link_is_replaced_and_the_link_kept(tmp_path: Path, events: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["convert", str(events), "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_bytes().startswith(b"{")


def _bytes_name_allowed(folder: Path) -> bool:
    try:
        probe = os.path.join(os.fsencode(folder), b"probe-\xff")
        with open(probe, "wb"):
            pass
        os.unlink(probe)
    except (OSError, UnicodeError):
        return False
    return True


@pytest.mark.parametrize(("command", "suffix"), [("convert", b".csv"), ("export", b".png")])
def test_a_name_that_is_not_utf8_is_written_byte_exact(tmp_path: Path, events: Path, command: str, suffix: bytes,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    if not _bytes_name_allowed(tmp_path):
        pytest.skip("this file system refuses names that are not UTF-8")
    wanted = b"caf\xff-out" + suffix
    out = os.fsdecode(os.path.join(os.fsencode(tmp_path), wanted))  # as Python decodes argv
    assert main([command, str(events), "-o", out]) == 0
    capsys.readouterr()
    assert os.listdir(os.fsencode(tmp_path)).count(wanted) == 1
    assert sorted(n for n in os.listdir(os.fsencode(tmp_path)) if n.startswith(b"caf")) == [wanted]


@pytest.mark.parametrize("command", ["convert", "export"])
def test_a_full_disk_says_so_and_keeps_the_old_file(tmp_path: Path, events: Path, command: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("old.png" if command == "export" else "old.json")
    out.write_bytes(b"old")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    try:
        _refused(capsys, [command, str(events), "-o", str(out)], str(out), "No space left on device")
    finally:
        monkeypatch.setattr(os, "fsync", real_fsync)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["events.json", out.name])


def test_check_target_names_what_is_there(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p")
    (tmp_path / "d").mkdir()
    with pytest.raises(TargetError, match="is a FIFO"):
        check_target(tmp_path / "p")
    with pytest.raises(TargetError, match="is a folder"):
        check_target(tmp_path / "d")
    with pytest.raises(TargetError, match="does not exist"):
        check_target(tmp_path / "none" / "x.png")
    assert check_target(tmp_path / "new.png", suffixes=(".png",)) == (tmp_path / "new.png").resolve()


def test_export_warnings_escape_file_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    data = json.loads(default_events_path().read_text(encoding="utf-8"))
    data["events"][0]["lane"] = "nowhere"
    source = tmp_path / "\x1b[32mOK\u202e.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "out.png")]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "\\x1b[32mOK\\u202e" in err
    assert "\x1b" not in err and "\u202e" not in err
