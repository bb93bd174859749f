"""The Markdown report `make bench` writes to docs/bench.md: one table per figure group, targets marked."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_editing import EDIT_TARGET_S, FILTER_WORD, SECOND_WORD

ROOT = Path(__file__).resolve().parents[1]
ZOOMS = (("fit", None), ("1%", 0.01), ("0.01%", 0.0001))
# (key, heading, unit, target: (limit, "abs") or (ratio, "x") to the empty file, or None)
FIGURES: tuple[tuple[str, str, str, tuple[float, str] | None], ...] = (
    ("load", "load", "s", (3.0, "abs")),
    ("first_frame", "first frame", "s", None),
    ("frame_fit", "frame, fit all", "s", (3.0, "x")),
    ("frame_1%", "frame, 1 %", "s", (3.0, "x")),
    ("frame_0.01%", "frame, 0.01 %", "s", (3.0, "x")),
    ("pan", "pan 5 % (at 1 %)", "s", None),
    ("cframe_fit", "compressed frame, fit all", "s", None),
    ("cframe_1%", "compressed frame, 1 %", "s", None),
    ("cframe_0.01%", "compressed frame, 0.01 %", "s", None),
    ("click", "click → dock", "s", (0.050, "abs")),
    ("png_1600", "PNG 1600 px", "s", (0.5, "abs")),
    ("png_4000", "PNG 4000 px", "s", (2.5, "abs")),
    ("svg", "SVG 1600 px", "s", None),
    ("pdf", "PDF 1600 px", "s", None),
    ("html", "web page", "s", None),
    ("rss", "peak RSS", "MB", (1024.0, "abs")),
)
COLD_START_TARGET_S = 0.8
Figure = tuple[str, str, str, tuple[float, str] | None]
EDIT: tuple[Figure, ...] = tuple((key, heading, "s", (EDIT_TARGET_S, "abs")) for key, heading in (
    ("edit_title", "edit a title"), ("edit_date", "edit a date (the event moves)"), ("edit_add", "add an event"),
    ("edit_undo", "undo")))
TABLE: tuple[Figure, ...] = tuple((key, heading, "s", None) for key, heading in (
    ("table_set", "new timeline"), ("table_end", "scroll to the end"), ("table_page", "scroll a page"),
    ("sort_date", "sort by date"), ("sort_date_2", "date again"), ("sort_title", "sort by title"),
    ("sort_title_2", "title again"), ("sort_lane", "sort by lane"), ("sort_lane_2", "lane again"),
    ("sort_citations", "sort by citations"), ("sort_citations_2", "citations again"), ("search", "search, first"),
    ("search_2", "search again"), ("filter", "filter"), ("unfilter", "clear the filter")))


def amount(value: float, unit: str) -> str:
    """Seconds as ms below one second, else s; megabytes as they are."""
    if unit != "MB" and value < 1:
        value, unit = value * 1e3, "ms"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.3g} {unit}"


def cell(value: float | None, base: float | None, unit: str, target: tuple[float, str] | None) -> str:
    """A figure, its ratio to `base` if any, and ✓ or ✗ against `target` if there is one."""
    if value is None:
        return "—"
    text = amount(value, unit)
    if base:
        ratio = value / base
        text += f" ({ratio:,.0f}×)" if ratio >= 100 else f" ({ratio:.1f}×)"
    if target is not None:
        limit, kind = target
        if kind == "abs" or base:
            text += " ✓" if value <= (limit * base if kind == "x" and base else limit) else " ✗"
    return text


def environment() -> list[str]:
    """Date, commit, machine and library versions, as Markdown list items."""
    import numpy
    import pyqtgraph
    import PySide6
    from PySide6.QtCore import qVersion

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True,
                            check=False, cwd=ROOT).stdout.strip() or "unknown"
    return [f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; commit {commit}",
            f"- Platform: {platform.platform()}; CPU: {cpu}; {os.cpu_count()} cores",
            f"- Python {platform.python_version()}, PySide6 {PySide6.__version__} (Qt {qVersion()}), "
            f"pyqtgraph {pyqtgraph.__version__}, numpy {numpy.__version__}; QT_QPA_PLATFORM=offscreen"]


def ok_rows(rows: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The sizes that ran, in order."""
    return [(label, r) for label, r in rows.items() if "error" not in r]


def table(rows: dict[str, dict[str, Any]], figures: tuple[Figure, ...], ratios: bool) -> list[str]:
    """A Markdown table, a row per size; with `ratios`, each figure also as a multiple of the empty file's."""
    base = rows.get("empty", {}) if ratios else {}
    lines = ["| events | " + " | ".join(h for _, h, *_ in figures) + " |", "|---:|" + "---:|" * len(figures)]
    if any(t is not None for *_, t in figures):
        lines.append("| target | " + " | ".join("—" if t is None else (f"≤ {t[0]:g}× empty" if t[1] == "x" else
                                                 f"≤ {amount(t[0], u)}") for _, _, u, t in figures) + " |")
    for label, row in rows.items():
        if "error" in row:
            lines.append(f"| {label} | failed: {row['error']} |" + " |" * (len(figures) - 1))
            continue
        cells = [cell(row.get(k), None if label == "empty" else base.get(k), u, t) for k, _, u, t in figures]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def report(rows: dict[str, dict[str, Any]], cold: float | None) -> str:
    """docs/bench.md: every size's figures, the cold start, and how each was measured."""
    ok = ok_rows(rows)
    ratios = "; ".join(f"{label}: " + ", ".join(
        f"{r['cframe_' + z] / r['frame_' + z]:.2f}×" if r.get("cframe_" + z) and r.get("frame_" + z) else "—"
        for z, _ in ZOOMS) for label, r in ok)
    mark = "—" if cold is None else f"{cold:.2f} s " + ("✓" if cold <= COLD_START_TARGET_S else "✗")
    heights = ", ".join(f"{label}: {r.get('png_1600_height')}/{r.get('png_4000_height')} px" for label, r in ok)
    shown = ", ".join(f"{label}: " + "/".join(f"{r.get('shown_' + z, 0):,}" for z, _ in ZOOMS) for label, r in ok)
    lines = ["# Benchmark (issue 5: stay fast from 10 events to 1,000,000)", "",
             "Made by `make bench` (`python -m benchmarks.bench run`); do not edit by hand.", "", *environment(), "",
             *table(rows, FIGURES, ratios=True)]
    lines += ["", f"Cold start to the first painted frame on the default dataset (median of 3 fresh processes, "
              f"from process start): {mark} (target ≤ {COLD_START_TARGET_S} s).", "", "How it is measured:", "",
              "- Each size runs in a fresh process, so peak RSS (`ru_maxrss`) is that size's alone; the file is "
              "generated once into `.bench/` by `make-file` (seed 1). The empty row is a file with the same lanes "
              "and sources and 0 events; (n×) is the ratio to it. Peak RSS is taken before the editing and table "
              "figures below (after them: " + ", ".join(f"{label}: {amount(r['rss_after'], 'MB')}" for label, r in ok
                                                        if "rss_after" in r) + ").",
              "- load: `open_timeline(path)`. first frame: `create_window(path)` (which loads again), shown at "
              "1600 × 900, until its timeline viewport has painted once.",
              "- frame: `set_visible_range` + a synchronous `viewport().repaint()`, median of up to 15 windows each "
              "shifted by 0.4 % of its width, centred on the busiest window of that width (the empty file's "
              "0.01 % is clamped to the one-minute zoom limit). Events in the window at fit all/1 %/0.01 %: "
              f"{shown}. pan: the 1 % window moved 5 % per step. Between two frames, untimed, `processEvents()` "
              "lets the overview and status bar catch up.",
              "- compressed frame: the same windows in time with the axis compressed (on a generated file, which "
              "has no long gap, two stretches of a fifth and a quarter of the span are made breaks by hand); "
              f"compressed ÷ linear at fit all/1 %/0.01 % (target ≤ 1.10×): {ratios}.",
              "- click → dock: `view.select_event(id)` on cited events in view, plus `processEvents()`, until the "
              "source dock holds the event (checked: "
              f"{'yes' if all(r.get('dock_ok') in (True, None) for r in rows.values()) else 'NO'}).",
              f"- PNG: `export_file` at the default height (render, encode, write) (heights 1600/4000: {heights}). "
              "SVG, PDF, web page: `export_file` to that format at 1600 px; the web page is refused (—) past "
              "20,000 drawn events.",
              "- Medians where repeats are cheap; a figure stops repeating once it has spent ~12 s (6 s for load, "
              "click and PNG), so the 1M row may be a single run.", ""]
    return "\n".join(lines + editing_report(rows))


def editing_report(rows: dict[str, dict[str, Any]]) -> list[str]:
    """Issue 14's tables: an edit until the timeline shows it, the events table; where a slow edit's time goes."""
    ok = ok_rows(rows)
    checked = "yes" if all(r.get("edit_ok") in (True, None) for _, r in ok) else "NO"
    filtered = ", ".join(f"{label}: {r.get('filter_rows', 0):,}" for label, r in ok)
    on_screen = ", ".join(f"{label}: {r.get('table_rows_shown', 0)}" for label, r in ok)
    stall = ", ".join(f"{label}: {r['sort_stall'] * 1000:.0f} ms" for label, r in ok if r.get("sort_stall")) or "none"

    lines = ["## Editing (issue 14: an edit shows in the timeline in under 200 ms at 1M events)", "",
             *table(rows, EDIT, ratios=False), "",
             "## The events table (issue 14: scrolls and sorts a million rows without freezing)", "",
             *table(rows, TABLE, ratios=False), "", "How it is measured:", "",
             "- edit: through the window's document API, `window.documents.apply(lambda d: d.update_event(id, "
             "title=…))` (or `start=…`, or `add_event`; undo: `window.undo_stack.undo()` of the edits before it), "
             "which shows the new timeline synchronously, then a synchronous `view.viewport().repaint()` and "
             "`processEvents()` until the window is idle: the time from the edit to the timeline showing it. The "
             "edited event is near the middle of the file and selected, as when it is edited from the editor or "
             "the table; the table dock is shown, sorted by date. Median of up to 15 edits or ~3 s each (checked "
             f"that the timeline then holds the new title: {checked}).",
             "- table: the events dock (`window.table_dock`, an `EventsTable` whose `.view` is the QTableView) "
             "shown at the bottom of the window, each step followed by a synchronous repaint of its viewport. new "
             "timeline: `table.set_timeline(timeline)`. scroll to the end: `view.scrollToBottom()` once (rows "
             "never decoded); scroll a page: the scroll bar set to positions spread through the table (rows on "
             f"screen: {on_screen}). sort: `view.sortByColumn(column, …)` as a header click does, ascending "
             "first (which makes the column's sort key; date's is made with the rows) then descending (the key "
             "reused), once each; a title key for 200,000 events or more is made in slices from the event loop, and "
             f"its figure runs until the sorted rows are painted (the window's longest pause meanwhile: {stall}). "
             "search: the search field's work, `SearchIndex(timeline).match"
             f"(\"{FILTER_WORD}\")` (first: folds every event's words) and `.match(\"{SECOND_WORD}\")`. filter: "
             f"`table.set_filter(match)` for the first search (rows kept: {filtered}); clear: `set_filter(None)`.",
             ""]
    return lines + profile_report(rows)


def profile_report(rows: dict[str, dict[str, Any]]) -> list[str]:
    """Where one edit's time goes at the largest size that ran, from cProfile (`profile_edit`)."""
    ok = [(label, r) for label, r in ok_rows(rows) if r.get("edit_profile")]
    if not ok:
        return []
    label, row = ok[-1]
    profile = row["edit_profile"]
    total = profile["total"] or 1.0

    def items(pairs: list[list[Any]]) -> list[str]:
        return [f"  - {100 * seconds / total:.0f} % `{name}`" for name, seconds in pairs]

    return [f"### Where an edit's time goes at {label} events", "",
            f"cProfile of one more title edit (edit, repaint, idle: {amount(profile['total'], 's')} under the "
            "profiler, which slows Python calls more than numpy and Qt, so read the shares, not the times).", "",
            "- Each function's own time, with the library code (numpy, heapq, Qt) it calls:", *items(profile["own"]),
            "- `MainWindow._show_timeline`'s calls, each with everything under it:", *items(profile["show_timeline"]),
            ""]
