"""Which events match a search: title, summary, tags and the text of cited paragraphs."""

from __future__ import annotations

import re

import numpy as np

from desktop.model import Timeline

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def terms(query: str) -> list[str]:
    """Case-folded terms of a query; "quoted words" stay one phrase."""
    return [(a or b).casefold() for a, b in _TERM.findall(query)]


class SearchIndex:
    """The searchable text of every event, built once per timeline."""

    def __init__(self, timeline: Timeline) -> None:
        paragraphs = {s.id: s.paragraphs for s in timeline.sources}
        self._haystacks = [
            "\n".join(
                [e.title, e.summary, *e.tags]
                + [paragraphs[c.source][c.paragraph - 1] for c in e.citations if c.source in paragraphs]
            ).casefold()
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
