"""A plain-text article (one paragraph per line) as a source, checked as the loader checks sources. No Qt here."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.io.fields import LOADER_RULES
from desktop.io.schema import DEFAULT_LANE
from desktop.model.authoring import article_paragraphs, slug
from desktop.model.document import DocumentError
from desktop.model.records import Source
from desktop.model.timeline import Timeline

_LEADING_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})[-_ ]+(.*)")

__all__ = ["readable_title", "source_from_article", "timeline_from_article"]


def source_from_article(text: str, *, title: str, source_id: str | None = None, published: str | None = None,
                        publisher: str | None = None) -> Source:
    """A source of the article's paragraphs, verbatim: any line endings, a byte-order mark dropped, blank lines skipped.

    Each line is kept exactly, spaces at either end included (only its line ending goes), so any quote taken
    from the article is found in its paragraph. The id is `source_id`, else the slug of the title. Raises
    DocumentError in the loader's words (an empty title, a `published` that is not a date), or when every line
    is blank.
    """
    paragraphs = article_paragraphs(text)
    if not paragraphs:
        raise DocumentError(["the article has no text: every line is blank"])
    return LOADER_RULES.source(source_id or slug(title, "article"), title, paragraphs, published=published,
                               publisher=publisher)


def readable_title(path: Path) -> str:
    """A title from a file name: "2019-03-01-kim-vows-to-meet" → "Kim vows to meet (2019-03-01)"."""
    stem = path.stem
    dated = _LEADING_DATE.fullmatch(stem)
    words = " ".join(re.split(r"[-_\s]+", dated[2] if dated else stem)).strip()
    title = words[:1].upper() + words[1:]
    if dated:
        return f"{title} ({dated[1]})" if title else dated[1]
    return title or stem


def timeline_from_article(text: str, *, title: str, published: str | None = None,
                          publisher: str | None = None) -> Timeline:
    """A timeline with the article as its one source and no events yet (raises DocumentError)."""
    source = source_from_article(text, title=title, published=published, publisher=publisher)
    return Timeline(title=title, events=(), lanes=(DEFAULT_LANE,), sources=(source,))
