"""Peers' files and the dataset through every writer and back: only what the writer reports changes, exactly.

`differences` compares a timeline with what a writer's file reads back as, event by event (start and end
instants and precision, approximate, title, summary, tags, lane title and colour, citations), and counts
each difference in the kinds of `Losses`; the report must equal that count, kind by kind. It knows the
formats only by what a writer claims to keep (`PROFILES`), never by calling the writer's own tallies (only
which sheet row an event becomes, `derived_ids`: a wrong one fails the event-by-event comparison).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from desktop.io.conventions import is_url
from desktop.io.importers.detect import open_text
from desktop.io.jsonfile import TimelineError
from desktop.io.loader import timeline_from_json
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.io.writers import FORMATS, Losses, encode
from desktop.io.writers.timelinejs_csv import derived_ids
from desktop.model.dates import PartialDate, Precision
from desktop.model.records import Citation, Event, Lane
from desktop.model.timeline import Timeline

PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers"
PEER_FILES = sorted(p.relative_to(PEERS).as_posix() for p in PEERS.rglob("*") if p.is_file() and p.suffix != ".md"
                    ) if PEERS.is_dir() else []
BACK_NAME = "read-back"  # the stem a file that keeps no title reads back as: no input's title, nor "read-back-2"


@dataclass(frozen=True)
class Profile:
    """What a format keeps, in the words its writer reports losses with.

    `kinds` renames a neutral difference to the writer's kind (None: implied by another reported kind).
    `heading`: the title and description are kept (white space aside); `cells`: white space is counted per
    trimmed cell, as in a CSV (a lane title on every row, a cited paragraph on every citation), else per text;
    `source_ids`: sources keep their ids (and then their publisher, date and URL).
    """

    kinds: dict[str, str | None] = field(default_factory=dict)
    heading: bool = True
    cells: bool = False
    source_ids: bool = True


_TIMELINEJS = {"lanes remade": "lanes", "lane ids": None, "lane colours": None, "lane titles": None,
               "sources dropped": "sources", "sources remade": None}
PROFILES = {
    "json": Profile(),
    "csv": Profile({"empty lanes": "lanes", "lanes remade": None, "lane order": None,
                    "sources dropped": "uncited sources", "sources remade": "sources"},
                   heading=False, cells=True, source_ids=False),
    "timelinejs": Profile(_TIMELINEJS),
    "timelinejs-csv": Profile(_TIMELINEJS),
    "vis": Profile({"empty lanes": "lanes", "lane ids": "lane order", "lane order": None, "lanes remade": None,
                    "sources dropped": "sources"},
                   heading=False, source_ids=False),
}


def squeeze(text: str | None) -> str:
    """Text with runs of white space as one space, trimmed: what every format keeps of it."""
    return " ".join((text or "").split())


def through(timeline: Timeline, kind: str, stem: str = BACK_NAME) -> tuple[Timeline, Losses, dict[str, str]]:
    """What the `kind` writer's file (named `stem`) reads back as, the losses reported, our event ids → ids read."""
    losses = Losses()
    data = encode(timeline, kind, losses)
    back = open_text(data.decode("utf-8-sig"), f"{stem}.{'csv' if kind.endswith('csv') else 'json'}")
    assert back.problems == ()
    ids = derived_ids(timeline) if kind == "timelinejs-csv" else [e.id for e in timeline.events]
    return back, losses, dict(zip((e.id for e in timeline.events), ids, strict=True))


def differences(before: Timeline, after: Timeline, kind: str, ids: dict[str, str],
                stem: str = BACK_NAME) -> Counter[str]:
    """What changed from `before` to `after` (read from a file named `stem`) in the `kind` writer's loss kinds.

    Fails on a change that no kind names.
    """
    profile = PROFILES[kind]
    found: Counter[str] = Counter()
    _heading(before, after, profile, stem, found)
    assert sorted(after.event_index) == sorted(ids.values())
    found["ids"] = sum(old != new for old, new in ids.items())
    cited: dict[str, set[str]] = {}  # our source id → the ids of the sources its kept citations point at
    lanes_back: dict[str, set[Lane]] = {}
    for event in before.events:
        again = after.events[after.event_index[ids[event.id]]]
        _dates(event, again, found)
        for ours, theirs in ((event.title, again.title), (event.summary, again.summary)):
            assert squeeze(theirs) == squeeze(ours), (event.id, ours, theirs)
            found["whitespace"] += theirs != ours
        found["approximate"] += again.approximate != event.approximate
        found["tags"] += again.tags != event.tags
        lane, lane_again = _lane(before, event), _lane(after, again)
        assert squeeze(lane_again.title) == squeeze(lane.title), (event.id, lane, lane_again)
        found["whitespace"] += profile.cells and lane.title != lane_again.title
        lanes_back.setdefault(lane.id, set()).add(lane_again)
        _citations(before, after, event, again, profile, found, cited)
    _lanes(before, after, lanes_back, profile, found)
    _sources(before, after, cited, profile, found)
    reported: Counter[str] = Counter()
    for neutral, count in found.items():
        named = profile.kinds.get(neutral, neutral)
        if named is not None:
            reported[named] += count
    return +reported


def _heading(before: Timeline, after: Timeline, profile: Profile, stem: str, found: Counter[str]) -> None:
    """The title, description and zone: kept white space aside, or dropped (the title is the file's name then)."""
    found["timezone"] = int(after.timezone != before.timezone)
    for key, ours, theirs in (("title", before.title, after.title),
                              ("description", before.description, after.description)):
        if profile.heading:
            assert squeeze(theirs) == squeeze(ours)
            found["whitespace"] += theirs != ours
        else:
            assert theirs == ("" if key == "description" else stem)
            found[key] += theirs != ours


def _dates(event: Event, again: Event, found: Counter[str]) -> None:
    """The same instants at the same precision; texts may differ (a zone spelled otherwise)."""
    start, start_again = event.start, again.start
    if _moment(start_again) == _moment(start):
        found["dates"] += start_again.text != start.text
    else:  # a day start that a sheet writes at 0:00
        assert (start.precision, start_again.precision, start_again.begin) == (
            Precision.DAY, Precision.MINUTE, start.begin), event.id
        found["start times"] += 1
    assert (again.end is None) == (event.end is None), event.id
    if event.end is not None and again.end is not None:
        if _moment(again.end) == _moment(event.end):
            found["dates"] += again.end.text != event.end.text
        else:  # where the bar stops is kept, the precision coarser (9999 comes back as December 9999)
            assert again.end.end == event.end.end and again.end.precision != event.end.precision, event.id
            found["ends"] += 1


def _moment(date: PartialDate) -> tuple[float, float, Precision]:
    return date.begin, date.end, date.precision


def _lane(timeline: Timeline, event: Event) -> Lane:
    return timeline.lanes[timeline.lane_index[event.lane]]


def _paragraph(timeline: Timeline, citation: Citation) -> str:
    return timeline.source_index[citation.source].paragraphs[citation.paragraph - 1]


def _same_citation(before: Timeline, after: Timeline, ours: Citation, theirs: Citation, by_id: bool) -> bool:
    """The same cited words: by source id and ¶ number (`by_id`), else by paragraph and the source's title or URL."""
    if squeeze(ours.quote) != squeeze(theirs.quote):
        return False
    if by_id:
        return (ours.source, ours.paragraph) == (theirs.source, theirs.paragraph)
    source, made = before.source_index[ours.source], after.source_index[theirs.source]
    named = {squeeze(source.title), (source.url or "").strip()}
    return squeeze(_paragraph(before, ours)) == squeeze(_paragraph(after, theirs)) and squeeze(made.title) in named


def _citations(before: Timeline, after: Timeline, event: Event, again: Event, profile: Profile,
               found: Counter[str], cited: dict[str, set[str]]) -> None:
    """Each citation that came back cites the same words, in order; the others were dropped."""
    left = list(event.citations)
    for theirs in again.citations:
        while left and not _same_citation(before, after, left[0], theirs, profile.source_ids):
            found["citations"] += 1
            left.pop(0)
        assert left, (event.id, theirs)
        ours = left.pop(0)
        cited.setdefault(ours.source, set()).add(theirs.source)
        found["whitespace"] += ours.quote != theirs.quote
        if profile.cells:  # the source's and the paragraph's cells, on the citation's row
            source = before.source_index[ours.source]
            url = (source.url or "").strip()
            found["whitespace"] += after.source_index[theirs.source].title != (url if is_url(url) else source.title)
            found["whitespace"] += _paragraph(after, theirs) != _paragraph(before, ours)
    found["citations"] += len(left)


def _lanes(before: Timeline, after: Timeline, back: dict[str, set[Lane]], profile: Profile,
           found: Counter[str]) -> None:
    """Lanes without events (kept, or dropped), lanes re-made (ids, colours), merged, and moved."""
    reached = set().union(*back.values())  # the lanes events came back in; any other must be one of ours, kept
    kept = {lane.id: {lane} for lane in after.lanes if lane not in reached}
    assert all(lane in before.lanes and lane.id not in back for lane in after.lanes if lane not in reached)
    found["empty lanes"] = sum(lane.id not in back for lane in before.lanes) - len(kept)
    back = {**back, **kept}
    shown = [lane for lane in before.lanes if lane.id in back]
    assert set(after.lanes) == set().union(*back.values())
    merged: Counter[Lane] = Counter(m for lane in shown for m in back[lane.id])
    found["lane titles"] = sum(n - 1 for n in merged.values())
    for lane in shown:
        found["lanes remade"] += any((m.id, m.color) != (lane.id, lane.color) for m in back[lane.id])
        found["lane colours"] += any(m.color != lane.color and merged[m] == 1 for m in back[lane.id])
        found["whitespace"] += not profile.cells and any(m.title != lane.title for m in back[lane.id])
    ids, ids_back = [lane.id for lane in shown], [lane.id for lane in after.lanes]
    found["lane ids"] = sum(a != b for a, b in zip(ids, ids_back, strict=False)) + abs(len(ids) - len(ids_back))
    place = {m: i for i, m in enumerate(after.lanes)}
    ranked = sorted(shown, key=lambda lane: min(place[m] for m in back[lane.id]))  # stable: merged keep ours
    found["lane order"] = int(ranked != shown)


def _sources(before: Timeline, after: Timeline, cited: dict[str, set[str]], profile: Profile,
             found: Counter[str]) -> None:
    """Sources dropped, or come back other than they were: their paragraphs, their title's white space."""
    accounted: set[str] = set()  # the sources read back that stand for ours: no reader makes up others
    for source in before.sources:
        made = [after.source_index[i] for i in sorted(cited.get(source.id, ()))]
        if not made and profile.source_ids and source.id in after.source_index:
            made = [after.source_index[source.id]]
        accounted |= {m.id for m in made}
        if not made:
            found["sources dropped"] += 1
            continue
        found["sources remade"] += any(m != source for m in made)
        if profile.source_ids:
            (again,) = made
            assert (again.id, again.publisher, again.published, again.url) == (
                source.id, source.publisher, source.published, source.url)
            assert squeeze(again.title) == squeeze(source.title)
            found["whitespace"] += again.title != source.title
            found["paragraphs"] += sum(i >= len(again.paragraphs) or again.paragraphs[i] != p
                                       for i, p in enumerate(source.paragraphs))
    assert set(after.source_index) == accounted


def check_round_trip(timeline: Timeline, kind: str, stem: str = BACK_NAME) -> Timeline:
    """Write `timeline` as `kind`, read it back, and check the report matches the differences exactly."""
    back, losses, ids = through(timeline, kind, stem)
    assert differences(timeline, back, kind, ids, stem) == Counter(losses.counts), losses.lines()
    return back


def _opened(name: str) -> Timeline:
    try:
        return open_timeline(PEERS / name)
    except TimelineError:
        pytest.skip(f"{name} does not open (nothing this app can hold)")


@pytest.mark.parametrize("kind", FORMATS)
def test_the_dataset_round_trips_with_exact_reports(kind: str) -> None:
    timeline = open_timeline(default_events_path())
    back = check_round_trip(timeline, kind)
    if kind == "json":
        assert (back.events, back.lanes, back.sources) == (timeline.events, timeline.lanes, timeline.sources)


@pytest.mark.skipif(not PEER_FILES, reason="peer files not present (../shared/peers)")
@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("name", PEER_FILES)
def test_peer_files_round_trip_with_exact_reports(name: str, kind: str) -> None:
    timeline = _opened(name)
    back = check_round_trip(timeline, kind)
    # A second trip, from what came back, loses nothing the first did not.
    check_round_trip(back, kind, f"{BACK_NAME}-2")


# --- what the generated timelines found --------------------------------------------------------------------------

def _at(start: str, lane: str | None = None, end: str | None = None) -> dict[str, str]:
    """An event of ours (its id and title are filled in by the test)."""
    return {"start": start, **({"lane": lane} if lane else {}), **({"end": end} if end else {})}


def _lanes_of(*lanes: tuple[str, str, str | None]) -> dict[str, Any]:
    """A `lanes` key: (id, title, colour or None) each."""
    return {"lanes": [{"id": i, "title": t, **({"color": c} if c else {})} for i, t, c in lanes]}


EDGES: dict[str, tuple[dict[str, Any], list[dict[str, str]]]] = {
    "a zone": ({"timezone": "Asia/Ho_Chi_Minh"}, [_at("2019")]),
    "one title, two colours": (_lanes_of(("x", "Same", "#123456"), ("y", "Same ", "#654321")),
                               [_at("2019", "x"), _at("2020", "y")]),
    "lanes merged, not moved": (_lanes_of(("x", "a b", None), ("y", "a  b", None), ("z", "c", None)),
                                [_at("2019", "x"), _at("2021", "y"), _at("2020", "z")]),
    "Z and +00:00 in one minute": ({}, [_at("2019-06-05T10:00Z", end="2019-06-05T10:00+00:00")]),
    "an end whose UTC is after 9999": ({}, [_at("9999-12-31T23:59", end="9999-12-31T20:00-05:00")]),
    "the default lane titled with a space": (_lanes_of(("default", "Events ", None)), [_at("2019", "default")]),
}


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("case", sorted(EDGES))
def test_edge_cases_round_trip_with_exact_reports(case: str, kind: str) -> None:
    top, events = EDGES[case]
    events = [{"id": f"e{n}", "title": f"E{n}", **e} for n, e in enumerate(events)]
    timeline = timeline_from_json({"version": 1, "title": "T", **top, "events": events}, "edge.json")
    assert timeline.problems == ()
    check_round_trip(timeline, kind)


# --- Timeline (.timeline) ranges: the end rule ---------------------------------------------

TIMELINE_XML = """<?xml version="1.0" encoding="utf-8"?>
<timeline>
  <version>2.3.0</version>
  <timetype>gregoriantime</timetype>
  <categories><category><name>Phases</name><color>0,114,178</color></category></categories>
  <events>
    <event><start>2020-01-01 00:00:00</start><end>2020-01-08 00:00:00</end><text>first week</text>
      <category>Phases</category></event>
    <event><start>2020-01-08 00:00:00</start><end>2020-02-01 00:00:00</end><text>rest of January</text>
      <category>Phases</category></event>
    <event><start>2020-02-01 09:30:00</start><end>2020-02-01 10:15:00</end><text>meeting</text></event>
    <event><start>2020-02-01 10:15:00</start><end>2020-02-01 10:15:30</end><text>half a minute</text></event>
    <event><start>2020-02-02 00:00:00</start><end>2020-02-02 00:00:00</end><text>a point</text></event>
  </events>
  <eras>
    <era><name>Before</name><start>2019-01-01 00:00:00</start><end>2020-01-01 00:00:00</end></era>
    <era><name>After</name><start>2020-01-01 00:00:00</start><end>2021-01-01 00:00:00</end></era>
  </eras>
</timeline>
"""


def test_timeline_ranges_end_where_timeline_draws_them_and_abut(tmp_path: Path) -> None:
    path = tmp_path / "abutting.timeline"
    path.write_text(TIMELINE_XML, encoding="utf-8")
    timeline = open_timeline(path)
    assert timeline.problems == ()
    by_title = {e.title: e for e in timeline.events}
    # <end> is the instant the period stops: our inclusive end is the period before it, at its precision.
    assert {t: (e.start.text, e.end.text if e.end else None) for t, e in by_title.items()} == {
        "first week": ("2020-01-01", "2020-01-07"), "rest of January": ("2020-01-08", "2020-01-31"),
        "meeting": ("2020-02-01T09:30", "2020-02-01T10:14"),
        "half a minute": ("2020-02-01T10:15", "2020-02-01T10:15:29"), "a point": ("2020-02-02", None),
        "Before": ("2019-01-01", "2019-12-31"), "After": ("2020-01-01", "2020-12-31")}
    for a, b in (("first week", "rest of January"), ("meeting", "half a minute"), ("Before", "After")):
        assert by_title[a].finish == by_title[b].begin, (a, b)  # abutting in Timeline, abutting here
    assert by_title["rest of January"].finish == by_title["meeting"].begin - 9.5 * 3600
    for kind in FORMATS:
        check_round_trip(timeline, kind)
