"""Import TimelineJS3 JSON: slides → events, `group` → lanes, `eras` → range events in a lane "Eras".

Our model has no eras, so each era becomes a range event in a dedicated lane titled "Eras". An
event's id is its `unique_id`, or, when that is empty, `slide-<index>` (from the slide's position).
Dates take the precision of the parts given; an end is read by the end rule of
`desktop.io.conventions` (TimelineJS's end is where the bar stops: year 650 → our inclusive "649"),
and an end that repeats every part of the start is dropped, as TimelineJS drops it. HTML in text
becomes plain text (never rendered) with its line and paragraph breaks. `display_date`, the words
TimelineJS shows instead of the dates, is kept at the top of the summary ("Date shown: Spring 2019")
and makes the event approximate when it says "c.", "circa", "about" or "around"; the display dates
our writer makes (our own wording of the dates) are recognised and give back the dates' UTC offsets.

Citations: the paragraph our writer adds to the slide text (`conventions.citations_html`) gives back
each citation's source, ¶ number and quote; other files' `media` (url, credit, caption) becomes the
event's source, one paragraph of the slide's text, cited at ¶ 1.

Unlike TimelineJS, nothing is dropped or renumbered silently: a slide without a start date, a
duplicate `unique_id` (kept under its derived id), or a year this app cannot hold is listed in
`Timeline.problems`, saying what TimelineJS does with it. The file still opens while any event
remains. Backgrounds, locations and the title slide's media are presentation only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from desktop.io.checks import is_blank
from desktop.io.conventions import (
    ERAS_LANE_ID,
    ERAS_LANE_TITLE,
    CitedText,
    clock_text,
    dates_in_words,
    drops_end,
    end_from_clock,
    html_to_text,
    is_url,
    quoted_paragraphs,
    split_citations,
)
from desktop.io.importers import LaneSet, Report, finish
from desktop.io.jsonpos import with_positions
from desktop.io.progress import Progress, no_progress, per_item
from desktop.model.dates import DateError, PartialDate, Precision, format_date, parse_date
from desktop.model.records import Citation, Event, Source
from desktop.model.timeline import Timeline

# Where a slide's field is in the input: field name → (path, line).
Place = Callable[[str], tuple[str, int | None]]

_DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")
_DATE_IGNORED = frozenset({"millisecond", "format", "display_date"})
_LIMITS = {"month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
_PRECISION = {"year": Precision.YEAR, "month": Precision.MONTH, "day": Precision.DAY, "hour": Precision.MINUTE,
              "minute": Precision.MINUTE, "second": Precision.SECOND}
HUMAN_YEARS = (-271820, 275759)  # beyond these TimelineJS switches the whole timeline to its cosmological scale
APPROXIMATE_WORDS = re.compile(r"\b(?:c|ca)\.|\b(?:circa|about|around|approx(?:imately)?)\b", re.IGNORECASE)
SHOWN_PREFIX = "Date shown: "


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


def timeline_from_timelinejs(doc: dict, name: str, text: str = "", progress: Progress = no_progress) -> Timeline:
    """Convert a parsed TimelineJS3 document; item problems are listed, fatal ones raise."""
    report = Report(name)
    events = doc.get("events", [])
    if not isinstance(events, list):
        report.add("events", "expected a list of slides")
        events = []
    reader = SlideReader(report, cosmological=is_cosmological(doc.get("scale"), events))
    tick = per_item(progress, len(events))
    for i, slide in enumerate(events):
        tick(i)
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
    """Headline and text of a title slide (empty when absent)."""
    text = slide.get("text") if isinstance(slide, dict) else None
    if not isinstance(text, dict):
        return "", ""
    return _text(text.get("headline")), _text(text.get("text"))


def is_cosmological(scale: Any, slides: list[Any]) -> bool:
    """TimelineConfig._ensureValidScale: the whole timeline is on the cosmological scale when asked, or when
    a slide asks or starts in a year beyond HUMAN_YEARS."""
    if scale:
        return scale == "cosmological"
    for slide in slides:
        if not isinstance(slide, dict):
            continue
        start = slide.get("start_date")
        year = start.get("year") if isinstance(start, dict) else None
        try:
            beyond = year is not None and not HUMAN_YEARS[0] <= int(str(year).strip()) <= HUMAN_YEARS[1]
        except ValueError:
            beyond = False
        if slide.get("scale") == "cosmological" or beyond:
            return True
    return False


def shown_words(value: Any) -> str:
    """What TimelineJS shows for `group` and `display_date`: markup stripped, then the rest read as HTML again."""
    return " ".join(html_to_text(html_to_text(value)).split()) if isinstance(value, str) else ""


def _json_place(prefix: str) -> Place:
    return lambda field: (f"{prefix}.{field}" if field else prefix, None)


def _text(value: Any) -> str:
    return html_to_text(value) if isinstance(value, str) else ""


class SlideReader:
    """Turns slides into events, lanes and sources, reporting each one it cannot take.

    `sheet`: the slides are rows of a TimelineJS spreadsheet (which skips a row without a year);
    `cosmological`: TimelineJS shows them on its cosmological scale (see `is_cosmological`).
    """

    def __init__(self, report: Report, sheet: bool = False, cosmological: bool = False) -> None:
        self.report = report
        self.sheet = sheet
        self.cosmological = cosmological
        self.lanes = LaneSet()
        self.events: list[Event] = []
        self._media: list[Source] = []
        self._cited: dict[str, tuple[CitedText, list[tuple[int, str | None]]]] = {}  # source id → details, cites
        self._ids: dict[str, str] = {}  # id → where the slide that has it is (e.g. "events[3]")

    @property
    def sources(self) -> list[Source]:
        """The sources made so far: from media, and from the citations our writer puts in slide text."""
        made = [self._cited_source(first, cites) for first, cites in self._cited.values()]
        return [*self._media, *made]

    def read(self, slide: Any, label: str, place: Place, derived_id: str, era: bool = False) -> None:
        """Add the event for one slide (or era), or report why it is left out."""
        if not isinstance(slide, dict):
            self._add(place(""), f"expected a slide object, found {type(slide).__name__}; left out")
            return
        dates = self._dates(slide, place, era)
        if dates is None:
            return
        start, end = dates
        text = slide["text"] if isinstance(slide.get("text"), dict) else {}
        title = _text(text.get("headline"))
        if is_blank(title):  # zero-width characters only would be an invisible event
            self._add(place("text.headline"), "the headline is empty; shown as '(no headline)'")
            title = "(no headline)"
        before, cited, bad = split_citations(text["text"]) if isinstance(text.get("text"), str) else ("", [], 0)
        if bad:
            self._add(place("text.text"), f"{bad} citation(s) in the text lack a source or ¶ number; left out")
        summary = html_to_text(before)
        # Checked once our display words gave back the zones: a time in 9999 is written on its own clock.
        start, end, approximate, shown = self._display(slide, start, end)
        if end is not None and end.end <= start.begin:
            self._add(place("end_date"), f"the end is not after the start {start.text}, so TimelineJS draws no "
                      "length; shown as a point")
            end = None
        ident = self._id(slide, place, derived_id, label)
        group = slide.get("group")
        name = shown_words(group) if isinstance(group, str) else _number_text(group)
        lane = self.lanes.lane(ERAS_LANE_TITLE, ident=ERAS_LANE_ID) if era else self.lanes.lane(name)
        citations = self._citations(cited, place) if cited else self._media_source(slide, ident, title, summary)
        if shown:
            summary = f"{SHOWN_PREFIX}{shown}" + (f"\n\n{summary}" if summary else "")
        self.events.append(Event(ident, title, start, lane, end, summary, approximate, citations=citations))

    def _dates(self, slide: dict, place: Place, era: bool) -> tuple[PartialDate, PartialDate | None] | None:
        """The start and our inclusive end of a slide (the end may not be after it), or None when it has no start."""
        start_obj, end_obj = slide.get("start_date"), slide.get("end_date")
        start = self._date(start_obj, "start_date", place, slide, required=True)
        before = len(self.report.problems)
        end = self._date(end_obj, "end_date", place, slide, required=False)
        if start is None:
            return None
        if end is not None and isinstance(start_obj, dict) and isinstance(end_obj, dict) and (
                drops_end(start_obj, end_obj)):
            if any(_given(end_obj.get(k)) and not _given(start_obj.get(k)) for k in _DATE_PARTS):
                self._add(place("end_date"), "the end date repeats every part the start date gives, so TimelineJS "
                          "drops it and shows a point; shown as a point")
            end = None
        if era and end is None and len(self.report.problems) == before:
            self._add(place("end_date"), "an era needs an end date (TimelineJS shows an error instead of the "
                      "timeline); shown as a point")
        return start, end

    def _date(self, obj: Any, key: str, place: Place, slide: dict, required: bool) -> PartialDate | None:
        """A slide date (an end by the end rule); reports and returns None when unusable."""
        if isinstance(obj, dict) and all(not _given(v) for v in obj.values()):
            if required:
                where = "TimelineJS skips a row without a year" if self.sheet else (
                    "TimelineJS places such a slide at year 0")
                self._add(place(key), f"every part of {key} is empty; left out ({where})")
            return None
        if obj is None:
            if required:
                self._add(place(key) if key in slide else place(""),
                          f"no {key}; left out (TimelineJS skips such a slide without a message)")
            return None
        if not isinstance(obj, dict):
            self._add(place(key), f"expected a date object with a year, found {type(obj).__name__}")
            return None
        try:
            clock, precision = slide_clock(obj, lambda message: self._add(place(key), message), end=not required,
                                           cosmological=self.cosmological)
            if required:
                return parse_date(clock_text(clock, precision))
            return end_from_clock(clock, precision)
        except DateError as exc:
            self._add(place(key), f"{exc}; left out" if required else f"{exc}; end left out")
            return None

    def _display(
        self, slide: dict, start: PartialDate, end: PartialDate | None
    ) -> tuple[PartialDate, PartialDate | None, bool, str]:
        """Dates, approximate, and the words to keep from what TimelineJS shows instead of the dates ("" if ours)."""
        shown = shown_words(slide.get("display_date")) or _own_display_dates(slide, start, end)
        if not shown:
            return start, end, False, ""
        ours = dates_in_words(start, end, shown)
        if ours is not None:
            return *ours, ""
        return start, end, APPROXIMATE_WORDS.search(shown) is not None, shown

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

    def _citations(self, cited: list[CitedText], place: Place) -> tuple[Citation, ...]:
        out = []
        for c in cited:
            first, cites = self._cited.setdefault(c.source, (c, []))
            cites.append((c.paragraph, c.quote))
            if c.published is not None and first is c:
                try:
                    parse_date(c.published)
                except DateError as exc:
                    self._add(place("text.text"), f"the date of source {c.source!r}: {exc}; left out")
            out.append(Citation(c.source, c.paragraph, c.quote))
        return tuple(out)

    def _cited_source(self, first: CitedText, cites: list[tuple[int, str | None]]) -> Source:
        try:
            published = parse_date(first.published) if first.published is not None else None
        except DateError:
            published = None  # reported when read
        return Source(first.source, first.title, quoted_paragraphs(cites), first.publisher, published, first.url)

    def _media_source(self, slide: dict, ident: str, title: str, summary: str) -> tuple[Citation, ...]:
        media = slide.get("media")
        if not isinstance(media, dict):
            return ()
        url = media["url"] if isinstance(media.get("url"), str) else ""
        credit, caption = _one_line(media.get("credit")), _one_line(media.get("caption"))
        embedded = "" if is_url(url.strip()) else html_to_text(url)  # e.g. a <blockquote> given as the "url"
        paragraphs = tuple(p for p in (summary, embedded) if p) or tuple(p for p in (caption or title,) if p)
        if not (url.strip() or credit or caption) or not paragraphs:
            return ()
        source_id = f"{ident}:media"
        self._media.append(
            Source(source_id, caption or title, paragraphs, credit or None, None, url.strip() if not embedded else None)
        )
        return (Citation(source_id, 1),)

    def _add(self, where: tuple[str, int | None], message: str) -> None:
        self.report.add(where[0], message, where[1])


def _one_line(value: Any) -> str:
    return " ".join(_text(value).split())


def _number_text(value: Any) -> str:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _own_display_dates(slide: dict, start: PartialDate, end: PartialDate | None) -> str:
    """TimelineJS's "start — end" when a date object has a display_date of its own ("" when neither has)."""
    objects = [slide.get("start_date"), slide.get("end_date") if end is not None else None]
    words = [shown_words(o.get("display_date")) if isinstance(o, dict) else "" for o in objects]
    if not any(words):
        return ""
    own = [words[0] or format_date(start)]
    if end is not None:
        try:
            peer_end = parse_date(clock_text(*slide_clock(slide["end_date"], lambda _: None, end=True)))
        except DateError:  # TimelineJS's own wording of an end in year 10000
            peer_end = None
        own.append(words[1] or (format_date(peer_end) if peer_end is not None else "10000"))
    return " — ".join(own)


def slide_clock(
    obj: dict, note: Callable[[str], None], end: bool = False, cosmological: bool = False
) -> tuple[list[int], Precision]:
    """A TimelineJS date object's parts (year first) and precision; empty parts count as absent.

    Raises DateError for a date this app cannot hold, saying what TimelineJS does with it. `end`: the
    instant after 9999's last period (year 10000, nothing else) is allowed, as the end of a range in 9999.
    """
    parts: dict[str, int] = {}
    for key, value in obj.items():
        if not _given(value):
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
    last_instant = end and year == 10000 and all(parts.get(k, 1 if k in ("month", "day") else 0) == (
        1 if k in ("month", "day") else 0) for k in _DATE_PARTS[1:])
    if not (1 <= year <= 9999 or last_instant):
        raise DateError(_year_message(year, cosmological))
    for key, (low, high) in _LIMITS.items():
        if key in parts and not low <= parts[key] <= high:
            raise DateError(f"{key} {parts[key]} is not {low}–{high}")
    chain = ("year", "month", "day", "hour")
    for finer, coarser in zip(chain[1:], chain, strict=False):
        if finer in parts and coarser not in parts:
            raise DateError(f"the date gives a {finer} but no {coarser}")
    if ("minute" in parts or "second" in parts) and "hour" not in parts:
        raise DateError("the date gives minutes or seconds but no hour")
    precision = max(_PRECISION[k] for k in parts)
    clock = [parts.get(k, 1 if k in ("month", "day") else 0) for k in _DATE_PARTS]
    if not last_instant and "day" in parts:
        parse_date(clock_text(clock, Precision.DAY))  # a day the month does not have
    return clock, precision


def _year_message(year: int, cosmological: bool) -> str:
    low, high = HUMAN_YEARS
    ours = "this app's dates are years 0001–9999 (its time axis, date formatting and exports cannot show others yet)"
    if year < low or year > high:
        return (f"year {year} puts TimelineJS on its cosmological scale (years beyond {low:,}…{high:,}); "
                "deep time is not supported by this app")
    side = "before year 1" if year < 1 else "after 9999"
    if cosmological:
        return (f"year {year} is {side}: TimelineJS shows it on the cosmological scale this file's other dates "
                f"put it on, but {ours}")
    shown = f"{-year} BCE" if year < 0 else f"year {year}"
    return f"year {year} is {side}: TimelineJS shows it as {shown} on its ordinary time axis, but {ours}"


def _number(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DateError(f"{key} must be a number, found {type(value).__name__}")
    try:
        return int(value.strip() if isinstance(value, str) else value)
    except ValueError:
        raise DateError(f"{key} {value!r} is not a whole number") from None
