"""The one-file HTML page: every event reachable, cited paragraphs verbatim, data inert, nothing external."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import format_span, parse_date
from desktop.model.records import Citation, Event, Lane, Source
from desktop.model.timeline import Timeline
from desktop.render.html_page import Hotspot, html_page
from desktop.render.theme import DARK, LIGHT

SVG_TAG = '<svg width="141.111mm" height="70.5556mm" viewBox="0 0 400 200" xmlns="http://www.w3.org/2000/svg">'
SVG = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    f'{SVG_TAG}\n<rect x="10" y="10" width="50" height="50" fill="#ff0000"/>\n</svg>\n'
)
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</style>", "<!--", "]]>")


class Page(HTMLParser):
    """What a browser would see: tags with attributes, and the text of each event section and its marks."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.sections: dict[str, str] = {}
        self.marks: dict[str, list[str]] = {}
        self._section: str | None = None
        self._in_mark = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "section":
            self._section = dict(attrs).get("id")
            assert self._section is not None
            self.sections[self._section] = ""
            self.marks[self._section] = []
        self._in_mark = self._in_mark or tag == "mark"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = None
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._section is not None:
            self.sections[self._section] += data
            if self._in_mark:
                self.marks[self._section].append(data)

    def all_text(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return open_timeline(default_events_path())


def _page(timeline: Timeline, hotspots: tuple[Hotspot, ...] = (), **kwargs: object) -> str:
    options: dict[str, object] = {"title": "Summits", "width": 400, "height": 200} | kwargs
    return html_page(timeline, SVG, hotspots, **options)  # type: ignore[arg-type]


def test_every_event_has_a_section_with_its_date_and_cited_paragraphs(timeline: Timeline) -> None:
    page = Page(_page(timeline))
    assert len(timeline.events) > 5
    for i, event in enumerate(timeline.events):
        text = page.sections[f"event-{i}"]
        assert event.title in text
        assert format_span(event.start, event.end, event.approximate) in text
        assert timeline.lanes[timeline.lane_index[event.lane]].title in text
        assert event.citations
        for citation in event.citations:
            source = timeline.source_index[citation.source]
            assert source.title in text
            assert source.paragraphs[citation.paragraph - 1] in text
            if citation.quote:
                assert any(citation.quote in mark for mark in page.marks[f"event-{i}"]), citation.quote
    assert any(e.approximate for e in timeline.events)  # so "c." is really shown somewhere
    assert "c. " in page.all_text()


def test_a_day_date_shows_no_time_and_an_approximate_one_says_so() -> None:
    lane = Lane("l", "Lane", "#000000")
    events = [
        Event("a", "Day", parse_date("2019-02-27"), "l"),
        Event("b", "Roughly", parse_date("2018-06"), "l", approximate=True),
    ]
    page = Page(_page(Timeline.build(title="t", events=events, lanes=(lane,))))
    day, rough = (page.sections[f"event-{i}"] for i in (1, 0))  # sorted by start: 2018-06 first
    assert "27 February 2019" in day and ":" not in day.split("27 February 2019")[1].split("·")[0]
    assert "c. June 2018" in rough


def test_list_reaches_every_event(timeline: Timeline) -> None:
    page = Page(_page(timeline))
    hrefs = [attrs.get("href") for tag, attrs in page.tags if tag == "a"]
    for i in range(len(timeline.events)):
        assert f"#event-{i}" in hrefs


def test_hotspots_become_links_with_rects_at_their_boxes(timeline: Timeline) -> None:
    spots = (Hotspot(3, 10.5, 20, 30, 12.25), Hotspot(0, 100, 50, 8, 8), Hotspot(3, 200.125, 0, 4, 4))
    page = Page(_page(timeline, spots))
    links = [(i, attrs["href"]) for i, (tag, attrs) in enumerate(page.tags) if tag == "a"]
    overlay = [(i, href) for i, href in links if i + 1 < len(page.tags) and page.tags[i + 1][0] in ("title", "rect")]
    assert [href for _, href in overlay] == ["#event-3", "#event-0", "#event-3"]
    for (at, _), spot in zip(overlay, spots, strict=True):
        rect = next(attrs for tag, attrs in page.tags[at:] if tag == "rect")
        box = tuple(float(rect[k] or "nan") for k in ("x", "y", "width", "height"))
        assert box == (spot.x, spot.y, spot.w, spot.h)
        assert rect["fill"] == "transparent"
    overlays = [attrs for tag, attrs in page.tags if tag == "svg" and attrs.get("class") == "hotspots"]
    assert [o["viewbox"] for o in overlays] == ["0 0 400 200"]
    assert timeline.events[3].title in page.all_text()


def test_the_svg_is_inlined_without_its_prolog(timeline: Timeline) -> None:
    html = _page(timeline)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    assert html.count(SVG_TAG) == 1
    assert html.index(SVG_TAG) < html.index('class="hotspots"')
    with pytest.raises(ValueError):
        html_page(timeline, "<?xml version='1.0'?><html></html>", (), title="t", width=1, height=1)


def test_same_inputs_give_the_same_bytes(timeline: Timeline) -> None:
    spots = (Hotspot(1, 1, 2, 3, 4),)
    assert _page(timeline, spots, subtitle="s", credit="c") == _page(timeline, spots, subtitle="s", credit="c")


def test_nothing_external_and_no_script(timeline: Timeline) -> None:
    html = _page(timeline, (Hotspot(0, 1, 1, 5, 5),), credit="Data: someone")
    page = Page(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "use"}
    for _tag, attrs in page.tags:
        assert "src" not in attrs
        assert (attrs.get("href") or "#").startswith("#")
    assert "@import" not in html and "url(" not in html
    assert any(
        tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
        and "default-src 'none'" in (attrs.get("content") or "")
        for tag, attrs in page.tags
    )


def _hostile() -> Timeline:
    bad = " ".join(HOSTILE)
    paragraph = f"Before {HOSTILE[0]} middle {HOSTILE[1]} after {HOSTILE[2]}{HOSTILE[3]}{HOSTILE[4]}"
    sources = (
        Source("js", f'Title "onmouseover="alert(1) {bad}', (paragraph,), publisher=bad,
               url="javascript:alert(1)"),
        Source("web", "Web", ("plain",), url="https://example.org/a?b=1&c=<2>"),
        Source("sp", "Spaced", ("plain",), url=" java\tscript:alert(1)"),
        Source("tab", "Tabbed", ("plain",), url="https://exa\tmple.org/"),
    )
    lane = Lane("l", bad, "red;}</style><script>alert(1)</script>")
    events = [
        Event("e", bad, parse_date("2019-02-27"), "l", summary=bad, tags=(bad,),
              citations=(Citation("js", 1, HOSTILE[1]), Citation("web", 1), Citation("sp", 1), Citation("tab", 1))),
    ]
    return Timeline.build(title=bad, events=events, lanes=(lane,), sources=sources)


def test_hostile_data_comes_out_as_text() -> None:
    bad = " ".join(HOSTILE)
    html = _page(_hostile(), (Hotspot(0, 0, 0, 10, 10),), title=bad, subtitle=bad, credit=bad)
    page = Page(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags
    assert tags.count("style") == 1
    assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")]
    text = page.all_text()
    assert text.count(bad) >= 7  # title, h1, subtitle, credit, event title, lane, summary, tags, publisher, list
    assert HOSTILE[1] in page.marks["event-0"]
    for raw in HOSTILE[:4]:
        assert raw not in html.split("<style>")[1].split("</style>")[0]  # nothing leaks into the style block
    assert "<!--" not in html and "]]>" not in html and "<script" not in html
    links = [attrs for tag, attrs in page.tags if tag == "a" and not (attrs.get("href") or "").startswith("#")]
    assert [a["href"] for a in links] == ["https://example.org/a?b=1&c=<2>"]
    assert links[0]["rel"] == "noopener noreferrer"
    assert "javascript:alert(1)" in text and "https://exa\tmple.org/" in text
    assert "red;}" not in html


def test_the_page_is_the_colour_of_the_pictures_page(timeline: Timeline) -> None:
    light, dark = _page(timeline), _page(timeline, dark=True)
    assert "color-scheme:light" in light and f"--bg:{LIGHT.page.name()}" in light
    assert "color-scheme:dark" in dark and f"--bg:{DARK.page.name()}" in dark


def test_a_hotspot_for_no_event_is_refused(timeline: Timeline) -> None:
    with pytest.raises(ValueError):
        _page(timeline, (Hotspot(len(timeline.events), 0, 0, 1, 1),))
