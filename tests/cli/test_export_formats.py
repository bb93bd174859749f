"""`summit-timeline export` to SVG, PDF and HTML; the words, legend, theme and background options; sizes; same bytes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from png_helpers import png_size, png_text
from PySide6.QtCore import QHashSeed
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication

from desktop.cli.main import main
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.search import SearchIndex
from desktop.model.timeline import Timeline
from desktop.render.fonts import use_bundled_fonts
from desktop.render.theme import DARK, LIGHT

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"
Ran = subprocess.CompletedProcess[str]
SMALL = ("--width", "960", "--scale", "1")  # quick PNGs for the pixel checks


@pytest.fixture
def cli(qapp: QApplication, capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[..., Ran]]:
    """`summit-timeline export …` run in this process, with the bundled fonts the command's own process uses."""
    font = QFont(qapp.font())
    use_bundled_fonts(qapp, exclusive=True)  # the command does this only in a QApplication of its own

    def run(*args: str) -> Ran:
        code = main(["export", *args])
        out, err = capsys.readouterr()
        return Ran(args, code, out, err)

    yield run
    qapp.setFont(font)


@pytest.fixture
def made(cli: Callable[..., Ran], tmp_path: Path) -> Callable[..., bytes]:
    """The bytes `export -o NAME …` writes, after checking it exited 0."""

    def make(name: str, *args: str) -> bytes:
        result = cli("-o", str(tmp_path / name), *args)
        assert result.returncode == 0, result.stderr
        return (tmp_path / name).read_bytes()

    return make


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return open_timeline(default_events_path())


def svg_texts(data: bytes) -> list[str]:
    """The text of every <text> element: what a reader can select and search."""
    root = ET.fromstring(data)
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def event_titles(data: bytes) -> str:
    """The <title>s the export puts over its drawn events, joined."""
    root = ET.fromstring(data)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("id") == "events"]
    assert len(groups) == 1
    return "\n".join("".join(t.itertext()) for t in groups[0].iter(f"{SVG}title"))


def pixels(data: bytes) -> np.ndarray:
    """A PNG as an (h, w, 4) array of B, G, R, A."""
    image = QImage.fromData(data).convertToFormat(QImage.Format.Format_ARGB32)
    assert not image.isNull()
    bits = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return bits[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def pdf_string(pdf: bytes, key: str) -> str:
    """The Info dictionary's `key`: a literal string, UTF-16 after a byte-order mark when not ASCII."""
    found = re.search(rb"/" + key.encode() + rb"\s*\(", pdf)
    assert found, f"no /{key} in the PDF"
    raw, at = bytearray(), found.end()
    while pdf[at] != ord(")"):
        at += pdf[at] == ord("\\")  # Qt writes ( ) and \ (any byte of UTF-16 that is one) after a backslash
        raw.append(pdf[at])
        at += 1
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


class Page(HTMLParser):
    """An HTML page as a browser parses it: its tags, its text, the paragraphs quoted in each event's section."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.quotes: dict[str, list[str]] = {}
        self._section = ""
        self._quoting = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append(dict(attrs))
        if tag == "section":
            self._section = dict(attrs).get("id") or ""
        if tag == "blockquote":
            self._quoting += 1
            self.quotes.setdefault(self._section, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = ""
        if tag == "blockquote":
            self._quoting -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._quoting:
            self.quotes[self._section][-1] += data


def test_svg_parses_and_keeps_every_word_as_text(made: Callable[..., bytes], timeline: Timeline) -> None:
    data = made("x.svg")
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert "".join(root.find(f"{SVG}title").itertext()) == timeline.title  # type: ignore[union-attr]
    texts = svg_texts(data)
    assert timeline.title in texts
    for lane in timeline.lanes:
        assert lane.title in texts
    titles = event_titles(data)
    for event in timeline.events:
        assert f"{event.title} (" in titles, event.title
    # Most events are also labelled on the picture, as text.
    assert sum(event.title in texts for event in timeline.events) >= len(timeline.events) // 2


def stretched_strokes(node: ET.Element, stretch: float = 1.0) -> Iterator[str]:
    """Elements whose hairline only `vector-effect` keeps thin under a transform that stretches one axis more."""
    found = re.fullmatch(r"matrix\(([^,]+),([^,]+),([^,]+),([^,]+),[^,]+,[^,]+\)", node.get("transform", ""))
    if found:
        a, b, c, d = (float(v) for v in found.groups())
        stretch *= max(abs(a), abs(d)) / max(min(abs(a), abs(d)), 1e-12) if b == c == 0 else float("inf")
    if node.get("vector-effect") == "non-scaling-stroke" and node.get("stroke", "") != "none" and stretch > 1.01:
        yield node.tag
    for child in node:
        yield from stretched_strokes(child, stretch)


def test_svg_shapes_are_in_page_units_for_every_reader(made: Callable[..., bytes]) -> None:
    # Illustrator and librsvg ignore `vector-effect`: a hairline drawn in data units under a
    # stretching transform came out a row tall there (lane rules), and bands millions of units wide.
    data = made("x.svg")
    root = ET.fromstring(data)
    assert list(stretched_strokes(root)) == []
    width, height = (float(v) for v in root.get("viewBox", "").split()[2:])
    for rect in root.iter(f"{SVG}rect"):
        x, w = float(rect.get("x", 0)), float(rect.get("width", 0))
        y, h = float(rect.get("y", 0)), float(rect.get("height", 0))
        assert -width <= x and x + w <= 2 * width and -height <= y and y + h <= 2 * height, rect.attrib


def test_pdf_is_one_page_titled_by_the_timeline(made: Callable[..., bytes], timeline: Timeline) -> None:
    pdf = made("x.pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf)) == 1
    assert re.search(rb"/Type\s*/Pages\b[^>]*/Count 1\b", pdf)
    assert pdf_string(pdf, "Title") == timeline.title
    assert pdf.rstrip().endswith(b"%%EOF")


def test_html_is_one_inert_file_with_every_cited_paragraph(made: Callable[..., bytes], tmp_path: Path,
                                                          timeline: Timeline) -> None:
    html = made("x.html").decode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]
    for fetch in ("<script", "<link", "src=", "@import", "<iframe", "<object", "<embed"):
        assert fetch not in html.lower(), fetch
    # url(#id) names a part of the page itself (the plot's clip path); any other url( could fetch.
    assert not re.search(r"url\(\s*['\"]?(?!#)", html, re.IGNORECASE)
    page = Page(html)
    assert "script" not in page.tags
    for i, event in enumerate(timeline.events):
        quoted = page.quotes.get(f"event-{i}", [])
        for citation in event.citations:
            paragraph = timeline.source_index[citation.source].paragraphs[citation.paragraph - 1]
            assert paragraph in quoted, (event.id, citation.paragraph)
    assert any("#북미회담" in q for quotes in page.quotes.values() for q in quotes)


def test_html_says_its_words_once_as_page_text(made: Callable[..., bytes], timeline: Timeline) -> None:
    html = made("x.html", "--subtitle", "Just the gist").decode("utf-8")
    picture = html[html.index("<svg"):html.index("</svg>") + len("</svg>")]
    drawn = svg_texts(picture.encode("utf-8"))
    assert set(drawn) >= {lane.title for lane in timeline.lanes}  # the picture is there…
    credit = next(t for t in svg_texts(made("x.svg")) if t.startswith("Source: "))
    assert not {timeline.title, "Just the gist", credit} & set(drawn)  # …without the words the page says
    page = Page(html)
    text = "".join(page.text)
    assert text.count(credit) == 1 and text.count("Just the gist") == 1
    assert html.count(f"<h1>{timeline.title}</h1>") == 1


def hostile_file(tmp_path: Path) -> Path:
    """The default dataset with markup in its title, a lane's name, an event's title and a cited paragraph."""
    data = json.loads(default_events_path().read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data["title"] = f"{HOSTILE} (title) \\ end"
    data["lanes"][0]["title"] = f"<b>{HOSTILE}</b>"
    event = data["events"][0]
    event["title"] = f"{HOSTILE} & <img src=x onerror=alert(2)>"
    cited, paragraphs = event["citations"][0]["paragraph"], data["sources"][0]["paragraphs"]
    paragraphs[cited - 1] = f"{HOSTILE} <a href='javascript:alert(3)'>x</a> {paragraphs[cited - 1]}"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_markup_in_the_data_stays_text_in_every_format(made: Callable[..., bytes], tmp_path: Path) -> None:
    source = hostile_file(tmp_path)
    timeline = open_timeline(source)
    assert not timeline.problems
    hostile_event = next(e for e in timeline.events if e.title.startswith(HOSTILE))

    svg = made("x.svg", str(source))
    root = ET.fromstring(svg)  # parses: the markup was escaped
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "img", "a", "b", "foreignObject")]
    texts = svg_texts(svg)
    assert timeline.title in texts
    assert timeline.lanes[0].title in texts  # the legend writes it whole
    assert f"{hostile_event.title} (" in event_titles(svg)

    pdf = made("x.pdf", str(source))
    assert pdf.startswith(b"%PDF-") and pdf_string(pdf, "Title") == timeline.title

    page = Page(made("x.html", str(source)).decode("utf-8"))
    for tag in ("script", "img", "b"):
        assert tag not in page.tags
    assert "a" in page.tags  # the page's own links…
    text = "".join(page.text)
    for words in (timeline.title, timeline.lanes[0].title, hostile_event.title, "<a href='javascript:alert(3)'>"):
        assert words in text  # …and the data's markup as characters
    for attrs in page.attrs:
        assert not [k for k in attrs if k.startswith("on")], attrs
        assert not (attrs.get("href") or "").lower().startswith("javascript"), attrs


def test_title_subtitle_and_credit_replace_or_remove_the_defaults(made: Callable[..., bytes],
                                                                  timeline: Timeline) -> None:
    default = svg_texts(made("a.svg"))
    credit = next(t for t in default if t.startswith("Source: "))
    assert timeline.sources[0].title in credit and "1 March 2019" in credit
    subtitle = default[default.index(timeline.title) + 1]
    assert "2016" in subtitle and "2015" not in subtitle and "20 events" in subtitle

    words = svg_texts(made("b.svg", "--title", "Hanoi, told", "--subtitle", "Just the gist", "--credit", "Desk"))
    assert {"Hanoi, told", "Just the gist", "Desk"} <= set(words)
    assert timeline.title not in words and subtitle not in words and credit not in words

    bare = svg_texts(made("c.svg", "--title", "", "--subtitle", "", "--credit", ""))
    assert not {timeline.title, subtitle, credit} & set(bare)
    assert not [t for t in bare if t.startswith("Source")]
    assert set(bare) >= {lane.title for lane in timeline.lanes}  # the picture is still there

    filtered = svg_texts(made("d.svg", "--lane", "north-korea", "summits", "--match", "Yongbyon"))
    subtitle = next(t for t in filtered if " events · " in t)
    assert "2 of 5 lanes" in subtitle and "match “Yongbyon”" in subtitle


def test_long_words_wrap_whole_on_a_narrow_page(made: Callable[..., bytes]) -> None:
    title = "North Korea and the United States, from the Singapore handshake to the Hanoi walk-out"
    credit = "Source: Kim vows to meet Trump again after Hanoi summit ends without a deal, 1 March 2019 · data desk"
    texts = svg_texts(made("x.svg", "--width", "960", "--title", title, "--credit", credit))
    for words in (title, credit):
        first = next(k for k, t in enumerate(texts) if words.startswith(t))
        lines = texts[first:first + 4]
        assert len(lines[0]) < len(words) and "…" not in "".join(lines)  # more than one line, nothing elided
        assert "".join("".join(lines).split()).startswith("".join(words.split()))  # every character, in order


def test_subtitle_counts_only_the_drawn_events_that_match(made: Callable[..., bytes], timeline: Timeline) -> None:
    texts = svg_texts(made("x.svg", "--lane", "summits", "--match", "sanctions"))
    subtitle = next(t for t in texts if " events · " in t)
    drawn = int(re.search(r"(\d+) events", subtitle).group(1))  # type: ignore[union-attr]
    matched = int(re.search(r"(\d+) match", subtitle).group(1))  # type: ignore[union-attr]
    summits = timeline.columns.lane == timeline.lane_index["summits"]
    expected = int((SearchIndex(timeline).match("sanctions") & summits).sum())
    assert drawn == int(summits.sum())
    assert 0 < expected < drawn
    assert matched == expected, f"{subtitle!r}: {matched} match, but {expected} of the {drawn} drawn events do"


def test_legend_lanes_full_none(made: Callable[..., bytes], timeline: Timeline) -> None:
    heights, texts = {}, {}
    for legend in ("lanes", "full", "none"):
        heights[legend] = png_size(made(f"{legend}.png", *SMALL, "--legend", legend))[1]
        texts[legend] = svg_texts(made(f"{legend}.svg", "--legend", legend))
    assert heights["none"] < heights["lanes"] < heights["full"]
    for lane in timeline.lanes:
        assert texts["none"].count(lane.title) == 1  # the lane axis only
        assert texts["lanes"].count(lane.title) == texts["full"].count(lane.title) == 2
    key = ("Approximate date", "Several events: click to zoom in")
    assert all(k in texts["full"] for k in key)
    assert not any(k in texts["lanes"] + texts["none"] for k in key)


def test_dark_theme_is_dark_with_light_text(made: Callable[..., bytes], timeline: Timeline) -> None:
    light, dark = pixels(made("light.png", *SMALL)), pixels(made("dark.png", *SMALL, "--theme", "dark"))
    assert light.shape == dark.shape
    assert light[2, 2, :3].min() > 240 and dark[2, 2, :3].max() < 60
    header = dark[10:40, :400, :3].astype(int).sum(axis=-1)  # the title's row
    assert header.max() > 3 * 200  # light letters on the dark page
    for theme, name in ((LIGHT, "light.svg"), (DARK, "dark.svg")):
        root = ET.fromstring(made(name, "--theme", theme.name))
        title = next(e for e in root.iter(f"{SVG}text") if "".join(e.itertext()) == timeline.title)
        assert title.get("fill") == theme.text.name(), theme.name
        assert page_fills(root) == [theme.page.name()]


def page_fills(root: ET.Element) -> list[str]:
    """The fill of every rectangle as large as the SVG's view box: the page's background."""
    size = tuple(float(v) for v in root.get("viewBox", "").split()[2:])
    return [g.get("fill", "") for g in root.iter(f"{SVG}g") for r in g.findall(f"{SVG}rect")
            if (float(r.get("width", 0)), float(r.get("height", 0))) == size]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_transparent_leaves_page_and_plot_see_through(made: Callable[..., bytes], theme: str) -> None:
    opaque = pixels(made("opaque.png", *SMALL, "--theme", theme))
    clear = pixels(made("clear.png", *SMALL, "--theme", theme, "--transparent"))
    assert opaque.shape == clear.shape
    assert (opaque[..., 3] == 255).all()
    h, w = clear.shape[:2]
    assert clear[2, 2, 3] == 0 and clear[h - 3, w - 3, 3] == 0
    # The plot, right of the lane names and above the date axis: its bands are clear or a faint veil.
    alpha = clear[90:h - 140, 200:w - 20, 3]
    assert (alpha == 0).mean() > 0.1
    assert (alpha <= 16).mean() > 0.6, f"only {(alpha <= 16).mean():.0%} of the plot is see-through"
    assert (alpha == 255).mean() < 0.1
    assert page_fills(ET.fromstring(made("opaque.svg", "--theme", theme))) != []
    assert page_fills(ET.fromstring(made("clear.svg", "--theme", theme, "--transparent"))) == []
    # What is drawn is drawn in the theme's text colour: dark on light, light on dark.
    ink = clear[10:40, :400]
    solid = ink[ink[..., 3] > 200][:, :3].astype(int).sum(axis=-1)
    assert len(solid)
    assert (solid.mean() < 3 * 90) if theme == "light" else (solid.mean() > 3 * 170)


@pytest.mark.parametrize("height", ["100", "300", "532"])
def test_a_short_height_names_a_minimum_that_is_accepted(cli: Callable[..., Ran], tmp_path: Path, height: str) -> None:
    out = str(tmp_path / "x.png")
    low = cli("-o", out, "--height", height)
    least = int(re.search(r"at least (\d+) px", low.stderr).group(1))  # type: ignore[union-attr]
    assert low.returncode == 2 and least > int(height) and not (tmp_path / "x.png").exists()
    again = cli("-o", out, "--height", str(least))
    assert again.returncode == 0, f"{low.stderr.strip()} — but then: {again.stderr.strip()}"
    assert cli("-o", out, "--height", str(least - 1)).returncode == 2


def test_a_narrow_width_names_the_scale_that_fits(cli: Callable[..., Ran], tmp_path: Path) -> None:
    out = str(tmp_path / "x.png")
    narrow = cli("-o", out, "--width", "800")
    scale = re.search(r"scale ([\d.]+) or less fits 800 px", narrow.stderr).group(1)  # type: ignore[union-attr]
    assert narrow.returncode == 2 and scale == "1.6"
    low = cli("-o", out, "--width", "800", "--scale", scale, "--height", "532")
    least = re.search(r"at least (\d+) px", low.stderr).group(1)  # type: ignore[union-attr]
    assert low.returncode == 2
    assert cli("-o", out, "--width", "800", "--scale", scale, "--height", least).returncode == 0
    assert png_size((tmp_path / "x.png").read_bytes()) == (800, int(least))


def test_two_runs_give_the_same_bytes_and_a_set_date(made: Callable[..., bytes], monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for suffix in ("png", "svg", "pdf", "html"):
        assert made(f"1.{suffix}", *SMALL) == made(f"2.{suffix}", *SMALL), suffix
    assert png_text((tmp_path / "1.png").read_bytes())["Creation Time"] == "Tue, 14 Nov 2023 22:13:20 GMT"
    pdf = (tmp_path / "1.pdf").read_bytes()
    assert pdf_string(pdf, "CreationDate").startswith("D:20231114221320")
    assert b"2023-11-14T22:13:20" in pdf  # the XMP packet agrees
    # Another process (fresh fonts, fresh ids) writes the same picture.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    subprocess.run([sys.executable, "-m", "desktop", "export", "-o", str(tmp_path / "3.png"), *SMALL],
                   env=env, check=True, capture_output=True, timeout=120)
    assert (tmp_path / "3.png").read_bytes() == (tmp_path / "1.png").read_bytes()
    # Without SOURCE_DATE_EPOCH, the events file's date: still not "now".
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    source = tmp_path / "events.json"
    source.write_bytes(default_events_path().read_bytes())
    os.utime(source, (1_600_000_000, 1_600_000_000))
    assert pdf_string(made("x.pdf", str(source)), "CreationDate").startswith("D:20200913122640")
    assert png_text(made("x.png", str(source), *SMALL))["Creation Time"] == "Sun, 13 Sep 2020 12:26:40 GMT"


@pytest.mark.parametrize("suffix", ["pdf", "svg"])
def test_the_bytes_do_not_depend_on_the_process_hash_seed(made: Callable[..., bytes],
                                                          monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    """Each process hashes with a random seed (unless QT_HASH_SEED=0): a file must not show it.

    The order Qt writes a PDF's fonts in followed the seed: two runs of the command gave two files, half the time.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = set()
    for run in range(10):  # an order that follows the seed goes unseen in 10 seeds with chance 2 ** -9
        QHashSeed.resetRandomGlobalSeed()
        outputs.add(made(f"{run}.{suffix}", *SMALL))
    assert len(outputs) == 1, f"{len(outputs)} different files from 10 runs"


def _title_ink(data: bytes) -> np.ndarray:
    """Darkness of the title's line (0 white … 255 black), cut to the columns with ink."""
    gray = 255 - pixels(data)[12:40, :, :3].astype(int).min(axis=-1)
    columns = np.flatnonzero(gray.max(axis=0) > 64)
    assert len(columns), "no title drawn"
    return gray[:, columns[0]:columns[-1] + 1]


def _cells_alike(ink: np.ndarray, a: int, b: int, shift: int = 3) -> float:
    """How unlike glyph cells `a` and `b` of a four-character line are: the least mean difference over small shifts."""
    width = ink.shape[1] / 4
    padded = np.pad(ink, ((0, 0), (shift, shift)))
    n, xa = int(width) - 1, round(a * width) + shift
    return min(float(np.abs(padded[:, xa:xa + n] - padded[:, xb:xb + n]).mean())
               for xb in range(round(b * width), round(b * width) + 2 * shift + 1))


def test_a_korean_title_is_drawn_in_real_glyphs(made: Callable[..., bytes]) -> None:
    bare = (*SMALL, "--subtitle", "", "--credit", "")
    korean = _title_ink(made("ko.png", *bare, "--title", "북미회담"))
    tofu = _title_ink(made("tofu.png", *bare, "--title", "\ue000\ue001\ue002\ue003"))  # no font has these
    assert korean.shape != tofu.shape or np.abs(korean - tofu).mean() > 10
    pairs = [(a, b) for a in range(4) for b in range(a + 1, 4)]
    assert all(_cells_alike(tofu, a, b) < 5 for a, b in pairs)  # four boxes of "no glyph" are alike…
    assert all(_cells_alike(korean, a, b) > 20 for a, b in pairs)  # …four syllables are not
