"""A plain-text article as a source: one paragraph per line, verbatim, checked as the loader checks sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.io.article_text import source_from_article
from desktop.model.dates import Precision
from desktop.model.document import DocumentError

ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "articles" / "2019-03-01-kim-vows-to-meet-trump-again.txt"
needs_article = pytest.mark.skipif(not ARTICLE.is_file(), reason="the shared article is not present")


@needs_article
def test_the_shared_article_becomes_its_lines() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    source = source_from_article(text, title="Kim vows to meet Trump again", published="2019-03-01")
    assert source.paragraphs == tuple(line for line in text.split("\n") if line.strip())
    assert len(source.paragraphs) == 19
    assert source.id == "kim-vows-to-meet-trump-again"
    assert source.published is not None and source.published.precision is Precision.DAY


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_any_line_ending_and_blank_lines(ending: str) -> None:
    text = "\ufeff" + ending.join(["First “quoted” one.", "", "   ", "\t", "Second,  with  spaces ", "Third"]) + ending
    source = source_from_article(text, title="T")
    assert source.paragraphs == ("First “quoted” one.", "Second,  with  spaces ", "Third")


def test_mixed_endings_and_no_final_newline() -> None:
    source = source_from_article("a\r\nb\rc\n\n\r\nd", title="T")
    assert source.paragraphs == ("a", "b", "c", "d")


def test_ids_details_and_refusals() -> None:
    source = source_from_article("Text.", title="Hà Nội – U.S. view", source_id="given", publisher="Wire",
                                 published="2019-03")
    assert (source.id, source.publisher, source.published and source.published.text) == ("given", "Wire", "2019-03")
    assert source_from_article("Text.", title="Hà Nội – U.S. view").id == "ha-noi-us-view"
    with pytest.raises(DocumentError, match=r"^published: month 13 does not exist"):
        source_from_article("Text.", title="T", published="2019-13")
    with pytest.raises(DocumentError, match=r"^title: must not be empty"):
        source_from_article("Text.", title="  ")
    with pytest.raises(DocumentError, match=r"^publisher: must not be empty"):
        source_from_article("Text.", title="T", publisher="")
    with pytest.raises(DocumentError, match="every line is blank"):
        source_from_article("\n \r\n\t\n", title="T")
