"""Timeline → CSV with the columns `desktop.io.importers.csv_import` reads: a row per event, by time.

Columns: `id,start,end,title,lane,lane color,summary,approximate,tags,source,paragraph,quote`
(comma-separated, RFC 4180 quoting, CRLF line ends; `encode` adds a UTF-8 byte-order mark so that
Excel reads non-ASCII text). An event's first citation is on its own row; each further one is a row
of its own right below it, holding only the event's `id` and `source,paragraph,quote`. Dates are
written as they are (precision and UTC offsets kept), `approximate` is `yes` or empty, tags are
joined by `; `, and `lane color` repeats the lane's colour on every row of the lane (the default
lane's events have empty `lane` cells). `source` is the source's URL when it has an http(s) one,
else its title; `paragraph` is the cited paragraph's text. A second trip (CSV → timeline → CSV)
gives the same bytes.

What a CSV cannot hold is reported to `losses` (see `desktop.io.writers.losses`), one kind a line:
the timeline's title, description and time zone; lanes without events; lane ids and order (lanes are re-made
from their titles, `lane-1`, … in order of first use; two with one title become one, in the first one's
colour); sources, which are re-made from the cited paragraphs (ids `source-1`, …; publisher, date, uncited paragraphs,
paragraph numbers and, where the URL is written, the title are lost) and dropped when uncited;
citations of a blank paragraph; tags holding `;` or spaces at their ends; whitespace at either end
of any cell (the reader trims every cell).

Cells are written as they are, so one starting with `=`, `+`, `-` or `@` is a formula to a spreadsheet
that is told to evaluate it; prefixing a quote would change the data this file exists to hand back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from operator import ne

from desktop.io.conventions import OUR_COLUMNS, YES, is_url, join_tags, split_tags
from desktop.io.schema import DEFAULT_LANE
from desktop.io.writers.losses import Losses
from desktop.model.records import Citation, Event, Lane, Source
from desktop.model.timeline import Timeline

COLUMNS = OUR_COLUMNS
_BEFORE_CITATION = COLUMNS.index("source")
_TAGS = COLUMNS.index("tags")
_NO_EVENT = [""] * (_BEFORE_CITATION - 1)  # the event cells of a further citation's row

BATCH = 10_000  # rows per piece of text


def dumps(timeline: Timeline, losses: Losses | None = None) -> str:
    """The CSV text (without a byte-order mark): a header row, then a row per event and further citation."""
    return "".join(pieces(timeline, losses))


def pieces(timeline: Timeline, losses: Losses | None = None) -> Iterator[str]:
    """The same text in pieces of about BATCH rows, so a million rows are never one string.

    `losses`, when given, is told what the file cannot hold by the time the last piece is handed out.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    lanes = {lane.id: lane for lane in timeline.lanes}
    tally = _Tally(timeline)
    for k, event in enumerate(timeline.events, start=1):
        lane = lanes[event.lane]
        cells = [event.id, event.start.text, event.end.text if event.end else "", event.title]
        cells += ["", ""] if lane == DEFAULT_LANE else [lane.title, tally.lane_color(lane)]
        cells += [event.summary, YES if event.approximate else "", join_tags(event.tags)]
        tally.event(event, lane, cells)
        cited = [c for c in map(tally.cells, event.citations) if c is not None]
        writer.writerow(cells + (cited[0] if cited else ["", "", ""]))
        for more in cited[1:]:
            writer.writerow([event.id, *_NO_EVENT, *more])
        if k % BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if losses is not None:
        tally.report(losses)
    yield out.getvalue()


def source_key(source: Source) -> str:
    """What the `source` cell says for a source: its http(s) URL, else its title."""
    url = (source.url or "").strip()
    return url if is_url(url) else source.title


def kept_citations(event: Event, timeline: Timeline) -> list[Citation]:
    """The citations a CSV keeps: those whose paragraph is not blank (a blank one cannot be read back)."""
    return [c for c in event.citations if _written_paragraph(c, timeline) is not None]


def _written_paragraph(citation: Citation, timeline: Timeline) -> str | None:
    """The paragraph a citation's row gives, or None when there is none to give (blank, or not there)."""
    source = timeline.source_index.get(citation.source)
    if source is None or not 1 <= citation.paragraph <= len(source.paragraphs):
        return None
    paragraph = source.paragraphs[citation.paragraph - 1]
    return paragraph if paragraph.strip() else None


def first_citation(event: Event, timeline: Timeline) -> Citation | None:
    """The citation on the event's own row: the first one whose paragraph is not blank."""
    kept = kept_citations(event, timeline)
    return kept[0] if kept else None


class _Tally:
    """What the reader will make of the rows written so far, to say what differs from the timeline."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.trimmed = 0  # cells with whitespace at an end
        self.tags = 0  # events whose tags do not come back
        self.citations = 0  # all of them, to count the dropped ones
        self.written = 0  # citations written
        self.lanes: dict[str, list[Lane]] = {}  # trimmed title → the lanes written under it, in first use
        self.seen_lanes: set[str] = set()
        self.default_used = False
        self.sources: dict[str, tuple[list[Source], dict[str, None]]] = {}  # key → (sources, paragraphs)
        # Per (source, paragraph) cited: its source and paragraph cells and how many of them are spaced
        # at an end, or None for a paragraph that cannot be written; a million rows cite few paragraphs.
        self.cited: dict[tuple[str, int], tuple[str, str, int] | None] = {}
        self.tag_lists: dict[tuple[str, ...], bool] = {}  # tags → whether they come back as they are

    def event(self, event: Event, lane: Lane, cells: list[str]) -> None:
        """Count what one event row changes."""
        # In C: a million rows. The tags cell is counted as tags: whether they come back is what matters.
        tags = cells[_TAGS]
        self.trimmed += sum(map(ne, cells, map(str.strip, cells))) - (tags != tags.strip())
        if event.tags:
            same = self.tag_lists.get(event.tags)
            if same is None:
                same = self.tag_lists[event.tags] = split_tags(tags) == event.tags
            self.tags += not same
        self.citations += len(event.citations)
        if event.lane in self.seen_lanes:
            return
        self.seen_lanes.add(event.lane)
        if lane == DEFAULT_LANE:
            self.default_used = True
        else:
            self.lanes.setdefault(lane.title.strip(), []).append(lane)

    def lane_color(self, lane: Lane) -> str:
        """The `lane color` cell: the colour of the first lane written under this title, which the reader keeps."""
        first = self.lanes.get(lane.title.strip())
        return first[0].color if first else lane.color

    def cells(self, citation: Citation) -> list[str] | None:
        """A citation's `source,paragraph,quote` cells, counted; None when its paragraph cannot be written."""
        place = (citation.source, citation.paragraph)
        if place not in self.cited:
            self.cited[place] = self._paragraph(citation)
        found = self.cited[place]
        if found is None:
            return None
        key, paragraph, spaced = found
        quote = citation.quote or ""
        self.trimmed += spaced + (quote != quote.strip())
        self.written += 1
        return [key, paragraph, quote]

    def _paragraph(self, citation: Citation) -> tuple[str, str, int] | None:
        """The cells of a cited paragraph, met for the first time: the reader numbers sources and paragraphs so."""
        paragraph = _written_paragraph(citation, self.timeline)
        if paragraph is None:
            return None
        source = self.timeline.source_index[citation.source]
        key = source_key(source)
        made, paragraphs = self.sources.setdefault(key.strip(), ([], {}))
        if source not in made:
            made.append(source)
        paragraphs.setdefault(paragraph.strip(), None)
        return key, paragraph, (key != key.strip()) + (paragraph != paragraph.strip())

    def report(self, losses: Losses) -> None:
        """Add every kind of loss found, with its count."""
        timeline = self.timeline
        losses.add("title", bool(timeline.title), "not written (read back as the file's name)")
        losses.add("description", bool(timeline.description), "not written")
        losses.add("timezone", int(timeline.timezone is not None), "timeline's time zone not written")
        used = sum(len(written) for written in self.lanes.values()) + self.default_used
        losses.add("lanes", len(timeline.lanes) - used, "without events dropped")
        losses.add("lane ids", self._lanes_renamed(), "re-made from titles (lane-1, …) in order of first use")
        losses.add("lane titles", sum(len(w) - 1 for w in self.lanes.values()), "merged into a lane of the same title")
        cited = {s.id for made, _ in self.sources.values() for s in made}
        losses.add("sources", self._sources_remade(), (
            "re-made from cited paragraphs (ids, publishers, dates, uncited paragraphs, paragraph numbers "
            "and, where the URL is written, titles are lost)"))
        losses.add("uncited sources", sum(s.id not in cited for s in timeline.sources),
                   "dropped (no paragraph of theirs is cited)")
        losses.add("citations", self.citations - self.written, "of a blank paragraph dropped")
        losses.add("tags", self.tags, "events' tags changed (a tag holding ';', blank, or spaced at its ends)")
        losses.add("whitespace", self.trimmed, "cells trimmed at either end")

    def _lanes_renamed(self) -> int:
        """Lanes whose id or place differs in what the reader makes (default first, then in first use)."""
        written = {lane for lanes in self.lanes.values() for lane in lanes}
        before = [lane.id for lane in self.timeline.lanes
                  if lane in written or (lane == DEFAULT_LANE and self.default_used)]
        after = [DEFAULT_LANE.id] * self.default_used + [f"lane-{n}" for n in range(1, len(self.lanes) + 1)]
        return sum(a != b for a, b in zip(before, after, strict=False)) + abs(len(before) - len(after))

    def _sources_remade(self) -> int:
        """Cited sources that do not come back as they are."""
        changed = 0
        for n, (key, (made, paragraphs)) in enumerate(self.sources.items(), start=1):
            again = Source(f"source-{n}", key, tuple(paragraphs), None, None, key if is_url(key) else None)
            changed += sum(source != again for source in made)
        return changed
