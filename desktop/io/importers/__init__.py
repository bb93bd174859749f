"""Import timelines written by other tools (TimelineJS, vis-timeline, Timeline, CSV). No Qt here.

`detect.open_text(text, name)` reads text in any of them (and ours), detected by content; the one
entry for a file is `desktop.io.open.open_timeline`. Each importer lists what it could not take
as `Timeline.problems` (file, path, message, line) and keeps the rest; a file opens as long
as at least one event survives, or when it had no events and nothing was wrong.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from desktop.io.checks import is_blank
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


# One token of markup: a comment, a start or end tag (quoted ">" allowed in attributes), or a
# declaration, CDATA section or processing instruction. Each alternative begins at "<" and never
# backtracks (possessive), so text is read once: Python's HTMLParser went quadratic on some
# markup (a 200 KB headline took 40 s) and raised AssertionError on "<![ ".
_MARKUP = re.compile(
    r"""<!--.*?(?:-->|\Z)
      | <(/?)([A-Za-z][^\s/>]*)(?:"[^"]*"|'[^']*'|[^'">])*+>?
      | <[!?/][^>]*+>?""",
    re.DOTALL | re.VERBOSE,
)
_HIDDEN_END = {tag: re.compile(rf"</{tag}\b[^>]*+>?", re.IGNORECASE) for tag in _HIDDEN_TAGS}


def plain_text(html: str) -> str:
    """The text of an HTML fragment: tags stripped, entities unescaped, whitespace collapsed."""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    parts: list[str] = []
    at = 0
    while (tag := _MARKUP.search(html, at)) is not None:
        parts.append(unescape(html[at:tag.start()]))
        at = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _BLOCK_TAGS:
            parts.append(" ")
        if name in _HIDDEN_TAGS and not tag.group(1):
            # Script and style hold code, not text, up to their end tag (or the end).
            end = _HIDDEN_END[name].search(html, at)
            at = end.end() if end is not None else len(html)
    parts.append(unescape(html[at:]))
    return " ".join("".join(parts).split())


class LaneSet:
    """Lanes by name in order of first use; ids are derived (`lane-1`, …), unnamed → "Events"."""

    def __init__(self) -> None:
        self._by_name: dict[tuple[str, str], Lane] = {}  # ("id", fixed id) or ("name", title)
        self._default_used = False

    def lane(self, name: str | None, color: str | None = None, ident: str | None = None) -> str:
        """The id of the lane called `name` (created on first use); empty → the default lane."""
        name = (name or "").strip()
        if is_blank(name):  # zero-width characters only would be a lane with no visible name
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
        title=title if not is_blank(title) else Path(report.file).stem,
        events=list(events),
        lanes=kept,
        sources=tuple(sources or ()),
        description=description,
        path=report.file,
        problems=tuple(report.problems),
    )


