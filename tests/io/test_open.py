"""`open_timeline` tries the fast path, logs why it declined, and never hides a bug in it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desktop.io.fast import load as fast_load
from desktop.io.fast.store import RawEvents
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path


def test_a_declined_file_is_read_carefully_and_why_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "events.json"
    path.write_text('{"version": 1, "title": "t", "events": [{"id": "a", "title": "\\ud800", "start": "2019"}]}',
                    encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="desktop.io.open"):
        timeline = open_timeline(path)
    assert not isinstance(timeline.events, RawEvents) and len(timeline.problems) == 1
    [record] = [r for r in caplog.records if r.name == "desktop.io.open"]
    assert str(path) in record.getMessage() and "msgspec cannot read it" in record.getMessage()


def test_another_format_is_declined_for_want_of_a_version(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "slides.json"
    path.write_text('{"events": [{"start_date": {"year": 2019}, "text": {"headline": "H"}}]}', encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="desktop.io.open"):
        assert len(open_timeline(path).events) == 1
    assert any("no version" in r.getMessage() for r in caplog.records)


def test_a_file_the_fast_path_takes_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="desktop.io.open"):
        assert isinstance(open_timeline(default_events_path()).events, RawEvents)
    assert [r for r in caplog.records if r.name == "desktop.io.open"] == []


@pytest.mark.parametrize("error", [KeyError, IndexError, TypeError])
def test_a_bug_in_the_fast_path_is_not_swallowed(monkeypatch: pytest.MonkeyPatch, error: type[Exception]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise error("a bug")

    monkeypatch.setattr(fast_load, "read_carefully", broken)
    with pytest.raises(error, match="a bug"):
        open_timeline(default_events_path())
