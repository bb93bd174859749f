"""A load reports its progress to the callback it is given, which can cancel it, leaving nothing half-done."""

from __future__ import annotations

import gc
import json
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.io.fast.chunks import CHUNK
from desktop.io.fast.load import DECODED
from desktop.io.fast.store import RawEvents
from desktop.io.open import open_timeline
from desktop.io.progress import LoadCancelled


def _file(tmp_path: Path, n: int) -> Path:
    events = [{"id": f"e{i}", "title": "t", "start": "2019-02-28"} for i in range(n)]
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"version": 1, "title": "x", "events": events}), encoding="utf-8")
    return path


def test_progress_rises_to_the_end(tmp_path: Path) -> None:
    seen: list[float] = []
    timeline = open_timeline(_file(tmp_path, 50_000), progress=seen.append)
    assert len(timeline.events) == 50_000
    assert seen == sorted(seen) and len(seen) >= 4
    assert seen[0] >= 0 and seen[-1] <= 1


def test_the_careful_reader_reports_too(tmp_path: Path) -> None:
    seen: list[float] = []
    path = _file(tmp_path, 20_000)
    # msgspec refuses a lone surrogate escape, so this file is read by the careful reader.
    path.write_text(path.read_text(encoding="utf-8").replace('"title": "t"', '"title": "\\ud800"', 1), encoding="utf-8")
    timeline = open_timeline(path, progress=seen.append)
    assert len(timeline.problems) == 1 and len(timeline.events) == 20_000 - 1
    assert seen == sorted(seen) and len(seen) >= 4
    assert seen[0] >= 0 and seen[-1] <= 1


def test_a_cancelled_load_raises_and_leaves_the_collector_on(tmp_path: Path) -> None:
    def cancel_halfway(fraction: float) -> None:
        if fraction > 0.5:
            raise LoadCancelled

    with pytest.raises(LoadCancelled):
        open_timeline(_file(tmp_path, 50_000), progress=cancel_halfway)
    assert gc.isenabled()


def test_without_a_listener_nothing_is_reported(tmp_path: Path) -> None:
    assert len(open_timeline(_file(tmp_path, 10)).events) == 10


def test_the_fast_path_reports_chunk_by_chunk(tmp_path: Path) -> None:
    seen: list[float] = []
    timeline = open_timeline(_file(tmp_path, 5 * CHUNK), progress=seen.append)
    assert isinstance(timeline.events, RawEvents)
    # Reading, then one report per chunk of events: the bar never stalls for long.
    assert seen == sorted(seen) and max(b - a for a, b in pairwise(seen)) < 0.2
    assert sum(DECODED <= f < 1 for f in seen) >= 5


N_OTHER = 20_000
OTHER_FORMATS = {
    "csv": lambda: "start,title\n" + "".join(f"2019-02-{1 + i % 28:02d},t{i}\n" for i in range(N_OTHER)),
    "timelinejs sheet": lambda: "Year,Headline\n" + "".join(f"{1900 + i % 100},t{i}\n" for i in range(N_OTHER)),
    "timeline xml": lambda: (
        "<timeline><version>2.0.0</version><timetype>gregoriantime</timetype><events>"
        + "".join(f"<event><start>2019-02-28 10:00:00</start><end>2019-02-28 10:00:00</end><text>t{i}</text>"
                  "<fuzzy>False</fuzzy><locked>False</locked><ends_today>False</ends_today></event>"
                  for i in range(N_OTHER))
        + "</events><view><displayed_period><start>2019-01-01 00:00:00</start><end>2019-12-31 00:00:00</end>"
          "</displayed_period></view></timeline>"),
    "timelinejs": lambda: json.dumps({"events": [
        {"start_date": {"year": 2019, "month": 2, "day": 1 + i % 28}, "text": {"headline": f"t{i}"}}
        for i in range(N_OTHER)]}),
    "vis": lambda: json.dumps([{"id": i, "content": f"t{i}", "start": "2019-02-28"} for i in range(N_OTHER)]),
}


@pytest.mark.parametrize("kind", OTHER_FORMATS)
def test_every_importer_reports_item_by_item_and_hears_cancel(tmp_path: Path, kind: str) -> None:
    """A big file in another format reports as it goes and stops when cancelled, not only at the end."""
    path = tmp_path / "other.txt"
    path.write_text(OTHER_FORMATS[kind](), encoding="utf-8")
    seen: list[float] = []
    timeline = open_timeline(path, progress=seen.append)
    assert len(timeline.events) == N_OTHER, timeline.problems[:3]
    assert seen == sorted(seen) and len([f for f in seen if 0.35 < f < 0.95]) >= 3, seen

    def cancel_midway(fraction: float) -> None:
        if fraction > 0.4:
            raise LoadCancelled

    with pytest.raises(LoadCancelled):
        open_timeline(path, progress=cancel_midway)
