"""Every size an export accepts draws whole: lane names apart, rows tall enough for a marker, parts not overlapping.

And every size below `minimum_size` is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPicture
from PySide6.QtWidgets import QApplication

from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.model.dates import parse_date
from desktop.model.records import Event, Lane
from desktop.model.timeline import Timeline
from desktop.render.export import render_request
from desktop.render.fonts import use_bundled_fonts
from desktop.render.lane_axis import LaneAxisItem
from desktop.render.page import LEGEND_LINE_PX, MARGIN_PX, MAX_ROWS_PX, MIN_ROW_PX, PagePlan, fonts, minimum_size
from desktop.render.page_scene import page_scene
from desktop.render.request import LEGENDS, ExportError, ExportRequest
from desktop.render.scene import TimelineScene

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
EPS = 0.25  # layout pixels: rounding, not overlap


def many_lanes(overlapping: bool) -> Timeline:
    """60 lanes of 3 events each: side by side (one sub-row a lane) or all overlapping (three)."""
    lanes = tuple(Lane(f"lane-{k}", f"Lane number {k} of sixty", f"#{(k * 40503) % 0xFFFFFF:06x}") for k in range(60))
    events = []
    for k, lane in enumerate(lanes):
        for n in range(3):
            start, end = (1 + n, 20) if overlapping else (1 + 9 * n, 6 + 9 * n)
            events.append(Event(f"e-{k}-{n}", f"Event {n} of lane {k}", parse_date(f"2019-01-{start:02d}"), lane.id,
                                end=parse_date(f"2019-01-{end:02d}")))
    return Timeline.build(title="Sixty lanes", events=events, lanes=lanes)


TIMELINES = {"default": lambda: open_timeline(default_events_path()), "60 lanes": lambda: many_lanes(False),
             "60 lanes, 3 rows each": lambda: many_lanes(True)}


@pytest.fixture(scope="module")
def bundled(qapp: QApplication) -> Iterator[None]:
    """The fonts the command line exports with; the application's own put back afterwards."""
    font = QFont(qapp.font())
    use_bundled_fonts(qapp, exclusive=True)
    yield
    qapp.setFont(font)


@pytest.fixture(scope="module", params=list(TIMELINES))
def timeline(request: pytest.FixtureRequest, bundled: None) -> Timeline:
    return TIMELINES[request.param]()


def drawn_names(axis: LaneAxisItem) -> list[tuple[float, str]]:
    """(centre y, text) of every lane name the axis paints, as its paint() computes them."""
    picture = QPicture()
    painter = QPainter(picture)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert specs is not None, "the lane axis has no size on the page"
    return sorted((rect.center().y(), text) for rect, _flags, text in specs[2])


def check_lane_names(scene: TimelineScene, titles: list[str]) -> None:
    """(a) The kept lane names are at least one text height apart; at least one is drawn; each is a lane's."""
    axis = scene.lane_axis
    height = QFontMetricsF(axis.style["tickFont"]).height()
    pixels = axis.geometry().height()
    kept = axis.tickValues(axis.range[0], axis.range[1], pixels)[0][1]
    px_per_row = pixels / abs(axis.range[1] - axis.range[0])
    for above, below in pairwise(kept):
        assert (below - above) * px_per_row >= height - EPS, (above, below, px_per_row)
    names = drawn_names(axis)
    assert names, "no lane name drawn"
    for (y0, a), (y1, b) in pairwise(names):
        assert y1 - y0 >= height - EPS, f"{a!r} at {y0:.1f} and {b!r} at {y1:.1f} overlap ({height:.1f} px text)"
    for _, text in names:
        assert any(t == text or (text.endswith("…") and t.startswith(text[:-1])) for t in titles), text


def check_rows(scene: TimelineScene) -> None:
    """(b) Every row is in view, and thick enough for a whole marker unless there are too many to fit."""
    assert scene.rows is not None
    rows = scene.rows.total
    y0, y1 = sorted(scene.vb.viewRange()[1])
    assert y0 <= 1e-6 and y1 >= rows - 1e-6, (y0, y1, rows)
    px_per_row = scene.vb.height() / (y1 - y0)
    if rows * MIN_ROW_PX <= MAX_ROWS_PX:
        assert px_per_row >= MIN_ROW_PX - 1e-6, f"{rows} rows at {px_per_row:.2f} px each"


def check_words(plan: PagePlan, request: ExportRequest) -> None:
    """(d) The title, a given subtitle and the credit are whole, on lines within the page, above or below the rest."""
    title_font, subtitle_font, _, credit_font = fonts()
    room = plan.width - 2 * MARGIN_PX
    blocks = [(plan.title, request.title_text(), title_font, plan.title_top),
              (plan.credit, request.credit_text(), credit_font, plan.credit_top)]
    if plan.subtitle is not None and plan.subtitle_top is not None:
        blocks.append((plan.subtitle, request.subtitle or "", subtitle_font, plan.subtitle_top))
    for lines, words, font, top in blocks:
        metrics = QFontMetricsF(font)
        # Every character, none cut (a line may end at a word's own hyphen: "walk-" / "out").
        assert "".join("".join(lines).split()) == "".join(words.split())
        assert all(metrics.horizontalAdvance(line) <= room + EPS for line in lines), lines
        bottom = top + len(lines) * metrics.height()
        assert bottom <= (plan.plot.top() if top < plan.plot.top() else plan.height) + EPS, (lines, bottom)


def check_parts(plan: PagePlan, scene: TimelineScene) -> None:
    """(c) Words, plot, legend and credit in that order down the page, none over another."""
    assert plan.title_top >= 0 and (plan.subtitle_top is None or plan.subtitle_top < plan.plot.top())
    assert plan.plot.bottom() <= plan.credit_top <= plan.height
    if plan.lane_lines or plan.key_columns:  # the legend has parts: between the plot and the credit
        assert plan.plot.bottom() <= plan.legend_top
        assert plan.legend_top + len(plan.lane_lines) * LEGEND_LINE_PX <= plan.credit_top + EPS
    assert scene.plot.geometry().height() <= plan.plot.height() + EPS


def check_size(request: ExportRequest) -> None:
    with page_scene(request) as (plan, scene, _view):
        check_parts(plan, scene)
        check_words(plan, request)
        check_rows(scene)
        check_lane_names(scene, [lane.title for lane in request.timeline.lanes])


# A headline, standfirst and credit as a newsroom writes them: several lines at the narrowest widths.
LONG = {"title": "North Korea and the United States, from the Singapore handshake to the Hanoi walk-out",
        "subtitle": "Every dated claim in one article, drawn at the precision its evidence gives, with its paragraph",
        "credit": "Source: Kim vows to meet Trump again after Hanoi summit ends without a deal, 1 March 2019; "
                  "graphic by the data desk"}


@SETTINGS
@given(width=st.integers(960, 4000), scale=st.sampled_from([1.0, 2.0]), legend=st.sampled_from(LEGENDS),
       extra=st.one_of(st.just(0), st.integers(1, 30), st.integers(0, 1500)), long_words=st.booleans())
def test_every_accepted_size_draws_whole(timeline: Timeline, width: int, scale: float, legend: str,
                                        extra: int, long_words: bool) -> None:
    request = ExportRequest(timeline, width=width, scale=scale, legend=legend)  # type: ignore[arg-type]
    if long_words:
        request = replace(request, **LONG)  # type: ignore[arg-type]
    least_w, least_h = minimum_size(request)
    assert least_w <= width
    check_size(replace(request, height=least_h + extra))


@SETTINGS
@given(width=st.integers(960, 4000), scale=st.sampled_from([1.0, 2.0]), legend=st.sampled_from(LEGENDS),
       short=st.one_of(st.just(1), st.integers(1, 2000)))
def test_every_height_below_the_minimum_is_refused(timeline: Timeline, width: int, scale: float, legend: str,
                                                  short: int) -> None:
    request = ExportRequest(timeline, width=width, scale=scale, legend=legend)  # type: ignore[arg-type]
    least_h = minimum_size(request)[1]
    with pytest.raises(ExportError, match=r"height .* too small"):
        render_request(replace(request, height=max(1, least_h - short)))


@SETTINGS
@given(scale=st.sampled_from([1.0, 2.0]), short=st.integers(1, 500))
def test_every_width_below_the_minimum_is_refused(timeline: Timeline, scale: float, short: int) -> None:
    request = ExportRequest(timeline, scale=scale)
    least_w = minimum_size(request)[0]
    with pytest.raises(ExportError, match=r"width .* too small"):
        render_request(replace(request, width=max(1, least_w - short)))


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("legend", LEGENDS)
def test_the_minimum_height_itself_draws_whole(timeline: Timeline, scale: float, legend: str) -> None:
    request = ExportRequest(timeline, width=1200, scale=scale, legend=legend)  # type: ignore[arg-type]
    check_size(replace(request, height=minimum_size(request)[1]))


def test_the_minimum_size_renders(timeline: Timeline) -> None:
    request = ExportRequest(timeline, scale=1.0, legend="full")
    least_w = minimum_size(request)[0]
    narrowest = replace(request, width=least_w)
    least_h = minimum_size(narrowest)[1]
    image = render_request(replace(narrowest, height=least_h))
    assert (image.width(), image.height()) == (least_w, least_h)
