"""Long unbroken words get places to wrap for display, and the text comes back exactly as written."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.render.text_style import BREAK, LONG_RUN, break_offsets, breakable, without_breaks

WORDS = st.text(st.sampled_from(["x", "y", " ", "\n", BREAK, "😀", "\u00a0"]), max_size=2000)
# The one text the inverse cannot tell apart (see `without_breaks`).
AMBIGUOUS = re.compile(rf"(?<![^\s{BREAK}])(?:[^\s{BREAK}]{{{LONG_RUN}}})+{BREAK}[^\s{BREAK}]")


@settings(max_examples=300, deadline=None)
@given(WORDS.map(lambda t: t.replace("x", "x" * 40)))
def test_the_breaks_come_out_exactly_as_they_went_in(text: str) -> None:
    if AMBIGUOUS.search(text):
        return
    drawn = breakable(text)
    assert without_breaks(drawn) == text
    assert len(drawn) == len(text) + len(break_offsets(text))
    # No unbroken word longer than LONG_RUN is left to lay out.
    assert max((len(w) for w in re.split(rf"[\s{BREAK}]", drawn)), default=0) <= LONG_RUN


def test_a_word_of_300_gets_two_breaks_and_short_words_none() -> None:
    assert breakable("short words stay") == "short words stay"
    word = "w" * 300
    assert breakable(f"a {word} b") == f"a {'w' * 120}{BREAK}{'w' * 120}{BREAK}{'w' * 60} b"
    assert break_offsets(f"a {word} b") == [2 + 120, 2 + 240]
