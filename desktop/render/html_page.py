"""A one-file HTML page: the timeline picture (SVG), clickable events, and the paragraphs each cites. No Qt here."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from desktop.model.dates import format_date, format_span
from desktop.model.quotes import grouped_citations, marked
from desktop.model.records import Event, Source
from desktop.model.timeline import Timeline

# Nothing may load or run, even if something slipped past the escaping.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
HINT = "Choose an event on the picture or in the list to see its date and the paragraphs it comes from."

# What comes before the root <svg> in a file: declaration, doctype, comments, blank space.
_PROLOG = re.compile(
    r"(?:\s+|\ufeff|<\?xml.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|<!--.*?-->)*", re.DOTALL | re.IGNORECASE
)
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
# Only these become links; the address must also hold no spaces or controls a browser would strip.
_WEB_URL = re.compile(r"https?://[^\x00-\x20\x7f]+", re.IGNORECASE)

_STYLE = """
:root{color-scheme:%(scheme)s;--bg:%(bg)s;--fg:%(fg)s;--muted:%(muted)s;--link:%(link)s;--rule:%(rule)s}
body{margin:0 auto;padding:1rem 1.25rem 3rem;max-width:72rem;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
h1{font-size:1.6rem;margin:.25rem 0}
.subtitle,.credit,.meta,.label,.hint,.when,.tags{color:var(--muted)}
.picture{margin:1rem auto}
.stage{position:relative;margin:0 auto}
.stage>svg{display:block;width:100%%;max-width:100%%;height:auto}
.stage>svg.hotspots{position:absolute;left:0;top:0;height:100%%}
.hotspots rect{cursor:pointer;stroke:none}
.hotspots a:hover rect,.hotspots a:focus rect{stroke:var(--link);stroke-width:2px;vector-effect:non-scaling-stroke}
.credit{font-size:.85rem;text-align:right}
.event{display:none;border-top:2px solid var(--rule);padding-top:.5rem}
.event:target{display:block}
.event:target~.hint{display:none}
.event h2{margin:.25rem 0 0}
.swatch{font-size:1.1em}
.source{border-top:1px solid var(--rule);margin-top:.75rem}
.source h3{font-size:1rem;margin:.5rem 0 0}
.meta,.label{margin:0;font-size:.9rem}
.paragraph{white-space:pre-wrap;margin:.15rem 0 .6rem;padding-left:.75rem;border-left:3px solid var(--rule)}
mark{background:#fff2a8;color:#1a1a1a}
.index ol{padding-left:1.5rem}
.index .date{color:var(--muted);margin-right:.5em}
"""
# The page colours of the picture's themes (render.theme), so the picture sits on its own page.
_LIGHT = {"scheme": "light", "bg": "#ffffff", "fg": "#1a1a1a", "muted": "#5f6368", "link": "#0b57d0", "rule": "#dadce0"}
_DARK = {"scheme": "dark", "bg": "#15181c", "fg": "#e8eaed", "muted": "#a8adb3", "link": "#8ab4f8", "rule": "#3c4043"}


@dataclass(frozen=True)
class Hotspot:
    """Where one event is drawn on the picture: a box in the SVG's user units (its viewBox)."""

    event: int  # index into timeline.events
    x: float
    y: float
    w: float
    h: float


def html_page(timeline: Timeline, svg: str, hotspots: Sequence[Hotspot], *, title: str, subtitle: str = "",
              credit: str = "", width: float, height: float, dark: bool = False,
              shown: Sequence[int] | None = None) -> str:
    """One self-contained HTML document: the picture, clickable events, each event's date and cited paragraphs.

    `shown`: the events the picture draws (indices, in order); only these get a section and a place in the list.
    """
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise ValueError(f"the picture needs a positive finite size, got {width}×{height}")
    count = len(timeline.events)
    chosen = list(range(count)) if shown is None else [int(i) for i in shown]
    for i in (*chosen, *(spot.event for spot in hotspots)):
        if not 0 <= i < count:
            raise ValueError(f"event {i} is named, but the timeline has {count} events")
    events = {i: timeline.events[i] for i in chosen}
    head = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>", f"<style>{_STYLE % (_DARK if dark else _LIGHT)}</style>", "</head>",
    ]
    body = ["<body>", "<header>", f"<h1>{_text(title)}</h1>"]
    if subtitle:
        body.append(f'<p class="subtitle">{_text(subtitle)}</p>')
    body += ["</header>", "<main>", _figure(timeline, svg, hotspots, credit, width, height)]
    body += [_section(timeline, i, event) for i, event in events.items()]
    body += [f'<p class="hint">{_text(HINT)}</p>', _index(events, count), "</main>", "</body>", "</html>", ""]
    return "\n".join(head + body)


def _text(value: str) -> str:
    """Data as inert HTML text or attribute value."""
    return escape(value, quote=True)


def _num(value: float) -> str:
    """A coordinate written the same way every time: at most three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _event_id(index: int) -> str:
    return f"event-{index}"


def inline_svg(svg: str) -> str:
    """The root <svg> element of an SVG file, its XML declaration, doctype and leading comments dropped."""
    rest = svg[_PROLOG.match(svg).end():].rstrip()  # type: ignore[union-attr]  # `*` always matches
    if not rest.startswith("<svg"):
        raise ValueError("the picture is not an SVG document (no <svg> root element)")
    return rest


def _figure(timeline: Timeline, svg: str, hotspots: Sequence[Hotspot], credit: str, width: float,
            height: float) -> str:
    """The picture, with a transparent link over each event drawn on its own."""
    box = f"0 0 {_num(width)} {_num(height)}"
    links = []
    for spot in hotspots:
        event = timeline.events[spot.event]
        tip = f"{event.title} ({_when(event)})"
        links.append(
            f'<a href="#{_event_id(spot.event)}"><title>{_text(tip)}</title>'
            f'<rect x="{_num(spot.x)}" y="{_num(spot.y)}" width="{_num(max(spot.w, 0.0))}" '
            f'height="{_num(max(spot.h, 0.0))}" fill="transparent"/></a>'
        )
    overlay = (
        f'<svg class="hotspots" xmlns="http://www.w3.org/2000/svg" viewBox="{box}" '
        f'preserveAspectRatio="xMidYMid meet" role="group" aria-label="Events on the picture">'
        + "".join(links) + "</svg>"
    )
    # The stage takes the picture's shape, so the overlay (sized to the stage) lies exactly on it.
    stage = f'<div class="stage" style="aspect-ratio:{_num(width)}/{_num(height)}">'
    # The figure is the picture's width, so the credit under it ends where the picture does.
    figure = f'<figure class="picture" id="picture" style="max-width:{_num(width)}px">'
    parts = [figure, stage, inline_svg(svg), overlay, "</div>"]
    if credit:
        parts.append(f'<figcaption class="credit">{_text(credit)}</figcaption>')
    parts.append("</figure>")
    return "\n".join(parts)


def _when(event: Event) -> str:
    return format_span(event.start, event.end, event.approximate)


def _index(events: dict[int, Event], count: int) -> str:
    """Every event drawn, always visible, so one in a cluster can still be reached."""
    items = [
        f'<li><a href="#{_event_id(i)}"><span class="date">{_text(_when(event))}</span>{_text(event.title)}</a></li>'
        for i, event in events.items()
    ]
    heading = "All events" if len(events) == count else f"The {len(events):,} events drawn, of {count:,}"
    return (f'<nav class="index" id="events" aria-label="{heading}">\n<h2>{heading}</h2>\n<ol>\n'
            + "\n".join(items) + "\n</ol>\n</nav>")


def _section(timeline: Timeline, index: int, event: Event) -> str:
    """One event: title, date, lane, summary, tags, then each cited source and paragraph."""
    lane_at = timeline.lane_index.get(event.lane)
    lane = timeline.lanes[lane_at] if lane_at is not None else None
    when = _text(_when(event))
    if lane is not None:
        color = f' style="color:{lane.color}"' if _COLOR.fullmatch(lane.color) else ""
        when += f' · <span class="swatch"{color} aria-hidden="true">&#9632;</span> {_text(lane.title)}'
    eid = _event_id(index)
    parts = [f'<section id="{eid}" class="event" aria-labelledby="{eid}-title">',
             f'<h2 id="{eid}-title">{_text(event.title)}</h2>', f'<p class="when">{when}</p>']
    if event.summary:
        parts.append(f'<p class="summary">{_text(event.summary)}</p>')
    if event.tags:
        parts.append(f'<p class="tags">Tags: {_text(", ".join(event.tags))}</p>')
    if not event.citations:
        parts.append('<p class="meta"><i>No source is cited for this event.</i></p>')
    for source_id, paragraphs in grouped_citations(event.citations).items():
        parts.append(_source_html(timeline.source_index.get(source_id), source_id, paragraphs))
    parts.append('<p><a href="#picture">Back to the picture</a> · <a href="#events">List of events</a></p>\n</section>')
    return "\n".join(parts)


def _source_html(source: Source | None, source_id: str, paragraphs: dict[int, list[str]]) -> str:
    """A source's heading, then each cited paragraph verbatim with its quotes marked."""
    if source is None:
        return f'<div class="source"><p class="meta">Source {_text(source_id)} is missing.</p></div>'
    meta = [_text(source.publisher)] if source.publisher else []
    if source.published is not None:
        meta.append(_text(format_date(source.published)))
    if source.url:
        meta.append(_url_html(source.url))
    parts = ['<div class="source">', f"<h3>{_text(source.title)}</h3>"]
    if meta:
        parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    for number, quotes in paragraphs.items():
        parts.append(f'<p class="label">Paragraph {number}</p>')
        if 1 <= number <= len(source.paragraphs):
            text = highlighted(source.paragraphs[number - 1], quotes)
            parts.append(f'<blockquote class="paragraph">{text}</blockquote>')
        else:
            parts.append('<p class="meta">(not in the source)</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _url_html(url: str) -> str:
    """A link for an http(s) address; any other scheme (javascript:, file:, data:…) stays text."""
    if _WEB_URL.fullmatch(url):
        return f'<a href="{_text(url)}" rel="noopener noreferrer" target="_blank">{_text(url)}</a>'
    return _text(url)


def highlighted(paragraph: str, quotes: Sequence[str]) -> str:
    """The paragraph as HTML: every piece escaped, the first occurrence of each quote in <mark>."""
    return marked(paragraph, quotes, _text, lambda quote: f"<mark>{_text(quote)}</mark>")
