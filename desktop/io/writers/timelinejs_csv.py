"""Timeline → a TimelineJS spreadsheet (CSV), the way to edit a timeline in a spreadsheet and publish it.

Import the file into Google Sheets (File ▸ Import), publish it to the web, and give its URL to
TimelineJS; `desktop.io.importers.csv_import` reads the same file back. The columns are TimelineJS's
template's, in its order: Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date,
Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background. The first
row after the header is the title slide (Type `title`), then one row per event in time order, then the
eras (Type `era`). Each cell holds what the TimelineJS JSON writer (`timelinejs`) puts in the slide:
dates by the end rule, our wording of the dates in Display Date, HTML in Headline and Text (with the
citations paragraph), the lane in Group. Times are `H:MM` or `H:MM:SS`, in UTC.

Besides what TimelineJS JSON cannot hold (see `timelinejs`), a sheet has no id column, so the event
ids are lost (the reader numbers the rows). A day start whose end falls on the same day is written with
a 0:00 time, because TimelineJS drops an end that repeats every date part of a start without a time (a
sheet cannot leave the hour empty the way the JSON does); the Display Date, our wording of the dates,
still names the day, and the reader takes the day back from it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from desktop.io.writers.losses import Losses
from desktop.io.writers.timelinejs import is_era, report_losses, slides
from desktop.model.timeline import Timeline

COLUMNS = (
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date", "Headline",
    "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group", "Background",
)
BATCH = 10_000  # rows per piece of text


def dumps(timeline: Timeline, losses: Losses | None = None) -> str:
    """The CSV text (without a byte-order mark)."""
    return "".join(pieces(timeline, losses))


def pieces(timeline: Timeline, losses: Losses | None = None) -> Iterator[str]:
    """The CSV text in pieces of BATCH rows: a header, the title row, the events, the eras."""
    title, events, eras = slides(timeline)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(_row(title, "title"))
    rows = [*((slide, "") for slide in events), *((era, "era") for era in eras)]
    for k, (slide, kind) in enumerate(rows, start=1):
        writer.writerow(_row(slide, kind))
        if k % BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
    if losses is not None:
        report_losses(timeline, losses)
        losses.add("ids", _ids_lost(timeline), "event ids not kept (a TimelineJS sheet has no id column)")


def _row(slide: dict[str, Any], kind: str) -> list[str]:
    start, end = slide.get("start_date", {}), slide.get("end_date", {})
    text, media = slide.get("text", {}), slide.get("media", {})
    return [
        *_date_cells(start, same_day_end=start.get("hour") == ""), *_date_cells(end),
        slide.get("display_date", ""), text.get("headline", ""), text.get("text", ""),
        media.get("url", ""), media.get("credit", ""), media.get("caption", ""), "", kind, slide.get("group", ""), "",
    ]


def _date_cells(date: dict[str, str], same_day_end: bool = False) -> list[str]:
    """Year, Month, Day and Time cells of a TimelineJS date object."""
    hour, minute, second = date.get("hour", ""), date.get("minute", ""), date.get("second", "")
    if hour:
        time = f"{hour}:{int(minute or 0):02d}" + (f":{int(second):02d}" if second else "")
    else:
        time = "0:00" if same_day_end else ""
    return [date.get("year", ""), date.get("month", ""), date.get("day", ""), time]


def derived_ids(timeline: Timeline) -> list[str]:
    """The id the sheet reader gives each event's row (`row-<n>`, `era-<n>`; the title row is row 1), by event."""
    lanes = {lane.id: lane for lane in timeline.lanes}
    ordered = sorted(timeline.events, key=lambda e: is_era(e, lanes[e.lane]))
    ids = {e.id: f"{'era' if is_era(e, lanes[e.lane]) else 'row'}-{n}" for n, e in enumerate(ordered, start=2)}
    return [ids[e.id] for e in timeline.events]


def _ids_lost(timeline: Timeline) -> int:
    return sum(made != e.id for made, e in zip(derived_ids(timeline), timeline.events, strict=True))
