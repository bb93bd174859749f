"""Search: every term must appear in an event's title, summary, tags or cited paragraphs. No Qt."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import parse_date
from desktop.model.records import Citation, Event, Lane, Source
from desktop.model.search import SearchIndex, terms
from desktop.model.timeline import Timeline


def _timeline() -> Timeline:
    source = Source("s", "Article", ("Kim met Trump in Hanoi.", "Talks collapsed over sanctions relief."))
    lane = Lane("a", "A", "#0072b2")
    day = parse_date("2019-02-27")
    return Timeline(
        title="t",
        lanes=(lane,),
        sources=(source,),
        events=(
            Event("summit", "Second summit", day, "a", summary="In Vietnam.", tags=("diplomacy",),
                  citations=(Citation("s", 1),)),
            Event("collapse", "Talks end", day, "a", citations=(Citation("s", 2, "sanctions relief"),)),
            Event("press", "Kim’s vow reported", day, "a", summary="The 2016–2017 sanctions “worked”."),
        ),
    )


def _matched(index: SearchIndex, query: str) -> set[str]:
    match = index.match(query)
    assert match is not None and match.dtype == bool and len(match) == 3
    return {e for e, m in zip(("summit", "collapse", "press"), match.tolist(), strict=True) if m}


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(_timeline())


def test_terms_split_on_spaces_and_keep_quoted_phrases() -> None:
    assert terms("Kim  Trump") == ["kim", "trump"]
    assert terms('"second summit" hanoi') == ["second summit", "hanoi"]
    assert terms("") == [] and terms("   ") == []


def test_empty_query_is_no_search(index: SearchIndex) -> None:
    assert index.match("") is None
    assert index.match("   ") is None


def test_every_term_must_match(index: SearchIndex) -> None:
    assert _matched(index, "summit") == {"summit"}
    assert _matched(index, "kim") == {"summit", "press"}
    assert _matched(index, "kim vow") == {"press"}
    assert _matched(index, "kim nowhere") == set()


def test_case_does_not_matter(index: SearchIndex) -> None:
    assert _matched(index, "HANOI") == _matched(index, "hanoi") == {"summit"}
    assert _matched(index, "DiPlOmAcY") == {"summit"}


def test_summary_tags_and_cited_paragraphs_are_searched(index: SearchIndex) -> None:
    assert _matched(index, "vietnam") == {"summit"}  # summary
    assert _matched(index, "diplomacy") == {"summit"}  # tag
    assert _matched(index, "hanoi") == {"summit"}  # only in the paragraph it cites
    assert _matched(index, "collapsed") == {"collapse"}  # the whole paragraph, not just the quote


def test_a_phrase_must_appear_as_written(index: SearchIndex) -> None:
    assert _matched(index, '"met trump"') == {"summit"}
    assert _matched(index, '"trump met"') == set()
    assert _matched(index, "trump met") == {"summit"}


def test_a_phrase_still_being_typed_reads_to_the_end(index: SearchIndex) -> None:
    # While a person types "sanctions relief" (with quotes) every prefix matches at least the final answer.
    final = _matched(index, '"sanctions relief"')
    assert final == {"collapse"}
    for n in range(2, len('"sanctions relief"')):
        assert final <= _matched(index, '"sanctions relief"'[:n]), '"sanctions relief"'[:n]
    assert index.match('"') is None and index.match('""') is None  # nothing typed yet: no search


def test_straight_quotes_and_hyphens_find_typographic_ones(index: SearchIndex) -> None:
    assert _matched(index, "kim's") == {"press"}
    assert _matched(index, "2016-2017") == {"press"}
    assert _matched(index, "worked") == {"press"}
    assert _matched(index, "“worked”") == {"press"}


def test_dataset_searches() -> None:
    timeline = open_timeline(default_events_path())
    index = SearchIndex(timeline)
    ids = np.array([e.id for e in timeline.events])
    match = index.match("denuclearization")
    assert match is not None
    # In first-summit's tags and paragraph 18, and in the opening paragraph many events cite.
    assert "first-summit" in ids[match]
    assert set(ids[index.match('"Sometimes you have to walk"')]) == {"trump-walk-away", "trump-blames-sanctions"}
    assert set(ids[index.match("won't freeze")]) == {"nk-refuses-freeze"}
