"""Which events match a search: title, summary, tags and the text of cited paragraphs."""

from __future__ import annotations

import re
from itertools import islice

import numpy as np

from desktop.model.timeline import Timeline

# An unclosed quote runs to the end, so a phrase being typed matches as it grows.
_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
# Keyboards type straight quotes and hyphens; news text has curly quotes and dashes.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ",
}
CHUNK = 65536  # events folded together: one long string per pass, not a million short ones


def fold(text: str) -> str:
    """Text as search compares it: case-folded, typographic quotes and dashes made plain."""
    # str.replace per character, not str.translate: translate looks each character up in a
    # dict once the text is not pure ASCII, and is then ten times slower on a large file.
    for typographic, plain in _FOLD.items():
        if typographic in text:
            text = text.replace(typographic, plain)
    return text.casefold()


def terms(query: str) -> list[str]:
    """Folded terms of a query; "quoted words" stay one phrase."""
    found = (a.strip() or b for a, b in _TERM.findall(fold(query).replace("\0", " ")))  # NUL parts events
    return [t for t in found if t]


class SearchIndex:
    """The searchable text of every event, folded once per timeline.

    An event's own words (title, summary, tags) sit in one long string, so a term is found
    with `str.find` in C, jumping to the next event after each hit; cited paragraphs are
    searched once each and reach their events through the timeline's citation index.
    """

    def __init__(self, timeline: Timeline) -> None:
        own = timeline.events.search_fields()
        # Events are separated by NUL, which no typed term holds, so no match spans two
        # events; UTF-8 bytes take half the room of a str once any character is not Latin-1.
        own_words = ("\n".join((title, summary, *tags)) for title, summary, tags in own)
        parts = []
        while chunk := list(islice(own_words, CHUNK)):
            joined = "\0".join(chunk)
            if joined.count("\0") != len(chunk) - 1:  # a NUL in the file's own text: it would shift events
                joined = "\0".join(words.replace("\0", " ") for words in chunk)
            parts.append(fold(joined).encode())
        self._text = b"\0".join(parts)
        self._n = len(timeline.events)
        self._paragraphs = [[fold(p) for p in s.paragraphs] for s in timeline.sources]
        self._citations = timeline.citation_index

    def match(self, query: str) -> np.ndarray | None:
        """True per event containing every term; None for an empty query (no search)."""
        wanted = terms(query)
        if not wanted:
            return None
        found = np.ones(self._n, bool)
        for term in wanted:
            found &= self._own(term) | self._cited(term)
        return found

    def _own(self, term: str) -> np.ndarray:
        """Events whose own words hold `term`."""
        hit = np.zeros(self._n, bool)
        text, word = self._text, term.encode()
        k, counted = 0, 0  # event k starts after the k-th NUL; NULs before `counted` are counted
        at = text.find(word)
        while at >= 0:
            k += text.count(b"\0", counted, at)
            hit[k] = True
            counted = text.find(b"\0", at)
            if counted < 0:
                break
            at = text.find(word, counted + 1)
        return hit

    def _cited(self, term: str) -> np.ndarray:
        """Events citing a paragraph that holds `term`."""
        hit = np.zeros(self._n, bool)
        for s, paragraphs in enumerate(self._paragraphs):
            for number, paragraph in enumerate(paragraphs, start=1):
                if term in paragraph:
                    hit[self._citations.citing_at(s, number)] = True
        return hit
