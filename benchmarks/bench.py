"""Benchmark for issues 5, 13 and 14: load, frames, pan, click, exports, RSS, editing, the events table; 0 to 1M events.

`python -m benchmarks.bench make-file N OUT.json [--seed S]` writes a generated events file;
`python -m benchmarks.bench run [--sizes …] [--out docs/bench.md]` measures each size in a fresh
process and prints a Markdown table; `cold-start` times one launch on the default dataset.
"""

# ruff: noqa: E402 (the clock starts before the other imports)
from __future__ import annotations

import time

_T0 = time.perf_counter()  # first thing: cold-start counts from here (and from the process start)

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench_editing import measure_editing, measure_table
from benchmarks.bench_report import FIGURES, ZOOMS, report
from benchmarks.bench_timing import busiest, timed

__all__ = ["FIGURES", "cold_start", "main", "measure", "report", "run"]

ROOT = Path(__file__).resolve().parents[1]  # children run `-m benchmarks.bench` from the checkout
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
SEED = 1
CHILD_TIMEOUT_S = 400


def _app(settings: str | None = None) -> Any:
    """The QApplication, configured as the app's; `settings`: a folder that keeps the person's own untouched."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app.application import configure_application

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application()
    if settings is not None:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    return app


def _show_and_paint(window: Any, app: Any) -> None:
    """Show the window at 1600 × 900 and return once its timeline viewport has painted."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject

    painted: list[bool] = []

    class _Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    watch = _Watch()
    viewport = window.view.viewport()
    viewport.installEventFilter(watch)
    window.resize(1600, 900)
    window.show()
    app.processEvents()
    deadline = time.perf_counter() + CHILD_TIMEOUT_S
    while window.timeline is None and time.perf_counter() < deadline:  # a window that loads in the background
        painted.clear()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    if not painted:
        viewport.repaint()
    viewport.removeEventFilter(watch)


def measure(path: str | Path, repeats: int = 15, budget_s: float = 12.0) -> dict[str, Any]:
    """Every figure for one events file, in this process (needs QT_QPA_PLATFORM=offscreen without a display)."""
    import gc

    import numpy as np
    from PySide6.QtWidgets import QTextBrowser

    from desktop import create_window
    from desktop.io.open import open_timeline
    from desktop.layout.axis_map import axis_columns, find_breaks
    from desktop.render.export import export_file, image_height
    from desktop.render.request import ExportError, ExportRequest

    app = _app()
    out: dict[str, Any] = {}
    out["load"] = timed(lambda _: open_timeline(path), min(repeats, 5), budget_s / 2)
    gc.collect()
    t = time.perf_counter()
    window = create_window(path)
    _show_and_paint(window, app)
    out["first_frame"] = time.perf_counter() - t
    timeline = window.timeline
    assert timeline is not None, "the window opened no timeline"
    out["events"] = len(timeline.events)
    view, scene = window.view, window.view.timeline_scene
    viewport = view.viewport()
    anchors = timeline.columns.anchor
    lo, hi = scene.data_span()

    def frame(start: float, end: float) -> None:
        scene.set_visible_range(start, end)
        viewport.repaint()

    def frames(prefix: str) -> None:
        for name, fraction in ZOOMS:
            scene.fit_all()
            fit_lo, fit_hi = scene.visible_range()
            width = (fit_hi - fit_lo) if fraction is None else (hi - lo) * fraction
            centre = (fit_lo + fit_hi) / 2 if fraction is None else busiest(anchors, width, (lo + hi) / 2)
            # A slightly different window each frame, so no item can answer from a cache.
            positions = [centre - width / 2 + (i - repeats // 2) * width * 0.004 for i in range(repeats)]

            def one(i: int, positions: list[float] = positions, width: float = width) -> None:
                frame(positions[i], positions[i] + width)

            # Untimed between frames: the overview and status bar catch up, as they would between two wheel steps.
            out[f"{prefix}frame_{name}"] = timed(one, repeats, budget_s, app.processEvents)
            out[f"{prefix}shown_{name}"] = scene.frame.visible_count  # events the last of these frames stood for

    view.set_axis_mode("linear")
    frames("")
    # The same windows in time on a compressed axis (issue 12). A generated file leaves no long gap,
    # so two long stretches are made breaks by hand: the frames then pay for the map as a real file would.
    cols = timeline.columns
    if len(cols.begin) and not len(find_breaks(cols)):
        third = (hi - lo) / 3
        axis_columns(cols, "compressed", np.array([[lo + third * 0.2, lo + third * 0.9],
                                                   [lo + third * 1.6, lo + third * 2.4]]))
    view.set_axis_mode("compressed")
    frames("c")
    view.set_axis_mode("linear")
    width = (hi - lo) * 0.01
    start = busiest(anchors, width, (lo + hi) / 2) - width / 2
    frame(start, start + width)
    out["pan"] = timed(lambda i: frame(start + (i + 1) * width * 0.05, start + width + (i + 1) * width * 0.05),
                       repeats, budget_s, app.processEvents)
    app.processEvents()
    out["click"], expected = _click(window, app, repeats, budget_s)
    browser = window.findChild(QTextBrowser, "sourceText")
    out["dock_ok"] = None if expected is None or browser is None else expected in browser.toPlainText()
    with tempfile.TemporaryDirectory() as folder:
        for width_px in (1600, 4000):
            target = Path(folder) / f"bench-{width_px}.png"
            heights: list[int] = []

            def export(_: int, width_px: int = width_px, target: Path = target, heights: list[int] = heights) -> None:
                request = ExportRequest(timeline, width=width_px, source_name=Path(path).name)
                heights.append(image_height(request))
                export_file(request, target)

            out[f"png_{width_px}"] = timed(export, min(repeats, 3), budget_s / 2)
            out[f"png_{width_px}_height"] = heights[0]
    out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux → MB
    # After the peak RSS above, which the PNG's target was set on; rss_after counts these.
    with tempfile.TemporaryDirectory() as folder:
        for suffix in ("svg", "pdf", "html"):
            target = Path(folder) / f"bench.{suffix}"

            def vector(_: int, target: Path = target) -> None:
                export_file(ExportRequest(timeline, width=1600, source_name=Path(path).name), target)

            try:
                out[suffix] = timed(vector, min(repeats, 3), budget_s / 2)
            except ExportError:
                out[suffix] = None  # the web page refuses more than MAX_PAGE_EVENTS events
    # Issue 14, last: they change the window (the table dock shown, the document edited).
    out |= measure_table(window, app, repeats, budget_s)
    out |= measure_editing(window, app, repeats, budget_s)
    out["rss_after"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    window.deleteLater()
    app.processEvents()
    return out


def _click(window: Any, app: Any, repeats: int, budget_s: float) -> tuple[float | None, str | None]:
    """Median time from `select_event` on a cited event in view to the dock showing it, and its title."""
    import numpy as np

    start, end = window.view.timeline_scene.visible_range()
    cols = window.timeline.columns
    shown = np.flatnonzero((cols.begin <= end) & (cols.finish >= start) & cols.cited)
    if len(shown) == 0:
        return None, None
    picks = shown[np.linspace(0, len(shown) - 1, min(repeats, len(shown))).astype(int)].tolist()
    last: list[int] = []

    def click(i: int) -> None:
        last[:] = [picks[i]]
        window.view.select_event(window.timeline.events[picks[i]].id)
        app.processEvents()

    seconds = timed(click, len(picks), budget_s / 2)
    return seconds, window.timeline.events[last[0]].title


def cold_start() -> float:
    """Seconds from process start to the first painted frame on the default dataset (this process)."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        from desktop import create_window

        window = create_window()
        _show_and_paint(window, app)
        done = time.perf_counter()
        since_start = _since_process_start()
        window.close()
    return since_start if since_start is not None else done - _T0


def _since_process_start() -> float | None:
    """Seconds since this process started, from /proc (10 ms resolution), or None off Linux."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime, in clock ticks
    except (OSError, ValueError, IndexError):
        return None


def _child(args: Sequence[str]) -> dict[str, Any]:
    """Run this module in a fresh interpreter, offscreen, and read the JSON it prints last."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.bench", *args], capture_output=True, text=True, env=env,
                          timeout=CHILD_TIMEOUT_S, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(sizes: Sequence[int], out: Path | None, cache: Path) -> str:
    """Measure the empty file and each size in its own process; return (and write) the Markdown report."""
    from benchmarks.bench_file import cached_events_file

    rows: dict[str, dict[str, Any]] = {}
    for label, n in (("empty", 0), *((f"{n:,}", n) for n in sizes)):
        path = cached_events_file(cache, n, SEED)
        t = time.perf_counter()
        print(f"measuring {label} events…", file=sys.stderr, flush=True)
        try:
            rows[label] = _child(["measure", str(path)])
        except (RuntimeError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
            rows[label] = {"error": str(exc).splitlines()[-1][:200]}
        print(f"  {label}: {time.perf_counter() - t:.1f} s {rows[label]}", file=sys.stderr, flush=True)
    colds = []
    for _ in range(3):
        try:
            colds.append(_child(["cold-start"])["cold_start"])
        except (RuntimeError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
            print(f"cold start failed: {exc}", file=sys.stderr)
    text = report(rows, statistics.median(colds) if colds else None)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """The `python -m benchmarks.bench` command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make-file", help="write a generated events file")
    make.add_argument("n", type=int)
    make.add_argument("out", type=Path)
    make.add_argument("--seed", type=int, default=SEED)
    runner = sub.add_parser("run", help="measure every size, each in a fresh process")
    runner.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    runner.add_argument("--out", type=Path, default=Path("docs/bench.md"))
    runner.add_argument("--cache", type=Path, default=Path(".bench"))
    child = sub.add_parser("measure", help="(internal) measure one file and print JSON")
    child.add_argument("file")
    sub.add_parser("cold-start", help="open the default dataset, paint once, print seconds since process start")
    args = parser.parse_args(argv)
    if args.command == "make-file":
        from benchmarks.bench_file import write_events_file

        write_events_file(args.n, args.out, args.seed)
    elif args.command == "run":
        print(run([int(s) for s in args.sizes.split(",") if s.strip()], args.out, args.cache))
    elif args.command == "measure":
        with tempfile.TemporaryDirectory() as folder:
            _app(folder)
            print(json.dumps(measure(args.file)))
    else:
        print(json.dumps({"cold_start": cold_start()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
