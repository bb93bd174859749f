"""PNG export: size, colours, range, text chunks, atomic writes (the window's dialog: tests/app/)."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from email.utils import parsedate_to_datetime
from pathlib import Path

import numpy as np
import pytest
from png_helpers import png_size, png_text
from PySide6.QtGui import QColor, QImage

import desktop.render.export
from desktop import __version__
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.rows import stack_rows
from desktop.model.dates import parse_date
from desktop.model.records import Event, Lane
from desktop.model.timeline import Timeline
from desktop.render.export import ExportError, export_file, render_timeline
from desktop.render.page import AXIS_PX, MARGIN_PX, MIN_ROWS_PX, ROW_PX, default_height, plan_page
from desktop.render.request import ExportRequest

HANOI = (parse_date("2019-02-26").begin, parse_date("2019-03-02").end)


def pixels(image: QImage) -> np.ndarray:
    """The image as an (h, w, 4) array of B, G, R, A (non-premultiplied)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return data[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


def has_colour(area: np.ndarray, color: str, tolerance: int) -> bool:
    """True if some pixel of `area` is within `tolerance` of `color` in every channel."""
    c = QColor(color)
    target = np.array([c.blue(), c.green(), c.red()], dtype=int)
    return bool((np.abs(area[..., :3].astype(int) - target).max(axis=-1) <= tolerance).any())


@pytest.fixture
def timeline(qapp) -> Timeline:
    """The default dataset (and a QApplication for the fonts)."""
    return open_timeline(default_events_path())


def test_exact_size_for_given_width_and_height(timeline: Timeline) -> None:
    assert render_timeline(timeline, width=1000, height=700, scale=1).size().toTuple() == (1000, 700)
    assert render_timeline(timeline, width=1601, height=1001).size().toTuple() == (1601, 1001)


def test_default_height_gives_every_row_room(timeline: Timeline) -> None:
    rows = stack_rows(timeline.columns, len(timeline.lanes)).total
    for scale in (1, 2):
        request = ExportRequest(timeline, width=1600, scale=scale)
        height = default_height(request)
        plan = plan_page(request, height)
        # The plot gets ROW_PX a row and the time axis, whatever the words and legend above and below take.
        assert plan.plot.height() - AXIS_PX == pytest.approx(max(rows * ROW_PX, MIN_ROWS_PX), abs=1 / scale)
        assert plan.plot.top() < plan.plot.bottom() <= plan.legend_top < plan.credit_top < plan.height - MARGIN_PX / 2
        assert render_timeline(timeline, width=1600, scale=scale).height() == height


def test_every_lane_colour_is_drawn_in_the_plot_and_the_legend(timeline: Timeline) -> None:
    scale = 2
    image = pixels(render_timeline(timeline, width=1600, scale=scale))
    plan = plan_page(ExportRequest(timeline, width=1600, scale=scale), image.shape[0])
    plot = image[round(plan.plot.top() * scale):round(plan.plot.bottom() * scale)]
    legend = image[round(plan.legend_top * scale):round(plan.credit_top * scale)]
    for lane in timeline.lanes:
        assert has_colour(legend, lane.color, 2), f"{lane.id} swatch missing"
        # Bars are filled at 85 % opacity: within 40 of the colour on the light bands.
        assert has_colour(plot, lane.color, 40), f"{lane.id} not drawn"


def test_a_lane_name_wider_than_the_page_stays_on_it(timeline: Timeline) -> None:
    long = "United States government, as represented by the President, the State Department and its negotiators"
    lanes = tuple(replace(lane, title=long) if k == 1 else lane for k, lane in enumerate(timeline.lanes))
    wide = Timeline.build(title=timeline.title, events=timeline.events, lanes=lanes, sources=timeline.sources)
    request = ExportRequest(wide, width=960, scale=2)  # 480 layout pixels: the narrowest page
    image = pixels(render_timeline(wide, width=960, scale=2))
    plan = plan_page(request, image.shape[0])
    legend = image[round(plan.legend_top * 2):round(plan.credit_top * 2)]
    inside, margin = legend[:, : 960 - 2 * MARGIN_PX], legend[:, 960 - 2 * MARGIN_PX + 2:]
    assert (inside[..., :3] < 128).any()  # dark text in the legend…
    assert (margin[..., :3] > 250).all()  # …and none in the page's right margin: the name is elided within it


def test_thin_lanes_are_told_apart_by_bands_not_a_wash_of_rules(qapp) -> None:
    lanes = tuple(Lane(f"l{k}", f"Lane {k}", "#4477aa") for k in range(400))
    # Each lane's event on its own day of January or December: the middle of the year is empty.
    events = [Event(f"e{k}", f"Event {k}", parse_date(f"2019-{1 + 11 * (k % 2):02d}-{1 + k % 28:02d}"), f"l{k}")
              for k in range(400)]
    timeline = Timeline.build(title="Thin lanes", events=events, lanes=lanes)
    image = pixels(render_timeline(timeline, width=1000, scale=1))
    plan = plan_page(ExportRequest(timeline, width=1000, scale=1), image.shape[0])
    # A strip in the middle of the plot, away from every event: only lane bands (and rules, if any) there.
    middle = round(plan.plot.center().x())
    strip = image[round(plan.plot.top()) + 4:round(plan.plot.bottom() - AXIS_PX) - 4, middle - 20:middle + 20, :3]
    # Bands are #f6f7f9 and white; a rule (#d5d9de) over every 2-px lane made the strip mid-grey.
    assert strip.mean() > 240, strip.mean()


def test_hidden_lanes_are_left_out_of_plot_and_legend(timeline: Timeline) -> None:
    press = timeline.lane_index["press"]
    image = pixels(render_timeline(timeline, width=1600, hidden_lanes={press}))
    assert not has_colour(image, "#cc79a7", 30)
    assert has_colour(image, "#e69f00", 2)


def test_a_narrower_range_gives_another_image(timeline: Timeline) -> None:
    fit = pixels(render_timeline(timeline, width=1200, height=1100))
    hanoi = pixels(render_timeline(timeline, width=1200, height=1100, start=HANOI[0], end=HANOI[1]))
    plan = plan_page(ExportRequest(timeline, width=1200), 1100)
    plot = slice(round(plan.plot.top() * 2), round(plan.plot.bottom() * 2))
    assert not np.array_equal(fit[plot], hanoi[plot])


def test_rendering_is_repeatable(timeline: Timeline) -> None:
    first = pixels(render_timeline(timeline, width=1200, start=HANOI[0], end=HANOI[1]))
    second = pixels(render_timeline(timeline, width=1200, start=HANOI[0], end=HANOI[1]))
    assert np.array_equal(first, second)


def test_background_is_white_unless_transparent(timeline: Timeline) -> None:
    opaque = pixels(render_timeline(timeline, width=1000, scale=1))
    clear = pixels(render_timeline(timeline, width=1000, scale=1, transparent=True))
    for y, x in ((0, 0), (0, -1), (-1, 0), (-1, -1)):
        assert tuple(opaque[y, x]) == (255, 255, 255, 255)
        assert clear[y, x, 3] == 0
    # The plot too: every background is left out, the marks stay opaque.
    plan = plan_page(ExportRequest(timeline, width=1000, scale=1), clear.shape[0])
    plot = clear[round(plan.plot.top()):round(plan.plot.bottom()), round(plan.plot.left()):round(plan.plot.right())]
    assert (plot[..., 3] < 40).mean() > 0.5  # most of the plot is see-through
    assert (plot[..., 3] == 255).any()


@pytest.mark.parametrize(("width", "height", "words"), [
    (30_000, 800, "at most 20,000 px"),
    (12_000, 12_000, "megapixels"),
    (900, 800, "scale 1.8 or less fits 900 px"),
    (1200, 300, "too small"),
    (1600, 700, "at least"),
])
def test_sizes_out_of_bounds_are_refused(timeline: Timeline, width: int, height: int, words: str) -> None:
    with pytest.raises(ExportError, match=words):
        render_timeline(timeline, width=width, height=height)


def test_png_carries_text_chunks(timeline: Timeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "t.png"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    request = ExportRequest(timeline, width=1000, source_name="events.json")
    export_file(request, out)
    text = png_text(out.read_bytes())
    assert text["Title"] == timeline.title  # en dashes: needs iTXt
    assert text["Software"] == f"summit-timeline {__version__}"
    assert text["Source"] == "events.json"
    assert parsedate_to_datetime(text["Creation Time"]).timestamp() == 1700000000
    assert "Description" not in text
    assert png_size(out.read_bytes()) == (1000, default_height(request))


class _FailingWriter(desktop.render.export.QImageWriter):
    """A PNG writer that fails as a full disk would."""

    def write(self, image: QImage) -> bool:
        return False

    def errorString(self) -> str:
        return "No space left on device"


def test_a_failing_write_leaves_the_old_file_byte_identical(timeline: Timeline, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "t.png"
    out.write_bytes(b"the old picture")
    monkeypatch.setattr(desktop.render.export, "QImageWriter", _FailingWriter)
    with pytest.raises(ExportError, match="No space left on device"):
        export_file(ExportRequest(timeline, width=1000), out)
    assert out.read_bytes() == b"the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png"]  # no temporary file left behind


def test_a_failing_commit_leaves_the_old_file_byte_identical(timeline: Timeline, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # the final rename, as on a full disk

    out = tmp_path / "t.png"
    out.write_bytes(b"the old picture")
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ExportError, match="cannot write: No space left on device"):
        export_file(ExportRequest(timeline, width=1000), out)
    assert out.read_bytes() == b"the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png"]


@pytest.mark.parametrize(("name", "words"), [("a-file/t.png", "is a file, not a folder"),
                                             ("missing/t.png", "does not exist"),
                                             ("a-folder.png", "is a folder")])
def test_unwritable_paths_are_refused(timeline: Timeline, tmp_path: Path, name: str, words: str) -> None:
    (tmp_path / "a-file").write_bytes(b"old")
    (tmp_path / "a-folder.png").mkdir()
    with pytest.raises(ExportError, match=words):
        export_file(ExportRequest(timeline, width=1000), tmp_path / name)
    assert (tmp_path / "a-file").read_bytes() == b"old"

