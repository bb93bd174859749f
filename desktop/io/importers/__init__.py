"""Import timelines written by other tools (TimelineJS, vis-timeline, Timeline, CSV). No Qt here.

`detect.open_text(text, name)` reads text in any of them (and ours), detected by content; the one
entry for a file is `desktop.io.open.open_timeline`. Each importer lists what it could not take
as `Timeline.problems` (file, path, message, line) and keeps the rest; a file opens as long
as at least one event survives, or when it had no events and nothing was wrong.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from desktop.io.jsonfile import TimelineError
from desktop.io.schema import DEFAULT_LANE
from desktop.model.records import PALETTE, Event, Lane, Problem, Source
from desktop.model.timeline import Timeline

__all__ = ["LaneSet", "Report", "finish", "plain_text"]

# Tags after which a reader would see a break; everything else is inline.
_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "cite"})
_HIDDEN_TAGS = frozenset({"script", "style"})


class Report:
    """Problems found in one file, in the loader's form."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        """Record one problem."""
        self.problems.append(Problem(self.file, path, message, line, column))


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment; tags are dropped, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0  # inside <script> or <style>: code, not text

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in _HIDDEN_TAGS
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")


def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags stripped, entities unescaped, whitespace collapsed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class LaneSet:
    """Lanes by name in order of first use; ids are derived (`lane-1`, …), unnamed → "Events"."""

    def __init__(self) -> None:
        self._by_name: dict[tuple[str, str], Lane] = {}  # ("id", fixed id) or ("name", title)
        self._default_used = False

    def lane(self, name: str | None, color: str | None = None, ident: str | None = None) -> str:
        """The id of the lane called `name` (created on first use); empty → the default lane."""
        name = (name or "").strip()
        if not name:
            self._default_used = True
            return DEFAULT_LANE.id
        key = ("id", ident) if ident else ("name", name)
        if key not in self._by_name:
            n = len(self._by_name) + 1
            self._by_name[key] = Lane(ident or f"lane-{n}", name, color or PALETTE[n % len(PALETTE)])
        return self._by_name[key].id

    def lanes(self) -> tuple[Lane, ...]:
        """Every lane used, the default one first; at least one lane."""
        named = tuple(self._by_name.values())
        return (DEFAULT_LANE, *named) if self._default_used or not named else named


def finish(
    report: Report,
    title: str,
    events: list[Event],
    lanes: LaneSet,
    sources: list[Source] | None = None,
    description: str = "",
) -> Timeline:
    """Sort events and build the Timeline; raise if every item was refused."""
    # Read top to bottom, as the person fixing the file will (sorted is stable).
    report.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if not events and report.problems:
        raise TimelineError([*report.problems, Problem(report.file, "", "no event could be imported")])
    used = {e.lane for e in events}
    kept = tuple(lane for lane in lanes.lanes() if lane.id in used) or lanes.lanes()[:1]
    return Timeline.build(
        title=title or Path(report.file).stem,
        events=list(events),
        lanes=kept,
        sources=tuple(sources or ()),
        description=description,
        path=report.file,
        problems=tuple(report.problems),
    )


