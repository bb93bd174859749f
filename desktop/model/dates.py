"""Dates at the precision the evidence gives: parse, period bounds, human formatting."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86400

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_DATE_RE = re.compile(
    r"(?P<y>\d{4})"
    r"(?:-(?P<m>\d{2})"
    r"(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})?"
    r")?)?)?",
    re.ASCII,  # \d is 0-9 only: "٢٠١٩" is not a year
)
_WEEK_RE = re.compile(r"\d{4}-?W\d{2}(-?\d)?")
_ORDINAL_RE = re.compile(r"\d{4}-?\d{3}")


class Precision(IntEnum):
    """How much of a date the evidence gives, coarse to fine."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


class DateError(ValueError):
    """A date string that is not one of the accepted ISO 8601 forms."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date standing for its whole period, e.g. `2018-06` is all of June 2018."""

    text: str
    precision: Precision
    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    second: int = 0
    offset_minutes: int | None = None  # None: no zone written; read as UTC

    # Computed once at construction: the loader and the layout read these millions of times.
    begin: float = field(init=False, repr=False, compare=False)  # UTC epoch seconds, period start
    end: float = field(init=False, repr=False, compare=False)  # UTC epoch seconds, period end (exclusive)

    def __post_init__(self) -> None:
        days = date(self.year, self.month, self.day).toordinal() - _EPOCH_ORDINAL
        begin = float(days * _DAY + self.hour * 3600 + self.minute * 60 + self.second - (self.offset_minutes or 0) * 60)
        precision = self.precision
        length: float
        if precision is Precision.YEAR:
            length = (366 if calendar.isleap(self.year) else 365) * _DAY
        elif precision is Precision.MONTH:
            length = _days_in_month(self.year, self.month) * _DAY
        else:
            length = _LENGTH[precision]
        object.__setattr__(self, "begin", begin)
        object.__setattr__(self, "end", begin + length)

    @property
    def middle(self) -> float:
        """UTC epoch seconds at the middle of the period."""
        return (self.begin + self.end) / 2


_LENGTH = {Precision.DAY: float(_DAY), Precision.MINUTE: 60.0, Precision.SECOND: 1.0}
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def parse_date(text: str) -> PartialDate:
    """Parse `2018`, `2018-06`, `2019-02-28`, `…T23:40`, `…T23:40:05` (+ `Z`/`+07:00`)."""
    if not isinstance(text, str):
        raise DateError(f"a date must be a string like \"2019-02-28\", found {_json_type(text)}")
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise DateError(_explain_bad_form(text))
    y, m, d = match["y"], match["m"], match["d"]
    year = int(y)
    if not 1 <= year <= 9999:
        raise DateError(f"year {y} is outside 0001–9999 in {text!r}")
    if m is None:
        return PartialDate(text, Precision.YEAR, year)
    month = int(m)
    if not 1 <= month <= 12:
        raise DateError(f"month {m} does not exist in {text!r} (01–12)")
    if d is None:
        return PartialDate(text, Precision.MONTH, year, month)
    day = int(d)
    days_in_month = _days_in_month(year, month)
    if not 1 <= day <= days_in_month:
        raise DateError(
            f"day {d} does not exist in {text!r}: {MONTHS[month - 1]} {year} has {days_in_month} days"
        )
    if match["H"] is None:
        return PartialDate(text, Precision.DAY, year, month, day)
    hour, minute = int(match["H"]), int(match["M"])
    second = int(match["S"]) if match["S"] is not None else 0
    if hour > 23:
        raise DateError(f"hour {match['H']} is not 00–23 in {text!r} (write 24:00 as the next day's 00:00)")
    if minute > 59:
        raise DateError(f"minute {match['M']} is not 00–59 in {text!r}")
    if second > 59:
        raise DateError(f"second {match['S']} is not 00–59 in {text!r} (leap seconds are not supported)")
    offset = _parse_offset(match["tz"], text)
    precision = Precision.SECOND if match["S"] is not None else Precision.MINUTE
    return PartialDate(text, precision, year, month, day, hour, minute, second, offset)


def _json_type(value: object) -> str:
    """What a non-string value is called in JSON, for messages about a file ("null", not "NoneType")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    names: dict[type, str] = {dict: "an object", list: "a list"}
    return names.get(type(value), type(value).__name__)


def _parse_offset(tz: str | None, text: str) -> int | None:
    """Minutes east of UTC for `Z`/`+07:00`, None when no zone is written."""
    if tz is None:
        return None
    if tz == "Z":
        return 0
    hours, minutes = int(tz[1:3]), int(tz[4:6])
    if minutes > 59 or hours * 60 + minutes > 18 * 60:
        raise DateError(f"UTC offset {tz} is out of range in {text!r} (at most ±18:00)")
    sign = -1 if tz[0] == "-" else 1
    return sign * (hours * 60 + minutes)


def _explain_bad_form(text: str) -> str:
    """Say why a string is not an accepted date, naming the nearest accepted form."""
    forms = "2018, 2018-06, 2019-02-28, 2019-02-28T23:40 or 2019-02-28T23:40:05 (optionally Z or +07:00)"
    if _WEEK_RE.fullmatch(text):
        return f"ISO week dates like {text!r} are not supported; write a calendar date: {forms}"
    if _ORDINAL_RE.fullmatch(text):
        return f"ordinal dates like {text!r} are not supported; write a calendar date: {forms}"
    if re.fullmatch(r"[+-]?\d{5,}.*|-\d{4}.*", text):
        return f"year in {text!r} is outside 0001–9999"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ t]\d{2}:\d{2}.*", text):
        return f"{text!r}: separate date and time with a capital T, as in 2019-02-28T23:40"
    if re.fullmatch(r".*T\d{2}:\d{2}(:\d{2})?[.,]\d+.*", text):
        return f"fractional seconds are not supported in {text!r}"
    return f"{text!r} is not a date; write {forms}"


def to_datetime(seconds: float) -> datetime:
    """Timezone-aware UTC datetime for epoch seconds, clamped to years 1–9999."""
    low = datetime(1, 1, 1, tzinfo=UTC)
    high = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    try:
        value = epoch + timedelta(seconds=seconds)
    except OverflowError:
        return low if seconds < 0 else high
    return min(max(value, low), high)


def from_datetime(value: datetime) -> float:
    """Epoch seconds for a datetime; a naive one is read as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return (value - epoch).total_seconds()


# --- formatting -------------------------------------------------------------------


def _zone(d: PartialDate) -> str:
    if d.offset_minutes is None or d.precision < Precision.MINUTE:
        return ""
    if d.offset_minutes == 0:
        return " UTC"
    sign = "+" if d.offset_minutes > 0 else "−"
    hours, minutes = divmod(abs(d.offset_minutes), 60)
    return f" (UTC{sign}{hours:02d}:{minutes:02d})"


def _clock(d: PartialDate) -> str:
    if d.precision is Precision.SECOND:
        return f"{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    return f"{d.hour:02d}:{d.minute:02d}"


def format_date(d: PartialDate) -> str:
    """Human text at the date's precision: `2018`, `June 2018`, `28 February 2019, 23:40`."""
    if d.precision is Precision.YEAR:
        return f"{d.year}"
    if d.precision is Precision.MONTH:
        return f"{MONTHS[d.month - 1]} {d.year}"
    day = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if d.precision is Precision.DAY:
        return day
    return f"{day}, {_clock(d)}{_zone(d)}"


def format_span(start: PartialDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """Human text for a date or an inclusive range: `27–28 February 2019`, `c. June 2018`."""
    text = _format_span(start, end)
    return f"c. {text}" if approximate else text


def _format_span(start: PartialDate, end: PartialDate | None) -> str:
    if end is None or end == start or end.text == start.text:
        return format_date(start)
    both = start.precision if start.precision == end.precision else None
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    if both is Precision.YEAR:
        return f"{start.year}–{end.year}"
    if both is Precision.MONTH and same_year:
        return f"{MONTHS[start.month - 1]} – {MONTHS[end.month - 1]} {end.year}"
    if both is Precision.DAY and same_month:
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    if both is Precision.DAY and same_year:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_date(end)}"
    fine = both is not None and both >= Precision.MINUTE
    if fine and (start.year, start.month, start.day) == (end.year, end.month, end.day) and (
        start.offset_minutes == end.offset_minutes
    ):
        return f"{format_date(start).rsplit(', ', 1)[0]}, {_clock(start)}–{_clock(end)}{_zone(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def format_window(begin: float, end: float) -> str:
    """A stretch of time named at a fitting precision: `2016–2017`, `June 2018`, `27–28 Feb 2019`."""
    first, last = to_datetime(begin), to_datetime(max(end - 1, begin))
    whole_months = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
    if (end - begin) / _DAY >= 300:
        return f"{first.year}" if first.year == last.year else f"{first.year}–{last.year}"
    if (end - begin) / _DAY >= 28 or whole_months:
        a, b = (parse_date(f"{d.year:04d}-{d.month:02d}") for d in (first, last))
    else:
        a, b = (parse_date(f"{d.year:04d}-{d.month:02d}-{d.day:02d}") for d in (first, last))
    return format_span(a, b)
