"""Which events match a search: title, summary, tags and the text of cited paragraphs."""

from __future__ import annotations

import re

import numpy as np

from desktop.model import Timeline

# An unclosed quote runs to the end, so a phrase being typed matches as it grows.
_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
# Keyboards type straight quotes and hyphens; news text has curly quotes and dashes.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ",
})


def fold(text: str) -> str:
    """Text as search compares it: case-folded, typographic quotes and dashes made plain."""
    return text.translate(_FOLD).casefold()


def terms(query: str) -> list[str]:
    """Folded terms of a query; "quoted words" stay one phrase."""
    found = (a.strip() or b for a, b in _TERM.findall(fold(query)))
    return [t for t in found if t]


class SearchIndex:
    """The searchable text of every event, built once per timeline."""

    def __init__(self, timeline: Timeline) -> None:
        paragraphs = {s.id: s.paragraphs for s in timeline.sources}
        self._haystacks = [
            fold("\n".join(
                [e.title, e.summary, *e.tags]
                + [paragraphs[c.source][c.paragraph - 1] for c in e.citations if c.source in paragraphs]
            ))
            for e in timeline.events
        ]

    def match(self, query: str) -> np.ndarray | None:
        """True per event containing every term; None for an empty query (no search)."""
        wanted = terms(query)
        if not wanted:
            return None
        return np.fromiter(
            (all(t in text for t in wanted) for text in self._haystacks), dtype=bool, count=len(self._haystacks)
        )
