"""PNG export: size, colours, range, text chunks, atomic writes, and File ▸ Export PNG… in the window."""

from __future__ import annotations

import errno
import os
from email.utils import parsedate_to_datetime
from pathlib import Path

import numpy as np
import pytest
from png_helpers import png_size, png_text
from PySide6.QtGui import QColor, QImage

import desktop.app.export_dialog
import desktop.render.export
from desktop import __version__, create_window
from desktop.app.export_dialog import ExportDialog
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.rows import stack_rows
from desktop.model.dates import parse_date
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewSnapshot
from desktop.render.export import (
    AXIS_PX,
    HEADER_PX,
    LEGEND_LINE_PX,
    MARGIN_PX,
    MIN_ROWS_PX,
    ROW_PX,
    ExportError,
    ExportRequest,
    default_height,
    render_timeline,
    write_png,
)

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
    assert render_timeline(timeline, width=1601, height=901).size().toTuple() == (1601, 901)


def test_default_height_gives_every_row_room(timeline: Timeline) -> None:
    rows = stack_rows(timeline.columns, len(timeline.lanes)).total
    layout = HEADER_PX + max(rows * ROW_PX, MIN_ROWS_PX) + AXIS_PX + LEGEND_LINE_PX + MARGIN_PX  # one legend line
    assert default_height(timeline, 1600, scale=2) == 2 * layout
    assert render_timeline(timeline, width=1600).height() == 2 * layout
    assert render_timeline(timeline, width=1600, scale=1).height() == layout


def test_every_lane_colour_is_drawn_in_the_plot_and_the_legend(timeline: Timeline) -> None:
    scale = 2
    image = pixels(render_timeline(timeline, width=1600, scale=scale))
    legend_top = image.shape[0] - (LEGEND_LINE_PX + MARGIN_PX) * scale
    plot, legend = image[HEADER_PX * scale:legend_top], image[legend_top:]
    for lane in timeline.lanes:
        assert has_colour(legend, lane.color, 2), f"{lane.id} swatch missing"
        # Bars are filled at 85 % opacity: within 40 of the colour on the light bands.
        assert has_colour(plot, lane.color, 40), f"{lane.id} not drawn"


def test_hidden_lanes_are_left_out_of_plot_and_legend(timeline: Timeline) -> None:
    press = timeline.lane_index["press"]
    image = pixels(render_timeline(timeline, width=1600, hidden_lanes={press}))
    assert not has_colour(image, "#cc79a7", 30)
    assert has_colour(image, "#e69f00", 2)


def test_a_narrower_range_gives_another_image(timeline: Timeline) -> None:
    fit = pixels(render_timeline(timeline, width=1200, height=700))
    hanoi = pixels(render_timeline(timeline, width=1200, height=700, start=HANOI[0], end=HANOI[1]))
    plot = slice(HEADER_PX * 2, 700 - (LEGEND_LINE_PX + MARGIN_PX) * 2)
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
    assert (clear[..., 3] == 255).any()  # the plot itself stays opaque


@pytest.mark.parametrize(("width", "height", "words"), [
    (30_000, 800, "at most 20,000 px"),
    (12_000, 12_000, "megapixels"),
    (900, 800, "too small"),
    (1200, 300, "too small"),
])
def test_sizes_out_of_bounds_are_refused(timeline: Timeline, width: int, height: int, words: str) -> None:
    with pytest.raises(ExportError, match=words):
        render_timeline(timeline, width=width, height=height)


def test_png_carries_text_chunks(timeline: Timeline, tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    write_png(render_timeline(timeline, width=1000), out, title=timeline.title, source_name="events.json")
    text = png_text(out.read_bytes())
    assert text["Title"] == timeline.title  # en dashes: needs iTXt
    assert text["Software"] == f"summit-timeline {__version__}"
    assert text["Source"] == "events.json"
    assert parsedate_to_datetime(text["Creation Time"]).tzinfo is not None
    assert "Description" not in text
    assert png_size(out.read_bytes()) == (1000, default_height(timeline, 1000))


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
    image = render_timeline(timeline, width=1000)
    monkeypatch.setattr(desktop.render.export, "QImageWriter", _FailingWriter)
    with pytest.raises(ExportError, match="No space left on device"):
        write_png(image, out, title="t", source_name="s")
    assert out.read_bytes() == b"the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png"]  # no temporary file left behind


def test_a_failing_commit_leaves_the_old_file_byte_identical(timeline: Timeline, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # the final rename, as on a full disk

    out = tmp_path / "t.png"
    out.write_bytes(b"the old picture")
    image = render_timeline(timeline, width=1000)
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ExportError, match="cannot write: No space left on device"):
        write_png(image, out, title="t", source_name="s")
    assert out.read_bytes() == b"the old picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png"]


@pytest.mark.parametrize(("name", "words"), [("a-file/t.png", "is a file, not a folder"),
                                             ("missing/t.png", "does not exist"),
                                             ("a-folder.png", "is a folder")])
def test_unwritable_paths_are_refused(timeline: Timeline, tmp_path: Path, name: str, words: str) -> None:
    (tmp_path / "a-file").write_bytes(b"old")
    (tmp_path / "a-folder.png").mkdir()
    with pytest.raises(ExportError, match=words):
        write_png(render_timeline(timeline, width=1000), tmp_path / name, title="t", source_name="s")
    assert (tmp_path / "a-file").read_bytes() == b"old"


# --- from the window ----------------------------------------------------------------------


@pytest.fixture
def window(qtbot):
    """The main window on the default dataset, registered with qtbot."""
    window = create_window()
    qtbot.addWidget(window)
    return window


def test_export_action_writes_the_view_as_shown(window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = {}

    def answer(parent, request: ExportRequest, default_path: Path) -> tuple[Path, int]:
        asked.update(request=request, path=default_path)
        return tmp_path / "view.png", 1300

    monkeypatch.setattr(desktop.app.export_dialog, "ask_export_options", answer)
    window.legend.set_lane_visible("press", False)
    window.view.timeline_scene.set_visible_range(*HANOI)
    window.commands.export_png.trigger()

    out = tmp_path / "view.png"
    request = asked["request"]  # what the dialog was asked about: the view as shown
    assert request.width == 2 * (window.view.width() + 2 * MARGIN_PX)
    assert request.view.hidden_lanes == {"press"}
    assert (request.start, request.end) == pytest.approx(HANOI)
    assert request.timeline is window.timeline
    assert asked["path"].suffix == ".png"
    image = QImage(str(out))
    assert image.width() == 1300
    assert not has_colour(pixels(image), "#cc79a7", 30)  # the hidden lane stays hidden
    assert png_text(out.read_bytes())["Source"] == "events.json"
    assert "view.png" in window.statusBar().currentMessage()
    assert str(out) in window.statusBar().currentMessage()


def test_export_action_reports_a_failure_and_keeps_the_old_file(window, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "view.png"
    out.write_bytes(b"old")
    errors = []
    monkeypatch.setattr(desktop.app.export_dialog, "ask_export_options", lambda *a, **k: (out, 1300))
    monkeypatch.setattr(desktop.render.export, "QImageWriter", _FailingWriter)
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append((title, text)))
    window.commands.export_png.trigger()
    assert errors and "No space left on device" in errors[0][1]
    assert out.read_bytes() == b"old"


def test_cancelling_the_dialog_writes_nothing(window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desktop.app.export_dialog, "ask_export_options", lambda *a, **k: None)
    window.commands.export_png.trigger()
    assert list(tmp_path.iterdir()) == []


def test_dialog_offers_width_and_file_name(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    press = timeline.lane_index["press"]
    request = ExportRequest(timeline, ViewSnapshot(hidden_lanes=frozenset({"press"})), width=2400)
    dialog = ExportDialog(None, request, tmp_path / "timeline.png")
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "exportDialog"
    assert dialog.width_box.objectName() == "exportWidth" and dialog.width_box.value() == 2400
    assert dialog.path_field.objectName() == "exportPath"
    # The height the export will take, for the request's lanes (a hidden lane's rows are left out).
    tall = default_height(timeline, 2400, hidden_lanes=frozenset({press}))
    assert f"2,400 × {tall:,} px" in dialog.size_note.text()
    dialog.width_box.setValue(3000)
    assert f"3,000 × {default_height(timeline, 3000, hidden_lanes=frozenset({press})):,} px" in dialog.size_note.text()
    dialog.path_field.setText(str(tmp_path / "slides"))
    assert dialog.path() == tmp_path / "slides.png"
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.path_field.setText("  ")
    assert not save.isEnabled()
