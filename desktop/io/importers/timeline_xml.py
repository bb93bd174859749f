"""Import The Timeline Project's XML (`.timeline`): events, categories → lanes, eras → a lane "Eras".

Times are written "YYYY-MM-DD HH:MM:SS" whether or not the user gave a time, so precision is
read from the value: midnight → DAY, whole minutes → MINUTE, else SECOND. An event whose
start equals its end is a point; otherwise it is a range, and its `<end>` is the instant the
period stops (Timeline draws it so, and imports an iCalendar DTEND as it is): our inclusive end is
the period before it (`desktop.io.conventions`'s end rule: 2020-01-09 00:00:00 → "2020-01-08"), so
abutting periods and eras stay abutting. Categories become lanes with their
colour ("R,G,B" → #rrggbb); nested categories are flattened. Descriptions become summaries;
`fuzzy` becomes approximate. Ids are derived from position (`event-<index>`). A DOCTYPE or
ENTITY declaration is refused (no entity expansion), and so is a non-Gregorian `timetype`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from desktop.io.checks import is_blank
from desktop.io.conventions import ERAS_LANE_ID, ERAS_LANE_TITLE, end_from_clock, is_url
from desktop.io.importers import LaneSet, Report, finish
from desktop.io.jsonfile import TimelineError
from desktop.io.jsonpos import LineCounter, line_col
from desktop.io.progress import PARSED, Progress, no_progress, per_item
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.records import Citation, Event, Problem, Source
from desktop.model.timeline import Timeline

_TIME = re.compile(r"(-?\d+)-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})")
_RGB = re.compile(r"\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*")
_DECLARATION = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_GREGORIAN = ("", "gregoriantime")


def timeline_from_xml(text: str, name: str, progress: Progress = no_progress) -> Timeline:
    """Convert Timeline Project XML; a broken or foreign file raises, item problems are listed."""
    declared = _declaration(text)
    if declared is not None:
        at, kind = declared
        line, col = line_col(text, at)
        raise TimelineError([Problem(name, "", (
            f"has a {kind} declaration; these are refused so that entities cannot "
            "expand (Timeline files never need one)"), line, col)])
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, col = exc.position
        raise TimelineError([Problem(name, "", f"is not well-formed XML: {exc.msg}", line, col + 1)]) from None
    if root.tag != "timeline":
        raise TimelineError([Problem(name, "", f"is XML with root <{root.tag}>, not a Timeline file (<timeline>)")])
    timetype = (root.findtext("timetype") or "").strip()
    if timetype not in _GREGORIAN:
        message = f"time type {timetype!r} is not supported (only gregoriantime)"
        raise TimelineError([Problem(name, "timetype", message)])
    report = Report(name)
    lines = _element_lines(text)
    lanes = LaneSet()
    defined = _categories(root, report, lanes, lines)
    events: list[Event] = []
    sources: list[Source] = []
    progress(PARSED)
    elements = root.findall("events/event")
    tick = per_item(progress, len(elements))
    for i, element in enumerate(elements):
        tick(i)
        event = _event(element, i, report, lanes, defined, lines.get(("event", i)))
        if event is not None:
            link = (element.findtext("hyperlink") or "").strip()
            if link and is_url(link) and event.summary:  # keep the link as the event's source
                sources.append(Source(f"{event.id}:link", event.title, (event.summary,), None, None, link))
                event = replace(event, citations=(Citation(sources[-1].id, 1),))
            events.append(event)
    for i, element in enumerate(root.iterfind("eras/era")):
        era = _era(element, i, report, lanes, lines.get(("era", i)))
        if era is not None:
            events.append(era)
    return finish(report, "", events, lanes, sources)


def _declaration(text: str) -> tuple[int, str] | None:
    """Offset and kind of the first DOCTYPE or ENTITY declaration, skipping CDATA and comments.

    Text inside a CDATA section or a comment may mention `<!DOCTYPE` without declaring
    anything. One forward scan: each section is jumped over whole, so the cost is linear.
    """
    at = text.find("<!")
    while at >= 0:
        for opening, closing in (("<![CDATA[", "]]>"), ("<!--", "-->")):
            if text.startswith(opening, at):
                end = text.find(closing, at + len(opening))
                if end < 0:
                    return None  # never closed: the XML parser reports that
                at = text.find("<!", end + len(closing))
                break
        else:
            declared = _DECLARATION.match(text, at)
            if declared:
                return at, declared.group(1).upper()
            at = text.find("<!", at + 2)
    return None


def _element_lines(text: str) -> dict[tuple[str, int], int]:
    """Line of the n-th <event>, <category> and <era> start tag, for problem positions."""
    counts: dict[str, int] = {}
    out = {}
    lines = LineCounter(text)  # matches come in file order: the text is counted once, not per event
    for match in re.finditer(r"<(event|category|era)[\s>/]", text):
        tag = match.group(1)
        n = counts.get(tag, 0)
        counts[tag] = n + 1
        out[(tag, n)] = lines.line_col(match.start())[0]
    return out


def _categories(root: ET.Element, report: Report, lanes: LaneSet, lines: dict) -> set[str]:
    names: set[str] = set()
    for i, element in enumerate(root.iterfind("categories/category")):
        line = lines.get(("category", i))
        name = (element.findtext("name") or "").strip()
        if is_blank(name):
            report.add(f"categories/category[{i}]/name", "a category without a name; left out", line)
            continue
        if name in names:
            report.add(f"categories/category[{i}]/name", f"category {name!r} is defined twice; first one used", line)
            continue
        names.add(name)
        lanes.lane(name, _color(element, f"categories/category[{i}]/color", report, line))
    return names


def _color(element: ET.Element, path: str, report: Report, line: int | None) -> str | None:
    raw = element.findtext("color")
    if raw is None:
        return None
    match = _RGB.fullmatch(raw)
    if match is None or any(int(c) > 255 for c in match.groups()):
        report.add(path, f"colour {raw!r} is not R,G,B with each 0–255; a palette colour is used", line)
        return None
    return "#" + "".join(f"{int(c):02x}" for c in match.groups())


def _event(
    element: ET.Element, i: int, report: Report, lanes: LaneSet, defined: set[str], line: int | None
) -> Event | None:
    path = f"events/event[{i}]"
    start = _time(element, "start", path, report, line)
    end = _time(element, "end", path, report, line)
    title = (element.findtext("text") or "").strip()
    if is_blank(title):  # zero-width characters only would be an invisible event
        report.add(f"{path}/text", "the event has no text; shown as '(no text)'", line)
        title = ""
    if start is None:
        return None
    if end is not None and end.begin < start.begin:
        report.add(f"{path}/end", f"end {end.text} is before start {start.text}; shown as a point", line)
        end = None
    category = (element.findtext("category") or "").strip()
    if category and category not in defined:
        message = f"category {category!r} is not defined in <categories>; given its own lane"
        report.add(f"{path}/category", message, line)
    if _true(element, "ends_today"):
        report.add(f"{path}/ends_today", "'ends today' is not supported; the end written in the file is used", line)
    summary = (element.findtext("description") or "").strip()
    end = _inclusive_end(start, end)
    return Event(f"event-{i}", title or "(no text)", start, lanes.lane(category), end, summary, _true(element, "fuzzy"))


def _era(element: ET.Element, i: int, report: Report, lanes: LaneSet, line: int | None) -> Event | None:
    path = f"eras/era[{i}]"
    start = _time(element, "start", path, report, line)
    end = _time(element, "end", path, report, line)
    if start is None:
        return None
    name = (element.findtext("name") or "").strip() or "(no name)"
    lane = lanes.lane(ERAS_LANE_TITLE, ident=ERAS_LANE_ID)
    return Event(f"era-{i}", name, start, lane, _inclusive_end(start, end))


def _inclusive_end(start: PartialDate, end: PartialDate | None) -> PartialDate | None:
    """Our inclusive end for a Timeline end instant after `start`, at the precision it was written with (else None)."""
    if end is None or end.begin <= start.begin:
        return None
    # After a start in 0001–9999 there is always a period before the end instant: no DateError here.
    return end_from_clock((end.year, end.month, end.day, end.hour, end.minute, end.second), end.precision)


def _time(element: ET.Element, key: str, path: str, report: Report, line: int | None) -> PartialDate | None:
    raw = element.findtext(key)
    if raw is None:
        report.add(path, f"missing <{key}>; " + ("left out" if key == "start" else "shown as a point"), line)
        return None
    match = _TIME.fullmatch(raw.strip())
    try:
        if match is None:
            raise DateError(f"{_short(raw.strip())!r} is not a time like 2013-07-07 00:00:00")
        if len(match.group(1).lstrip("-0")) > 4:  # before int(): Python refuses over 4,300 digits
            raise DateError(f"year {_short(match.group(1))} is outside 0001–9999; deep time is not supported")
        y, mo, d, h, mi, s = (int(g) for g in match.groups())
        if not 1 <= y <= 9999:
            raise DateError(f"year {y} is outside 0001–9999; deep time is not supported")
        text = f"{y:04d}-{mo:02d}-{d:02d}"
        if (h, mi, s) != (0, 0, 0):
            text += f"T{h:02d}:{mi:02d}" + (f":{s:02d}" if s else "")
        return parse_date(text)
    except DateError as exc:
        report.add(f"{path}/{key}", f"{exc}; left out" if key == "start" else f"{exc}; shown as a point", line)
        return None


def _short(text: str, room: int = 40) -> str:
    """`text` cut to `room` characters for a message, an ellipsis marking the cut."""
    return text if len(text) <= room else text[:room - 1] + "…"


def _true(element: ET.Element, key: str) -> bool:
    return (element.findtext(key) or "").strip().lower() == "true"
