"""Format detection by content, and what `open_timeline` does with each kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.io.importers.detect import CSV, OURS, TIMELINE_XML, TIMELINEJS, VIS, detect_format
from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline

OURS_DOC = {"version": 1, "title": "T", "events": [{"id": "a", "title": "A", "start": "2019"}]}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (json.dumps(OURS_DOC), OURS),
        ('{"events": [{"start_date": {"year": "2019"}, "text": {"headline": "A"}}]}', TIMELINEJS),
        ('{"title": {"text": {"headline": "Only a title"}}, "events": []}', TIMELINEJS),
        ('{"eras": [], "events": []}', TIMELINEJS),
        ('  [{"id": 1, "content": "item", "start": "2014-04-20"}]', VIS),
        ('<?xml version="1.0"?>\n<timeline></timeline>', TIMELINE_XML),
        ("<timeline/>", TIMELINE_XML),
        ("start,title\n2019,A\n", CSV),
        ("\ufeffYear;Headline\n2019;A\n", CSV),
        ('{"events": [}', OURS),  # broken JSON: the loader says where
        ('{"title": "no version", "events": []}', OURS),
        ("[1, 2]", OURS),
    ],
)
def test_detect_format(text: str, kind: str) -> None:
    assert detect_format(text) == kind


def _write(tmp_path: Path, text: str, name: str = "file.dat") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_our_format_goes_to_the_loader(tmp_path: Path) -> None:
    timeline = open_timeline(_write(tmp_path, json.dumps(OURS_DOC)))
    assert [e.id for e in timeline.events] == ["a"] and timeline.title == "T"


def test_our_format_problems_come_from_the_loader(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as caught:
        open_timeline(_write(tmp_path, json.dumps({"version": 2, "title": "T", "events": []})))
    assert "newer app" in str(caught.value)


def test_broken_json_reports_its_position(tmp_path: Path) -> None:
    with pytest.raises(TimelineError) as caught:
        open_timeline(_write(tmp_path, '{"events": [\n  }'))
    assert caught.value.problems[0].line == 2


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="no such file"):
        open_timeline(tmp_path / "absent.json")
    with pytest.raises(TimelineError, match="folder"):
        open_timeline(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="is empty"):
        open_timeline(_write(tmp_path, " \n"))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("start,title\n2019,Café\n".encode("latin-1"))
    with pytest.raises(TimelineError, match="not UTF-8"):
        open_timeline(path)


def test_foreign_xml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="not a Timeline file"):
        open_timeline(_write(tmp_path, "<html><body/></html>"))


def test_plain_text_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="not a known timeline format"):
        open_timeline(_write(tmp_path, "Dear diary,\ntoday nothing happened.\n"))


def test_vis_items_problems_and_dates(tmp_path: Path) -> None:
    items = [
        {"id": 1, "content": "<b>Bold</b> &amp; plain", "start": "2014-04-20 10:30", "group": "g1"},
        {"id": 1, "content": "dup", "start": 1397952000000},
        {"id": 3, "content": "no start"},
        {"id": 4, "content": "fraction", "start": "2014-04-20T10:30:05.250Z", "end": "2014-04-19"},
    ]
    timeline = open_timeline(_write(tmp_path, json.dumps(items, indent=1)))
    by_id = {e.id: e for e in timeline.events}
    assert by_id["1"].title == "Bold & plain" and by_id["1"].start.text == "2014-04-20T10:30"
    assert by_id["item-1"].start.text == "2014-04-20T00:00:00Z"
    assert by_id["4"].start.text == "2014-04-20T10:30:05Z" and by_id["4"].end is None
    assert [p.path for p in timeline.problems] == ["[1].id", "[2]", "[3].start", "[3].end"]
    assert all(p.line is not None for p in timeline.problems)
    assert [lane.title for lane in timeline.lanes] == ["Events", "g1"]
