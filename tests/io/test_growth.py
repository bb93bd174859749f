"""Costs grow with the input near-linearly: ten times the input takes at most ~twenty times as long.

Each case builds a hostile input at size n and 10·n (the shapes that were quadratic: one long
paragraph quoted many times, a problem per event, an XML event per line, a CSV header of many
columns, markup HTMLParser chewed on) and compares the CPU time of reading them.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from growth import assert_near_linear

from desktop.io.fast.load import fast_timeline
from desktop.io.importers import plain_text
from desktop.io.importers.csv_import import timeline_from_csv
from desktop.io.importers.timeline_xml import timeline_from_xml
from desktop.io.jsonfile import parse_json
from desktop.io.loader import timeline_from_json


def _events_file(events: list[dict], paragraphs: list[str]) -> bytes:
    doc = {"version": 1, "title": "Growth", "sources": [{"id": "s", "title": "S", "paragraphs": paragraphs}],
           "events": events}
    return json.dumps(doc).encode()


def _careful(data: bytes) -> Callable[[], object]:
    text = data.decode("utf-8")
    return lambda: timeline_from_json(parse_json(text, "f.json"), "f.json", text)


def _quoted_many_times(n: int) -> bytes:
    """n events quoting the end of one paragraph of 100·n characters (each search reads it all)."""
    paragraph = "word " * (20 * n) + "the quoted end"
    cite = [{"source": "s", "paragraph": 1, "quote": "the quoted end"}]
    events = [{"id": f"e{i}", "title": "T", "start": "2019-03-01", "citations": cite} for i in range(n)]
    return _events_file(events, [paragraph])


@pytest.mark.parametrize("reader", ["fast", "careful"])
def test_quotes_are_searched_once_per_paragraph_and_quote(reader: str) -> None:
    def make(n: int) -> Callable[[], object]:
        data = _quoted_many_times(n)
        return (lambda: fast_timeline(data, "f.json")) if reader == "fast" else _careful(data)

    assert_near_linear(make, 300)


def test_problem_places_are_counted_once() -> None:
    # Every event names a lane that does not exist: one problem each, each given its line:column.
    def make(n: int) -> Callable[[], object]:
        events = [{"id": f"e{i}", "title": "T", "start": "2019-03-01", "lane": "nowhere"} for i in range(n)]
        doc = {"version": 1, "title": "G", "lanes": [{"id": "l", "title": "L"}], "events": [events[0] | {"lane": "l"},
                                                                                            *events[1:]]}
        text = json.dumps(doc, indent=1)
        return lambda: timeline_from_json(parse_json(text, "f.json"), "f.json", text)

    assert_near_linear(make, 500)


def test_timeline_xml_event_lines_are_counted_once() -> None:
    def make(n: int) -> Callable[[], object]:
        event = ("<event><start>2019-03-01 00:00:00</start><end>2019-03-01 00:00:00</end>"
                 "<text>T</text><category>nowhere</category></event>\n")
        text = ("<?xml version='1.0' encoding='utf-8'?>\n<timeline><version>2.0</version>"
                "<timetype>gregoriantime</timetype><categories/>\n<events>\n" + event * n + "</events></timeline>")
        return lambda: timeline_from_xml(text, "f.timeline")

    assert_near_linear(make, 400)


def test_csv_headers_and_rows_cost_what_they_hold() -> None:
    # Many unknown (and repeated) columns, and many short rows: neither multiplies the other.
    def make(n: int) -> Callable[[], object]:
        header = ",".join(["start", "title", "source", "paragraph"] + [f"c{i % (n // 2)}" for i in range(n)])
        rows = "".join(f"2019-03-01,T{i},S,paragraph {i}\n" for i in range(n))
        text = header + "\n" + rows
        return lambda: timeline_from_csv(text, "f.csv")

    assert_near_linear(make, 800)


MARKUP = {
    "tags": "<b>x</b><br>",
    "open tags": "<a ",
    "quotes in tags": "<a title='",
    "comments": "<!--",
    "marked sections": "<![ ",
    "end tags": "</",
    "entities": "&#&amp;&",
    "script": "<script>",
}


@pytest.mark.parametrize("piece", MARKUP.values(), ids=MARKUP.keys())
def test_html_to_text_is_linear_and_never_raises(piece: str) -> None:
    def make(n: int) -> Callable[[], object]:
        html = "text " + piece * n
        return lambda: plain_text(html)

    assert_near_linear(make, 2000)
