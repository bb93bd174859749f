"""The corpus: bad and odd events files, each built by a small generator, with the outcome expected.

A case makes its file (or folder, FIFO, link…) at a given path. Its outcome is one of
  "ok"       opens cleanly, no problems;
  "problems" opens, with per-item problems listed (the bad items left out);
  "refused"  cannot open: the loader's message names the file, the place and what was expected.
`where` is a regex for the place, written right after the file name in the message
(`at("events[1].start")` is `:line:col: events[1].start: `; `pos(1, 7)` is `:1:7: `),
and `what` is words of the message saying what was expected.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

Outcome = Literal["ok", "problems", "refused"]
Make = Callable[[Path], None]

PARAGRAPHS = [
    "Kim Jong Un met Donald Trump in Hanoi.",
    "The summit ended early without a deal.",
    "Both sides said talks may resume.",
]


def base(*events: dict, **top: Any) -> dict:
    """A valid file: one source, two lanes, the two events `base_events()` plus `events`."""
    doc = {
        "version": 1,
        "title": "Corpus case",
        "sources": [{"id": "art", "title": "Article", "paragraphs": list(PARAGRAPHS)}],
        "lanes": [{"id": "us", "title": "United States"}, {"id": "dprk", "title": "North Korea", "color": "#d55e00"}],
        "events": [*base_events(), *events],
    }
    for key, value in top.items():
        if value is DROP:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


DROP = object()


def base_events() -> list[dict]:
    """Two good events; every case's own events come after them (so they are `events[2]`…)."""
    return [
        {"id": "singapore", "title": "Singapore summit", "start": "2018-06-12", "lane": "us",
         "citations": [{"source": "art", "paragraph": 1, "quote": "met Donald Trump"}]},
        {"id": "hanoi", "title": "Hanoi summit", "start": "2019-02-27", "end": "2019-02-28", "lane": "dprk"},
    ]


def event(**fields: Any) -> dict:
    """An event of lane `us` with id `e`, changed by `fields` (DROP removes a key)."""
    out: dict = {"id": "e", "title": "An event", "start": "2019-03-01", "lane": "us"}
    for key, value in fields.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def cite(**fields: Any) -> dict:
    """An event citing paragraph 2 of `art`, with the citation changed by `fields`."""
    citation: dict = {"source": "art", "paragraph": 2}
    citation.update(fields)
    return event(citations=[citation])


def dumps(doc: Any) -> bytes:
    """Pretty-printed UTF-8 JSON, as people and tools write it (so places have line:column)."""
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


def at(path: str) -> str:
    """Regex: a problem at a JSON path, with its line and column."""
    return rf":\d+:\d+: {re.escape(path)}: "


def pos(line: int, col: int) -> str:
    """Regex: a problem at a line and column of the text."""
    return rf":{line}:{col}: "


FILE = ": "  # a problem of the file as a whole: no place inside it
# Text that does not start with { or [ is read as CSV by `validate` and `export` (desktop.io.importers).
NOT_A_FORMAT = "is not a known timeline format"
FILE_OR_START = rf"(?:{FILE}|{pos(1, 1)})"


@dataclass(frozen=True)
class Case:
    """One corpus entry."""

    name: str
    make: bytes | Make
    outcome: Outcome
    where: str = ""
    what: str | tuple[str, ...] = ""  # a tuple: any one of them (the loader and the importers word some apart)
    events: int | None = None  # events that open ("ok"/"problems")
    problems: int | None = None  # how many problems are listed, when it matters
    export: bool = False  # in the representative subset that also runs the export
    fs: bool = False  # a file-system case: not bytes, so it is made in place for live reload
    simulate: Callable[[Any, Path], None] | None = None  # (monkeypatch, path): what root cannot do for real
    check: str = ""  # an extra check the test runs by name

    def build(self, path: Path) -> None:
        """Make the case at `path` (which must not exist yet)."""
        if isinstance(self.make, bytes):
            path.write_bytes(self.make)
        else:
            self.make(path)


def _bytes(name: str, data: bytes, outcome: Outcome, where: str = "", what: str | tuple[str, ...] = "",
           **kw: Any) -> Case:
    return Case(name, data, outcome, where, what, **kw)


def _doc(name: str, doc: Any, outcome: Outcome, where: str = "", what: str | tuple[str, ...] = "",
         **kw: Any) -> Case:
    return Case(name, dumps(doc), outcome, where, what, **kw)


GOOD = dumps(base())

# --- bytes -------------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    return b'{"version": 1, "title": "deep", "events": ' + b"[" * depth + b"]" * depth + b"}"


BYTES = [
    _bytes("empty", b"", "refused", FILE, "is empty", export=True),
    _bytes("whitespace", b" \n\t\r\n  ", "refused", FILE, "is empty"),
    _bytes("truncated", GOOD[: len(GOOD) // 2], "refused", r":\d+:\d+: ",
           "is not valid JSON: Unterminated string starting here", export=True),
    _bytes("bom", b"\xef\xbb\xbf" + GOOD, "ok", events=2, export=True),
    _bytes("utf16-with-bom", GOOD.decode().encode("utf-16"), "refused", FILE, "is UTF-16; save it as UTF-8"),
    _bytes("utf16-without-bom", GOOD.decode().encode("utf-16-le"), "refused", pos(1, 2),
           "contains NUL bytes: is it UTF-16 without a byte-order mark?"),
    _bytes("latin1", dumps(base(title="Café")).decode().encode("latin-1"), "refused", pos(3, 16),
           "is not UTF-8: byte 0xE9", export=True),
    _bytes("raw-control-character", dumps(base(title="A\x01B")).replace(b"\\u0001", b"\x01"), "refused",
           pos(3, 14), "Invalid control character here"),
    _bytes("raw-tab-in-string", dumps(base(title="A\tB")).replace(b"\\t", b"\t"), "refused", pos(3, 14),
           "Invalid control character here"),
    _bytes("lone-surrogate-escape-in-title", dumps(base()).replace(b'"Corpus case"', b'"bad \\ud800"'),
           "refused", at("title"), "lone UTF-16 surrogate"),
    _bytes("lone-surrogate-escape-in-event", dumps(base(event(title="X"))).replace(b'"X"', b'"\\udfff"'),
           "problems", at("events[2].title"), "lone UTF-16 surrogate", events=2),
    _bytes("lone-surrogate-raw-bytes", dumps(base(title="X")).replace(b'"X"', b'"\xed\xa0\x80"'), "refused",
           pos(3, 13), "is not UTF-8: byte 0xED"),
    _bytes("nan", dumps(base(event(approximate=True))).replace(b"true", b"NaN"), "refused", r":\d+:\d+: ",
           "NaN is not allowed", export=True),
    _bytes("infinity", dumps(base()).replace(b'"version": 1', b'"version": -Infinity'), "refused", pos(2, 14),
           "-Infinity is not allowed"),
    _bytes("1e400", dumps(base(cite(paragraph=7))).replace(b'"paragraph": 7', b'"paragraph": 1e400'), "problems",
           at("events[2].citations[0].paragraph"), "a number too large", events=3),
    _bytes("huge-integer", dumps(base(cite(paragraph=7))).replace(b'"paragraph": 7', b'"paragraph": ' + b"9" * 5000),
           "refused", r":\d+:\d+: ", "digits is too long"),
    _bytes("nested-100000-lists", _nested(100_000), "refused", FILE, "nested too deeply", export=True),
    _bytes("nested-100000-objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "refused", FILE,
           "nested too deeply"),
    _bytes("duplicate-top-level-key", dumps(base()).replace(b'"title": "Corpus case",',
                                                            b'"title": "One", "title": "Two",'),
           "refused", at("title"), "key 'title' is given more than once"),
    _bytes("duplicate-event-key", dumps(base(event(start="2019-03-01"))).replace(
        b'"start": "2019-03-01",', b'"start": "2019-03-01", "start": "2019-03-02",'),
           "problems", at("events[2].start"), "given more than once", events=2),
    _bytes("trailing-comma", dumps(base()).replace(b'"Corpus case",', b'"Corpus case",,'), "refused", pos(3, 26),
           "is not valid JSON: Expecting property name"),
    _bytes("comments", b"// my timeline\n" + GOOD, "refused", pos(1, 1), ("is not valid JSON", NOT_A_FORMAT)),
    _bytes("extra-data-after-object", GOOD + b"\n{}", "refused", r":\d+:1: ", "is not valid JSON: Extra data"),
    _bytes("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "refused", pos(3, 1),
           "contains NUL bytes: is it a binary file?"),
    _bytes("nul-bytes", GOOD.replace(b"Hanoi summit", b"Hanoi\x00summit"), "refused", r":\d+:\d+: ",
           "contains NUL bytes: is it a binary file?"),
]

# --- structure ---------------------------------------------------------------------------

_WRONG = {"a number": 7, "null": None, "true": True, "a list": ["x"], "an object": {"x": 1}, "a string": "x"}


def _wrong_types(kind: str, field: str, expected: str, *, skip: tuple[str, ...] = (), what: str = "expected") -> Case:
    """Every wrong type for one field, one item each, all in one file: every one is listed."""
    wrong = {k: v for k, v in _WRONG.items() if k not in (expected, *skip)}
    items = []
    for i, value in enumerate(wrong.values()):
        item = event(**{field: value}) if kind == "event" else cite(**{field: value})
        if field != "id":
            item["id"] = f"w{i}"
        items.append(item)
    return _doc(f"wrong-types-{kind}-{field}", base(*items), "problems",
                at(f"events[2].{field}" if kind == "event" else f"events[2].citations[0].{field}"),
                what, events=2 + len(wrong) if kind == "citation" else 2, problems=len(wrong))


def _wrong_top_level(field: str, value: Any, what: str) -> Case:
    return _doc(f"wrong-type-top-{field.strip('$')}-{type(value).__name__}", base(**{field: value}), "refused",
                at(field), what)


STRUCTURE = [
    _doc("top-level-list", [base()], "refused", FILE, "the top level must be an object, found a list",
         export=True),
    _doc("top-level-string", "events", "refused", FILE_OR_START, ("must be an object, found a string", NOT_A_FORMAT)),
    _doc("top-level-null", None, "refused", FILE_OR_START, ("must be an object, found null", NOT_A_FORMAT)),
    _doc("top-level-number", 1, "refused", FILE_OR_START, ("must be an object, found a number", NOT_A_FORMAT)),
    _doc("events-not-a-list", base(events={"e": event()}), "refused", at("events"), "expected a list, found an object",
         export=True),
    _doc("events-null", base(events=None), "refused", at("events"), "expected a list, found null"),
    _wrong_top_level("title", 7, "expected a string, found a number"),
    _wrong_top_level("title", "", "must not be empty"),
    _wrong_top_level("version", "1", "expected the number 1, found a string"),
    _wrong_top_level("version", True, "expected the number 1, found true"),
    _wrong_top_level("description", ["a"], "expected a string, found a list"),
    _wrong_top_level("sources", {}, "expected a list, found an object"),
    _wrong_top_level("lanes", "us", "expected a list, found a string"),
    _wrong_top_level("$schema", False, "expected a string, found false"),
    *(_wrong_types("event", f, "a string") for f in ("id", "title", "lane")),
    *(_wrong_types("event", f, "a string", what='a date must be a string like "2019-02-28", found')
      for f in ("start", "end")),
    _wrong_types("event", "summary", "a string"),
    _wrong_types("event", "approximate", "true"),
    _wrong_types("event", "tags", "a list", skip=("a list",)),
    _wrong_types("event", "citations", "a list", skip=("a list",)),
    _wrong_types("citation", "source", "a string"),
    _wrong_types("citation", "paragraph", "a number"),
    _wrong_types("citation", "quote", "a string"),
    _doc("event-not-an-object", base("hanoi"), "problems", at("events[2]"), "expected an object, found a string",
         events=2),
    _doc("source-wrong-types", base(sources=[{"id": "art", "title": 1, "paragraphs": "text"}]), "problems",
         at("sources[0].paragraphs"), "expected a list of strings, found a string", events=2),
    _doc("lane-bad-colour", base(lanes=[{"id": "us", "title": "US", "color": "red"},
                                        {"id": "dprk", "title": "North Korea"}]),
         "problems", at("lanes[0].color"), 'expected a colour like "#1f77b4"', events=1),
    _doc("missing-top-level-keys", {"lanes": []}, "refused", FILE, "missing required key 'version'", problems=3),
    _doc("missing-event-fields", base(event(id="no-title", title=DROP), event(id="no-start", start=DROP),
                                      event(id=DROP)), "problems", at("events[2]"), "missing required key 'title'",
         events=2, problems=3),
    _doc("missing-paragraph-in-citation", base(event(citations=[{"source": "art"}])), "problems",
         at("events[2].citations[0]"), "missing required key 'paragraph'", events=3),
    _doc("missing-lane-in-laned-file", base(event(lane=DROP)), "problems", at("events[2]"),
         "missing required key 'lane'", events=2),
    _doc("unknown-top-level-key", base(author="me"), "refused", at("author"), "unknown key 'author'"),
    _doc("unknown-event-key", base(event(when="2019")), "problems", at("events[2].when"), "unknown key 'when'",
         events=2),
    _doc("x-keys-are-allowed", base(event(**{"x-note": [1, {"a": None}]}), **{"x-tool": "me"}), "ok", events=3),
    _doc("newer-version", base(version=2), "refused", at("version"), "made by a newer app", export=True),
    _doc("version-zero", base(version=0), "refused", at("version"), "version 0 does not exist"),
]

# --- dates -------------------------------------------------------------------------------


def _date(name: str, start: str, outcome: Outcome, what: str = "", **kw: Any) -> Case:
    return _doc(name, base(event(start=start)), outcome, at("events[2].start") if outcome != "ok" else "", what,
                events=3 if outcome == "ok" else 2, **kw)


DATES = [
    _date("30-february", "2019-02-30", "problems", "day 30 does not exist", export=True),
    _date("29-february-1900", "1900-02-29", "problems", "February 1900 has 28 days"),
    _date("29-february-2023", "2023-02-29", "problems", "February 2023 has 28 days"),
    _date("29-february-2000", "2000-02-29", "ok"),
    _date("year-0", "0000-06-01", "problems", "year 0000 is outside 0001–9999"),
    _date("year-10000", "10000-01-01", "problems", "outside 0001–9999"),
    _date("negative-year", "-0044-03-15", "problems", "outside 0001–9999"),
    _date("iso-week", "2019-W09-3", "problems", "ISO week dates"),
    _date("ordinal-date", "2019-058", "problems", "ordinal dates"),
    _date("24-00", "2019-02-27T24:00", "problems", "hour 24 is not 00–23"),
    _date("leap-second", "2016-12-31T23:59:60Z", "problems", "leap seconds are not supported"),
    _date("offset-out-of-range", "2019-02-27T12:00+19:00", "problems", "out of range"),
    _date("space-not-T", "2019-02-27 12:00", "problems", "capital T"),
    _doc("mixed-zones", base(event(id="z", start="2019-02-27T18:30Z"), event(id="o", start="2019-02-27T18:30+07:00"),
                             event(id="n", start="2019-02-27T18:30")), "ok", events=5),
    _doc("end-before-start", base(event(start="2019-03-02", end="2019-03-01")), "problems", at("events[2].end"),
         "is before start", events=2),
    _doc("end-equals-start", base(event(start="2019-03-01", end="2019-03-01")), "ok", events=3),
    _doc("end-coarser-than-start", base(event(start="2019-06-12", end="2019")), "ok", events=3),
]

# --- references --------------------------------------------------------------------------


def _paragraph(name: str, value: Any, what: str) -> Case:
    return _doc(f"paragraph-{name}", base(cite(paragraph=value)), "problems", at("events[2].citations[0].paragraph"),
                what, events=3)


REFERENCES = [
    _doc("duplicate-event-ids", base(event(id="hanoi")), "problems", at("events[2].id"), "duplicate id 'hanoi'",
         events=2, export=True),
    _doc("duplicate-lane-ids", base(lanes=[{"id": "us", "title": "A"}, {"id": "us", "title": "B"},
                                           {"id": "dprk", "title": "C"}]), "problems", at("lanes[1].id"),
         "duplicate id 'us'", events=2),
    _doc("dangling-lane", base(event(lane="china")), "problems", at("events[2].lane"),
         "lane 'china' is not defined", events=2),
    _doc("lane-without-lanes-list", base(lanes=DROP), "problems", at("events[0].lane"), "has no 'lanes' list",
         events=0, problems=2),
    _doc("dangling-source", base(cite(source="wire")), "problems", at("events[2].citations[0].source"),
         "source 'wire' is not defined", events=3),
    _paragraph("0", 0, "a whole paragraph number from 1, found 0"),
    _paragraph("minus-1", -1, "found -1"),
    _paragraph("1.5", 1.5, "found 1.5 (not a whole number)"),
    _paragraph("string-3", "3", 'found the string "3"'),
    _paragraph("true", True, "found true"),
    _paragraph("past-the-end", 4, "has 3 paragraphs, so there is no paragraph 4"),
    _doc("quote-not-in-paragraph", base(cite(quote="met Donald Trump")), "problems",
         at("events[2].citations[0].quote"), "does not occur verbatim in paragraph 2", events=3),
]

# --- text --------------------------------------------------------------------------------

_SCRIPT = '<script>alert("x")</script><b>bold?</b>&amp;'


def _text(name: str, **fields: Any) -> Case:
    return _doc(f"text-{name}", base(event(**fields)), "ok", events=3, check="text" if "title" in fields else "")


TEXT = [
    _text("10000-character-title", title="T" * 10_000),
    _doc("text-1mb-summary", base(event(summary="lorem ipsum " * 87_382)), "ok", events=3, export=True),
    _text("arabic", title="قمة هانوي بين ترامب وكيم"),
    _text("hebrew", title="פסגת האנוי"),
    _text("cjk", title="河内峰会 北美회담 ハノイ首脳会談"),
    _text("emoji-with-joiners", title="👩‍👩‍👧‍👦 🏳️‍🌈 🇰🇵🇺🇸 👍🏽"),
    _text("combining-marks", title="Ha\u0300\u0301\u0302no\u0308i Z\u0351\u0352\u0353a\u0354\u0355lgo"),
    _text("bidi-override-and-zero-width", title="\u202eevil\u202c \u200b\u200c\u200d\ufeff\u2060end"),
    _doc("text-html-and-script", base(event(title=_SCRIPT, summary=_SCRIPT, tags=[_SCRIPT]), title=_SCRIPT),
         "ok", events=3, export=True, check="html"),
]

# --- degenerate timelines ----------------------------------------------------------------

DEGENERATE = [
    _doc("no-events", base(events=[]), "ok", events=0, export=True),
    _doc("one-event", base(events=[event()]), "ok", events=1, export=True),
    _doc("all-at-one-instant", base(events=[event(id=f"e{i}", lane=("us", "dprk")[i % 2],
                                                  start="2019-02-27T18:30:00Z") for i in range(50)]),
         "ok", events=50, export=True),
    _doc("one-event-9000-years", base(events=[event(start="0500", end="9499")]), "ok", events=1, export=True),
    _doc("only-bad-events", base(events=[event(start="2019-02-30")]), "problems", at("events[0].start"),
         "does not exist", events=0),
]

# --- the file system ---------------------------------------------------------------------


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "events.json").write_bytes(GOOD)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _unreadable(path: Path) -> None:
    path.write_bytes(GOOD)
    path.chmod(0)


def _deny_open(monkeypatch: Any, path: Path) -> None:
    """As root, chmod 0 does not stop a read: refuse the open as the kernel would for anyone else."""
    if os.geteuid() != 0:
        return
    real_open = os.open
    target = os.path.abspath(path)

    def open_(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.path.abspath(os.fsdecode(file)) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def _dangling(path: Path) -> None:
    path.symlink_to(path.with_name(path.name + ".gone"))


def _loop(path: Path) -> None:
    other = path.with_name(path.name + ".loop")
    other.symlink_to(path.name)
    path.symlink_to(other.name)


def _missing(path: Path) -> None:
    """Nothing there: a file deleted (while open, for live reload)."""


def _symlink_to_good(path: Path) -> None:
    target = path.with_name(path.name + ".target")
    target.write_bytes(GOOD)
    path.symlink_to(target.name)


FILE_SYSTEM = [
    Case("directory", _folder, "refused", FILE, "is a folder, not an events file", fs=True, export=True),
    Case("fifo", _fifo, "refused", FILE, "is not a regular file", fs=True, export=True),
    Case("no-read-permission", _unreadable, "refused", FILE, "cannot open: Permission denied", fs=True,
         simulate=_deny_open, export=True),
    Case("dangling-symlink", _dangling, "refused", FILE, "cannot open: a dangling symbolic link", fs=True),
    Case("symlink-loop", _loop, "refused", FILE, "cannot open: Too many levels of symbolic links", fs=True),
    Case("deleted", _missing, "refused", FILE, "cannot open: no such file", fs=True, export=True),
    Case("symlink-to-good-file", _symlink_to_good, "ok", events=2, fs=True),
    _bytes("truncated-to-nothing-while-open", b"", "refused", FILE, "is empty"),
    _bytes("truncated-mid-string", GOOD[: GOOD.index(b"Singapore") + 4], "refused", r":\d+:\d+: ",
           "Unterminated string starting here"),
]

# --- hostile files (issue 16): markup as text, terminal escapes, one verdict, bounded costs ----
# Each root cause the red-team pass found in the readers; the big ones at a size that was already
# slow before the fix (tests/io/test_growth.py measures how the cost grows).

MARKUP = '<img src="/dev/zero"><b>B</b>&amp;<script>'
ESCAPES = "\x1b[2K\r\x1b[32mOK\x1b[0m\x07\x9b\u202e"  # erase, return, green "OK", bell, C1 CSI, bidi


# `validate` prints file text escaped; the window's Problems list (app) still shows it raw.
RAW_OR_ESCAPED_KEY = r":\d+:\d+: events\[2\]\.bad(?:\\x1b|\x1b)\[2K"


def _case(name: str, data: bytes | str, outcome: Any, where: str = "", what: str | tuple[str, ...] = "",
          **kw: Any) -> Case:
    return Case(name, data.encode() if isinstance(data, str) else data, outcome, where, what, **kw)


def _own_value(raw: bytes) -> bytes:
    """The base file with an `x-…` value written as raw bytes in its first event."""
    doc = base()
    doc["events"][0]["x-own"] = "PLACEHOLDER"
    return dumps(doc).replace(b'"PLACEHOLDER"', raw)


def _markup_everywhere() -> dict:
    doc = base(event(title=MARKUP + "e", summary=MARKUP, tags=[MARKUP],
                     citations=[{"source": "art", "paragraph": 1, "quote": MARKUP}]), title=MARKUP)
    doc["lanes"][0]["title"] = MARKUP + "lane"
    doc["sources"][0].update(title=MARKUP, publisher=MARKUP, url=MARKUP)
    doc["sources"][0]["paragraphs"][0] += " " + MARKUP
    return doc


def _quoted_often(count: int, words: int) -> dict:
    """`count` events quoting the last words of one long paragraph (each search reads all of it)."""
    doc = base(*(event(id=f"q{i}", citations=[{"source": "art", "paragraph": 4, "quote": "the end"}])
                 for i in range(count)))
    doc["sources"][0]["paragraphs"].append("word " * words + "the end")
    return doc


def _xml(events: str) -> str:
    return ("<?xml version='1.0' encoding='utf-8'?>\n<timeline><version>2.0</version>"
            f"<timetype>gregoriantime</timetype><categories/>\n<events>\n{events}</events></timeline>\n")


def _xml_event(start: str = "2019-03-01 00:00:00", text: str = "An event") -> str:
    return f"<event><start>{start}</start><end>{start}</end><text>{text}</text></event>\n"


def _timelinejs(headline: str) -> bytes:
    slides = [{"start_date": {"year": "2019"}, "text": {"headline": headline}},
              {"start_date": {"year": "2018"}, "text": {"headline": "Plain", "text": "<p>a</p><![ b"}}]
    return json.dumps({"events": slides}).encode()


def _vis(*items: dict) -> bytes:
    return json.dumps(list(items)).encode()


_YEAR_999_MS = -30_610_224_000_000 - 365 * 86_400_000  # 0999-01-01 in ms from 1970 (1000-01-01 less a year)

HOSTILE = [
    # File text shown as markup: every field is HTML; the window must show it as written.
    Case("hostile-markup-everywhere", dumps(_markup_everywhere()), "ok", events=3, export=True, check="markup"),
    # Untrusted bytes to the terminal: escapes in keys, lane ids and CSV headers are printed escaped.
    Case("hostile-escapes-in-a-key", dumps(base(event(**{f"bad{ESCAPES}": 1}))), "problems",
         RAW_OR_ESCAPED_KEY, "unknown key", events=2),
    Case("hostile-escapes-in-a-lane-id", dumps(base(event(lane=f"gone{ESCAPES}"))), "problems",
         at("events[2].lane"), "is not defined in 'lanes'", events=2),
    # (A CSV header cannot hold a raw CR or newline outside quotes: those end the row.)
    _case("hostile-escapes-in-a-csv-header", "start,title,x\x1b[31mRED\x07\x9b\u202e\n2019-03-01,A,1\n", "problems",
          r":1: x(?:\\x1b|\x1b)\[31mRED", "unknown column", events=1),
    # One verdict: what msgspec skips unread (own x-… data) is declined when the careful reader refuses it.
    Case("own-data-not-utf8", _own_value(b'"\xff\xfe"'), "refused", "", "is not UTF-8"),
    Case("own-data-5000-digit-number", _own_value(b"9" * 5000), "refused", "", "digits"),
    # Bounded costs: repeated quotes of a long paragraph, a problem per event, long markup, many columns.
    Case("quote-2000-times-in-a-1mb-paragraph", dumps(_quoted_often(2000, 200_000)), "ok", events=2002),
    Case("problem-per-event-2000", dumps(base(*(event(id=f"p{i}", lane="nowhere") for i in range(2000)))),
         "problems", at("events[2].lane"), "is not defined in 'lanes'", events=2, problems=2000),
    _case("timeline-xml-5000-events", _xml(_xml_event() * 5000), "ok", events=5000),
    _case("csv-5000-repeated-columns", "start,title," + ",".join(["x"] * 5000) + "\n2019-03-01,A\n", "problems",
          r":1: x: ", "appears twice", events=1),
    _case("html-markup-200kb-headline", _timelinejs("Summit " + "<a href=x>" * 20_000), "ok", events=2),
    # Tracebacks instead of messages.
    _case("csv-cell-over-131072-characters", f'start,title,summary\n2019-03-01,A,"{"s" * 200_000}"\n', "ok",
          events=1),
    _case("html-marked-section-in-timelinejs", _timelinejs("Summit <![ CDATA"), "ok", events=2),
    _case("html-marked-section-in-vis", _vis({"id": 1, "content": "Summit <![ x", "start": "2019-03-01"},
                                             {"id": 2, "content": "B", "start": "2019-03-02"}), "ok", events=2),
    _case("timeline-xml-5000-digit-year", _xml(_xml_event() + _xml_event("9" * 5000 + "-01-01 00:00:00")),
          "problems", r":\d+: events/event\[1\]/start: ", "outside 0001–9999", events=1),
    Case("nul-in-a-title", dumps(base(event(title="x\u0000y"), event(id="f", title="findme"))), "ok", events=4,
         check="search"),
    # Smaller ones.
    _case("vis-year-999", _vis({"id": 1, "content": "Old", "start": _YEAR_999_MS}), "ok", events=1),
    _case("timeline-xml-cdata-mentions-doctype", _xml(_xml_event(text="<![CDATA[ <!DOCTYPE x> ]]>")), "ok",
          events=1),
    _case("timeline-xml-doctype", "<?xml version='1.0'?>\n<!DOCTYPE t [<!ENTITY a 'b'>]>\n<timeline/>",
          "refused", pos(2, 1), "DOCTYPE declaration"),
    Case("zero-width-only-title", dumps(base(event(title="\u200b\u200d\u2060\ufeff"))), "problems",
         at("events[2].title"), "must not be empty", events=2),
    Case("zero-width-only-lane-title", dumps(base(lanes=[{"id": "us", "title": "\u200b"},
                                                         {"id": "dprk", "title": "North Korea"}])), "problems",
         at("lanes[0].title"), "must not be empty", events=1),
    Case("zero-width-only-quote", dumps(base(event(citations=[{"source": "art", "paragraph": 1,
                                                                "quote": "\u200b"}]))), "problems",
         at("events[2].citations[0].quote"), "must not be empty", events=3),
]

# --- hostile files, second round (issue 16): the classes above in the other formats, and at scale ----

_WORD = "Unbroken" * 32_000  # one word of 256,000 characters
# A line to the terminal that erases itself and prints a green verdict of its own.
FAKE_OK = "\r\x1b[2K\x1b[32mOK: 3 events, 2 lanes, 1 sources\x1b[0m\u2028\x85"


def _long_word_cited() -> dict:
    """Event `e` quotes the start of a 256 KB word in the paragraph it cites."""
    doc = base(event(citations=[{"source": "art", "paragraph": 4, "quote": _WORD[:80]}]))
    doc["sources"][0]["paragraphs"].append("Before " + _WORD + " after.")
    return doc


def _many_lanes(count: int, ranges: int) -> dict:
    """`count` lanes, each with `ranges` ranges that overlap one another (one row each)."""
    lanes = [{"id": f"l{i}", "title": f"Lane {i}"} for i in range(count)]
    events = [{"id": f"l{i}-{k}", "title": f"Range {k}", "start": f"{2000 + k}-01-01", "end": f"{2005 + k}-06-30",
               "lane": f"l{i}"} for i in range(count) for k in range(ranges)]
    return base(events=events, lanes=lanes)


def _distinct_quotes(count: int) -> dict:
    """`count` events each quoting its own word of one paragraph of about 200 KB."""
    words = [f"w{i:04d}x" for i in range(count)]
    doc = base(*(event(id=f"q{i}", citations=[{"source": "art", "paragraph": 4, "quote": w}])
                 for i, w in enumerate(words)))
    doc["sources"][0]["paragraphs"].append(" ".join(f"{w} {'filler text ' * 8}" for w in words))
    return doc


def _sheet(header: str, *rows: tuple[str, ...]) -> str:
    """A TimelineJS spreadsheet saved as CSV, every cell quoted."""
    return header + "\n" + "".join(",".join(f'"{cell}"' for cell in row) + "\n" for row in rows)


def _img_of_a_fifo(path: Path) -> None:
    """Every shown field an <img> of a FIFO beside the file: read as HTML, opening it would block for ever."""
    pipe = path.with_name(path.name + ".pipe")
    os.mkfifo(pipe)
    img = f'<img src="{pipe}"><img src="file://{pipe}">'
    doc = base(event(title=img + "e", summary=img), title=img)
    doc["lanes"][0]["title"] = img + "lane"
    doc["sources"][0].update(title=img, url=f"file://{pipe}")
    path.write_bytes(dumps(doc))


def _ms(year: int, month: int = 1, day: int = 1) -> int:
    """Milliseconds from 1970 to a day of the proleptic Gregorian calendar, as vis-timeline counts."""
    return (date(year, month, day) - date(1970, 1, 1)).days * 86_400_000


def _slides(*slides: dict) -> bytes:
    return json.dumps({"events": list(slides)}).encode()


ROUND_TWO = [
    # Long unbroken words: the Source and Article docks wrap them; opening stays fast.
    Case("long-word-250kb-in-a-cited-paragraph", dumps(_long_word_cited()), "ok", events=3, check="text"),
    Case("long-word-250kb-in-a-title", dumps(base(event(title=_WORD, summary=_WORD))), "ok", events=3,
         export=True, check="text"),
    # Bounded costs at scale: memory and time go with pixels and distinct work, not with lanes or quotes.
    Case("lanes-2000-with-overlapping-ranges", dumps(_many_lanes(2000, 3)), "ok", events=6000),
    Case("quotes-2000-distinct-in-a-200kb-paragraph", dumps(_distinct_quotes(2000)), "ok", events=2002),
    # Markup as text in the other formats' fields.
    _case("html-marked-section-in-a-timelinejs-sheet", _sheet(
        "Year,Month,Day,Headline,Text,Group", ("2019", "3", "1", f"Summit <![ CDATA {MARKUP}",
                                               f"<p>a</p><![ b {MARKUP}", "<![ g"), ("2018", "", "", "Plain", "", "")),
          "ok", events=2),
    _case("html-markup-in-timelinejs-display-date", _slides(
        {"start_date": {"year": 2019, "display_date": f"<![ x {MARKUP}"}, "display_date": f"c. <![ {MARKUP}",
         "text": {"headline": "A"}}, {"start_date": {"year": 2018}, "text": {"headline": "B"}}), "ok", events=2),
    _case("vis-group-content-markup-and-escapes", json.dumps({
        "items": [{"id": i, "content": c, "start": "2019-03-01", "group": g}
                  for i, (c, g) in enumerate((("A", "m"), ("B", 7), ("C", "z")))],
        "groups": [{"id": "m", "content": MARKUP + "<![ x"}, {"id": 7, "content": f"lane {ESCAPES}"},
                   {"id": "z", "content": "\u200b"}]}), "ok", events=3),
    Case("hostile-img-src-a-fifo", _img_of_a_fifo, "ok", events=3, export=True, check="text"),
    # Line breaks in one-line text: the window title, labels, the PNG's Title chunk.
    Case("title-with-newlines-and-cr", dumps(base(event(title="Line one\nLine two\r\nthree\rfour\u2028five",
                                                        summary="a\rb"), title="Top\ntitle\r\nhere\r")),
         "ok", events=3, export=True),
    _case("csv-newline-and-cr-in-a-quoted-title", 'start,title,summary\n2019-03-01,"Line one\r\nLine two\rthree",s\n',
          "ok", events=1),
    # A green "OK" faked in file text that a message quotes.
    Case("hostile-fake-ok-line-in-a-date", dumps(base(event(start=FAKE_OK))), "problems", at("events[2].start"),
         "is not a date", events=2),
    _case("hostile-fake-ok-line-in-a-sheet-time", _sheet("Year,Headline,Time", ("2019", "A", FAKE_OK)),
          "problems", r":2: Time: ", "is not like 13:05", events=1),
    # Years before 1000 are written with four digits, whatever the format wrote.
    _case("timelinejs-years-1-to-999", _slides(
        {"start_date": {"year": 1}, "text": {"headline": "Year one"}},
        {"start_date": {"year": "50", "month": "3"}, "end_date": {"year": "999"}, "text": {"headline": "Fifty"}},
        {"start_date": {"year": "0999", "month": 12, "day": 31}, "text": {"headline": "999"}}), "ok", events=3),
    _case("vis-range-starting-year-50", _vis({"id": 1, "content": "Ms", "start": _ms(50), "end": _ms(51, 6)},
                                             {"id": 2, "content": "Text", "start": "0050-01-01", "end": "0051-01-01"}),
          "ok", events=2),
    # Zero-width characters only: an invisible title is empty in every format, as in ours.
    _case("zero-width-only-csv-title", "start,title\n2019-03-01,\u200b\u200d\ufeff\n2019-03-02,B\n", "problems",
          r":2: title: ", "the title is empty", events=1),
    _case("zero-width-only-timelinejs-headline", _slides(
        {"start_date": {"year": 2019}, "text": {"headline": "\u200b\u2060"}, "group": "\u200b"},
        {"start_date": {"year": 2018}, "text": {"headline": "B"}}), "problems", at("events[0].text.headline"),
          "the headline is empty", events=2),
    _case("zero-width-only-vis-content", _vis({"id": 1, "content": "\u200b", "start": "2019-03-01"},
                                              {"id": 2, "content": "B", "start": "2019-03-02"}), "problems",
          at("[0].content"), "the content is empty", events=2),
    _case("zero-width-only-timeline-xml-text", _xml(_xml_event(text="\u200b\u200d") + _xml_event(text="B")),
          "problems", r":\d+: events/event\[0\]/text: ", "has no text", events=2),
]

CASES: list[Case] = [*BYTES, *STRUCTURE, *DATES, *REFERENCES, *TEXT, *DEGENERATE, *FILE_SYSTEM, *HOSTILE, *ROUND_TWO]
assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


def big_file(path: Path, megabytes: int) -> int:
    """A valid file of at least `megabytes` MB with many events, written in pieces; returns the event count."""
    events = base_events()
    head = dumps(base(events=[])).rsplit(b"[]", 1)
    target = megabytes * 1_000_000
    count = 0
    with path.open("wb") as out:
        out.write(head[0] + b"[\n")
        written = 0
        block = []
        while written < target:
            i = count
            block.append(json.dumps({
                "id": f"e{i}", "title": f"Event number {i} of the large corpus file",
                "start": f"{2000 + i % 25:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}", "lane": ("us", "dprk")[i % 2],
                "summary": "A summary that makes each event a little longer, as real ones are.",
                "citations": [{"source": "art", "paragraph": 1 + i % 3}],
            }, ensure_ascii=False))
            count += 1
            if len(block) == 10_000:
                chunk = (",\n".join(block) + ",\n").encode()
                out.write(chunk)
                written += len(chunk)
                block = []
        tail = ",\n".join([*block, *(json.dumps(e) for e in copy.deepcopy(events))]).encode()
        out.write(tail + b"\n]" + head[1])
    return count + len(events)
