"""Soak: thousands of seeded random actions on the main window, every invariant checked after each.

The normal suite runs SOAK_ACTIONS (default 300); `make soak` runs 10,000 and then holds memory
to within 10% of what it was after the first tenth. SOAK_SEED picks another run. The actions
include editing (titles, new events, deletes), undo, redo and save, checked against a plain model
of the undo stack; a second, shorter run (SOAK_EDIT_ACTIONS) does mostly those. Between them, files of the
hostile corpus (tests/corpus/cases.py) are opened as File ▸ Open does, each held to the outcome the corpus states,
and the actions after go on with whatever opened (soak_hostile.py).
"""

from __future__ import annotations

import ctypes
import gc
import os
import random
import shutil
import time
from pathlib import Path

import pytest
from helpers import open_window
from soak_driver import EDITING, WEIGHTS, Action, SoakDriver, read_trace

from desktop.app.main_window import MainWindow
from desktop.io.resources import default_events_path

SOAK_ACTIONS = int(os.environ.get("SOAK_ACTIONS", "300"))
SOAK_SEED = int(os.environ.get("SOAK_SEED", "20260707"))
SOAK_EDIT_ACTIONS = int(os.environ.get("SOAK_EDIT_ACTIONS", "200"))
MEMORY_CHECK_FROM = 1000  # below this many actions, memory is only reported
MAX_GROWTH = 0.10


def _rss_kib() -> int:
    """Resident set size of this process, in KiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def _trim_heap() -> bool:
    """Hand the C heap's free pages back to the system (glibc), so RSS counts live memory."""
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False


def _settled_rss(qtbot, driver: SoakDriver) -> tuple[int, int]:
    """RSS in one window state, once deferred deletes have run and Python has collected its cycles:
    as it is, and after the heap's free pages are trimmed (what the growth limit is held to).

    Untrimmed RSS also counts freed memory malloc keeps: it wanders by several MiB from one
    measurement to the next with the same objects alive (QObjects, scene items) in the window.
    """
    driver.settle()
    qtbot.wait(20)
    gc.collect()
    qtbot.wait(20)
    raw = _rss_kib()
    _trim_heap()
    return raw, _rss_kib()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "events.json"
    shutil.copy(default_events_path(), path)
    return open_window(qtbot, path)


@pytest.mark.qt_log_level_fail("WARNING")
# The offscreen platform's defaults for what it cannot do (a window's size hints when one is shown,
# raising the tooltip window); about the platform, not the app.
@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$",
                           r"^This plugin does not support raise\(\)$")
def test_random_actions_keep_every_invariant(qtbot, qtlog, window: MainWindow, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    driver = SoakDriver(qtbot, window, random.Random(SOAK_SEED), tmp_path)
    driver.install(monkeypatch, lambda: qtlog.records)
    driver.trace = Path(os.environ["SOAK_TRACE"]) if os.environ.get("SOAK_TRACE") else None
    driver.check()
    if os.environ.get("SOAK_REPLAY"):  # perform a trace (or part of one) again, to reduce a failure
        for action in read_trace(Path(os.environ["SOAK_REPLAY"])):
            driver.step(action)
        return
    first = max(SOAK_ACTIONS // 10, 1)
    began = time.perf_counter()
    # One-time costs (the 6,000-event variant's high-water mark, fallback fonts, the editor's docks) before
    # the first measurement: the comparison is then of growth, not of whether those came up yet.
    driver.prime()
    driver.run(first)
    raw_first, rss_first = _settled_rss(qtbot, driver)
    driver.run(SOAK_ACTIONS - first)
    raw_end, rss_end = _settled_rss(qtbot, driver)
    seconds = time.perf_counter() - began
    growth = (rss_end - rss_first) / rss_first
    with capsys.disabled():
        print(f"\nsoak: seed {SOAK_SEED}, {SOAK_ACTIONS} actions in {seconds:.1f} s, "
              f"RSS {rss_first / 1024:.1f} MiB after {first} and {rss_end / 1024:.1f} MiB at the end "
              f"({growth:+.1%}; untrimmed {raw_first / 1024:.1f} → {raw_end / 1024:.1f} MiB, "
              f"{(raw_end - raw_first) / raw_first:+.1%}); "
              + ", ".join(f"{k} {v}" for k, v in sorted(driver.counts.items()))
              + f"; {driver.edits_made} edits made, {driver.undone} undone, {driver.redone} redone, "
              f"{driver.saved} saves; asked {driver.asked}")
    if SOAK_ACTIONS >= MEMORY_CHECK_FROM:
        assert growth <= MAX_GROWTH, f"RSS grew {growth:.1%} from action {first} to {SOAK_ACTIONS}"


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$",
                           r"^This plugin does not support raise\(\)$")
def test_random_edits_undo_and_redo_match_a_plain_model(qtbot, qtlog, window: MainWindow, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture) -> None:
    """Mostly edits, undo, redo and save, with a few clicks, keys and reloads between: the undo stack and the
    document follow a plain model of the steps, and every save reads back as the document."""
    driver = SoakDriver(qtbot, window, random.Random(SOAK_SEED + 1), tmp_path)
    driver.install(monkeypatch, lambda: qtlog.records)
    driver.weights = {kind: WEIGHTS[kind] for kind in EDITING} | {"click_event": 3, "key": 2, "reload_good": 0.5,
                                                                  "open_hostile": 1}
    driver.check()
    driver.run(SOAK_EDIT_ACTIONS)
    made = (driver.edits_made, driver.undone, driver.redone, driver.saved)
    # Undo everything since the last load: each step back is the state the model recorded for it.
    while window.undo_stack.canUndo():
        driver.step(Action("undo", ("menu",)))
    assert driver.at == 0 and window.undo_stack.index() == 0
    with capsys.disabled():
        print(f"\nedit soak: seed {SOAK_SEED + 1}, {SOAK_EDIT_ACTIONS} actions; {made[0]} edits made, "
              f"{made[1]} undone, {made[2]} redone, {made[3]} saves; asked {driver.asked}")
    assert min(made) > 0, made
