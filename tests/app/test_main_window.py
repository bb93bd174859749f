"""The main window driven as a person would: click, keys, wheel, drag, search, legend, article, files."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import numpy as np
import pytest
from helpers import click_event, data_to_viewport, drag, open_window
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from PySide6.QtWidgets import (
    QDockWidget,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QTextBrowser,
)

from desktop.app import main_window
from desktop.app.main_window import MainWindow
from desktop.io.resources import default_events_path
from desktop.layout.frame import MARKER_PX, cluster_radius
from desktop.model.search import SearchIndex
from desktop.render.theme import LIGHT

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
HANOI = (datetime(2019, 2, 26, 12, tzinfo=UTC), datetime(2019, 3, 1, 18, tzinfo=UTC))
RELOAD_TIMEOUT_MS = 5000


def _open(qtbot, path: str | Path | None = None) -> MainWindow:
    """A shown, active 1400×800 main window on `path` (default: the shipped dataset)."""
    return open_window(qtbot, path)


@pytest.fixture
def window(qtbot) -> MainWindow:
    return _open(qtbot)


@pytest.fixture
def dataset() -> dict:
    return json.loads(default_events_path().read_text(encoding="utf-8"))


def _paragraphs(dataset: dict, event_id: str) -> list[str]:
    """Full text of every paragraph an event of the dataset cites."""
    sources = {s["id"]: s["paragraphs"] for s in dataset["sources"]}
    event = next(e for e in dataset["events"] if e["id"] == event_id)
    return [sources[c["source"]][c["paragraph"] - 1] for c in event["citations"]]


def _child(window: MainWindow, kind: type[T], name: str) -> T:
    """A widget found by objectName, as a style sheet or a test would."""
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def _plot_rect(window: MainWindow) -> QRect:
    """The plot area (inside the axes) in viewport pixels."""
    view = window.view
    return view.mapFromScene(view.timeline_scene.vb.sceneBoundingRect()).boundingRect()


def _write_atomically(path: Path, text: str) -> None:
    """Save as editors do: write a new file beside it, then rename it over the old one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --- selection and the source dock ---------------------------------------------------


@pytest.mark.parametrize("event_id", ["summit-ends-no-deal", "hanoi-summit"])
def test_clicking_an_event_shows_its_paragraphs(qtbot, window: MainWindow, dataset: dict, event_id: str) -> None:
    view = window.view
    view.set_visible_range(*HANOI)
    with qtbot.waitSignal(view.eventSelected) as blocker:
        click_event(qtbot, view, event_id)
    assert blocker.args == [event_id]
    assert view.selected_event() == event_id
    text = window.findChild(QTextBrowser, "sourceText").toPlainText()
    event = next(e for e in dataset["events"] if e["id"] == event_id)
    assert event["title"] in text
    for paragraph in _paragraphs(dataset, event_id):
        assert paragraph in text
    assert window.source_dock.isVisible()


def test_clicking_empty_space_clears_the_selection(qtbot, window: MainWindow) -> None:
    view = window.view
    view.set_visible_range(*HANOI)
    click_event(qtbot, view, "summit-ends-no-deal")
    # The UN sanctions lane has nothing after 2017: its row is empty in this window.
    rows = view.timeline_scene.rows
    top = float(rows.lane_top[window.timeline.lane_index["un-sanctions"]]) + 0.5
    empty = data_to_viewport(view, datetime(2019, 2, 26, 15, tzinfo=UTC).timestamp(), top)
    assert view.timeline_scene.hit_test(view.mapToScene(empty)) is None
    with qtbot.waitSignal(view.eventSelected) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert blocker.args == [""]
    assert view.selected_event() is None
    assert window.source_panel.shown_event() is None
    assert not window.commands.show_in_article.isEnabled()


# --- keyboard ------------------------------------------------------------------------


def test_arrow_keys_walk_the_events_in_time_and_keep_each_in_view(qtbot, window: MainWindow) -> None:
    view, events = window.view, window.timeline.events
    begins = [e.begin for e in events]
    assert begins == sorted(begins)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert view.selected_event() == events[0].id
    # Zoomed to two days: most of the walk has to pan (or widen, for long ranges) to show each.
    view.set_visible_range(datetime(2019, 2, 27, tzinfo=UTC), datetime(2019, 3, 1, tzinfo=UTC))
    order = [e.id for e in events]
    for expected in order[1:]:
        with qtbot.waitSignal(view.eventSelected) as blocker:
            qtbot.keyClick(window, Qt.Key.Key_Right)
        assert blocker.args == [expected]
        assert _plot_rect(window).contains(view.event_position(expected)), expected
        assert window.source_panel.shown_event() == expected
    qtbot.keyClick(window, Qt.Key.Key_Right)  # at the last event: stays there
    assert view.selected_event() == order[-1]
    for expected in reversed(order[:-1]):
        qtbot.keyClick(window, Qt.Key.Key_Left)
        assert view.selected_event() == expected
        assert _plot_rect(window).contains(view.event_position(expected)), expected


def test_arrow_keys_skip_events_the_search_leaves_out(qtbot, window: MainWindow) -> None:
    field = _child(window, QLineEdit, "searchField")
    qtbot.keyClicks(field, "Choe")
    match = window.view.timeline_scene.drawing.match
    assert match is not None and match.sum() == 2
    wanted = [e.id for e, m in zip(window.timeline.events, match, strict=True) if m]
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.view.selected_event() == wanted[1]
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.view.selected_event() == wanted[0]


# --- overview ------------------------------------------------------------------------


def test_plot_range_moves_the_overview_region(window: MainWindow) -> None:
    start, end = datetime(2017, 1, 1, tzinfo=UTC), datetime(2017, 7, 1, tzinfo=UTC)
    window.view.set_visible_range(start, end)
    lo, hi = window.overview.region()
    assert lo == pytest.approx(start.timestamp(), abs=60)
    assert hi == pytest.approx(end.timestamp(), abs=60)


def test_dragging_the_overview_region_moves_the_plot(qtbot, window: MainWindow) -> None:
    view, overview = window.view, window.overview
    window.commands.compress_gaps.trigger()  # off: in 2017 the compressed axis has a break, not six months
    assert view.axis_mode() == "linear"
    view.set_visible_range(datetime(2017, 1, 1, tzinfo=UTC), datetime(2017, 7, 1, tzinfo=UTC))
    before = view.timeline_scene.visible_range()
    ovb = overview.getPlotItem().vb
    middle = sum(before) / 2 - overview.origin
    a = overview.mapFromScene(ovb.mapViewToScene(QPointF(middle, sum(ovb.viewRange()[1]) / 2)))
    per_px = (ovb.viewRange()[0][1] - ovb.viewRange()[0][0]) / ovb.sceneBoundingRect().width()
    drag(qtbot, overview, a, a + QPoint(120, 0))
    qtbot.waitUntil(lambda: view.timeline_scene.visible_range()[0] > before[0] + 60 * per_px)
    after = view.timeline_scene.visible_range()
    assert after[0] - before[0] == pytest.approx(120 * per_px, rel=0.1)
    assert after[1] - after[0] == pytest.approx(before[1] - before[0], rel=1e-3)
    assert overview.region() == pytest.approx(after, abs=60)


# --- search --------------------------------------------------------------------------


def test_on_a_large_timeline_the_search_waits_for_a_pause(qtbot, window: MainWindow,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_window, "SEARCH_AT_ONCE", 5)  # the 20-event dataset counts as large
    searched: list[str] = []
    real = SearchIndex.match
    monkeypatch.setattr(SearchIndex, "match", lambda self, query: searched.append(query) or real(self, query))
    field = _child(window, QLineEdit, "searchField")
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "sanctions")
    assert searched == [] and window.view.timeline_scene.drawing.match is None  # still typing
    qtbot.waitUntil(lambda: window.view.timeline_scene.drawing.match is not None)
    assert searched == ["sanctions"]  # once, for the whole word
    assert "match “sanctions”" in window.count_label.text()


def test_typing_a_search_dims_the_rest_and_counts_matches(qtbot, window: MainWindow) -> None:
    drawing = window.view.timeline_scene.drawing
    ids = [e.id for e in window.timeline.events]
    field = _child(window, QLineEdit, "searchField")
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field, "sanctions")
    match = drawing.match
    assert match is not None
    matched = {i for i, m in zip(ids, match, strict=True) if m}
    # In titles, in tags, and only in a cited paragraph's text (paragraph 7: "over sanctions").
    assert {"un-sanctions-2016-2017", "nk-seeks-sanctions-relief", "trump-blames-sanctions"} <= matched
    assert "tictoc-tweet" not in matched and "hanoi-summit" not in matched
    assert 0 < len(matched) < len(ids)
    assert f"{len(matched)} match" in window.count_label.text()
    # A phrase narrows it; while it is typed, nothing that will match is dimmed on the way.
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    counts: list[int] = []
    field.textChanged.connect(
        lambda _: counts.append(-1 if drawing.match is None else int(drawing.match.sum())))
    qtbot.keyClicks(field, '"walking away"')
    assert {i for i, m in zip(ids, drawing.match, strict=True) if m} == {"trump-walk-away"}
    assert counts[-1] == 1 and all(c == -1 or c >= 1 for c in counts), counts
    assert "1 match" in window.count_label.text()
    # Typed with a straight apostrophe, it finds the title written with a curly one.
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "won't freeze")
    assert {i for i, m in zip(ids, drawing.match, strict=True) if m} == {"nk-refuses-freeze"}
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == ""
    assert drawing.match is None
    assert "match" not in window.count_label.text()
    assert f"of {len(ids)} events" in window.count_label.text()


# --- lanes ---------------------------------------------------------------------------


def _click_check(qtbot, window: MainWindow, lane_id: str) -> None:
    """Click a lane's check box in the Lanes dock with the real pointer."""
    rect = window.legend.check_rect(lane_id)
    assert rect.isValid() and window.legend.view.viewport().rect().contains(rect)
    qtbot.mouseClick(window.legend.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _lane_titles(window: MainWindow) -> list[str]:
    axis = window.view.timeline_scene.lane_axis
    values = axis.tickValues(*axis.range, axis.geometry().height())[0][1]  # the names drawn at this size
    return axis.tickStrings(values, 1, 1)


def test_unchecking_a_lane_hides_its_events_and_title(qtbot, window: MainWindow) -> None:
    scene, timeline = window.view.timeline_scene, window.timeline
    lane = timeline.lane_index["north-korea"]
    lanes = timeline.columns.lane
    assert (lanes[scene.frame.mark_idx] == lane).any() or (lanes[scene.frame.bar_idx] == lane).any()
    assert "North Korea" in _lane_titles(window)
    assert window.legend.view.isVisible() and window.legend.is_lane_checked("north-korea")
    with qtbot.waitSignal(window.legend.laneToggled):
        _click_check(qtbot, window, "north-korea")
    assert not window.legend.is_lane_checked("north-korea")
    frame = scene.frame
    assert not (lanes[frame.mark_idx] == lane).any()
    assert not (lanes[frame.bar_idx] == lane).any()
    assert not (scene.rows.lane_of_row[frame.cluster_row] == lane).any()
    assert "North Korea" not in _lane_titles(window)
    assert "United States" in _lane_titles(window)
    assert frame.visible_count == len(timeline.events) - int((lanes == lane).sum())
    _click_check(qtbot, window, "north-korea")
    assert window.legend.is_lane_checked("north-korea")
    assert "North Korea" in _lane_titles(window)
    assert scene.frame.visible_count == len(timeline.events)


def test_hiding_the_selected_events_lane_deselects_it(qtbot, window: MainWindow) -> None:
    window.view.set_visible_range(*HANOI)
    click_event(qtbot, window.view, "summit-ends-no-deal")
    with qtbot.waitSignal(window.view.eventSelected) as blocker:
        _click_check(qtbot, window, "summits")
    assert blocker.args == [""]
    assert window.source_panel.shown_event() is None


# --- article -------------------------------------------------------------------------


def test_show_in_article_then_a_paragraph_click_selects_its_events(qtbot, window: MainWindow) -> None:
    view = window.view
    view.set_visible_range(*HANOI)
    click_event(qtbot, view, "summit-ends-no-deal")
    assert not window.article_dock.isVisible()
    button = window.findChild(QPushButton, "showInArticleButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.article_dock.isVisible)
    assert window.article_view.shown_source() == "kcna-vow-article"
    assert window.article_view.highlighted() == [1, 6]
    text = window.findChild(QTextBrowser, "articleText")
    qtbot.waitUntil(lambda: text.viewport().width() > 150)
    citing = window.timeline.events_citing("kcna-vow-article", 18)
    assert citing and "summit-ends-no-deal" not in citing
    with qtbot.waitSignal(view.eventSelected) as blocker:
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=window.article_view.paragraph_position(18))
    assert blocker.args[0] in citing
    assert view.selected_event() in citing
    assert set(citing) - {view.selected_event()} <= {window.timeline.events[i].id
                                                       for i in view.timeline_scene.drawing.highlighted}
    assert _plot_rect(window).contains(view.event_position(view.selected_event()))


def test_a_paragraph_click_selects_only_events_of_shown_lanes(qtbot, window: MainWindow) -> None:
    view = window.view
    _click_check(qtbot, window, "summits")
    view.set_visible_range(*HANOI)
    click_event(qtbot, view, "tictoc-tweet")
    qtbot.mouseClick(window.findChild(QPushButton, "showInArticleButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.article_dock.isVisible)
    text = window.findChild(QTextBrowser, "articleText")
    qtbot.waitUntil(lambda: text.viewport().width() > 150)
    # Paragraph 18 is cited by two Summits events and one North Korea event.
    assert window.timeline.events_citing("kcna-vow-article", 18)[0] == "first-summit"
    with qtbot.waitSignal(view.eventSelected) as blocker:
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=window.article_view.paragraph_position(18))
    assert blocker.args == ["nk-seeks-sanctions-relief"]
    assert _plot_rect(window).contains(view.event_position("nk-seeks-sanctions-relief"))
    # With North Korea hidden too, nothing that cites it can be shown: the selection stays put.
    _click_check(qtbot, window, "north-korea")
    click_event(qtbot, view, "tictoc-tweet")
    with qtbot.assertNotEmitted(view.eventSelected):
        qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=window.article_view.paragraph_position(18))
    assert view.selected_event() == "tictoc-tweet"
    assert "hidden" in window.statusBar().currentMessage()


def test_view_keys_fit_zoom_and_clear(qtbot, window: MainWindow) -> None:
    view = window.view
    # Axis units: zooming halves what the pixels show (on a compressed axis, not the seconds).
    fitted = view.timeline_scene.axis_range()
    width = fitted[1] - fitted[0]
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    start, end = view.timeline_scene.axis_range()
    assert end - start == pytest.approx(width / 2, rel=1e-3)
    assert (start + end) / 2 == pytest.approx(sum(fitted) / 2, abs=width * 1e-3)
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    start, end = view.timeline_scene.axis_range()
    assert end - start == pytest.approx(width * 2, rel=1e-3)
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert view.timeline_scene.axis_range() == pytest.approx(fitted)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert view.selected_event() is not None
    with qtbot.waitSignal(view.eventSelected) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert blocker.args == [""]


# --- files ---------------------------------------------------------------------------


def test_a_bad_file_is_refused_and_the_old_timeline_stays(qtbot, window: MainWindow, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(window, "show_error", lambda title, text: errors.append((title, text)))
    title, count = window.windowTitle(), window.count_label.text()
    bad = tmp_path / "broken-file.json"
    bad.write_text('{"version": 1, "title": ', encoding="utf-8")
    assert window.open_file(bad) is False
    assert len(errors) == 1
    assert "broken-file.json" in errors[0][1]
    assert window.windowTitle() == title
    assert window.count_label.text() == count
    assert len(window.timeline.events) == 20
    assert window.path == default_events_path().resolve()


def test_a_file_with_item_problems_opens_and_lists_them(qtbot, window: MainWindow, dataset: dict,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window, "show_error", lambda *a: pytest.fail(f"unexpected error dialog {a}"))
    dataset["events"].append({"id": "bad-date", "title": "x", "start": "2019-13-01", "lane": "summits"})
    dataset["events"].append({"id": "bad-lane", "title": "y", "start": "2019-02-01", "lane": "nope"})
    path = tmp_path / "with-problems.json"
    path.write_text(json.dumps(dataset, indent=1), encoding="utf-8")
    assert window.open_file(path)
    assert len(window.timeline.events) == 20
    qtbot.waitUntil(_child(window, QDockWidget, "problemsDock").isVisible)
    problems = _child(window, QListWidget, "problemsList")
    items = [problems.item(i).text() for i in range(problems.count())]
    assert len(items) == 2
    assert all("with-problems.json" in item for item in items)
    assert "events[20].start" in items[0] and "month 13" in items[0]
    assert "events[21].lane" in items[1] and "nope" in items[1]
    # A clean file afterwards puts the dock away.
    assert window.open_file(default_events_path())
    assert not _child(window, QDockWidget, "problemsDock").isVisible()


def test_live_reload_follows_saves_and_survives_a_broken_one(qtbot, tmp_path: Path, dataset: dict) -> None:
    path = tmp_path / "events.json"
    shutil.copy(default_events_path(), path)
    window = _open(qtbot, path)
    window.view.set_visible_range(*HANOI)
    click_event(qtbot, window.view, "summit-ends-no-deal")
    _click_check(qtbot, window, "press")
    qtbot.keyClicks(_child(window, QLineEdit, "searchField"), "sanctions")
    dataset["title"] = "Edited once"
    _write_atomically(path, json.dumps(dataset))
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Edited once"), timeout=RELOAD_TIMEOUT_MS)
    # A reload keeps the place, the selection, the hidden lane and the search.
    assert window.view.selected_event() == "summit-ends-no-deal"
    assert window.source_panel.shown_event() == "summit-ends-no-deal"
    assert abs(window.view.visible_range()[0] - HANOI[0]) < timedelta(seconds=1)
    assert not window.legend.is_lane_checked("press")
    press = window.timeline.lane_index["press"]
    assert window.view.timeline_scene.rows.lane_rows[press] == 0
    match = window.view.timeline_scene.drawing.match
    assert match is not None and 0 < match.sum() < len(match)
    _write_atomically(path, '{"version": 1, "title": "Half-saved", "events": [')
    qtbot.waitUntil(_child(window, QDockWidget, "problemsDock").isVisible, timeout=RELOAD_TIMEOUT_MS)
    problems = _child(window, QListWidget, "problemsList")
    items = [problems.item(i).text() for i in range(problems.count())]
    assert any("events.json" in item and "JSON" in item for item in items)
    assert window.windowTitle().startswith("Edited once")
    assert len(window.timeline.events) == 20
    dataset["title"] = "Edited twice"
    dataset["events"] = dataset["events"][:5]
    _write_atomically(path, json.dumps(dataset))
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Edited twice"), timeout=RELOAD_TIMEOUT_MS)
    assert len(window.timeline.events) == 5
    assert not _child(window, QDockWidget, "problemsDock").isVisible()
    # It keeps following the file after all those renames.
    dataset["title"] = "Edited thrice"
    path.write_text(json.dumps(dataset), encoding="utf-8")
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Edited thrice"), timeout=RELOAD_TIMEOUT_MS)


def _inotify_instances() -> int:
    """How many inotify instances this process holds (Linux)."""
    fds = Path("/proc/self/fd")
    return sum("inotify" in os.readlink(fd) for fd in fds.iterdir() if fd.is_symlink() and fd.exists())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="inotify is Linux's")
def test_a_closed_window_gives_back_its_file_watch_and_a_shown_one_takes_it_again(qtbot, tmp_path: Path,
                                                                                   dataset: dict) -> None:
    """A user has 128 inotify instances in all; closed windows that kept theirs made Qt poll, and miss saves."""
    path = tmp_path / "events.json"
    shutil.copy(default_events_path(), path)
    window = _open(qtbot, path)
    watching = _inotify_instances()
    window.close()
    assert _inotify_instances() == watching - 1
    window.show()
    qtbot.waitExposed(window)
    assert _inotify_instances() == watching
    dataset["title"] = "Seen after the window came back"
    _write_atomically(path, json.dumps(dataset))
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Seen after"), timeout=RELOAD_TIMEOUT_MS)


# --- menus ---------------------------------------------------------------------------


def test_jump_menu_has_one_entry_per_group_and_shows_it(window: MainWindow) -> None:
    actions = _child(window, QMenu, "jumpMenu").actions()
    texts = [a.text() for a in actions]
    assert len(texts) == 3
    assert texts[0].startswith("2016–2017")
    assert texts[1].startswith("June 2018")
    assert texts[2].startswith("27 February – 1 March 2019")
    actions[1].trigger()
    start, end = window.view.visible_range()
    assert start <= datetime(2018, 6, 1, tzinfo=UTC) and datetime(2018, 7, 1, tzinfo=UTC) <= end
    assert (end - start).days < 40
    actions[2].trigger()
    start, end = window.view.visible_range()
    assert start <= datetime(2019, 2, 27, tzinfo=UTC) and datetime(2019, 3, 2, tzinfo=UTC) <= end
    assert (end - start).days < 5
    assert "2019" in window.range_label.text()


# --- screenshot ----------------------------------------------------------------------


def _pixels(image: QImage) -> np.ndarray:
    """An H×W×3 RGB array of a grabbed image."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    return rows.reshape(image.height(), image.width(), 3).copy()  # the image's memory goes with it


def _lane_colours(color: QColor) -> np.ndarray:
    """The colours the items paint a lane's events in: solid fill, translucent fills, outlines."""
    out = [color, color.lighter(90), color.lighter(80), color.lighter(70)]
    rgb = np.array([[c.red(), c.green(), c.blue()] for c in out], float)
    for band in (LIGHT.band_even, LIGHT.band_odd):
        bg = np.array([band.red(), band.green(), band.blue()], float)
        base = rgb[0]
        rgb = np.vstack([rgb, 0.85 * base + 0.15 * bg, 0.45 * base + 0.55 * bg])
    return rgb


def test_window_screenshot_shows_every_lane_and_no_label_overlaps(qtbot, window: MainWindow,
                                                                   tmp_path: Path) -> None:
    view = window.view
    scene = view.timeline_scene
    # As a person would show it off: one event clicked, its paragraphs in the dock.
    with qtbot.waitSignal(view.eventSelected):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.event_position("hanoi-summit"))
    pixmap = window.grab()
    assert pixmap.width() >= 1400 and pixmap.height() >= 800
    assert pixmap.save(str(tmp_path / "window.png"))
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        assert pixmap.save(str(REPO / "docs" / "screenshot.png"))
    rgb = _pixels(pixmap.toImage())

    # Every lane's colour is painted inside that lane's band of the plot.
    plot = _plot_rect(window).translated(view.viewport().mapTo(window, QPoint(0, 0)))
    rows = scene.rows
    for i, lane in enumerate(window.timeline.lanes):
        top = data_to_viewport(view, 0.0, float(rows.lane_top[i])).y()
        bottom = data_to_viewport(view, 0.0, float(rows.lane_top[i] + rows.lane_rows[i])).y()
        y0 = view.viewport().mapTo(window, QPoint(0, top)).y()
        y1 = view.viewport().mapTo(window, QPoint(0, bottom)).y()
        band = rgb[y0:y1, plot.left():plot.right()].reshape(-1, 1, 3).astype(float)
        close = (np.abs(band - _lane_colours(QColor(lane.color))[None]) <= 12).all(axis=2).any(axis=1)
        assert close.sum() >= 20, f"lane {lane.title} has {close.sum()} pixels of its colour"

    # Labels: none over another, over another event's glyph, or outside the plot.
    f, cols, origin = scene.frame, scene.drawing.cols, scene.drawing.origin
    assert len(f.label_idx) >= 10

    def centre(t: float, row: float) -> QPointF:
        return view.mapFromScene(scene.vb.mapViewToScene(QPointF(t - origin, row + 0.5))).toPointF()

    height = QFontMetricsF(scene.drawing.font).height()
    labels = []
    for i, dx, w in zip(f.label_idx.tolist(), f.label_dx.tolist(), f.label_width.tolist(), strict=True):
        c = centre(cols.anchor[i], rows.row[i])
        labels.append((i, QRectF(c.x() + dx, c.y() - height / 2, w, height).adjusted(0.5, 0.5, -0.5, -0.5)))
    glyphs = []
    for i in f.mark_idx.tolist():
        c = centre(cols.anchor[i], rows.row[i])
        glyphs.append((i, QRectF(c.x() - MARKER_PX / 2, c.y() - MARKER_PX / 2, MARKER_PX, MARKER_PX)))
    for x, row, count in zip(f.cluster_x.tolist(), f.cluster_row.tolist(), f.cluster_count.tolist(), strict=True):
        c, r = centre(x, row), float(cluster_radius(count))
        glyphs.append((-1, QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)))
    for i in f.bar_idx.tolist():
        a, b = centre(cols.begin[i], rows.row[i]), centre(cols.finish[i], rows.row[i])
        glyphs.append((i, QRectF(a.x(), a.y() - 5, b.x() - a.x(), 10)))
    plot_f = QRectF(_plot_rect(window)).adjusted(-1, -1, 1, 1)
    for k, (i, rect) in enumerate(labels):
        assert plot_f.contains(rect), f"label of {i} leaves the plot: {rect}"
        for j, other in labels[k + 1:]:
            assert not rect.intersects(other), f"labels of {i} and {j} overlap"
        for j, glyph in glyphs:
            assert j == i or not rect.intersects(glyph), f"label of {i} covers event {j}"
