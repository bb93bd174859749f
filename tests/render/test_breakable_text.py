"""File text in one-line places and long unbroken words: shown so Qt can lay them out, read back as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import desktop
from desktop.render.key import key_rows
from desktop.render.text_style import BREAK, LONG_RUN, break_offsets, breakable, one_line, without_breaks

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


def test_one_line_places_show_each_line_break_as_a_space() -> None:
    assert one_line("Top\ntitle\r\nhere\rand\u2028more\u2029end\x85x") == "Top title here and more end x"
    assert one_line("plain — café") == "plain — café"


def test_labels_the_lane_axis_and_the_window_title_show_a_titles_lines_as_one(qtbot, tmp_path: Path) -> None:
    """Qt drops a line break in one-line text and joins the words ("Line oneLine two"): they get a space."""
    doc = {"version": 1, "title": "Top\ntitle", "lanes": [{"id": "l", "title": "Lane\r\nname"}],
           "events": [{"id": "e", "title": "Line one\nLine two\r\nthree", "start": "2019", "lane": "l"}]}
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window = desktop.create_window(path)
    qtbot.addWidget(window)
    scene = window.view.timeline_scene
    assert scene.drawing.titles[0] == "Line one Line two three"
    assert scene.drawing.measure is not None and scene.drawing.measure.elided(0, 1000.0) == "Line one Line two three"
    assert window.windowTitle().startswith("Top title[*]")
    assert one_line("Lane\r\nname") in [r.text for r in key_rows([("Lane\r\nname", "#000000")], list_lanes=True)]
