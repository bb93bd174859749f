"""Import CSV: our columns (`id,start,end,title,lane,lane color,summary,approximate,tags,source,paragraph,quote`)
or a TimelineJS sheet.

UTF-8 with or without a byte-order mark; comma, semicolon or tab, sniffed from the header row.
Every problem carries the line it is on. Our columns (only `start` and `title` are required):
`lane color` is `#rrggbb` (the first one given for a lane wins), `approximate` is yes or no,
`tags` are separated by semicolons, `source` names an article (a URL becomes its link),
`paragraph` is the cited paragraph's text and `quote` words quoted from it; rows naming the same
source share one Source. A row with an event's `id` and nothing but `source`, `paragraph` and
`quote` adds a further citation to that event, wherever it is in the file. Ids are derived
(`row-<n>`, n counting data rows) unless an `id` column gives them. A TimelineJS sheet's rows
are read as slides (see `timelinejs`); its Display Date, Media Thumbnail and Background columns
are presentation only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import replace

from desktop.io.checks import is_blank
from desktop.io.conventions import OUR_COLUMNS, is_url, split_tags
from desktop.io.importers import LaneSet, Report, finish
from desktop.io.importers.timelinejs import SlideReader, slide_title
from desktop.io.jsonfile import TimelineError
from desktop.io.progress import PARSED, Progress, no_progress, per_item
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.records import Citation, Event, Problem, Source
from desktop.model.timeline import Timeline

# The cells of an event's own; a row with only an id and citation cells continues an event.
EVENT_CELLS = ("start", "end", "title", "lane", "lane color", "summary", "approximate", "tags")
CITATION_CELLS = ("source", "paragraph", "quote")
_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"", "no", "n", "false", "0"})
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
SHEET_COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time", "display date", "headline",
    "text", "media", "media credit", "media caption", "media thumbnail", "type", "group", "background",
)
_TIME = re.compile(r"(\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?\s*([AaPp]\.?[Mm]\.?)?")
# Where a slide field's problem is reported in a sheet.
_SHEET_FIELD = {"start_date": "Year", "end_date": "End Year", "text.headline": "Headline", "unique_id": ""}


def timeline_from_csv(text: str, name: str, progress: Progress = no_progress) -> Timeline:
    """Convert CSV text; a missing or unknown header raises, row problems are listed with their line."""
    text = text.removeprefix("\ufeff")
    rows = _rows(text, name)
    if not rows:
        raise TimelineError([Problem(name, "", "is empty; a CSV file needs a header row")])
    line, header = rows[0]
    columns = [h.strip().lower() for h in header]
    report = Report(name)
    known: tuple[str, ...]
    if {"start", "title"} <= set(columns):
        known = OUR_COLUMNS
    elif {"year", "headline"} <= set(columns):
        known = SHEET_COLUMNS
    else:
        shown = ", ".join(h.strip() for h in header[:6])
        raise TimelineError([Problem(name, "", (
            f"is not a known timeline format; as CSV its header row ({shown}) must name start and title "
            "(start,end,title,lane,summary,source,paragraph,quote) or TimelineJS's Year and Headline"
        ), line, 1)])
    earlier: set[str] = set()  # a set, not columns[:j]: a million columns are checked in one pass
    for j, column in enumerate(columns):
        if column in earlier:
            report.add(header[j].strip(), f"column {header[j].strip()!r} appears twice; the last one is used", line)
        elif column not in known:
            report.add(header[j].strip(), f"unknown column {header[j].strip()!r}; its values are not imported", line)
        earlier.add(column)
    # Only the known columns are read (the last of a repeated one wins): a row costs what it
    # holds, not what the header names.
    wanted = {c: j for j, c in enumerate(columns) if c in known}
    progress(PARSED)
    records = []
    tick = per_item(progress, len(rows), PARSED, 0.6)
    for i, (line, row) in enumerate(rows[1:]):
        tick(i)
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
            report.add("", f"the row has {len(row)} fields but the header has {len(columns)}; extra ones ignored", line)
        records.append((line, {c: (row[j].strip() if j < len(row) else "") for c, j in wanted.items()}))
    tick = per_item(progress, len(records), 0.6)
    if known is SHEET_COLUMNS:
        return _sheet(records, report, tick)
    return _ours(records, report, tick)


def _rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows with the line each starts on."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: _count_outside_quotes(first, d))
    # The csv module refuses a cell over 131,072 characters by default (a long paragraph, and
    # ones our own `convert` writes); the file's size already bounds what a cell can hold.
    if csv.field_size_limit() < len(text):
        csv.field_size_limit(min(len(text) + 1, 2**31 - 1))  # a C long, 32 bits on Windows
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                out.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TimelineError([Problem(name, "", f"cannot be read as CSV: {exc}", line, 1)]) from None
    return out


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return sum(1 for i, part in enumerate(line.split('"')) if i % 2 == 0 for c in part if c == delimiter)


def _is_continuation(row: dict[str, str]) -> bool:
    return bool(row.get("id")) and not any(row.get(c) for c in EVENT_CELLS) and any(
        row.get(c) for c in CITATION_CELLS)


def _ours(records: list[tuple[int, dict[str, str]]], report: Report, tick: Callable[[int], None]) -> Timeline:
    lanes = LaneSet()
    colors = _lane_colors(records, report)
    events: list[Event] = []
    sources: dict[str, tuple[str, dict[str, int]]] = {}  # source text → (id, paragraph → its number)
    seen: dict[str, int] = {}
    event_rows = {row.get("id", "") for _, row in records if not _is_continuation(row)}
    further: dict[str, list[Citation]] = {}  # event id → citations from its continuation rows, in file order
    for n, (line, row) in enumerate(records, start=1):
        tick(n)
        if _is_continuation(row):
            ident = row["id"]
            if ident not in event_rows:
                report.add("id", f"no event row has id {ident!r} for this citation; not imported", line)
                continue
            further.setdefault(ident, []).extend(_citation(row, line, report, sources))
            continue
        start = _date(row, "start", line, report, required=True)
        end = _date(row, "end", line, report, required=False)
        title = row.get("title", "")
        if is_blank(title):  # zero-width characters only: an invisible event, as our own files say
            report.add("title", "the title is empty; row left out", line)
            title = ""
        ident = row.get("id", "") or f"row-{n}"
        if ident in seen:
            report.add("id", f"duplicate id {ident!r} (first used on line {seen[ident]}); row left out", line)
            continue
        if start is None or not title:
            continue
        seen[ident] = line
        if end is not None and end.end <= start.begin:
            report.add("end", f"end {end.text} is before start {start.text}; shown as a point", line)
            end = None
        citation = _citation(row, line, report, sources)
        lane = lanes.lane(row.get("lane"), colors.get(row.get("lane", "")))
        approximate = _approximate(row.get("approximate", ""), line, report)
        events.append(Event(ident, title, start, lane, end, row.get("summary", ""), approximate,
                            split_tags(row.get("tags", "")), citation))
    events = [replace(e, citations=e.citations + tuple(further[e.id])) if e.id in further else e for e in events]
    made = [
        Source(ident, text, tuple(paras), None, None, text if is_url(text) else None)  # in order of numbering
        for text, (ident, paras) in sources.items()
    ]
    return finish(report, "", events, lanes, made)


def _lane_colors(records: list[tuple[int, dict[str, str]]], report: Report) -> dict[str, str]:
    """Each lane title's colour: the first `#rrggbb` given for it, wherever that row is."""
    colors: dict[str, tuple[str, int]] = {}
    for line, row in records:
        color, lane = row.get("lane color", ""), row.get("lane", "")
        if not color:
            continue
        if not _COLOR.fullmatch(color):
            report.add("lane color", f"lane color {color!r} is not like #e69f00; ignored", line)
        elif not lane:
            report.add("lane color", "a lane color is given without a lane; ignored", line)
        elif lane not in colors:
            colors[lane] = (color, line)
        elif colors[lane][0].lower() != color.lower():
            first, at = colors[lane]
            report.add("lane color", f"lane {lane!r} is already {first} (line {at}); {color} ignored", line)
    return {lane: color for lane, (color, _) in colors.items()}


def _approximate(value: str, line: int, report: Report) -> bool:
    word = value.lower()
    if word in _YES or word in _NO:
        return word in _YES
    report.add("approximate", f"approximate {value!r} is not yes or no; read as no", line)
    return False


def _date(row: dict[str, str], key: str, line: int, report: Report, required: bool) -> PartialDate | None:
    value = row.get(key, "")
    if not value:
        if required:
            report.add(key, f"no {key} date; row left out", line)
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        report.add(key, f"{exc}; row left out" if required else f"{exc}; end left out", line)
        return None


def _citation(
    row: dict[str, str], line: int, report: Report, sources: dict[str, tuple[str, dict[str, int]]]
) -> tuple[Citation, ...]:
    source, paragraph, quote = row.get("source", ""), row.get("paragraph", ""), row.get("quote", "")
    if not source:
        if paragraph or quote:
            report.add("source", "a paragraph or quote is given without a source; not imported", line)
        return ()
    if not paragraph:
        report.add("paragraph", "the source is given without the paragraph it is cited for; not imported", line)
        return ()
    if quote and quote not in paragraph:
        report.add("quote", "the quote does not occur verbatim in the paragraph; citation left out", line)
        return ()
    ident, paragraphs = sources.setdefault(source, (f"source-{len(sources) + 1}", {}))
    number = paragraphs.setdefault(paragraph, len(paragraphs) + 1)  # a dict: no scan of the ones before
    return (Citation(ident, number, quote or None),)


def _sheet(records: list[tuple[int, dict[str, str]]], report: Report, tick: Callable[[int], None]) -> Timeline:
    reader = SlideReader(report, sheet=True)
    title, description = "", ""
    for n, (line, row) in enumerate(records, start=1):
        tick(n)
        kind = row.get("type", "").lower()
        slide = {
            "start_date": _sheet_date(row, "", line, report),
            "end_date": _sheet_date(row, "end ", line, report),
            "text": {"headline": row.get("headline", ""), "text": row.get("text", "")},
            "media": {"url": row.get("media", ""), "credit": row.get("media credit", ""),
                      "caption": row.get("media caption", "")},
            "group": row.get("group", ""),
            "display_date": row.get("display date", ""),
        }
        if kind == "title":
            # As TimelineJS reads a title slide: the description keeps its paragraphs.
            title, description = slide_title({"text": {"headline": row.get("headline", ""),
                                                       "text": row.get("text", "")}})
            continue

        def place(field: str, line: int = line) -> tuple[str, int | None]:
            return (_SHEET_FIELD.get(field, field.split(".")[-1].title()), line)

        reader.read(slide, f"line {line}", place, f"era-{n}" if kind == "era" else f"row-{n}", era=kind == "era")
    return finish(report, title, reader.events, reader.lanes, reader.sources, description)


def _sheet_date(row: dict[str, str], prefix: str, line: int, report: Report) -> dict[str, str]:
    date = {part: row.get(f"{prefix}{part}", "") for part in ("year", "month", "day")}
    clock = row.get(f"{prefix}time", "")
    match = _TIME.fullmatch(clock) if clock else None
    if clock and match is None:
        report.add(f"{prefix}Time".title(), f"time {clock!r} is not like 13:05 or 1:05 PM; date kept without it", line)
    elif match:
        hour, minute, second, half = match.groups()
        hour_n = int(hour) % 12 + (12 if half and half[0] in "pP" else 0) if half else int(hour)
        date.update(hour=str(hour_n), minute=minute or "0", second=second or "")
    return date
