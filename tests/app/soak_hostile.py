"""The soak's hostile files: corpus cases opened in the window as a person opens a file, each held to its outcome.

A case is built in a folder of its own and opened with File ▸ Open (the file dialog answered) or the window's
`open_file`; then it opened cleanly, opened with its problems listed, or was refused with one error and the
window kept what it had, as the corpus says. The soak's next actions go on with whatever is open.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.cases import CASES, Case

from desktop.io.printable import escape_controls

if TYPE_CHECKING:
    from soak_driver import SoakDriver

# Measured (build, then open in a 1400×800 window): every case builds in under 5 ms and most open in 0.1–0.4 s;
# these open in 0.7–1.5 s each, and what they hold is no odder than the 6,000-event reload the soak has already.
SLOW = frozenset({"problem-per-event-2000", "timeline-xml-5000-events"})
# A case with `simulate` needs a patch for what root cannot do (an unreadable file): not a file to open for real.
HOSTILE_CASES: dict[str, Case] = {c.name: c for c in CASES if c.simulate is None and c.name not in SLOW}
HOSTILE_NAMES = sorted(HOSTILE_CASES)
# Opened once before memory is first measured: the fallback fonts for scripts and emoji, the largest texts, and
# a file for each importer (CSV, vis, TimelineJS, Timeline XML).
PRIME_CASES = [name for name in HOSTILE_NAMES if name.startswith(("text-", "hostile-", "quote-2000", "csv-",
                                                                  "html-", "nul-in", "vis-", "timeline-xml-"))]


def plan_hostile(rng: random.Random) -> tuple[str, str]:
    """Which case to open, and how: "menu" (File ▸ Open) or "api" (the window's open_file)."""
    return rng.choice(HOSTILE_NAMES), rng.choice(["menu", "api"])


def says_why(case: Case, path: Path, text: str) -> bool:
    """The text has a line naming the file, the place and what was expected (as tests/corpus checks it)."""
    what = "|".join(re.escape(w) for w in ((case.what,) if isinstance(case.what, str) else case.what))
    return re.search(re.escape(str(path)) + case.where + f".*(?:{what})", text) is not None


def open_hostile(driver: SoakDriver, name: str, how: str) -> None:
    """Build the case and open it; then hold the window to the outcome the corpus states for it."""
    case = HOSTILE_CASES[name]
    w = driver.window
    folder = driver.folder / "hostile" / str(driver.performed)  # a fresh folder: nothing written before is reused
    folder.mkdir(parents=True)
    path = folder / "case.json"  # named as the corpus test names it
    case.build(path)
    before, title, shown_path = w.timeline, w.windowTitle(), w.path
    count = len(before.events) if before is not None else 0
    dirty, asked = w.documents.dirty, driver.asked["unsaved"]
    driver.expect_error, driver.opening_hostile = case.outcome == "refused", True
    try:
        if how == "menu":
            w.files.ask_open_path = lambda: str(path)  # type: ignore[method-assign]  # the dialog, answered
            try:
                w.commands.open.trigger()
            finally:
                del w.files.ask_open_path
        else:
            w.open_file(path)
        errors = list(driver.errors)
    finally:
        driver.errors.clear()
        driver.expect_error = driver.opening_hostile = False
    if dirty:
        assert driver.asked["unsaved"] == asked + 1, f"opening {name} ({how}) over unsaved edits did not ask first"
    if case.outcome == "refused":
        assert len(errors) == 1, f"{name} was refused with {len(errors)} error dialogs: {errors}"
        assert says_why(case, path, errors[0][1]), f"the error for {name} does not say why: {errors[0][1]!r}"
        assert w.timeline is before and w.path == shown_path, f"refusing {name} replaced the timeline"
        assert w.windowTitle() == title and w.timeline is not None and len(w.timeline.events) == count
        return
    assert errors == [], f"{name} opened with an error dialog: {errors}"
    assert w.timeline is not before and w.timeline is not None, f"{name} did not open"
    assert w.path == path.resolve(), f"{name} opened as {w.path}"
    assert len(w.timeline.events) == case.events, f"{name}: {len(w.timeline.events)} events, {case.events} expected"
    listed = [w.problems_list.item(i).text() for i in range(w.problems_list.count())]
    if case.outcome == "problems":
        assert w.problems_dock.isVisible() and listed, f"{name} opened without its problems listed"
        assert listed == [escape_controls(p) for p in w.timeline.problems], f"{name}: the listed problems differ"
        assert says_why(case, path, "\n".join(listed)), f"no problem of {name} says why: {listed}"
    else:
        assert not w.problems_dock.isVisible() and listed == [], f"{name} opened with problems listed: {listed}"
    driver.path = w.path  # the driver's file from now on: its reloads write over this copy, its saves keep to it
