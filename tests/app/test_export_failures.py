"""Export that cannot corrupt: every way a write can fail, from the command line and from the window.

Each failure exits 2 with one line (command line) or is said in the Export dialog, which stays open, and an
existing file at the target is byte-for-byte unchanged, with no temporary file left beside it.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImageWriter
from PySide6.QtWidgets import QDialog

import desktop.app.export_dialog
import desktop.render.export
from desktop import create_window
from desktop.app.export_dialog import ExportDialog
from desktop.cli.main import main
from desktop.render.export import MAX_PIXELS, MAX_SIDE_PX

OLD = b"\x89PNG\r\n\x1a\n the old picture, which must survive"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


_REAL_OPEN, _REAL_REPLACE = os.open, os.replace


def _denied_open(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
    """os.open in a folder that refuses new files, as a read-only folder does for anyone but root."""
    if os.fspath(path).endswith(".tmp"):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    return _REAL_OPEN(path, flags, mode)


def _full_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """os.replace failing at the last step, as a full disk can fail the final flush."""
    if os.fspath(src).endswith(".tmp"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    _REAL_REPLACE(src, dst)


class _FullDiskWriter(QImageWriter):
    """A PNG writer on a disk that fills up part way: some bytes reach the temporary file, then ENOSPC."""

    def write(self, image: object) -> bool:  # type: ignore[override]
        self.device().write(b"\x89PNG\r\n\x1a\n half an image")
        return False

    def errorString(self) -> str:  # type: ignore[override]
        return os.strerror(errno.ENOSPC)


@dataclass
class Failure:
    """One way the export fails: where it writes, the export arguments, and the words of the refusal."""

    target: Path
    words: str
    args: tuple[str, ...] = ()
    width: int = 1200  # typed in the window's dialog
    height: int | None = None  # typed in the window's dialog; None: automatic
    in_window: bool = True  # False: the window cannot ask for it


@dataclass
class Setup:
    name: str
    make: Callable[[Path, pytest.MonkeyPatch], Failure]
    skip: str = ""


def _old_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "timeline.png"
    target.write_bytes(OLD)
    return target


def _read_only_folder(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    target = _old_file(tmp / "locked")
    target.parent.chmod(0o555)
    return Failure(target, "cannot write")


def _read_only_folder_simulated(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    monkeypatch.setattr(os, "open", _denied_open)
    return Failure(_old_file(tmp / "locked"), "cannot write: Permission denied")


def _system_folder(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    return Failure(Path("/proc/summit-timeline-export.png"), "cannot write")


def _missing_folder(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    return Failure(tmp / "no-such-folder" / "timeline.png", "does not exist")


def _full_disk_simulated(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    monkeypatch.setattr(desktop.render.export, "QImageWriter", _FullDiskWriter)
    return Failure(_old_file(tmp / "disk"), "No space left on device")


def _full_disk_commit(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    """The last step fails: the rename over the old file (a full disk can fail the final flush too)."""
    monkeypatch.setattr(os, "replace", _full_replace)
    return Failure(_old_file(tmp / "disk"), "cannot write: No space left on device")


def _a_directory(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    target = tmp / "out" / "timeline.png"
    target.mkdir(parents=True)
    (target / "inside.txt").write_bytes(b"keep me")
    return Failure(target, "is a folder")


def _too_wide(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    width = MAX_SIDE_PX + 1
    return Failure(_old_file(tmp / "big"), f"at most {MAX_SIDE_PX:,} px", ("--width", str(width)), width)


def _too_many_pixels(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Failure:
    return Failure(_old_file(tmp / "big"), f"at most {MAX_PIXELS // 1_000_000} megapixels",
                   ("--width", str(MAX_SIDE_PX), "--height", str(MAX_SIDE_PX)), MAX_SIDE_PX, MAX_SIDE_PX)


SETUPS = [
    Setup("read-only-folder", _read_only_folder, "root writes into read-only folders" if IS_ROOT else ""),
    Setup("read-only-folder-simulated", _read_only_folder_simulated),
    Setup("system-folder", _system_folder, "" if Path("/proc/self").is_dir() else "needs /proc"),
    Setup("missing-folder", _missing_folder),
    Setup("full-disk-simulated", _full_disk_simulated),
    Setup("full-disk-at-commit", _full_disk_commit),
    Setup("path-is-a-directory", _a_directory),
    Setup("too-wide", _too_wide),
    Setup("too-many-pixels", _too_many_pixels),
]


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` with its bytes (None for folders), or {} when there is no such folder."""
    if not folder.is_dir() or folder == Path("/proc"):
        return {}
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


@pytest.fixture(params=SETUPS, ids=lambda s: s.name)
def failure(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Failure]:
    setup: Setup = request.param
    if setup.skip:
        pytest.skip(setup.skip)
    made = setup.make(tmp_path, monkeypatch)
    yield made
    if made.target.parent.is_relative_to(tmp_path) and made.target.parent.is_dir():
        made.target.parent.chmod(0o755)


@pytest.fixture
def events(tmp_path: Path) -> Path:
    from desktop.io.resources import default_events_path

    path = tmp_path / "events.json"
    path.write_bytes(default_events_path().read_bytes())
    return path


def test_the_command_line_exits_2_and_keeps_the_old_file(failure: Failure, events: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    before = listing(failure.target.parent)
    code = main(["export", str(events), "-o", str(failure.target), *failure.args])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("summit-timeline export: error: "), err
    assert failure.words in err and "Traceback" not in err
    assert listing(failure.target.parent) == before  # the old file byte-identical, nothing left beside it
    assert failure.target.is_dir() or not failure.target.exists() or failure.target.read_bytes() == OLD


def _save_in_dialog(qtbot, target: Path, width: int, height: int | None, said: list[str]) -> Callable[..., bool]:
    """A stand-in for the Export dialog's modal run: type the file and size, click Save, note what it said."""

    def run(dialog: ExportDialog) -> bool:
        dialog.show()
        dialog.form.path_field.setText(str(target))
        dialog.form.width_box.setValue(width)
        dialog.form.height_box.setValue(height or 0)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        if dialog.result() == QDialog.DialogCode.Accepted:
            return True
        assert dialog.isVisible(), "a refused save keeps the dialog open"
        said.append(dialog.error())
        dialog.reject()
        return False

    return run


def test_the_window_s_dialog_says_why_and_keeps_the_old_file(failure: Failure, events: Path, qtbot,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    if not failure.in_window:
        pytest.skip("the window cannot ask for this")
    window = create_window(events)
    qtbot.addWidget(window)
    errors: list[tuple[str, str]] = []
    said: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append((title, text)))
    monkeypatch.setattr(desktop.app.export_dialog, "run_dialog",
                        _save_in_dialog(qtbot, failure.target, failure.width, failure.height, said))
    before = listing(failure.target.parent)
    window.commands.export_png.trigger()
    assert len(said) == 1 and failure.words in said[0] and len(said[0].splitlines()) == 1, said
    assert errors == []  # said in the dialog, not in a second one
    assert listing(failure.target.parent) == before
    assert not window.statusBar().currentMessage().startswith("Exported")
    # Still usable: the next export, to a good place, works.
    monkeypatch.undo()
    good = events.parent / "fine.png"
    monkeypatch.setattr(desktop.app.export_dialog, "run_dialog", _save_in_dialog(qtbot, good, 1200, None, said))
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append((title, text)))
    window.commands.export_png.trigger()
    assert good.read_bytes().startswith(b"\x89PNG") and len(said) == 1 and errors == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB file system, full after the old file, where root may mount one."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if not IS_ROOT:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_really_full_disk_keeps_the_old_file(tiny_disk: Path, events: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tiny_disk / "timeline.png"
    target.write_bytes(OLD)
    filler = tiny_disk / "filler"
    with filler.open("wb", buffering=0) as out, pytest.raises(OSError, match="No space left"):
        while True:
            out.write(b"\0" * 4096)
    before = listing(tiny_disk)
    code = main(["export", str(events), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.splitlines()) == 1 and "cannot write" in err
    assert listing(tiny_disk) == before and target.read_bytes() == OLD


def test_the_size_limits_are_documented_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"at most {MAX_SIDE_PX:,} px a side and {MAX_PIXELS // 1_000_000} megapixels in all" in text
