"""Where an event's citations point: quotes grouped by source and paragraph, and the spans they mark."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.model.records import Citation


def grouped_citations(citations: Sequence[Citation]) -> dict[str, dict[int, list[str]]]:
    """Quotes by source and paragraph, in the order the event cites them."""
    groups: dict[str, dict[int, list[str]]] = {}
    for citation in citations:
        quotes = groups.setdefault(citation.source, {}).setdefault(citation.paragraph, [])
        if citation.quote:
            quotes.append(citation.quote)
    return groups


def quote_spans(paragraph: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of the first occurrence of each quote, sorted; overlapping ones merged into one."""
    spans = sorted((at, at + len(q)) for q in quotes if q and (at := paragraph.find(q)) >= 0)
    merged: list[list[int]] = []
    for start, end in spans:
        # Overlapping quotes get one mark over both: nested marks read no better.
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def marked(paragraph: str, quotes: Sequence[str], plain: Callable[[str], str], mark: Callable[[str], str],
           shown: tuple[str, Callable[[int], int]] | None = None) -> str:
    """The paragraph with its quotes passed through `mark` and the rest through `plain` (each escapes).

    `shown`: the text drawn in the paragraph's place and where each of its offsets lies there (a view
    that adds breaks to wrap at); by default the paragraph itself.
    """
    text, at = shown or (paragraph, lambda offset: offset)
    out: list[str] = []
    done = 0
    for start, end in quote_spans(paragraph, quotes):
        start, end = at(start), at(end)
        out += [plain(text[done:start]), mark(text[start:end])]
        done = end
    out.append(plain(text[done:]))
    return "".join(out)


__all__ = ["grouped_citations", "marked", "quote_spans"]
