"""zoom_window keeps the point zoomed around where it is on screen."""

from __future__ import annotations

import pytest

from desktop.layout.zoom import zoom_window


def test_without_a_point_the_middle_stays() -> None:
    assert zoom_window(0.0, 100.0, 0.5) == pytest.approx((25.0, 75.0))
    assert zoom_window(0.0, 100.0, 2.0) == pytest.approx((-50.0, 150.0))


@pytest.mark.parametrize("around", [0.0, 10.0, 50.0, 93.0, 100.0])
@pytest.mark.parametrize("factor", [0.5, 2.0])
def test_a_point_in_view_keeps_its_place(around: float, factor: float) -> None:
    start, end = zoom_window(0.0, 100.0, factor, around)
    assert end - start == pytest.approx(100.0 * factor)
    assert (around - start) / (end - start) == pytest.approx(around / 100.0)


def test_a_point_out_of_view_comes_to_the_middle() -> None:
    start, end = zoom_window(0.0, 100.0, 0.5, 300.0)
    assert (start, end) == pytest.approx((275.0, 325.0))
