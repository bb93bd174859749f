"""What an author types made into records: ids from titles, paragraphs from an article, fields checked. No Qt here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from desktop.model.records import Event, Lane, Source

__all__ = ["SLUG_LENGTH", "DocumentError", "RecordReader", "article_paragraphs", "default_reader", "event_fields",
           "slug", "unique_id", "use_reader"]

_LINE_END = re.compile(r"\r\n|\r|\n")
_APOSTROPHES = re.compile(r"['’ʼ]|(?<=\b\w)\.")  # "Kim’s", "U.S.": one word each
_NOT_WORD = re.compile(r"[\W_]+")
SLUG_LENGTH = 60


class DocumentError(ValueError):
    """Fields an edit cannot take; `messages` are the loader's own, each `key: message` or a whole-event one."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("; ".join(self.messages))


class RecordReader(Protocol):
    """Makes records from edited fields with the loader's checks; raises DocumentError. See `desktop.io.fields`."""

    def event(self, ident: str, fields: Mapping[str, object], lanes: Sequence[Lane],
              sources: Sequence[Source]) -> Event: ...

    def lane(self, ident: str, title: str, color: str) -> Lane: ...

    def source(self, ident: str, title: str, paragraphs: Sequence[str], *, published: str | None,
               publisher: str | None) -> Source: ...

    def title(self, title: str) -> str: ...


_readers: list[RecordReader] = []


def use_reader(reader: RecordReader) -> None:
    """Make `reader` the one documents use when `from_timeline` is given none (`desktop.io.fields` calls this)."""
    _readers[:] = [reader]


def default_reader() -> RecordReader:
    """The reader documents use by default; the model cannot import io, so io installs it."""
    if not _readers:
        raise RuntimeError("no RecordReader: import desktop.io.fields (or pass reader=) before editing a Document")
    return _readers[0]


def slug(text: str, fallback: str) -> str:
    """A readable id from a title: "Hà Nội summit – U.S. view" → "ha-noi-summit-us-view"; `fallback` if none is left."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _NOT_WORD.sub("-", _APOSTROPHES.sub("", unicodedata.normalize("NFC", bare).casefold())).strip("-")
    if len(words) > SLUG_LENGTH:
        words = words[:SLUG_LENGTH].rsplit("-", 1)[0] if "-" in words[:SLUG_LENGTH] else words[:SLUG_LENGTH]
    return words or fallback


def unique_id(base: str, is_taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, … : the first that `is_taken` says is free."""
    if not is_taken(base):
        return base
    n = 2
    while is_taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"


def article_paragraphs(text: str) -> tuple[str, ...]:
    """An article's paragraphs, one per line: any line ending, a leading byte-order mark dropped, blank lines skipped.

    Each paragraph is its line exactly, spaces at either end included: quotes must match the article verbatim.
    """
    return tuple(line for line in _LINE_END.split(text.removeprefix("\ufeff")) if line.strip())


def event_fields(event: Event) -> dict[str, object]:
    """An event as the fields `add_event`/`update_event` take (dates as their text, lists for tuples)."""
    return {
        "title": event.title, "start": event.start.text, "end": event.end.text if event.end is not None else None,
        "lane": event.lane, "summary": event.summary, "approximate": event.approximate, "tags": list(event.tags),
        "citations": [{"source": c.source, "paragraph": c.paragraph, **({"quote": c.quote} if c.quote else {})}
                      for c in event.citations],
    }
