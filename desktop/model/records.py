"""The records a timeline is made of: problems, citations, sources, lanes, events. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.model.dates import PartialDate

# Okabe–Ito: distinguishable for the common kinds of colour blindness.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, and where."""

    file: str
    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.path}: {self.message}" if self.path else f"{place}: {self.message}"


@dataclass(frozen=True, slots=True)
class Citation:
    """A paragraph of a source that backs an event, with the words quoted from it."""

    source: str
    paragraph: int  # 1-based
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """An article: its metadata and its paragraphs, verbatim."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    publisher: str | None = None
    published: PartialDate | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Lane:
    """A row of the timeline: who acted."""

    id: str
    title: str
    color: str


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, dated at the precision its evidence gives."""

    id: str
    title: str
    start: PartialDate
    lane: str
    end: PartialDate | None = None
    summary: str = ""
    approximate: bool = False
    tags: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()

    @property
    def begin(self) -> float:
        """UTC epoch seconds where the event's span starts."""
        return self.start.begin

    @property
    def finish(self) -> float:
        """UTC epoch seconds where the event's span ends (exclusive)."""
        return (self.end or self.start).end

    @property
    def is_range(self) -> bool:
        """True for an event written with an `end`."""
        return self.end is not None

    @property
    def anchor(self) -> float:
        """Where the event's marker sits: the middle of its whole span."""
        return (self.begin + self.finish) / 2
