"""What the importers and writers of other formats agree on, so a timeline written out reads back the same.

**The end rule.** Our `end` is inclusive at its own precision ("2017" ends when 2017 does); TimelineJS's
`end_date`, vis-timeline's `end` and Timeline's `<end>` are the instant the bar stops. So a writer gives a
peer the instant right after our end's period (`instant_of_end`, `end_instant_clock`: "2017" → 2018-01-01),
and a reader takes the period just before a peer's end instant, at the precision the peer gave it (`end_from_clock`,
`end_from_instant`: year 650 → "649"; 2017-01-01 at day precision → "2016-12-31"). Ranges are then
exactly as long in the peer as here, and abutting peer ranges (600–650, 650–700) stay abutting.

**Text in HTML** shows runs of white space as one space and breaks lines at tags only, so `html_text(text)`
reads back (`html_to_text`) as `text_as_shown(text)`: lines collapsed, paragraphs one blank line apart.

**Citations on a web page** are a paragraph of the slide text (`citations_html`): per citation the
source's title (a link when it has an http(s) URL), publisher and date, the ¶ number and the quote,
with the ids in `data-` attributes so that `split_citations` reads them back exactly. Of the cited
paragraphs only the quoted words are on the page: `quoted_paragraphs` is what a reader rebuilds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from desktop.model.dates import DateError, PartialDate, Precision, format_date, format_span, parse_date

# The lane eras go in: TimelineJS and Timeline eras are imported into it, and written back as eras from it.
ERAS_LANE_ID = "eras"
ERAS_LANE_TITLE = "Eras"
# The lane vis-timeline background items go in, and are written back as background items from.
BACKGROUND_LANE_ID = "background"
BACKGROUND_LANE_TITLE = "Background"

Clock = tuple[int, int, int, int, int, int]  # year, month, day, hour, minute, second
_YEAR_10000 = (10000, 1, 1, 0, 0, 0)  # the instant after 9999 ends: a peer may hold it, a PartialDate cannot
_EPOCH = datetime(1970, 1, 1)
_Y10K_SECONDS = (datetime(9999, 12, 31) - _EPOCH).total_seconds() + 86400.0
_STEP = {Precision.DAY: timedelta(days=1), Precision.MINUTE: timedelta(minutes=1), Precision.SECOND: timedelta(0, 1)}
_ZONE = re.compile(r"\(UTC([+−-])(\d\d):(\d\d)\)| UTC\b")  # how format_span names a zone
_KEPT = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3, Precision.MINUTE: 5, Precision.SECOND: 6}
_LAST_OF_9999: Clock = (9999, 12, 31, 23, 59, 59)
_FIRST: Clock = (1, 1, 1, 0, 0, 0)  # the parts a shorter clock leaves out


def is_url(value: str) -> bool:
    """True for an http(s) address without spaces."""
    parts = urlparse(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)


# --- the end rule -------------------------------------------------------------------


def instant_of_end(end: PartialDate) -> float:
    """Where a peer's bar stops for our inclusive `end`: the instant right after its period (UTC epoch seconds)."""
    return end.end


def end_instant_clock(end: PartialDate) -> Clock:
    """`instant_of_end(end)` as a clock in the end's own offset (year 10000 after 9999's last period)."""
    y, m = end.year, end.month
    if end.precision is Precision.YEAR:
        return (y + 1, 1, 1, 0, 0, 0)
    if end.precision is Precision.MONTH:
        return (y + 1, 1, 1, 0, 0, 0) if m == 12 else (y, m + 1, 1, 0, 0, 0)
    try:
        t = datetime(y, m, end.day, end.hour, end.minute, end.second) + _STEP[end.precision]
    except OverflowError:  # only the step out of 9999-12-31 overflows
        return _YEAR_10000
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def end_from_clock(clock: Sequence[int], precision: Precision, offset_minutes: int | None = None) -> PartialDate:
    """Our inclusive end for a peer's end instant given as a clock (year, …): the period of `precision` before it.

    `offset_minutes` is kept at minute and second precision; DateError when that period is outside 0001–9999.
    """
    y, mo, d, hh, mm, ss = (*clock, *_FIRST[len(clock):])[:6]
    if (y, mo, d, hh, mm, ss) == _YEAR_10000:
        return parse_date(clock_text(_LAST_OF_9999, precision, offset_minutes))
    if precision is Precision.YEAR:
        before: Clock = (y - 1, 1, 1, 0, 0, 0)
    elif precision is Precision.MONTH:
        before = (y - 1, 12, 1, 0, 0, 0) if mo == 1 else (y, mo - 1, 1, 0, 0, 0)
    else:
        try:
            t = datetime(y, mo, d, hh, mm, ss) - _STEP[precision]
        except (OverflowError, ValueError):
            raise DateError(f"the end {clock_text((y, mo, d, hh, mm, ss), precision, None)} leaves no "
                            "period before it in years 0001–9999") from None
        before = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    if before[0] < 1:
        raise DateError(f"the end {y:04d} leaves no year before it in 0001–9999")
    return parse_date(clock_text(before, precision, offset_minutes))


def end_from_instant(instant: float, precision: Precision, offset_minutes: int | None = None) -> PartialDate:
    """Our inclusive end for a peer's end instant (UTC epoch seconds): the last period of `precision` before it.

    That is the period before the instant when it starts one (2017-01-01 at day precision → 2016-12-31),
    else the one it falls in, counted on the clock of `offset_minutes` (None: UTC). DateError outside 0001–9999.
    """
    local = instant + (offset_minutes or 0) * 60
    if local == _Y10K_SECONDS:
        return end_from_clock(_YEAR_10000, precision, offset_minutes)
    try:
        t = _EPOCH + timedelta(seconds=local)
    except OverflowError:
        raise DateError(f"the end instant {instant:.0f} is outside years 0001–9999") from None
    whole = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    keep = _KEPT[precision]
    floor: Clock = (*whole[:keep], *_FIRST[keep:])  # type: ignore[assignment]
    if floor == whole and t.microsecond == 0:
        return end_from_clock(whole, precision, offset_minutes)
    return parse_date(clock_text(floor, precision, offset_minutes))


def clock_of(seconds: float) -> Clock:
    """The clock of epoch seconds read as UTC; OverflowError outside years 1–9999."""
    t = _EPOCH + timedelta(seconds=seconds)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def clock_text(clock: Sequence[int], precision: Precision, offset_minutes: int | None = None) -> str:
    """Our date text for a clock at `precision` (`2019`, `2019-02`, …, `…T18:30:05+07:00`)."""
    y, mo, d, hh, mm, ss = (*clock, *_FIRST[len(clock):])[:6]
    text = f"{y:04d}"
    if precision >= Precision.MONTH:
        text += f"-{mo:02d}"
    if precision >= Precision.DAY:
        text += f"-{d:02d}"
    if precision >= Precision.MINUTE:
        text += f"T{hh:02d}:{mm:02d}"
        if precision is Precision.SECOND:
            text += f":{ss:02d}"
        text += offset_text(offset_minutes)
    return text


def offset_text(offset_minutes: int | None) -> str:
    """`Z`, `+07:00`, `-03:30`, or "" for no zone."""
    if not offset_minutes:
        return "" if offset_minutes is None else "Z"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{'-' if offset_minutes < 0 else '+'}{hours:02d}:{minutes:02d}"


def utc_clock(clock: Clock, offset_minutes: int | None) -> Clock:
    """A clock written at `offset_minutes` read in UTC (kept as written when UTC would leave years 1–9999)."""
    if not offset_minutes:
        return clock
    y10k = clock == _YEAR_10000  # the instant after 9999: counted from the day before
    try:
        base = datetime(*(_LAST_OF_9999[:3] if y10k else clock), tzinfo=UTC)  # type: ignore[misc]
        t = base + timedelta(days=y10k, minutes=-offset_minutes)
    except OverflowError:
        return clock
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def drops_end(start: dict, end: dict) -> bool:
    """TimelineJS's check: it drops an end whose parts equal (by JavaScript's ==) every part the start object has."""
    return all(_loose_equal(value, end.get(key)) for key, value in start.items())


def _loose_equal(a: Any, b: Any) -> bool:
    """JavaScript's `a == b` for the values a JSON date part can hold (a missing key is undefined)."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, dict | list) or isinstance(b, dict | list):
        return a is b
    try:  # otherwise both become numbers ("" is 0; true is 1)
        return float(a if not isinstance(a, str) else a.strip() or 0) == float(
            b if not isinstance(b, str) else b.strip() or 0)
    except ValueError:
        return False


def dates_in_words(
    start: PartialDate, end: PartialDate | None, words: str
) -> tuple[PartialDate, PartialDate | None, bool] | None:
    """The dates and `approximate` whose wording (`format_span`) is `words`, from dates read in UTC.

    A writer that gives a peer only UTC clocks puts our wording beside them (the offsets in it); this
    finds the dates as they were written (each in UTC, in a zone the words name, or a 0:00 as a day).
    None when the words are not our wording of these dates.
    """
    for written_start in _as_written(start, words):
        for written_end in _as_written(end, words) if end is not None else [None]:
            for approximate in (False, True):
                if format_span(written_start, written_end, approximate) == words:
                    return written_start, written_end, approximate
    return None


def _as_written(date: PartialDate, shown: str) -> list[PartialDate]:
    """The date as read (UTC), as it may have been written in a zone the shown words name, or as a day."""
    out = [date]
    if date.precision < Precision.MINUTE:
        return out
    clock = (date.year, date.month, date.day, date.hour, date.minute, date.second)
    if date.precision is Precision.MINUTE and clock[3:5] == (0, 0) and date.offset_minutes is None:
        out.append(parse_date(clock_text(clock, Precision.DAY)))  # a sheet's day start written at 0:00
    for match in _ZONE.finditer(shown):
        sign, hours, minutes = match.groups()
        offset = 0 if hours is None else (-1 if sign in "−-" else 1) * (int(hours) * 60 + int(minutes))
        for text in (_on_clock_of(date, offset), clock_text(clock, date.precision, offset)):
            try:
                out.append(parse_date(text))
            except DateError:
                continue
    return out


def _on_clock_of(date: PartialDate, offset: int) -> str:
    """The UTC date's text on the clock of `offset` ("" when that leaves the calendar)."""
    try:
        return clock_text(clock_of(date.begin + offset * 60), date.precision, offset)
    except OverflowError:
        return ""


# --- text in HTML -------------------------------------------------------------------

_MARKUP = re.compile(
    r"""<!--.*?(?:-->|\Z)
      | <(/?)([A-Za-z][^\s/>]*)(?:"[^"]*"|'[^']*'|[^'">])*+>?
      | <[!?/][^>]*+>?""",
    re.DOTALL | re.VERBOSE,
)
_PARAGRAPH_TAGS = frozenset({"p", "blockquote", "ul", "ol", "table", "hr", "pre", "figure", "section", "article",
                             "h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = frozenset({"div", "li", "tr", "dt", "dd", "figcaption", "header", "footer"})
_HIDDEN_END = {tag: re.compile(rf"</{tag}\b[^>]*+>?", re.IGNORECASE) for tag in ("script", "style")}
_SPACES = re.compile(r"\s+")


def shown_paragraphs(text: str) -> list[list[str]]:
    """The paragraphs of a text, each a list of its lines, as HTML shows them: collapsed, blank ones dropped."""
    paragraphs: list[list[str]] = []
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if line:
            lines.append(line)
        elif lines:
            paragraphs.append(lines)
            lines = []
    if lines:
        paragraphs.append(lines)
    return paragraphs


def text_as_shown(text: str) -> str:
    """A text as it comes back from HTML: lines collapsed and trimmed, paragraphs one blank line apart."""
    return "\n\n".join("\n".join(lines) for lines in shown_paragraphs(text))


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment with its breaks: <br>, <div>, <li> end a line; <p>, <blockquote> a paragraph."""
    out: list[str] = []
    soft = hard = 0  # pending break: blocks around a spot give one break (the largest), each <br> its own line
    at = 0

    def add(raw: str) -> None:
        nonlocal soft, hard
        words = _SPACES.sub(" ", html.unescape(raw))
        if (soft or hard) and not words.strip():
            return  # white space between blocks shows nothing
        if soft or hard:
            out.append("\n" * max(soft, hard))
            soft = hard = 0
        out.append(words)

    while (tag := _MARKUP.search(fragment, at)) is not None:
        add(fragment[at:tag.start()])
        at = tag.end()
        name = (tag.group(2) or "").lower()
        if name == "br":
            hard += 1
        elif name in _PARAGRAPH_TAGS:
            soft = 2
        elif name in _LINE_TAGS:
            soft = max(soft, 1)
        elif name in _HIDDEN_END and not tag.group(1):
            # Script and style hold code, not text, up to their end tag (or the end).
            end = _HIDDEN_END[name].search(fragment, at)
            at = end.end() if end is not None else len(fragment)
    add(fragment[at:])
    return text_as_shown("".join(out))


def html_text(text: str) -> str:
    """Plain text as the HTML that shows it: escaped, paragraphs as <p>, line breaks as <br>."""
    lines = ["<br>".join(html.escape(line) for line in p) for p in shown_paragraphs(text)]
    return "".join(f"<p>{p}</p>" for p in lines) if len(lines) > 1 else "".join(lines)


# --- citations on a web page --------------------------------------------------------

CITATIONS_CLASS = "summit-citations"
_BLOCK_START = f'<p class="{CITATIONS_CLASS}">'
# One citation: split at <br> first, so that hostile text costs a pass, not a pass per "<span".
_ENTRY = re.compile(r'<span class="summit-citation"((?: data-[a-z]+="[^"<>]*")*)>(.*)</span>', re.DOTALL)
_ATTRIBUTE = re.compile(r' data-([a-z]+)="([^"<>]*)"')
_CITE = re.compile(r'<cite>((?:<a href="[^"<>]*">)?[^<]*(?:</a>)?)</cite>')  # the texts are escaped: no "<"
_QUOTE = re.compile(r"<q>([^<]*)</q>")


@dataclass(frozen=True, slots=True)
class CitedText:
    """One citation as a page carries it: the source's id and details, the ¶ number, the quote."""

    source: str
    title: str
    paragraph: int
    quote: str | None = None
    publisher: str | None = None
    published: str | None = None  # our date text
    url: str | None = None


def citations_html(citations: Iterable[CitedText]) -> str:
    """The paragraph of slide text that shows where an event comes from ("" when it cites nothing)."""
    entries = []
    for c in citations:
        data = {"source": c.source, "paragraph": str(c.paragraph), "publisher": c.publisher,
                "published": c.published, "url": c.url}
        attributes = "".join(f' data-{k}="{html.escape(v)}"' for k, v in data.items() if v is not None)
        title = html.escape(c.title)
        if c.url is not None and is_url(c.url.strip()):
            title = f'<a href="{html.escape(c.url.strip())}">{title}</a>'
        about = [html.escape(c.publisher)] if c.publisher else []
        if c.published:
            about.append(format_date(parse_date(c.published)))
        entry = f"<cite>{title}</cite>" + (f" ({', '.join(about)})" if about else "") + f", ¶ {c.paragraph}"
        if c.quote:
            entry += f": “<q>{html.escape(c.quote)}</q>”"  # TimelineJS resets q::before and q::after
        entries.append(f'<span class="summit-citation"{attributes}>{entry}</span>')
    return _BLOCK_START + "<br>".join(entries) + "</p>" if entries else ""


def split_citations(fragment: str) -> tuple[str, list[CitedText], int]:
    """The slide text before its citations paragraph, the citations in it, and how many were unreadable."""
    at = fragment.rfind(_BLOCK_START)
    if at < 0 or not fragment.endswith("</p>"):
        return fragment, [], 0
    found: list[CitedText] = []
    bad = 0
    for piece in fragment[at + len(_BLOCK_START):-len("</p>")].split("<br>"):
        entry = _ENTRY.fullmatch(piece)
        if entry is None:
            bad += 1
            continue
        data = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(entry.group(1))}
        cite, quote = _CITE.search(entry.group(2)), _QUOTE.search(entry.group(2))
        number = data.get("paragraph", "")
        if "source" not in data or not number.isdigit() or int(number) < 1 or cite is None:
            bad += 1
            continue
        words = " ".join(html_to_text(quote.group(1)).split()) if quote else ""
        found.append(CitedText(data["source"], html_to_text(cite.group(1)), int(number), words or None,
                               data.get("publisher"), data.get("published"), data.get("url")))
    return fragment[:at], found, bad


def quoted_paragraphs(cited: Iterable[tuple[int, str | None]]) -> tuple[str, ...]:
    """A source's paragraphs as a page gives them: each cited one holds its quotes (joined by " … "), others ""."""
    quotes: dict[int, dict[str, None]] = {}
    for number, quote in cited:
        quotes.setdefault(number, {})
        if quote:
            quotes[number][quote] = None
    return tuple(" … ".join(quotes.get(n, {})) for n in range(1, max(quotes, default=0) + 1))


# Our CSV: its columns, the words for true and false, how tags share a cell (written and read alike).
OUR_COLUMNS = (
    "id", "start", "end", "title", "lane", "lane color", "summary", "approximate", "tags",
    "source", "paragraph", "quote",
)
TAG_SEPARATOR = ";"
YES, NO = "yes", ""  # what the writer puts in `approximate`


def split_tags(cell: str) -> tuple[str, ...]:
    """The tags in a `tags` cell: separated by semicolons, each trimmed, empty ones left out."""
    return tuple(tag.strip() for tag in cell.split(TAG_SEPARATOR) if tag.strip())


def join_tags(tags: tuple[str, ...]) -> str:
    """The `tags` cell for an event's tags (`split_tags` reads it back when no tag holds ';' or end spaces)."""
    return f"{TAG_SEPARATOR} ".join(tags)
