"""The events file format v1, rule by rule: each test writes one small bad file.

Fatal problems (the file cannot open) raise TimelineError; a bad item is listed in
`Timeline.problems` and left out while the rest of the file opens.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from desktop.io.jsonfile import TimelineError
from desktop.io.loader import read_text
from desktop.io.open import open_timeline
from desktop.io.schema import DEFAULT_LANE
from desktop.model.dates import parse_date
from desktop.model.records import Problem
from desktop.model.timeline import Timeline

PARAGRAPHS = [
    "Kim Jong Un met Donald Trump in Hanoi.",
    "The summit ended early without a deal.",
    "Both sides said talks may resume.",
]
DROP = object()  # a key set to DROP is removed from the item


def source(**changes: Any) -> dict:
    return _changed({"id": "art", "title": "Article", "paragraphs": list(PARAGRAPHS)}, changes)


def lane(**changes: Any) -> dict:
    return _changed({"id": "us", "title": "United States"}, changes)


def citation(**changes: Any) -> dict:
    return _changed({"source": "art", "paragraph": 1, "quote": "met Donald Trump"}, changes)


def event(**changes: Any) -> dict:
    base = {"id": "bad", "title": "Summit", "start": "2019-02-27", "lane": "us", "citations": [citation()]}
    return _changed(base, changes)


GOOD_EVENT = {"id": "good", "title": "Earlier", "start": "2018-06", "lane": "us"}


def document(*events: dict, **changes: Any) -> dict:
    """A valid file holding GOOD_EVENT plus `events`, with top-level `changes`."""
    base = {
        "version": 1,
        "title": "Test timeline",
        "sources": [source()],
        "lanes": [lane(), {"id": "dprk", "title": "North Korea", "color": "#d55e00"}],
        "events": [copy.deepcopy(GOOD_EVENT), *events],
    }
    return _changed(base, changes)


def _changed(base: dict, changes: dict) -> dict:
    out = dict(base)
    for key, value in changes.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def write(tmp_path: Path, content: dict | list | str | bytes, name: str = "events.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def load(tmp_path: Path, content: dict | str | bytes) -> Timeline:
    return open_timeline(write(tmp_path, content))


def fatal(tmp_path: Path, content: dict | list | str | bytes) -> Problem:
    """The single problem that stops the file from opening."""
    path = write(tmp_path, content)
    with pytest.raises(TimelineError) as info:
        open_timeline(path)
    problems = info.value.problems
    assert len(problems) == 1, problems
    assert problems[0].file == str(path)
    assert str(problems[0]) in str(info.value)
    return problems[0]


def one_problem(timeline: Timeline, path: str, fragment: str) -> Problem:
    """Exactly one problem, at `path`, saying `fragment`, with a line and column."""
    assert [p.path for p in timeline.problems] == [path], [str(p) for p in timeline.problems]
    problem = timeline.problems[0]
    assert fragment in problem.message, problem.message
    assert problem.line is not None and problem.column is not None, problem
    assert problem.file == timeline.path
    return problem


def ids(timeline: Timeline) -> list[str]:
    return [e.id for e in timeline.events]


def line_of(text: str, needle: str) -> int:
    """1-based line of the only occurrence of `needle`."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


# --- the base document is valid ------------------------------------------------------


def test_base_document_opens_cleanly(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event()))
    assert timeline.problems == ()
    assert ids(timeline) == ["good", "bad"]
    assert timeline.title == "Test timeline"
    assert [lane.id for lane in timeline.lanes] == ["us", "dprk"]
    assert timeline.events[1].citations[0].paragraph == 1
    assert timeline.path == str(tmp_path / "events.json")


# --- fatal: the file itself -----------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    with pytest.raises(TimelineError) as info:
        open_timeline(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "no such file" in problem.message


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(TimelineError, match="is a folder"):
        open_timeline(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(open_timeline(path))
        except BaseException as exc:  # reported below
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), "open_timeline blocked on a FIFO"
    (result,) = outcome
    assert isinstance(result, TimelineError)
    assert "not a regular file" in str(result)


def test_dangling_symlink(tmp_path: Path) -> None:
    path = tmp_path / "link.json"
    path.symlink_to(tmp_path / "gone.json")
    with pytest.raises(TimelineError, match="dangling symbolic link"):
        open_timeline(path)


def test_symlink_to_a_good_file_opens(tmp_path: Path) -> None:
    target = write(tmp_path, document())
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert ids(open_timeline(link)) == ["good"]


def test_no_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path, document())
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that read any file (root)")
        with pytest.raises(TimelineError, match="cannot open"):
            open_timeline(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("content", [b"", b"   ", b"\n\t \r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_or_blank_file(tmp_path: Path, content: bytes) -> None:
    assert "is empty" in fatal(tmp_path, content).message


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        (b'{"title": "\xff"}', 1, 12),
        (b'{\n  "title": "caf\xc3\xa9 \xc3"\n}', 2, 18),  # column counts characters, not bytes
        (b'{"a": "\xc3\xa9\xc3\xa9",\n "b": "\xc3\xa9\xed\xa0\x80"}', 2, 9),  # CESU surrogate
        (b'\xef\xbb\xbf{"t": "\x80"}', 1, 8),  # after a UTF-8 BOM
    ],
)
def test_not_utf8_names_line_and_column(tmp_path: Path, content: bytes, line: int, column: int) -> None:
    problem = fatal(tmp_path, content)
    assert "is not UTF-8" in problem.message
    assert (problem.line, problem.column) == (line, column)
    assert f"events.json:{line}:{column}: is not UTF-8" in str(problem)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_refused(tmp_path: Path, encoding: str) -> None:
    text = json.dumps(document())
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + text).encode(encoding)
    assert "UTF-16" in fatal(tmp_path, data).message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(document(event())).encode("utf-8")
    timeline = load(tmp_path, data)
    assert timeline.problems == ()
    assert ids(timeline) == ["good", "bad"]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{"version": 1,\n "title": "t",\n "events": [', 3, 13),
        ('{"version": 1, "title": "t"', 1, 28),
        ('{"version": 1,\n "title": "t",,\n "events": []}', 2, 15),
        ('{"version": 1, "title": "t", "events": [],}', 1, 43),
        ("{'version': 1}", 1, 2),
        ('{"version": 1, "title": "unterminated', 1, 25),
        ('{"version": 1} trailing', 1, 16),
    ],
)
def test_invalid_json_names_line_and_column(tmp_path: Path, text: str, line: int, column: int) -> None:
    problem = fatal(tmp_path, text)
    assert "is not valid JSON" in problem.message
    assert (problem.line, problem.column) == (line, column)


@pytest.mark.parametrize(
    ("content", "found"),
    [
        ([], "a list"),
        ("[1, 2]", "a list"),
        ('"text"', "a string"),
        ("3", "a number"),
        ("null", "null"),
        ("true", "true"),
    ],
)
def test_top_level_must_be_an_object(tmp_path: Path, content: Any, found: str) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    with pytest.raises(TimelineError) as info:
        read_text(text, "f.json")  # the reader of our format
    assert [p.message for p in info.value.problems] == [f"the top level must be an object, found {found}"]
    if text.startswith("["):  # a file opened by content: text not in […] or {…} is taken for CSV
        assert fatal(tmp_path, text).message == f"the top level must be an object, found {found}"


def test_no_events_key(tmp_path: Path) -> None:
    problem = fatal(tmp_path, document(events=DROP))
    assert "missing required key 'events'" in problem.message


@pytest.mark.parametrize("key", ["events", "sources", "lanes"])
@pytest.mark.parametrize(("value", "found"), [({}, "an object"), ("x", "a string"), (None, "null"), (3, "a number")])
def test_top_level_lists_must_be_lists(tmp_path: Path, key: str, value: Any, found: str) -> None:
    problem = fatal(tmp_path, document(**{key: value}))
    assert problem.path == key
    assert problem.message == f"expected a list, found {found}"
    assert problem.line is not None


@pytest.mark.parametrize(
    ("version", "fragment"),
    [
        (2, "the file is version 2, made by a newer app"),
        (0, "version 0 does not exist"),
        (-1, "version -1 does not exist"),
        ("1", "expected the number 1, found a string"),
        (1.5, "expected the number 1, found a number"),
        (True, "expected the number 1, found true"),
        (None, "expected the number 1, found null"),
        (DROP, "missing required key 'version'"),
    ],
)
def test_version(tmp_path: Path, version: Any, fragment: str) -> None:
    assert fragment in fatal(tmp_path, document(version=version)).message


@pytest.mark.parametrize(
    ("title", "fragment"),
    [
        (DROP, "missing required key 'title'"),
        ("", "must not be empty"),
        ("  \t", "must not be empty"),
        (7, "expected a string, found a number"),
    ],
)
def test_top_level_title(tmp_path: Path, title: Any, fragment: str) -> None:
    assert fragment in fatal(tmp_path, document(title=title)).message


def test_top_level_description_may_be_empty_but_must_be_text(tmp_path: Path) -> None:
    assert load(tmp_path, document(description="")).problems == ()
    assert load(tmp_path, document(description="About.")).description == "About."
    assert "expected a string" in fatal(tmp_path, document(description=["x"])).message


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_name_the_token(tmp_path: Path, token: str) -> None:
    text = (
        '{\n  "version": 1,\n  "title": "NaN and Infinity in a string are fine",\n'
        f'  "events": [],\n  "x-n": [1, {token}]\n}}'
    )
    problem = fatal(tmp_path, text)
    assert problem.message == f"{token} is not allowed in JSON (numbers must be finite)"
    assert (problem.line, problem.column) == (5, 14)


def test_nan_inside_strings_is_text(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(title="NaN Infinity -Infinity"))
    assert timeline.title == "NaN Infinity -Infinity"


def test_1e400_as_a_paragraph_is_not_a_whole_number(tmp_path: Path) -> None:
    text = json.dumps(document(event(citations=[citation(paragraph=12345)])), indent=2)
    text = text.replace("12345", "1e400")
    timeline = load(tmp_path, text)
    problem = one_problem(timeline, "events[1].citations[0].paragraph", "not a whole number")
    assert problem.line == line_of(text, "1e400")
    assert ids(timeline) == ["good", "bad"]
    assert timeline.events[1].citations == ()


def test_integer_with_too_many_digits_is_refused_not_crashing(tmp_path: Path) -> None:
    text = '{"version": 1, "title": "t", "events": [],\n "x-big": ' + "9" * 5000 + "}"
    problem = fatal(tmp_path, text)
    assert "5,000 digits" in problem.message
    assert (problem.line, problem.column) == (2, 11)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 100_000 + "1" + "}" * 100_000,
        '{"version": 1, "title": "t", "events": [' + "[" * 100_000 + "]" * 100_000 + "]}",
    ],
    ids=["open", "closed", "objects", "inside-events"],
)
def test_deep_nesting_is_a_timeline_error(tmp_path: Path, text: str) -> None:
    try:
        problem = fatal(tmp_path, text)
    except RecursionError:  # pragma: no cover - the failure this test guards against
        pytest.fail("RecursionError escaped open_timeline")
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize("key", ["colour", "Version", "X-custom", "x_custom", "events "])
def test_unknown_top_level_key(tmp_path: Path, key: str) -> None:
    problem = fatal(tmp_path, document(**{key: 1}))
    assert problem.path == key
    assert f"unknown key {key!r}" in problem.message
    assert "allowed:" in problem.message and "x-" in problem.message
    assert problem.line is not None


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    text = '{"version": 1, "title": "a",\n "title": "b", "events": []}'
    problem = fatal(tmp_path, text)
    assert problem.path == "title"
    assert "given more than once" in problem.message


def test_lone_surrogate_in_top_level_title(tmp_path: Path) -> None:
    text = json.dumps(document(title="x\ud800y"))  # ensure_ascii writes \ud800
    assert "\\ud800" in text
    assert "lone UTF-16 surrogate" in fatal(tmp_path, text).message


# --- per item: duplicates and references ----------------------------------------------


def test_duplicate_event_id(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(id="good", title="Second")))
    problem = one_problem(timeline, "events[1].id", "duplicate id 'good' (first used by events[0])")
    assert "left out" in problem.message
    assert [e.title for e in timeline.events] == ["Earlier"]


def test_duplicate_lane_id(tmp_path: Path) -> None:
    doc = document(lanes=[lane(), lane(title="Again"), {"id": "dprk", "title": "North Korea"}])
    timeline = load(tmp_path, doc)
    one_problem(timeline, "lanes[1].id", "duplicate id 'us' (first used by lanes[0])")
    assert [(lane.id, lane.title) for lane in timeline.lanes] == [("us", "United States"), ("dprk", "North Korea")]
    assert ids(timeline) == ["good"]


def test_duplicate_source_id(tmp_path: Path) -> None:
    doc = document(event(), sources=[source(), source(title="Copy", paragraphs=["other"])])
    timeline = load(tmp_path, doc)
    one_problem(timeline, "sources[1].id", "duplicate id 'art' (first used by sources[0])")
    assert [s.title for s in timeline.sources] == ["Article"]
    assert ids(timeline) == ["good", "bad"]


def test_dangling_lane(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(lane="nowhere")))
    one_problem(timeline, "events[1].lane", "lane 'nowhere' is not defined in 'lanes'")
    assert ids(timeline) == ["good"]


def test_dangling_source_drops_the_citation_only(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(citations=[citation(source="ghost"), citation()])))
    one_problem(timeline, "events[1].citations[0].source", "source 'ghost' is not defined in 'sources'")
    assert ids(timeline) == ["good", "bad"]
    assert [c.source for c in timeline.events[1].citations] == ["art"]


def test_citation_without_any_sources(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(), sources=DROP))
    one_problem(timeline, "events[1].citations[0].source", "source 'art' is not defined")
    assert timeline.sources == ()
    assert ids(timeline) == ["good", "bad"]


@pytest.mark.parametrize(
    ("paragraph", "fragment"),
    [
        (0, "found 0"),
        (-1, "found -1"),
        (1.5, "1.5 (not a whole number)"),
        (1.0, "found 1.0"),
        ("3", 'found the string "3"'),
        (True, "found true"),
        (False, "found false"),
        (None, "found null"),
        ([1], "found a list"),
        ({"n": 1}, "found an object"),
        (4, "source 'art' has 3 paragraphs, so there is no paragraph 4"),
        (10**20, "has 3 paragraphs"),
    ],
)
def test_bad_paragraph_drops_the_citation(tmp_path: Path, paragraph: Any, fragment: str) -> None:
    timeline = load(tmp_path, document(event(citations=[citation(paragraph=paragraph, quote=DROP)])))
    problem = one_problem(timeline, "events[1].citations[0].paragraph", fragment)
    if paragraph != 4 and paragraph != 10**20:
        assert problem.message.startswith("expected a whole paragraph number from 1")
    assert ids(timeline) == ["good", "bad"]
    assert timeline.events[1].citations == ()


def test_last_paragraph_is_fine(tmp_path: Path) -> None:
    doc = document(event(citations=[citation(paragraph=3, quote="talks may resume")]))
    timeline = load(tmp_path, doc)
    assert timeline.problems == ()
    assert timeline.events[1].citations[0].paragraph == 3


@pytest.mark.parametrize(
    "quote",
    [
        "met Donald Trump in Vietnam",  # not in the paragraph
        "met donald trump",  # case differs
        "met  Donald Trump",  # spacing differs
        "The summit ended early",  # in another paragraph
        "in Hanoi. ",  # a trailing space the paragraph lacks
    ],
)
def test_quote_must_be_verbatim(tmp_path: Path, quote: str) -> None:
    timeline = load(tmp_path, document(event(citations=[citation(quote=quote)])))
    one_problem(timeline, "events[1].citations[0].quote", "does not occur verbatim in paragraph 1 of 'art'")
    assert ids(timeline) == ["good", "bad"]
    assert timeline.events[1].citations == ()


def test_quote_is_optional_and_may_be_the_whole_paragraph(tmp_path: Path) -> None:
    doc = document(event(citations=[citation(quote=DROP), citation(paragraph=2, quote=PARAGRAPHS[1])]))
    timeline = load(tmp_path, doc)
    assert timeline.problems == ()
    assert [c.quote for c in timeline.events[1].citations] == [None, PARAGRAPHS[1]]


# --- per item: dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-02-28", "2019-02-27"),
        ("2019", "2018"),
        ("2019-02-28T12:00", "2019-02-28T11:59"),
        ("2019-02-28T12:00Z", "2019-02-28T18:00+07:00"),
    ],
)
def test_end_before_start(tmp_path: Path, start: str, end: str) -> None:
    timeline = load(tmp_path, document(event(start=start, end=end)))
    one_problem(timeline, "events[1].end", f"end {end!r} is before start {start!r}")
    assert ids(timeline) == ["good"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-02-28", "2019-02-28"),
        ("2019", "2019"),
        ("2019-02-28T12:00", "2019-02-28T12:00"),
        ("2019-02-28T12:00Z", "2019-02-28T19:00+07:00"),
        ("2019-02-27", "2019-02-28"),
    ],
)
def test_end_equal_to_or_after_start_is_accepted(tmp_path: Path, start: str, end: str) -> None:
    timeline = load(tmp_path, document(event(start=start, end=end)))
    assert timeline.problems == ()
    bad = timeline.events[timeline.event_index["bad"]]
    assert bad.end == parse_date(end)
    assert bad.is_range


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("start", "2019-02-30", "day 30 does not exist"),
        ("start", "2019-W09", "ISO week dates"),
        ("start", "2019-02-28 10:00", "capital T"),
        ("start", "", "is not a date"),
        ("end", "2019-13", "month 13 does not exist"),
        ("start", 2019, "must be a string"),
    ],
)
def test_bad_dates_leave_the_event_out(tmp_path: Path, key: str, value: Any, fragment: str) -> None:
    timeline = load(tmp_path, document(event(**{key: value})))
    one_problem(timeline, f"events[1].{key}", fragment)
    assert ids(timeline) == ["good"]


def test_bad_published_date_leaves_the_source_out(tmp_path: Path) -> None:
    doc = document(sources=[source(), source(id="other", published="2019-02-29")])
    timeline = load(tmp_path, doc)
    one_problem(timeline, "sources[1].published", "day 29 does not exist")
    assert [s.id for s in timeline.sources] == ["art"]


def test_events_come_out_sorted_by_start(tmp_path: Path) -> None:
    events = [
        event(id="year", start="2019", citations=DROP),
        event(id="hanoi-night", start="2019-02-28T01:00+07:00", citations=DROP),  # 27 Feb 18:00 UTC
        event(id="jan-first", start="2019-01-01", citations=DROP),
        event(id="evening", start="2019-02-27T20:00", citations=DROP),
        event(id="old", start="2016", end="2017", citations=DROP),
        event(id="month", start="2019-02", citations=DROP),
    ]
    timeline = load(tmp_path, document(*events))
    assert timeline.problems == ()
    assert ids(timeline) == ["old", "good", "jan-first", "year", "month", "hanoi-night", "evening"]
    begins = [(e.begin, e.finish) for e in timeline.events]
    assert begins == sorted(begins)


# --- per item: keys ----------------------------------------------------------------------


def test_unknown_key_in_event(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(date="2019")))
    problem = one_problem(timeline, "events[1].date", "unknown key 'date'")
    assert "allowed: approximate, citations, end, id, lane, start, summary, tags, title" in problem.message
    assert ids(timeline) == ["good"]


def test_unknown_key_in_lane(tmp_path: Path) -> None:
    doc = document(lanes=[lane(), {"id": "spare", "title": "Spare", "colour": "#000000"}])
    timeline = load(tmp_path, doc)
    one_problem(timeline, "lanes[1].colour", "unknown key 'colour'")
    assert [lane.id for lane in timeline.lanes] == ["us"]


def test_unknown_key_in_source(tmp_path: Path) -> None:
    doc = document(sources=[source(), source(id="spare", author="Someone")])
    timeline = load(tmp_path, doc)
    one_problem(timeline, "sources[1].author", "unknown key 'author'")
    assert [s.id for s in timeline.sources] == ["art"]


def test_unknown_key_in_citation(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(citations=[citation(page=2)])))
    one_problem(timeline, "events[1].citations[0].page", "unknown key 'page'")
    assert ids(timeline) == ["good", "bad"]
    assert timeline.events[1].citations == ()


def test_x_keys_are_accepted_everywhere(tmp_path: Path) -> None:
    anything = {"nested": [1, None, {"deep": True}], "text": "free"}
    doc = document(
        event(**{"x-note": anything, "citations": [citation(**{"x-checked": "2019-03-02"})]}),
        sources=[source(**{"x-archive": "somewhere"})],
        lanes=[lane(**{"x-order": 1})],
        **{"x-editor": anything, "x-": 0},
    )
    timeline = load(tmp_path, doc)
    assert timeline.problems == ()
    assert ids(timeline) == ["good", "bad"]
    assert len(timeline.events[1].citations) == 1


@pytest.mark.parametrize(
    ("text", "path", "kept", "citations"),
    [
        ('{"id": "bad", "title": "A", "title": "B", "start": "2019", "lane": "us"}', "events[1].title", ["good"], None),
        ('{"id": "bad", "title": "A", "start": "2019", "lane": "us", "lane": "us"}', "events[1].lane", ["good"], None),
        (
            '{"id": "bad", "title": "A", "start": "2019", "lane": "us", '
            '"citations": [{"source": "art", "paragraph": 1, "paragraph": 2}]}',
            "events[1].citations[0].paragraph",
            ["good", "bad"],
            (),
        ),
    ],
)
def test_duplicate_json_keys_inside_an_item(
    tmp_path: Path, text: str, path: str, kept: list[str], citations: tuple | None
) -> None:
    doc = json.dumps(document(), indent=2)
    doc = doc.replace('"lane": "us"\n    }', '"lane": "us"\n    },\n    ' + text, 1)
    timeline = load(tmp_path, doc)
    one_problem(timeline, path, "is given more than once")
    assert ids(timeline) == kept
    if citations is not None:
        assert timeline.events[1].citations == citations


def test_duplicate_json_key_inside_a_lane(tmp_path: Path) -> None:
    text = json.dumps(document(lanes=[lane()]), indent=2)
    text = text.replace('"lanes": [', '"lanes": [{"id": "x", "id": "y", "title": "Dup"},', 1)
    timeline = load(tmp_path, text)
    one_problem(timeline, "lanes[0].id", "key 'id' is given more than once")
    assert [lane.id for lane in timeline.lanes] == ["us"]


# --- per item: types and required fields ----------------------------------------------------

WRONG_TYPES = [
    # (where, key, value, message fragment)
    ("event", "id", 5, "expected a string, found a number"),
    ("event", "title", None, "expected a string, found null"),
    ("event", "title", ["Summit"], "expected a string, found a list"),
    ("event", "start", {"year": 2019}, "must be a string"),
    ("event", "end", ["2019"], "must be a string"),
    ("event", "lane", 1, "expected a string, found a number"),
    ("event", "summary", 1, "expected a string, found a number"),
    ("event", "approximate", "yes", "expected true or false, found a string"),
    ("event", "approximate", 1, "expected true or false, found a number"),
    ("event", "approximate", None, "expected true or false, found null"),
    ("event", "tags", "sanctions", "expected a list of strings"),
    ("event", "tags", ["ok", 1], "expected a list of strings"),
    ("event", "citations", {"source": "art"}, "expected a list, found an object"),
    ("lane", "id", True, "expected a string, found true"),
    ("lane", "title", 3, "expected a string, found a number"),
    ("lane", "color", 0x1F77B4, "expected a string, found a number"),
    ("source", "id", [], "expected a string, found a list"),
    ("source", "title", {}, "expected a string, found an object"),
    ("source", "publisher", 1, "expected a string, found a number"),
    ("source", "published", 2019, "must be a string"),
    ("source", "url", False, "expected a string, found false"),
    ("source", "paragraphs", "one long text", "expected a list of strings, found a string"),
    ("source", "paragraphs", None, "expected a list of strings, found null"),
    ("citation", "source", 1, "expected a string, found a number"),
    ("citation", "quote", 1, "expected a string, found a number"),
]

EMPTY_STRINGS = [
    ("event", "id", ""),
    ("event", "title", "  "),
    ("event", "lane", ""),
    ("lane", "id", " "),
    ("lane", "title", ""),
    ("lane", "color", ""),
    ("source", "id", ""),
    ("source", "title", "\n"),
    ("source", "publisher", ""),
    ("source", "url", " "),
    ("citation", "source", ""),
    ("citation", "quote", ""),
]

MISSING = [
    ("event", "id"),
    ("event", "title"),
    ("event", "start"),
    ("event", "lane"),  # required because the file has 'lanes'
    ("lane", "id"),
    ("lane", "title"),
    ("source", "id"),
    ("source", "title"),
    ("source", "paragraphs"),
    ("citation", "source"),
    ("citation", "paragraph"),
]


def _with_item(kind: str, key: str, value: Any) -> tuple[dict, str, str]:
    """A document with one item of `kind` changed; its path; the id that must be left out."""
    changes = {key: value}
    if kind == "event":
        return document(event(**changes)), "events[1]", "bad"
    if kind == "citation":
        return document(event(citations=[citation(**changes)])), "events[1].citations[0]", ""
    if kind == "lane":
        spare = _changed({"id": "spare", "title": "Spare"}, changes)
        return document(lanes=[lane(), spare]), "lanes[1]", "spare"
    spare = _changed(source(id="spare"), changes)
    return document(sources=[source(), spare]), "sources[1]", "spare"


def _kept(timeline: Timeline, kind: str) -> list[str]:
    if kind == "lane":
        return [lane.id for lane in timeline.lanes]
    if kind == "source":
        return [s.id for s in timeline.sources]
    return ids(timeline)


def _check_left_out(timeline: Timeline, kind: str, gone: str) -> None:
    if kind == "citation":
        assert ids(timeline) == ["good", "bad"]
        assert timeline.events[1].citations == ()
    else:
        assert gone not in _kept(timeline, kind)
        assert "good" in ids(timeline)


@pytest.mark.parametrize(("kind", "key", "value", "fragment"), WRONG_TYPES)
def test_wrong_types(tmp_path: Path, kind: str, key: str, value: Any, fragment: str) -> None:
    doc, path, gone = _with_item(kind, key, value)
    timeline = load(tmp_path, doc)
    one_problem(timeline, f"{path}.{key}", fragment)
    _check_left_out(timeline, kind, gone)


def test_item_that_is_not_an_object(tmp_path: Path) -> None:
    for kind, doc in [
        ("events[1]", document("an event")),
        ("lanes[1]", document(lanes=[lane(), ["spare"]])),
        ("sources[1]", document(sources=[source(), 7])),
        ("events[1].citations[0]", document(event(citations=["art:1"]))),
    ]:
        timeline = load(tmp_path, doc)
        one_problem(timeline, kind, "expected an object")


def test_paragraph_that_is_not_a_string_leaves_the_source_out(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(sources=[source(), source(id="spare", paragraphs=["ok", 2])]))
    one_problem(timeline, "sources[1].paragraphs[1]", "expected a string, found a number")
    assert [s.id for s in timeline.sources] == ["art"]


@pytest.mark.parametrize(("kind", "key", "value"), EMPTY_STRINGS)
def test_blank_strings_where_text_is_required(tmp_path: Path, kind: str, key: str, value: str) -> None:
    doc, path, gone = _with_item(kind, key, value)
    timeline = load(tmp_path, doc)
    one_problem(timeline, f"{path}.{key}", "must not be empty")
    _check_left_out(timeline, kind, gone)


def test_empty_summary_paragraphs_and_tags_are_fine(tmp_path: Path) -> None:
    doc = document(event(summary="", tags=[], citations=[]), sources=[source(), source(id="e", paragraphs=[])])
    timeline = load(tmp_path, doc)
    assert timeline.problems == ()
    assert timeline.events[1].summary == ""


@pytest.mark.parametrize(("kind", "key"), MISSING)
def test_missing_required_fields(tmp_path: Path, kind: str, key: str) -> None:
    doc, path, gone = _with_item(kind, key, DROP)
    timeline = load(tmp_path, doc)
    one_problem(timeline, path, f"missing required key {key!r}")
    _check_left_out(timeline, kind, gone)


def test_optional_fields_have_defaults(tmp_path: Path) -> None:
    doc = document(event(citations=DROP))
    timeline = load(tmp_path, doc)
    bad = timeline.events[1]
    assert (bad.end, bad.summary, bad.approximate, bad.tags, bad.citations) == (None, "", False, (), ())
    assert [lane.color for lane in timeline.lanes] == ["#0072B2", "#d55e00"]


# --- lanes --------------------------------------------------------------------------------


def test_lane_named_while_the_file_has_no_lanes(tmp_path: Path) -> None:
    doc = document(event(), lanes=DROP)
    doc["events"][0].pop("lane")
    timeline = load(tmp_path, doc)
    one_problem(timeline, "events[1].lane", "the file has no 'lanes' list")
    assert ids(timeline) == ["good"]


def test_default_single_lane_when_lanes_is_omitted(tmp_path: Path) -> None:
    doc = document(event(lane=DROP), lanes=DROP)
    doc["events"][0].pop("lane")
    timeline = load(tmp_path, doc)
    assert timeline.problems == ()
    assert timeline.lanes == (DEFAULT_LANE,)
    assert {e.lane for e in timeline.events} == {DEFAULT_LANE.id}
    assert timeline.columns.lane.tolist() == [0, 0]


def test_empty_lanes_list_means_every_lane_is_undefined(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(lanes=[]))
    one_problem(timeline, "events[0].lane", "lane 'us' is not defined")
    assert timeline.lanes == ()
    assert timeline.events == ()


@pytest.mark.parametrize("color", ["#12345", "#1234567", "red", "#12345g", "1f77b4", "#1f77b4 ", "#fff"])
def test_bad_colour(tmp_path: Path, color: str) -> None:
    timeline = load(tmp_path, document(lanes=[lane(), {"id": "spare", "title": "Spare", "color": color}]))
    one_problem(timeline, "lanes[1].color", 'expected a colour like "#1f77b4"')
    assert [lane.id for lane in timeline.lanes] == ["us"]


@pytest.mark.parametrize("color", ["#abcdef", "#ABCDEF", "#0072b2"])
def test_good_colour(tmp_path: Path, color: str) -> None:
    timeline = load(tmp_path, document(lanes=[lane(color=color)]))
    assert timeline.problems == ()
    assert timeline.lanes[0].color == color


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "key", "value", "path_suffix"),
    [
        ("event", "title", "Sum\ud800mit", ".title"),
        ("event", "summary", "\udfff", ".summary"),
        ("event", "tags", ["ok", "\ud800"], ".tags"),
        ("lane", "title", "\udc00", ".title"),
        ("source", "publisher", "x\ud800", ".publisher"),
        ("source", "paragraphs", ["ok", "\ud800"], ".paragraphs[1]"),
        ("citation", "quote", "\ud800", ".quote"),
    ],
)
def test_lone_surrogate_escape(tmp_path: Path, kind: str, key: str, value: Any, path_suffix: str) -> None:
    doc, path, gone = _with_item(kind, key, value)
    text = json.dumps(doc, indent=2)  # ensure_ascii: the surrogate is written as an escape
    assert "\\ud" in text or "\\udc" in text
    timeline = load(tmp_path, text)
    one_problem(timeline, f"{path}{path_suffix}", "lone UTF-16 surrogate")
    _check_left_out(timeline, kind, gone)


def test_surrogate_pair_escape_is_text(tmp_path: Path) -> None:
    text = json.dumps(document(event(title="Summit \U0001f91d")))
    assert "\\ud83e\\udd1d" in text
    timeline = load(tmp_path, text)
    assert timeline.problems == ()
    assert timeline.events[1].title == "Summit \U0001f91d"


def test_non_ascii_text_round_trips(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(title="북미회담 – “Hanoi”", tags=["北朝鮮"])))
    assert timeline.events[1].title == "북미회담 – “Hanoi”"
    assert timeline.events[1].tags == ("北朝鮮",)


# --- several problems, citations, and the input file ---------------------------------------


def test_every_problem_is_listed_with_its_line(tmp_path: Path) -> None:
    doc = document(
        event(id="e1", lane="nowhere"),
        event(id="e2", start="2019-02-30"),
        event(id="e3", citations=[citation(paragraph=9)]),
        event(id="e4", **{"colour": "red"}),
        lanes=[lane(), {"id": "spare", "title": "Spare", "color": "blue"}],
    )
    text = json.dumps(doc, indent=2)
    timeline = load(tmp_path, text)
    got = [(p.path, p.line) for p in timeline.problems]
    assert got == [
        ("lanes[1].color", line_of(text, '"blue"')),
        ("events[1].lane", line_of(text, '"nowhere"')),
        ("events[2].start", line_of(text, '"2019-02-30"')),
        ("events[3].citations[0].paragraph", line_of(text, '"paragraph": 9')),
        ("events[4].colour", line_of(text, '"colour"')),
    ]
    assert ids(timeline) == ["good", "e3"]
    for problem in timeline.problems:
        assert str(problem).startswith(f"{timeline.path}:{problem.line}:{problem.column}: {problem.path}: ")


def test_fatal_top_level_problems_are_all_listed(tmp_path: Path) -> None:
    path = write(tmp_path, {"version": 2, "title": "", "events": {}, "extra": 1})
    with pytest.raises(TimelineError) as info:
        open_timeline(path)
    paths = sorted(p.path for p in info.value.problems)
    assert paths == ["events", "extra", "title", "version"]


def test_a_bad_citation_is_dropped_but_its_event_stays(tmp_path: Path) -> None:
    cites = [citation(), citation(paragraph=2, quote="not there"), citation(paragraph=3, quote=DROP)]
    doc = document(event(citations=cites))
    timeline = load(tmp_path, doc)
    one_problem(timeline, "events[1].citations[1].quote", "does not occur verbatim")
    assert ids(timeline) == ["good", "bad"]
    assert [c.paragraph for c in timeline.events[1].citations] == [1, 3]
    assert timeline.events_citing("art", 3) == ["bad"]
    assert timeline.events_citing("art", 2) == []


def test_a_bad_citation_plus_another_problem_drops_the_event(tmp_path: Path) -> None:
    timeline = load(tmp_path, document(event(approximate="no", citations=[citation(paragraph=0)])))
    assert {p.path for p in timeline.problems} == {"events[1].approximate", "events[1].citations[0].paragraph"}
    assert ids(timeline) == ["good"]


def test_loader_never_writes_the_input(tmp_path: Path) -> None:
    for content in (document(event()), document(event(lane="nowhere")), '{"broken": ', b"\xef\xbb\xbf{}"):
        path = write(tmp_path, content)
        before = (path.stat().st_mtime_ns, path.stat().st_size, path.read_bytes())
        with contextlib.suppress(TimelineError):
            open_timeline(path)
        after = (path.stat().st_mtime_ns, path.stat().st_size, path.read_bytes())
        assert after == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["events.json"]


def test_accepts_str_and_pathlike(tmp_path: Path) -> None:
    path = write(tmp_path, document())
    assert ids(open_timeline(str(path))) == ids(open_timeline(path)) == ["good"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from desktop.io.jsonfile import MAX_FILE_BYTES

    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no time or disk spent
    with pytest.raises(TimelineError) as caught:
        open_timeline(path)
    assert "too large" in str(caught.value) and str(path) in str(caught.value)
