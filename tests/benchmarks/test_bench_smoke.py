"""The benchmark's measurement runs end to end in-process (no timing is asserted: targets live in the benchmark)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench import measure
from benchmarks.bench_file import write_events_file
from benchmarks.bench_report import EDIT, FIGURES, TABLE, report


@pytest.mark.parametrize("n", [0, 200])
def test_measure_reports_every_figure(qapp: object, tmp_path: Path, n: int) -> None:
    path = write_events_file(n, tmp_path / "events.json")
    result = measure(path, repeats=2, budget_s=1.0)
    assert result["events"] == n
    for key, *_ in FIGURES:
        if key == "click" and n == 0:
            assert result[key] is None  # nothing to click on an empty timeline
        else:
            assert result[key] > 0, key
    assert result["dock_ok"] is (True if n else None)
    assert result["png_1600_height"] > 0
    for key, *_ in (*EDIT, *TABLE):
        if result.get(key) is not None:
            assert result[key] > 0, key


def test_the_report_has_a_row_per_size_and_marks_targets() -> None:
    row = {key: 0.001 for key, *_ in FIGURES} | {"rss": 200.0, "dock_ok": True}
    text = report({"empty": row, "200": row | {"load": 10.0, "frame_fit": 0.004}}, cold=0.5)
    first = text.split("\n## ")[0]  # the frame table; editing and the events table follow
    table = [line for line in first.splitlines() if line.startswith("| ")]
    assert [line.split(" | ")[0] for line in table] == ["| events", "| target", "| empty", "| 200"]
    assert "| 10 s (10,000×) ✗ | 1 ms (1.0×) | 4 ms (4.0×) ✗ | 1 ms (1.0×) ✓ |" in table[-1]
    assert "0.50 s ✓" in text
