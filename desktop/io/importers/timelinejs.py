"""Import TimelineJS3 JSON: slides → events, `group` → lanes, `eras` → range events in a lane "Eras".

Our model has no eras, so each era becomes a range event in a dedicated lane titled "Eras".
An event's id is its `unique_id`, or, when that is empty, `slide-<index>` — derived from the
slide's position, not invented content. HTML in text becomes plain text (never rendered).
`media` (url, credit, caption) becomes the event's Source — one paragraph, the slide's plain
text — with a citation to paragraph 1, so the provenance link survives.

Unlike TimelineJS, nothing is dropped or renumbered silently: a slide without a start date, a
duplicate `unique_id` (kept under its derived id), or a year outside 0001–9999 (deep time, as
in cosmo.json; that event is refused) is listed in `Timeline.problems`. The file still opens
while any event remains. The title slide's media and every slide's background, location and
display format are presentation only and are not imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.io.conventions import ERAS_LANE_ID, ERAS_LANE_TITLE, is_url
from desktop.io.importers import LaneSet, Report, finish, plain_text
from desktop.io.jsonpos import with_positions
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.records import Citation, Event, Source
from desktop.model.timeline import Timeline

# Where a slide's field is in the input: field name → (path, line).
Place = Callable[[str], tuple[str, int | None]]

_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
_DATE_IGNORED = frozenset({"millisecond", "format", "display_date"})
_LIMITS = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}


def is_timelinejs(doc: Any) -> bool:
    """True for a JSON object shaped like a TimelineJS3 document."""
    if not isinstance(doc, dict) or "version" in doc:
        return False
    if isinstance(doc.get("title"), dict) or isinstance(doc.get("eras"), list):
        return True
    events = doc.get("events")
    return isinstance(events, list) and any(
        isinstance(e, dict) and bool({"start_date", "text", "media"} & e.keys()) for e in events
    )


def timeline_from_timelinejs(doc: dict, name: str, text: str = "") -> Timeline:
    """Convert a parsed TimelineJS3 document; item problems are listed, fatal ones raise."""
    report = Report(name)
    reader = SlideReader(report)
    events = doc.get("events", [])
    if not isinstance(events, list):
        report.add("events", "expected a list of slides")
        events = []
    for i, slide in enumerate(events):
        reader.read(slide, f"events[{i}]", _json_place(f"events[{i}]"), f"slide-{i}")
    eras = doc.get("eras", [])
    if not isinstance(eras, list):
        report.add("eras", "expected a list of eras; not imported")
        eras = []
    for i, era in enumerate(eras):
        reader.read(era, f"eras[{i}]", _json_place(f"eras[{i}]"), f"era-{i}", era=True)
    title, description = slide_title(doc.get("title"))
    report.problems = with_positions(report.problems, text) if text else report.problems
    return finish(report, title, reader.events, reader.lanes, reader.sources, description)


def slide_title(slide: Any) -> tuple[str, str]:
    """Headline and plain text of a title slide (empty when absent)."""
    text = slide.get("text") if isinstance(slide, dict) else None
    if not isinstance(text, dict):
        return "", ""
    return _plain(text.get("headline")), _plain(text.get("text"))


def _json_place(prefix: str) -> Place:
    return lambda field: (f"{prefix}.{field}" if field else prefix, None)


def _plain(value: Any) -> str:
    return plain_text(value) if isinstance(value, str) else ""


class SlideReader:
    """Turns slides into events, lanes and sources, reporting each one it cannot take."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.lanes = LaneSet()
        self.events: list[Event] = []
        self.sources: list[Source] = []
        self._ids: dict[str, str] = {}  # id → where the slide that has it is (e.g. "events[3]")

    def read(self, slide: Any, label: str, place: Place, derived_id: str, era: bool = False) -> None:
        """Add the event for one slide (or era), or report why it is left out."""
        if not isinstance(slide, dict):
            self._add(place(""), f"expected a slide object, found {type(slide).__name__}; left out")
            return
        start = self.date(slide, "start_date", place, required=True)
        before = len(self.report.problems)
        end = self.date(slide, "end_date", place, required=False)
        if start is None:
            return
        if era and end is None and len(self.report.problems) == before:
            self._add(place("end_date"), "an era needs an end date; shown as a point")
        if end is not None and end.end <= start.begin:
            self._add(place("end_date"), f"end {end.text} is before start {start.text}; shown as a point")
            end = None
        text = slide["text"] if isinstance(slide.get("text"), dict) else {}
        title = _plain(text.get("headline"))
        if not title:
            self._add(place("text.headline"), "the headline is empty; shown as '(no headline)'")
            title = "(no headline)"
        summary = _plain(text.get("text"))
        ident = self._id(slide, place, derived_id, label)
        lane = self.lanes.lane(ERAS_LANE_TITLE, ident=ERAS_LANE_ID) if era else self.lanes.lane(_group(slide))
        citations = self._media_source(slide, ident, title, summary)
        self.events.append(Event(ident, title, start, lane, end, summary, citations=citations))

    def date(self, slide: dict, key: str, place: Place, required: bool) -> PartialDate | None:
        """A slide date at the precision of the parts given; reports and returns None when unusable."""
        obj = slide.get(key)
        if isinstance(obj, dict) and all(v is None or (isinstance(v, str) and not v.strip()) for v in obj.values()):
            obj = None  # every part empty: no date, as TimelineJS reads it
        if obj is None:
            if required:
                message = f"no {key}; left out (TimelineJS drops such a slide silently)"
                self._add(place(key) if key in slide else place(""), message)
            return None
        if not isinstance(obj, dict):
            self._add(place(key), f"expected a date object with a year, found {type(obj).__name__}")
            return None
        try:
            return slide_date(obj, lambda message: self._add(place(key), message))
        except DateError as exc:
            self._add(place(key), f"{exc}; left out" if required else f"{exc}; end left out")
            return None

    def _id(self, slide: dict, place: Place, derived: str, label: str) -> str:
        given = slide.get("unique_id")
        given = given.strip() if isinstance(given, str) else str(given) if type(given) is int else ""
        if given and given in self._ids:
            message = f"duplicate id {given!r} (first used by {self._ids[given]}); kept as {derived!r}"
            self._add(place("unique_id"), message)
            given = ""
        ident = given or derived
        while ident in self._ids:  # a derived id that a unique_id already took
            ident += "'"
        self._ids[ident] = label
        return ident

    def _media_source(self, slide: dict, ident: str, title: str, summary: str) -> tuple[Citation, ...]:
        media = slide.get("media")
        if not isinstance(media, dict):
            return ()
        url = media["url"] if isinstance(media.get("url"), str) else ""
        credit, caption = _plain(media.get("credit")), _plain(media.get("caption"))
        embedded = "" if is_url(url.strip()) else plain_text(url)  # e.g. a <blockquote> given as the "url"
        paragraphs = tuple(p for p in (summary, embedded) if p) or tuple(p for p in (caption or title,) if p)
        if not (url.strip() or credit or caption) or not paragraphs:
            return ()
        source_id = f"{ident}:media"
        self.sources.append(
            Source(source_id, caption or title, paragraphs, credit or None, None, url.strip() if not embedded else None)
        )
        return (Citation(source_id, 1),)

    def _add(self, where: tuple[str, int | None], message: str) -> None:
        self.report.add(where[0], message, where[1])


def _group(slide: dict) -> str:
    group = slide.get("group")
    return group if isinstance(group, str) else str(group) if isinstance(group, int | float) else ""


def slide_date(obj: dict, note: Callable[[str], None]) -> PartialDate:
    """Parse a TimelineJS date object; empty-string parts count as absent; raise DateError if unusable."""
    parts: dict[str, int] = {}
    for key, value in obj.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in _DATE_IGNORED:
            if key == "millisecond" and str(value).strip("0 "):
                note(f"millisecond {value} is finer than this app shows; kept to the second")
            continue
        if key not in _DATE_PARTS:
            note(f"unknown date part {key!r} = {value!r}; ignored")
            continue
        parts[key] = _number(key, value)
    if "year" not in parts:
        raise DateError("the date has no year")
    year = parts["year"]
    if not 1 <= year <= 9999:
        raise DateError(f"year {year} is outside 0001–9999; deep time is not supported")
    for key, (low, high) in _LIMITS.items():
        if key in parts and not low <= parts[key] <= high:
            raise DateError(f"{key} {parts[key]} is not {low}–{high}")
    chain = ("year", "month", "day", "hour")
    for finer, coarser in zip(chain[1:], chain, strict=False):
        if finer in parts and coarser not in parts:
            raise DateError(f"the date gives a {finer} but no {coarser}")
    if ("minute" in parts or "second" in parts) and "hour" not in parts:
        raise DateError("the date gives minutes or seconds but no hour")
    text = f"{year:04d}"
    if "month" in parts:
        text += f"-{parts['month']:02d}"
    if "day" in parts:
        text += f"-{parts['day']:02d}"
    if "hour" in parts:
        text += f"T{parts['hour']:02d}:{parts.get('minute', 0):02d}"
    if "second" in parts:
        text += f":{parts['second']:02d}"
    return parse_date(text)


def _number(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DateError(f"{key} must be a number, found {type(value).__name__}")
    try:
        return int(value.strip() if isinstance(value, str) else value)
    except ValueError:
        raise DateError(f"{key} {value!r} is not a whole number") from None
