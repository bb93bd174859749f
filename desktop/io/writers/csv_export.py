"""Timeline → CSV with the columns `desktop.io.importers.csv_import` reads: one row per event, by time.

Columns: `id,start,end,title,lane,summary,source,paragraph,quote` (comma-separated, RFC 4180 quoting,
CRLF line ends; `encode` adds a UTF-8 byte-order mark so that Excel reads non-ASCII text). Read back,
the CSV gives the same event ids, the same dates (as written: precision and UTC offsets kept), titles,
summaries and lane titles. A CSV has no room for the rest, so these are lost:

- the timeline's title and description (the reader names the timeline after the file);
- lane ids, colours and order: lanes are recreated from their titles in order of first use, with palette
  colours; events of the default lane get an empty `lane` cell and come back in the default lane;
- tags and `approximate` (the reader has no column for them);
- all citations but the first whose paragraph is not blank (the reader takes one per row, and a row per
  id): `source` is the source's URL when it has an http(s) one, else its title, `paragraph` the cited
  paragraph's text and `quote` the quote. Back in, sources are made from those cells: publisher, date,
  uncited paragraphs, and the title (when the URL was written) are gone, and paragraphs are renumbered;
- whitespace at either end of any cell (the reader trims every cell).

Cells are written as they are, so one starting with `=`, `+`, `-` or `@` is a formula to a spreadsheet
that is told to evaluate it; prefixing a quote would change the data this file exists to hand back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from desktop.io.conventions import is_url
from desktop.io.schema import DEFAULT_LANE
from desktop.model.records import Citation, Event, Source
from desktop.model.timeline import Timeline

COLUMNS = ("id", "start", "end", "title", "lane", "summary", "source", "paragraph", "quote")


BATCH = 10_000  # rows per piece of text


def dumps(timeline: Timeline) -> str:
    """The CSV text (without a byte-order mark): a header row, then one row per event in time order."""
    return "".join(pieces(timeline))


def pieces(timeline: Timeline) -> Iterator[str]:
    """The same text in pieces of BATCH rows, so a million rows are never one string."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    lanes = {lane.id: lane for lane in timeline.lanes}
    for k, event in enumerate(timeline.events, start=1):
        lane = lanes[event.lane]
        writer.writerow([
            event.id, event.start.text, event.end.text if event.end else "", event.title,
            "" if lane == DEFAULT_LANE else lane.title, event.summary, *_citation_cells(event, timeline),
        ])
        if k % BATCH == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def source_key(source: Source) -> str:
    """What the `source` cell says for a source: its http(s) URL, else its title."""
    url = (source.url or "").strip()
    return url if is_url(url) else source.title


def first_citation(event: Event, timeline: Timeline) -> Citation | None:
    """The citation a CSV row keeps: the first one whose paragraph is not blank (a blank one cannot be read back)."""
    index = timeline.source_index
    for citation in event.citations:
        source = index.get(citation.source)
        ok = source is not None and 1 <= citation.paragraph <= len(source.paragraphs)
        if ok and source.paragraphs[citation.paragraph - 1].strip():  # type: ignore[union-attr]
            return citation
    return None


def _citation_cells(event: Event, timeline: Timeline) -> list[str]:
    citation = first_citation(event, timeline)
    if citation is None:
        return ["", "", ""]
    source = timeline.source_index[citation.source]
    return [source_key(source), source.paragraphs[citation.paragraph - 1], citation.quote or ""]
