"""The benchmark's generated events file: valid, varied and the same bytes for the same seed."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_file import write_events_file
from desktop.io.open import open_timeline
from desktop.model.dates import Precision


def test_a_generated_file_loads_without_problems_and_varies_like_news(tmp_path: Path) -> None:
    path = write_events_file(2_000, tmp_path / "events.json", seed=3)
    timeline = open_timeline(path)
    assert timeline.problems == ()
    assert len(timeline.events) == 2_000
    assert 6 <= len(timeline.lanes) <= 8 and len(timeline.sources) == 3
    assert all(200 <= len(source.paragraphs) <= 400 for source in timeline.sources)
    precisions = {event.start.precision for event in timeline.events}
    assert {Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.MINUTE} <= precisions
    ranges = sum(event.is_range for event in timeline.events)
    cited = sum(bool(event.citations) for event in timeline.events)
    assert 0.05 < ranges / 2_000 < 0.15
    assert 0.25 < cited / 2_000 < 0.45
    assert any(event.approximate for event in timeline.events)
    assert any(event.tags for event in timeline.events)
    quoted = [c for event in timeline.events for c in event.citations if c.quote]
    assert quoted  # the loader already refuses a quote that is not verbatim in its paragraph
    begin, finish = timeline.span()
    assert 11 * 365 * 86400 < finish - begin < 13 * 365 * 86400


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    a = write_events_file(2_000, tmp_path / "a.json", seed=7).read_bytes()
    b = write_events_file(2_000, tmp_path / "b.json", seed=7).read_bytes()
    c = write_events_file(2_000, tmp_path / "c.json", seed=8).read_bytes()
    assert a == b
    assert a != c


def test_an_empty_file_is_still_valid(tmp_path: Path) -> None:
    timeline = open_timeline(write_events_file(0, tmp_path / "empty.json"))
    assert timeline.problems == () and timeline.events == () and len(timeline.sources) == 3
