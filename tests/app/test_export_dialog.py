"""File ▸ Export…, File ▸ Print… and Edit ▸ Copy Image, driven as a person would: typed fields, clicked buttons."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from helpers import open_window
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

import desktop.app.export_dialog
import desktop.app.export_form
from desktop.app.export_dialog import (
    FOLDER_KEY,
    ExportDialog,
    default_export_path,
    default_export_width,
)
from desktop.io.open import open_timeline
from desktop.io.resources import default_events_path
from desktop.layout.time_zone import from_wall
from desktop.model.dates import parse_date
from desktop.model.search import SearchIndex
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewSnapshot
from desktop.model.zones import resolve_zone
from desktop.render.export import image_height
from desktop.render.page import MARGIN_PX
from desktop.render.request import ExportRequest

HANOI = (parse_date("2019-02-26").begin, parse_date("2019-03-02").end)
PRESS = "#cc79a7"  # the "press" lane's colour
LEFT = Qt.MouseButton.LeftButton
W = TypeVar("W", bound=QWidget)


@pytest.fixture
def timeline(qapp) -> Timeline:
    return open_timeline(default_events_path())


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[ExportRequest]:
    """Every request the dialog sends to export_file, which still writes it."""
    real = desktop.app.export_dialog.export_file
    seen: list[ExportRequest] = []

    def record(request: ExportRequest, path: Path) -> None:
        seen.append(request)
        real(request, path)

    monkeypatch.setattr(desktop.app.export_dialog, "export_file", record)
    return seen


def make_dialog(qtbot: QtBot, timeline: Timeline, path: Path, **request: Any) -> ExportDialog:
    """The dialog for the whole timeline (or as `request` says), shown, not modal."""
    dialog = ExportDialog(None, ExportRequest(timeline, **{"width": 1200, "zone": "UTC", **request}), path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def child(dialog: QWidget, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert widget is not None, name
    return widget


def retype(qtbot: QtBot, field: QWidget, text: str) -> None:
    """Select everything in a field and type `text` over it (nothing: delete it)."""
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def save(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.save_button, LEFT)


def saved(qtbot: QtBot, dialog: ExportDialog) -> None:
    """Click Save and wait for the dialog to close, having written its file."""
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.error() == ""


def refused(qtbot: QtBot, dialog: ExportDialog, words: str) -> str:
    """Click Save; the dialog must stay open and say why, with `words` in the message."""
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.error() != "")
    assert dialog.isVisible() and words in dialog.error(), dialog.error()
    return dialog.error()


def toggle_lane(qtbot: QtBot, dialog: ExportDialog, lane_title: str) -> None:
    """Click the lane's row in the list, then Space ticks or unticks it."""
    lanes = child(dialog, QListWidget, "exportLanes")
    item = lanes.findItems(lane_title, Qt.MatchFlag.MatchExactly)[0]
    qtbot.mouseClick(lanes.viewport(), LEFT, pos=lanes.visualItemRect(item).center())
    qtbot.keyClick(lanes, Qt.Key.Key_Space)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    raw = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return raw.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()]


def has_colour(image: QImage, colour: str, tolerance: int = 24) -> bool:
    c = QColor(colour)
    bgra = np.array([c.blue(), c.green(), c.red()], np.int16)
    return bool((np.abs(pixels(image)[..., :3].astype(np.int16) - bgra).max(axis=-1) <= tolerance).any())


# --- the dialog on its own ------------------------------------------------------------------


def test_it_starts_from_the_request_it_is_given(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    view = ViewSnapshot(hidden_lanes=frozenset({"press"}), query="sanctions",
                        match=SearchIndex(timeline).match("sanctions"))
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png", view=view, start=HANOI[0], end=HANOI[1],
                         width=2400, zone="Asia/Ho_Chi_Minh", axis="linear")
    assert dialog.objectName() == "exportDialog"
    assert child(dialog, QComboBox, "exportFormat").currentData() == ".png"
    assert child(dialog, QLineEdit, "exportPath").text() == str(tmp_path / "events.png")
    assert dialog.form.width_box.value() == 2400 and dialog.form.height_box.text() == "Automatic"
    # The range on the axis's wall clock: 26 February 00:00 UTC is 07:00 in Hanoi.
    assert child(dialog, QLineEdit, "exportFrom").text() == "2019-02-26T07:00"
    assert child(dialog, QLineEdit, "exportTo").text() == "2019-03-03T07:00"
    assert child(dialog, QLineEdit, "exportMatch").text() == "sanctions"
    lanes = child(dialog, QListWidget, "exportLanes")
    ticked = {lanes.item(i).text(): lanes.item(i).checkState() == Qt.CheckState.Checked for i in range(lanes.count())}
    assert ticked == {lane.title: lane.id != "press" for lane in timeline.lanes}
    assert child(dialog, QLineEdit, "exportTitle").placeholderText() == timeline.title
    assert child(dialog, QLineEdit, "exportCredit").placeholderText().startswith("Source")
    assert child(dialog, QComboBox, "exportAxis").currentData() == "linear"
    # Untouched, the request is the one given: the exact range, not rounded to the minutes shown.
    request = dialog.form.request()
    assert (request.start, request.end) == HANOI and request.view.hidden_lanes == {"press"}
    assert request.view.match is view.match and (request.title, request.subtitle, request.credit) == (None,) * 3
    qtbot.waitUntil(lambda: "At least 960 ×" in dialog.form.size_hint.text())


def test_it_fits_a_small_screen_and_names_every_input(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    dialog.adjustSize()
    assert dialog.width() <= 900 and dialog.height() <= 560, dialog.size()
    dialog.grab().save(str(tmp_path / "dialog.png"))
    names = ["exportFormat", "exportPath", "exportBrowse", "exportWidth", "exportHeight", "exportScale", "exportFrom",
             "exportTo", "exportZone", "exportLanes", "exportMatch", "exportTitle", "exportSubtitle", "exportCredit",
             "exportNoTitle", "exportNoSubtitle", "exportNoCredit", "exportLegend", "exportTheme", "exportAxis",
             "exportTransparent", "exportSizeHint", "exportError", "exportSave"]
    for name in names:
        assert dialog.findChild(QWidget, name) is not None, name


def test_words_reach_the_svg_as_plain_text(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    retype(qtbot, dialog.form.path_field, str(tmp_path / "words.svg"))
    qtbot.keyClicks(child(dialog, QLineEdit, "exportTitle"), "Hanoi <b>&</b> after")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportSubtitle"), "Second summit")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportCredit"), "Drawn by us")
    saved(qtbot, dialog)
    svg = (tmp_path / "words.svg").read_text(encoding="utf-8")
    assert ">Hanoi &lt;b&gt;&amp;&lt;/b&gt; after</text>" in svg
    assert ">Second summit</text>" in svg and ">Drawn by us</text>" in svg


def test_none_leaves_a_line_out_and_empty_takes_the_default(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "default.svg")
    saved(qtbot, dialog)
    credit = dialog.form.credit_field.placeholderText()
    assert f">{credit[:20]}" in (tmp_path / "default.svg").read_text(encoding="utf-8")
    dialog = make_dialog(qtbot, timeline, tmp_path / "none.svg")
    for name in ("exportNoCredit", "exportNoTitle"):
        qtbot.keyClick(dialog.findChild(QWidget, name), Qt.Key.Key_Space)
    assert not dialog.form.credit_field.isEnabled()
    saved(qtbot, dialog)
    svg = (tmp_path / "none.svg").read_text(encoding="utf-8")
    assert credit[:20] not in svg and f">{timeline.title}</text>" not in svg


def test_size_scale_theme_and_transparency_reach_the_png(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "light.png")
    saved(qtbot, dialog)
    light = QImage(str(tmp_path / "light.png"))
    assert light.width() == 1200 and QColor(light.pixel(2, 2)).name() == "#ffffff"

    dialog = make_dialog(qtbot, timeline, tmp_path / "dark.png")
    retype(qtbot, dialog.form.width_box, "1300")
    retype(qtbot, dialog.form.height_box, "900")
    retype(qtbot, dialog.form.scale_box, "1.5")
    qtbot.keyClick(child(dialog, QComboBox, "exportTheme"), Qt.Key.Key_Down)
    saved(qtbot, dialog)
    dark = QImage(str(tmp_path / "dark.png"))
    assert (dark.width(), dark.height()) == (1300, 900)
    assert dark.dotsPerMeterX() == pytest.approx(light.dotsPerMeterX() * 1.5 / 2, rel=0.01)  # drawn at 1.5×
    assert QColor(dark.pixel(2, 2)).lightness() < 40  # the dark page

    dialog = make_dialog(qtbot, timeline, tmp_path / "clear.png")
    qtbot.keyClick(child(dialog, QWidget, "exportTransparent"), Qt.Key.Key_Space)
    saved(qtbot, dialog)
    clear = QImage(str(tmp_path / "clear.png"))
    assert clear.hasAlphaChannel() and QColor.fromRgba(clear.pixel(2, 2)).alpha() == 0


def test_lanes_search_range_legend_and_axis_reach_the_request(qtbot, timeline: Timeline, tmp_path: Path,
                                                               written: list[ExportRequest]) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "all.png")
    saved(qtbot, dialog)
    assert has_colour(QImage(str(tmp_path / "all.png")), PRESS)

    dialog = make_dialog(qtbot, timeline, tmp_path / "some.png")
    toggle_lane(qtbot, dialog, "Press and media")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportMatch"), "Hanoi")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportFrom"), "2019-02")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportTo"), "2019-03-01")
    legend = child(dialog, QComboBox, "exportLegend")
    qtbot.keyClick(legend, Qt.Key.Key_Down)  # lanes → full
    qtbot.keyClick(child(dialog, QComboBox, "exportAxis"), Qt.Key.Key_Down)  # automatic → linear
    saved(qtbot, dialog)
    request = written[-1]
    assert request.view.hidden_lanes == {"press"}
    assert not has_colour(QImage(str(tmp_path / "some.png")), PRESS)  # hidden lane, hidden in the picture
    assert request.view.query == "Hanoi"
    expected = SearchIndex(timeline).match("Hanoi")
    assert request.view.match is not None and expected is not None
    assert np.array_equal(request.view.match, expected)
    # As `--from 2019-02 --to 2019-03-01`: the start of February to the end of 1 March.
    assert (request.start, request.end) == (parse_date("2019-02").begin, parse_date("2019-03-01").end)
    assert (request.legend, request.axis) == ("full", "linear")


def test_dates_without_a_zone_are_read_in_the_zone_field(qtbot, timeline: Timeline, tmp_path: Path,
                                                          written: list[ExportRequest]) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "zoned.svg")
    retype(qtbot, child(dialog, QLineEdit, "exportZone"), "Asia/Ho_Chi_Minh")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportFrom"), "2019-02-27")
    qtbot.keyClicks(child(dialog, QLineEdit, "exportTo"), "2019-02-28T12:00Z")  # a zone written: an instant
    saved(qtbot, dialog)
    request = written[-1]
    hanoi = resolve_zone("Asia/Ho_Chi_Minh")
    assert request.start == pytest.approx(float(from_wall(hanoi, parse_date("2019-02-27").begin)))
    assert request.end == parse_date("2019-02-28T12:00Z").end and request.zone == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize(("suffix", "magic"), [(".pdf", b"%PDF"), (".html", b"<!DOCTYPE html")])
def test_every_format_is_written(qtbot, timeline: Timeline, tmp_path: Path, suffix: str, magic: bytes) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    retype(qtbot, dialog.form.path_field, str(tmp_path / f"out{suffix}"))
    saved(qtbot, dialog)
    assert (tmp_path / f"out{suffix}").read_bytes()[:200].lower().find(magic.lower()) >= 0


# --- failures keep the dialog open, as it was ---------------------------------------------------


def test_a_failed_save_stays_open_with_every_setting(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    missing = tmp_path / "no-such-folder" / "out.svg"
    retype(qtbot, dialog.form.path_field, str(missing))
    qtbot.keyClicks(child(dialog, QLineEdit, "exportTitle"), "Kept")
    retype(qtbot, dialog.form.width_box, "1500")
    qtbot.keyClick(child(dialog, QComboBox, "exportTheme"), Qt.Key.Key_Down)
    toggle_lane(qtbot, dialog, "Summits")
    refused(qtbot, dialog, "does not exist")
    assert child(dialog, QWidget, "exportError").isVisible()
    assert dialog.form.path_field.text() == str(missing) and dialog.form.title_field.text() == "Kept"
    assert dialog.form.width_box.value() == 1500 and dialog.form.theme_box.currentData() == "dark"
    assert dialog.form.hidden_lanes() == {"summits"} and dialog.form.suffix() == ".svg"
    assert not missing.parent.exists()
    # A folder where the file should go: refused the same way.
    (tmp_path / "a-folder.svg").mkdir()
    retype(qtbot, dialog.form.path_field, str(tmp_path / "a-folder.svg"))
    refused(qtbot, dialog, "folder")
    # Put right, the same settings are written and the message goes.
    retype(qtbot, dialog.form.path_field, str(tmp_path / "fine.svg"))
    saved(qtbot, dialog)
    assert ">Kept</text>" in (tmp_path / "fine.svg").read_text(encoding="utf-8")
    assert not child(dialog, QWidget, "exportError").isVisible()


@pytest.mark.parametrize(("field", "text", "words"), [
    ("exportWidth", "500", "width 500 px is too small at scale 2: at least 960 px"),
    ("exportWidth", "30000", "at most 20,000 px"),
    ("exportHeight", "300", "height 300 px is too small at scale 2"),
    ("exportFrom", "2019-13", "From: month 13 does not exist"),
    ("exportTo", "2016", "From 2019-02-01 is not before To 2016"),
    ("exportZone", "Mars/Olympus", "Time zone: 'Mars/Olympus' is not a time zone"),
])
def test_a_bad_field_is_refused_before_anything_is_drawn(qtbot, timeline: Timeline, tmp_path: Path, field: str,
                                                         text: str, words: str,
                                                         written: list[ExportRequest]) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    if field == "exportTo":
        qtbot.keyClicks(child(dialog, QLineEdit, "exportFrom"), "2019-02-01")
    retype(qtbot, child(dialog, QWidget, field), text)
    refused(qtbot, dialog, words)
    assert written == [] and list(tmp_path.iterdir()) == []


def test_no_lane_ticked_is_refused(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    for lane in timeline.lanes:
        toggle_lane(qtbot, dialog, lane.title)
    refused(qtbot, dialog, "tick at least one lane")


def test_the_size_hint_turns_red_below_the_least_width(qtbot, timeline: Timeline, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    hint = dialog.form.size_hint
    assert "color" not in hint.styleSheet()
    retype(qtbot, dialog.form.width_box, "700")
    qtbot.waitUntil(lambda: "color" in hint.styleSheet())
    retype(qtbot, dialog.form.scale_box, "1")
    qtbot.waitUntil(lambda: "At least 480 ×" in hint.text() and "color" not in hint.styleSheet())


# --- format and file name -----------------------------------------------------------------------


def test_the_format_and_the_file_name_follow_each_other(qtbot, timeline: Timeline, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = make_dialog(qtbot, timeline, tmp_path / "events.png")
    formats = child(dialog, QComboBox, "exportFormat")
    retype(qtbot, dialog.form.path_field, str(tmp_path / "slides.SVG"))
    assert formats.currentData() == ".svg"
    qtbot.keyClick(formats, Qt.Key.Key_Down)
    assert formats.currentData() == ".pdf" and dialog.form.path_field.text() == str(tmp_path / "slides.pdf")
    retype(qtbot, dialog.form.path_field, "notes.v2")  # no format's suffix: the format's is added, in the folder
    assert formats.currentData() == ".pdf" and dialog.form.path() == tmp_path / "notes.v2.pdf"
    retype(qtbot, dialog.form.path_field, str(tmp_path / "events.pdf"))

    asked: list[tuple[str, str]] = []

    def pick(parent: QWidget, caption: str, start: str, filters: str, chosen: str) -> tuple[str, str]:
        asked.append((start, chosen))
        return str(tmp_path / "picked"), "SVG vector image (*.svg)"

    monkeypatch.setattr(desktop.app.export_form.QFileDialog, "getSaveFileName", pick)
    qtbot.mouseClick(child(dialog, QWidget, "exportBrowse"), LEFT)
    assert asked == [(str(tmp_path / "events.pdf"), "PDF document (*.pdf)")]
    assert dialog.form.path_field.text() == str(tmp_path / "picked.svg") and formats.currentData() == ".svg"
    retype(qtbot, dialog.form.path_field, "")
    assert not dialog.save_button.isEnabled()
    qtbot.mouseClick(child(dialog, QWidget, "exportBrowse"), LEFT)  # from the folder when there is no name
    assert asked[-1][0] == str(tmp_path)


def test_the_last_folder_is_remembered_until_it_is_gone(qtbot, timeline: Timeline, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "Pictures").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user-dirs.dirs: Pictures is ~/Pictures
    assert default_export_path("events") == home / "Pictures" / "events.png"
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog = make_dialog(qtbot, timeline, default_export_path("events"))
    retype(qtbot, dialog.form.path_field, str(folder / "summit.svg"))
    saved(qtbot, dialog)
    assert QSettings().value(FOLDER_KEY) == str(folder)
    assert default_export_path("events") == folder / "events.png"
    shutil.rmtree(folder)
    assert default_export_path("events") == home / "Pictures" / "events.png"
    (home / "Pictures").rmdir()
    assert default_export_path("events") == home / "events.png"


# --- from the window ------------------------------------------------------------------------------


def drive_dialog(seen: list[ExportDialog], act: Callable[[ExportDialog], None]) -> Callable[[ExportDialog], bool]:
    """A stand-in for the modal run: show the dialog, let `act` work it, report whether it was saved."""

    def run(dialog: ExportDialog) -> bool:
        seen.append(dialog)
        dialog.show()
        act(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    return run


def test_file_export_starts_from_the_view_and_names_the_file(qtbot, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot)
    window.legend.set_lane_visible("press", False)
    window.view.timeline_scene.set_visible_range(*HANOI)
    qtbot.keyClicks(window.search_field, "Kim")
    out = tmp_path / "view.png"
    seen: list[ExportDialog] = []

    def act(dialog: ExportDialog) -> None:
        assert dialog.form.hidden_lanes() == {"press"} and dialog.form.match_field.text() == "Kim"
        assert dialog.form.width_box.value() == default_export_width(window.view.width())
        assert dialog.form.path().name == "events.png"  # the events file's stem
        retype(qtbot, dialog.form.path_field, str(out))
        saved(qtbot, dialog)

    monkeypatch.setattr(desktop.app.export_dialog, "run_dialog", drive_dialog(seen, act))
    export = window.findChild(QAction, "actionExportPng")
    assert export.text() == "&Export…" and export.shortcut().toString() == "Ctrl+E"
    export.trigger()
    assert seen and out.is_file()
    assert window.statusBar().currentMessage() == f"Exported view.png ({out})"
    request = seen[0].form.request()
    assert (request.start, request.end) == pytest.approx(HANOI) and request.axis == window.view.axis_mode()
    assert not has_colour(QImage(str(out)), PRESS)


def test_cancelling_the_export_writes_nothing(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot)
    window.statusBar().clearMessage()
    seen: list[ExportDialog] = []
    monkeypatch.setattr(desktop.app.export_dialog, "run_dialog",
                        drive_dialog(seen, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape)))
    window.commands.export_png.trigger()
    assert seen and seen[0].result() == QDialog.DialogCode.Rejected
    assert window.statusBar().currentMessage() == "" and list(tmp_path.iterdir()) == []


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF Qt wrote."""
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    boxes = [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", data)]
    assert len(boxes) == pages
    return boxes


def test_print_sends_one_landscape_page(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot)
    out = tmp_path / "printed.pdf"
    shown: list[QPrinter] = []

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        shown.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # as "Print to File (PDF)" in the dialog
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    action = window.findChild(QAction, "actionPrint")
    assert action.text() == "&Print…" and action in window.menuBar().actions()[0].menu().actions()
    action.trigger()
    pages = _pdf_pages(out.read_bytes())
    assert len(pages) == 1 and pages[0][0] > pages[0][1]  # one page, wider than tall
    assert str(out) in window.statusBar().currentMessage()
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected.value)
    out.unlink()
    action.trigger()  # cancelled: nothing printed
    assert not out.exists() and len(shown) == 1


def test_page_setup_chooses_the_paper_print_uses(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot)
    out = tmp_path / "printed.pdf"

    def a5_portrait(dialog: QPageSetupDialog) -> int:
        printer = dialog.printer()
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))  # as picking them in the dialog does
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        return QDialog.DialogCode.Accepted.value

    def to_file(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPageSetupDialog, "exec", a5_portrait)
    monkeypatch.setattr(QPrintDialog, "exec", to_file)
    setup = window.findChild(QAction, "actionPageSetup")
    assert setup in window.menuBar().actions()[0].menu().actions()
    setup.trigger()
    assert "A5" in window.statusBar().currentMessage()
    window.findChild(QAction, "actionPrint").trigger()
    (width, height), = _pdf_pages(out.read_bytes())
    assert (round(width), round(height)) == (420, 595)  # A5, portrait, in points


def test_copy_image_puts_the_view_on_the_clipboard(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot)
    window.legend.set_lane_visible("press", False)
    QApplication.clipboard().clear()
    action = window.findChild(QAction, "actionCopyImage")
    assert action.shortcut().toString() == "Ctrl+Shift+C"
    assert action in window.menuBar().actions()[1].menu().actions()  # Edit
    action.trigger()
    image = QApplication.clipboard().image()
    ratio = window.view.devicePixelRatioF()
    width = round(ratio * (window.view.width() + 2 * MARGIN_PX))
    request = ExportRequest.of_view(window.timeline, window.state.snapshot(), width=width)
    assert (image.width(), image.height()) == (width, image_height(ExportRequest(
        request.timeline, request.view, width=width, scale=ratio, axis=window.view.axis_mode())))
    colours = np.unique(pixels(image)[..., :3].reshape(-1, 3), axis=0)
    assert len(colours) > 50 and has_colour(image, "#e69f00") and not has_colour(image, PRESS)
    assert "Copied" in window.statusBar().currentMessage()


def test_the_file_and_edit_menus_hold_the_new_commands(qtbot) -> None:
    window = open_window(qtbot)
    menus = window.menuBar().actions()
    names = [a.objectName() for a in menus[0].menu().actions() if a.objectName()]
    at = names.index("actionExportPng")
    assert names[at:at + 3] == ["actionExportPng", "actionPageSetup", "actionPrint"]
    assert "actionCopyImage" in [a.objectName() for a in menus[1].menu().actions() if a.objectName()]
    QApplication.clipboard().clear()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not QApplication.clipboard().image().isNull())
