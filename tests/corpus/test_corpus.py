"""Every corpus case through `validate`, the window's open, live reload and (a subset) `export`.

Outcomes: the loader's message names the file, the place and what was expected, or the
file opens cleanly; the window stays up and keeps its last good timeline; nothing is
written to the input.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

import numpy as np
import pytest
from cases import CASES, GOOD, MARKUP, Case, base, big_file, dumps, event
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from desktop import create_window
from desktop.app.main_window import MainWindow
from desktop.cli.main import main
from desktop.io.jsonfile import MAX_FILE_BYTES
from desktop.io.printable import escape_controls
from desktop.model.search import SearchIndex
from desktop.render.text_style import without_breaks

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LAST_GOOD_TITLE = "Last good"
LAST_GOOD = dumps(base(title=LAST_GOOD_TITLE))  # 2 events
# What `validate` may print: no control, separator or bidi character but the newline ending each line.
TERMINAL_SAFE = re.compile(r"[^\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]*")


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under `folder` (links not followed): kind, size, mtime and content."""
    out: dict[str, tuple] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            info = os.lstat(path)
            content: bytes | str | None = None
            if stat.S_ISLNK(info.st_mode):
                content = os.readlink(path)
            elif stat.S_ISREG(info.st_mode) and os.access(path, os.R_OK):
                content = path.read_bytes()
            out[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, content)
    return out


def assert_message(text: str, path: Path, case: Case) -> None:
    """The message names the file, the place and what was expected, on one of its lines."""
    what = "|".join(re.escape(w) for w in ((case.what,) if isinstance(case.what, str) else case.what))
    pattern = re.escape(str(path)) + case.where + f".*(?:{what})"
    assert re.search(pattern, text), f"no line matching {pattern!r} in:\n{text}"
    assert "Traceback" not in text


def open_window(qtbot, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MainWindow, list[tuple[str, str]]]:
    """A window on `path` whose error dialogs are recorded instead of shown."""
    window = create_window(path)
    qtbot.addWidget(window)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append((title, text)))
    return window, errors


def place(case: Case, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the case at `path`, and simulate what root cannot do for real."""
    case.build(path)
    if case.simulate is not None:
        case.simulate(monkeypatch, path)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(case: Case, tmp_path: Path, qtbot, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "input"
    inputs.mkdir()
    path = inputs / "case.json"
    place(case, path, monkeypatch)
    before = snapshot(inputs)

    # (a) summit-timeline validate: exit 0 or 2, each problem on a line with file and place.
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert TERMINAL_SAFE.fullmatch(out + err), "a control character reached the terminal unescaped"
    if case.outcome == "ok":
        assert (code, err) == (0, ""), err
        assert out.startswith(f"OK: {case.events} events")
    else:
        assert code == 2
        assert out == ""
        assert_message(err, path, case)
        lines = err.splitlines()
        assert all(line.startswith(str(path)) for line in lines[:-1])
        if case.outcome == "problems":
            assert lines[-1].endswith(f"the rest opens: {case.events} events, " + lines[-1].split(" events, ")[1])
            lines = lines[:-1]
        if case.problems is not None:
            assert len(lines) == case.problems, err

    # (b) the window opens it, or says why once and keeps its last good timeline.
    good = tmp_path / "good.json"
    good.write_bytes(LAST_GOOD)
    window, errors = open_window(qtbot, good, monkeypatch)
    last = window.timeline
    opened = window.open_file(path)
    if case.outcome == "refused":
        assert not opened
        assert len(errors) == 1, errors
        assert_message(errors[0][1], path, case)
        assert window.timeline is last and window.path == good.resolve()
        assert window.windowTitle().startswith(LAST_GOOD_TITLE) and len(window.timeline.events) == 2
    else:
        assert opened and errors == []
        assert len(window.timeline.events) == case.events
        listed = [window.problems_list.item(i).text() for i in range(window.problems_list.count())]
        if case.outcome == "problems":
            assert not window.problems_dock.isHidden()
            # Each problem as `validate` prints it: file text with its controls and bidi characters escaped.
            assert listed == [escape_controls(p) for p in window.timeline.problems]
            assert_message("\n".join(listed), path, case)
        else:
            assert window.problems_dock.isHidden() and listed == []
        window.view.grab()  # paints every item: odd text or spans must draw, not raise
        check_text(case, window)

    # (c) live reload: the case written over an open file by rename, as editors save.
    watched = tmp_path / "watched.json"
    watched.write_bytes(LAST_GOOD)
    assert window.open_file(watched)
    last, shown_path = window.timeline, window.path
    if case.fs:
        watched.unlink()
        place(case, watched, monkeypatch)
    else:
        staging = tmp_path / "staging.json"
        case.build(staging)
        os.replace(staging, watched)
    reloaded = window.reload()
    assert len(errors) == (1 if case.outcome == "refused" else 0), "a reload never opens a dialog"
    listed = [window.problems_list.item(i).text() for i in range(window.problems_list.count())]
    if case.outcome == "refused":
        assert not reloaded
        assert window.timeline is last and window.windowTitle().startswith(LAST_GOOD_TITLE)
        assert not window.problems_dock.isHidden()
        assert "last good version" in listed[0]
        assert_message("\n".join(listed[1:]), shown_path, case)
    else:
        assert reloaded and len(window.timeline.events) == case.events
        assert window.problems_dock.isHidden() == (case.outcome == "ok")

    # (d) export, for a representative subset: a PNG, or exit 2 and one line saying why.
    if case.export:
        output = tmp_path / "out" / "timeline.png"
        output.parent.mkdir()
        code = main(["export", str(path), "-o", str(output)])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        if case.outcome == "refused" or case.events == 0:
            assert code == 2 and not output.exists()
            assert len(err.splitlines()) == 1 and err.startswith("summit-timeline export: error: ")
            if case.outcome == "refused":
                assert str(path) in err
        else:
            assert code == 0, err
            assert output.read_bytes().startswith(PNG_SIGNATURE)
            assert err == "" if case.outcome == "ok" else "problem(s)" in err

    assert snapshot(inputs) == before, "something was written to the input"


def check_text(case: Case, window: MainWindow) -> None:
    """Text from the file is shown as it is: never interpreted as HTML, never mangled."""
    if not case.check:
        return
    if case.check == "search":  # a NUL in a title must not shift which event a match marks
        matched = SearchIndex(window.timeline).match("findme")
        assert [window.timeline.events[i].id for i in np.flatnonzero(matched)] == ["f"]
        return
    if case.check == "markup":  # the lane legend's tooltip too: Qt reads tag-like text as HTML
        tip = window.legend.lane_index("us").data(Qt.ItemDataRole.ToolTipRole)
        document = QTextDocument()
        document.setHtml(tip)
        assert document.toPlainText().startswith(MARKUP + "lane")
    window.view.select_event("e")
    # Long unbroken words are drawn with zero-width places to wrap: the text itself is whole.
    shown = without_breaks(window.source_panel.findChild(QTextBrowser, "sourceText").toPlainText())
    title = window.timeline.events[window.timeline.event_index["e"]].title
    assert title in shown
    if case.check == "html":
        assert window.windowTitle().startswith('<script>alert("x")</script><b>bold?</b>&amp;')
        assert "&amp;" in shown and "<b>" in shown


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 60
    assert {c.outcome for c in CASES} == {"ok", "problems", "refused"}


def test_live_reload_keeps_watching_a_file_replaced_by_rename(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Editors save by writing a new file and renaming it over the old: the watch must survive every save."""
    watched = tmp_path / "events.json"
    watched.write_bytes(dumps(base(title="Version 1")))
    window, errors = open_window(qtbot, watched, monkeypatch)

    def save(content: bytes) -> None:
        staging = tmp_path / ".events.json.swp"
        staging.write_bytes(content)
        os.replace(staging, watched)

    save(GOOD[: len(GOOD) // 3])  # a broken save: listed, the last good version stays
    qtbot.waitUntil(lambda: not window.problems_dock.isHidden(), timeout=5000)
    assert window.timeline.title == "Version 1"

    save(dumps(base(event(), title="Version two")))
    qtbot.waitUntil(lambda: window.timeline.title == "Version two", timeout=5000)
    assert len(window.timeline.events) == 3 and window.problems_dock.isHidden()

    watched.unlink()  # deleted while open, then written again
    qtbot.waitUntil(lambda: not window.problems_dock.isHidden(), timeout=5000)
    assert window.timeline.title == "Version two"
    watched.write_bytes(dumps(base(title="Version three!")))
    qtbot.waitUntil(lambda: window.timeline.title == "Version three!", timeout=5000)

    save(dumps(base(title="Version 4")))
    qtbot.waitUntil(lambda: window.timeline.title == "Version 4", timeout=5000)
    assert errors == []


@pytest.mark.slow
def test_a_200_mb_file_is_loaded_within_the_limits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """200 MB is under MAX_FILE_BYTES: it is read and checked in bounded time, never a hang."""
    path = tmp_path / "big.json"
    count = big_file(path, 200)
    assert 200_000_000 <= path.stat().st_size < MAX_FILE_BYTES
    before = (path.stat().st_mtime_ns, path.stat().st_size)
    started = time.monotonic()
    code = main(["validate", str(path)])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith(f"OK: {count} events")
    assert elapsed < 120, f"validate took {elapsed:.0f} s"
    assert (path.stat().st_mtime_ns, path.stat().st_size) == before


def test_the_readme_lists_every_case() -> None:
    readme = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")
    assert [c.name for c in CASES if f"| `{c.name}`" not in readme] == []
