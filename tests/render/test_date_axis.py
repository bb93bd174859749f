"""DateAxisItem draws readable UTC calendar labels on a real plot."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from pathlib import Path

import pyqtgraph as pg
import pytest
from pyqtgraph.Qt import QtGui

from desktop.model.dates import from_datetime as to_epoch
from desktop.render.date_axis import DateAxisItem

DAY = 86400.0
YEAR = 365.2425 * DAY
ORIGIN = to_epoch(datetime(2019, 2, 27, tzinfo=UTC))


def _plot(qtbot, lo: float, hi: float) -> tuple[pg.PlotWidget, DateAxisItem]:
    """A shown 1000×300 plot whose x range is [lo, hi] seconds after ORIGIN."""
    axis = DateAxisItem()
    axis.set_origin(ORIGIN)
    widget = pg.PlotWidget(axisItems={"bottom": axis})
    qtbot.addWidget(widget)
    widget.plot([lo, hi], [0.0, 1.0])
    widget.setXRange(lo, hi, padding=0)
    widget.resize(1000, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, axis


def _levels(axis: DateAxisItem) -> list[tuple[float, list[float], list[str]]]:
    """What the axis would tick and label for its current range and size."""
    lo, hi = axis.range
    return [
        (spacing, values, axis.tickStrings(values, 1.0, spacing))
        for spacing, values in axis.tickValues(lo, hi, axis.width())
    ]


def _drawn_text(axis: DateAxisItem) -> list[tuple[QtGui.QRectF, str]]:
    """Label rectangles and texts pyqtgraph really paints, measured with the tick font."""
    picture = QtGui.QPicture()
    painter = QtGui.QPainter(picture)
    try:
        painter.setFont(axis.style["tickFont"])
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert specs is not None
    return [(rect, text) for rect, _, text in specs[2] if text]


def test_two_days_show_hours_and_dates(qtbot, tmp_path: Path) -> None:
    widget, axis = _plot(qtbot, 0.0, 2 * DAY)
    (_, major_values, majors), (_, minor_values, minors) = _levels(axis)
    assert {"27 Feb 2019", "28 Feb 2019"} <= set(majors)
    assert {"06:00", "12:00", "18:00"} <= set(minors)
    # Values are relative to the origin: midnight of 28 Feb is one day in.
    assert major_values[majors.index("28 Feb 2019")] == DAY
    assert all(0.0 <= v <= 2 * DAY for v in major_values + minor_values)
    assert set(major_values).isdisjoint(minor_values)

    drawn = [text for _, text in _drawn_text(axis)]
    assert "28 Feb 2019" in drawn
    assert "12:00" in drawn
    path = tmp_path / "date_axis_check.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 0


def test_origin_shifts_the_labels(qtbot) -> None:
    _, axis = _plot(qtbot, 0.0, 2 * DAY)
    axis.set_origin(ORIGIN + DAY)
    labels = [s for _, _, strings in _levels(axis) for s in strings]
    assert "1 Mar 2019" in labels
    assert axis.origin == ORIGIN + DAY


@pytest.mark.parametrize(
    ("zoom", "lo", "hi", "pattern"),
    [
        # The first label drawn carries its context: `27 Feb 2019 06:00`, `Oct 2018`.
        ("2 days", 0.0, 2 * DAY, r"(\d{1,2} \w{3} \d{4} )?\d\d:\d\d|\d{1,2} \w{3} \d{4}"),
        ("9 months", -120 * DAY, 154 * DAY, r"\w{3}( \d{4})?|\d{4}"),
        ("10 minutes", -300.0, 300.0, r"(\d{1,2} \w{3} \d{4} )?\d\d:\d\d|\d{1,2} \w{3} \d{4}"),
        ("10 minutes off midnight", 1234.5, 1834.5, r"(\d{1,2} \w{3} \d{4} )?\d\d:\d\d"),
        ("30 years", -15 * YEAR, 15 * YEAR, r"\d{4}"),
    ],
)
def test_labels_fit_without_overlap(qtbot, zoom: str, lo: float, hi: float, pattern: str) -> None:
    widget, axis = _plot(qtbot, lo, hi)
    drawn = _drawn_text(axis)
    assert len(drawn) >= 4, zoom
    assert all(re.fullmatch(pattern, text) for _, text in drawn), drawn
    rects = sorted((rect for rect, _ in drawn), key=lambda r: r.left())
    for a, b in itertools.pairwise(rects):
        assert a.right() <= b.left(), (zoom, drawn)  # neighbouring labels never touch
    # The axis is tall enough for the text: nothing reaches its bottom edge.
    bottom = axis.mapRectFromParent(axis.geometry()).bottom()
    assert all(rect.top() + rect.height() / 0.8 <= bottom for rect in rects), zoom

    # And the text is really painted: the axis strip has light pixels on a dark field.
    image = widget.grab().toImage()
    strip = axis.mapRectToScene(axis.boundingRect())
    top = int(strip.top()) + 4
    lit = sum(
        1
        for y in range(top, min(image.height(), top + 16))
        for x in range(0, image.width(), 2)
        if QtGui.QColor(image.pixel(x, y)).lightness() > 100
    )
    assert lit > 20 * len(drawn), zoom
