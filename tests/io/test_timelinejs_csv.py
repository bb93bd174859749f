"""`--to timelinejs-csv`: TimelineJS's spreadsheet columns, read as TimelineJS reads them and by our importer."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from test_timelinejs_round_trip import (
    DATASET,
    SETTINGS,
    check_against_timelinejs,
    differences,
    js_drops_end,
    timelines,
)

from desktop.io.importers.csv_import import SHEET_COLUMNS
from desktop.io.importers.detect import CSV, detect_format, open_text
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.writers import timelinejs_csv
from desktop.io.writers.losses import Losses
from desktop.model.dates import Precision
from desktop.model.timeline import Timeline

# The columns TimelineJS's ConfigFactory.extractEventFromCSVObject reads (its Google Sheets template).
TIMELINEJS_COLUMNS = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date", "Headline",
    "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group", "Background",
]


def _clean_integer(cell: str) -> str:
    return "".join(cell.split()).replace(",", "")


def _parse_time(cell: str) -> dict[str, Any]:
    """DateUtil.parseTime for H:MM and H:MM:SS: the parts given as numbers, the rest null."""
    parts = [int(p) for p in cell.split(":")]
    return {"hour": parts[0], "minute": parts[1] if len(parts) > 1 else None,
            "second": parts[2] if len(parts) > 2 else None, "millisecond": None}


def timelinejs_reads_sheet(text: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]:
    """ConfigFactory.readGoogleAsCSV, ported: the title slide, the event slides and the eras, in row order."""
    title: dict[str, Any] | None = None
    events: list[dict[str, Any]] = []
    eras: list[dict[str, Any]] = []
    for raw in csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")):
        row = {k: v.strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        slide: dict[str, Any] = {
            "text": {"headline": row["Headline"], "text": row["Text"]}, "display_date": row["Display Date"],
            "group": row["Group"], "media": {"url": row["Media"], "credit": row["Media Credit"],
                                             "caption": row["Media Caption"]},
        }
        for prefix, key in (("", "start_date"), ("End ", "end_date")):
            if row[f"{prefix}Year"]:
                slide[key] = {"year": _clean_integer(row[f"{prefix}Year"]),
                              "month": _clean_integer(row[f"{prefix}Month"]),
                              "day": _clean_integer(row[f"{prefix}Day"])}
                if row[f"{prefix}Time"]:
                    slide[key].update(_parse_time(row[f"{prefix}Time"]))
        if row["Type"] == "title" and title is None:
            title = slide
        else:
            (eras if row["Type"] == "era" else events).append(slide)
    return title, events, eras


def through_sheet(timeline: Timeline) -> tuple[str, Timeline, Losses, dict[str, str]]:
    """The sheet, what our importer reads from it, the losses reported, and our ids → the ids read back."""
    losses = Losses()
    text = timelinejs_csv.dumps(timeline, losses)
    back = open_text(text, "back.csv")
    assert back.problems == ()
    ids = dict(zip((e.id for e in timeline.events), timelinejs_csv.derived_ids(timeline), strict=True))
    return text, back, losses, ids


def check_sheet_against_timelinejs(timeline: Timeline, text: str) -> None:
    """TimelineJS reading the sheet draws every event from our start to our end and shows our words."""
    title, events, eras = timelinejs_reads_sheet(text)
    assert title is not None and title["text"]["headline"]
    by_row = [e for e in timeline.events if not _is_era(timeline, e.id)] + [
        e for e in timeline.events if _is_era(timeline, e.id)]
    slides = [*events, *eras]
    assert len(slides) == len(by_row)
    for slide, event in zip(slides, by_row, strict=True):
        slide["unique_id"] = event.id
    check_against_timelinejs(timeline, {"events": events, "eras": eras})


def _is_era(timeline: Timeline, ident: str) -> bool:
    event = timeline.events[timeline.event_index[ident]]
    lane = timeline.lanes[timeline.lane_index[event.lane]]
    return lane.id == "eras" and lane.title == "Eras" and event.end is not None


def test_the_header_is_timelinejs_template_and_our_importer_knows_it() -> None:
    text = timelinejs_csv.dumps(open_timeline(DATASET))
    assert next(csv.reader(io.StringIO(text))) == TIMELINEJS_COLUMNS
    assert [c.lower() for c in TIMELINEJS_COLUMNS] == list(SHEET_COLUMNS)
    assert detect_format(text) == CSV


def test_default_dataset_as_a_sheet_draws_what_we_do_in_timelinejs() -> None:
    timeline = open_timeline(DATASET)
    text, _, losses, _ = through_sheet(timeline)
    check_sheet_against_timelinejs(timeline, text)
    assert losses.counts["ids"] == len(timeline.events) and "start times" not in losses.counts


def test_a_day_start_with_an_end_that_same_day_gets_a_time() -> None:
    timeline = _ours([{"id": "a", "title": "A", "start": "2019-02-27", "end": "2019-02-27T18:00"},
                      {"id": "b", "title": "B", "start": "2019-02-27", "end": "2019-02-28T18:00"}])
    text = timelinejs_csv.dumps(timeline)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Day"], r["Time"], r["End Day"], r["End Time"], r["Display Date"]) for r in rows[1:]] == [
        ("27", "0:00", "27", "18:01", "27 February 2019 – 27 February 2019, 18:00"),
        ("27", "", "28", "18:01", "27 February 2019 – 28 February 2019, 18:00")]
    _, slides, _ = timelinejs_reads_sheet(text)
    assert [js_drops_end(s["start_date"], s["end_date"]) for s in slides] == [False, False]
    check_sheet_against_timelinejs(timeline, text)


def _day_start_with_a_time_end_that_day(timeline: Timeline) -> bool:
    return any(e.end is not None and e.start.precision is Precision.DAY and e.end.precision >= Precision.MINUTE
               and (e.end.year, e.end.month, e.end.day) == (e.start.year, e.start.month, e.start.day)
               for e in timeline.events)


@SETTINGS
@given(timelines(zones=False, approximate=False, one_line=True))
def test_generated_sheets_round_trip_with_exact_reports(timeline: Timeline) -> None:
    """What our importer reads today: no Display Date, so no approximate, UTC offsets or 0:00 days here."""
    assume(not _day_start_with_a_time_end_that_day(timeline))
    text, back, losses, ids = through_sheet(timeline)
    assert differences(timeline, back, ids) == Counter(losses.counts)
    check_sheet_against_timelinejs(timeline, text)


def test_default_dataset_through_the_sheet_keeps_approximate() -> None:
    timeline = open_timeline(DATASET)
    _, back, losses, ids = through_sheet(timeline)
    assert differences(timeline, back, ids) == Counter(losses.counts)


@SETTINGS
@given(timelines())
def test_generated_sheets_with_everything_round_trip(timeline: Timeline) -> None:
    _, back, losses, ids = through_sheet(timeline)
    assert differences(timeline, back, ids) == Counter(losses.counts)


def _ours(events: list[dict[str, Any]]) -> Timeline:
    timeline = timeline_from_json({"version": 1, "title": "T", "events": events}, "t.json")
    assert timeline.problems == ()
    return timeline


def test_writes_in_pieces_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    timeline = open_timeline(DATASET)
    whole = timelinejs_csv.dumps(timeline)
    monkeypatch.setattr(timelinejs_csv, "BATCH", 3)
    parts = list(timelinejs_csv.pieces(timeline))
    assert len(parts) > 2 and "".join(parts) == whole


def test_the_sheet_opens_by_content(tmp_path: Path) -> None:
    """Our own importer opens the written file by content, as File ▸ Open does."""
    path = tmp_path / "sheet.csv"
    path.write_text(timelinejs_csv.dumps(open_timeline(DATASET)), encoding="utf-8")
    assert len(open_timeline(path).events) == len(open_timeline(DATASET).events)
