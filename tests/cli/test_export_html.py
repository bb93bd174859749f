"""`summit-timeline export -o x.html`: the page is about what the picture draws (range, lanes, the subtitle naming
them), and a page too big to read is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

import desktop.render.vector
from desktop.cli.main import main
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import parse_date


def sections(html: str) -> list[int]:
    """The events the page has a section for, by index."""
    return [int(part.split('"', 1)[0]) for part in html.split('<section id="event-')[1:]]


@pytest.fixture
def export(qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    """Run `export -o x.html …`: its exit code, and the page or the error line."""

    def run(*args: str) -> tuple[int, str]:
        out = tmp_path / "x.html"
        code = main(["export", "-o", str(out), *args])
        return code, out.read_text(encoding="utf-8") if code == 0 else capsys.readouterr().err

    return run


def test_the_page_holds_the_events_drawn_and_no_others(export: Callable[..., tuple[int, str]]) -> None:
    timeline = open_timeline(default_events_path())
    code, html = export()
    assert code == 0 and sections(html) == list(range(len(timeline.events)))
    assert "<h2>All events</h2>" in html
    code, html = export("--lane", "summits", "--from", "2019-01-01")
    start = parse_date("2019-01-01").begin  # the file's times are in UTC, so the axis is
    summits = [i for i, e in enumerate(timeline.events) if e.lane == "summits" and e.finish > start]
    assert code == 0 and sections(html) == summits and 0 < len(summits) < len(timeline.events)
    assert f"<h2>The {len(summits)} events drawn, of {len(timeline.events)}</h2>" in html
    assert html.count('<li><a href="#event-') == len(summits)


def test_a_page_of_too_many_events_is_refused_with_a_way_out(export: Callable[..., tuple[int, str]],
                                                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(desktop.render.vector, "MAX_PAGE_EVENTS", 5)
    code, err = export()
    assert code == 2 and "web page of 20 events" in err and "at most 5" in err and "shorter range" in err
    assert not (tmp_path / "x.html").exists()
    code, _html = export("--lane", "press")  # two events: a page
    assert code == 0


def test_the_subtitle_names_the_day_asked_for(export: Callable[..., tuple[int, str]]) -> None:
    # The axis's round trip left the start a few microseconds before midnight: "31 January".
    code, html = export("--from", "2019-02-01")
    assert code == 0 and '<p class="subtitle">1 February – 1 March 2019 · ' in html
