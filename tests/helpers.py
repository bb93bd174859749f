"""Mouse events on the timeline plot, aimed by data coordinates (epoch seconds, row) or event id."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView
from pytestqt.qtbot import QtBot

import desktop
from desktop.app.main_window import MainWindow
from desktop.model.timeline import Timeline
from desktop.ui.timeline_view import TimelineView

LEFT = Qt.MouseButton.LeftButton


def shown_view(qtbot: QtBot, timeline: Timeline | None = None, width: int = 1100, height: int = 640,
               axis_mode: str | None = None) -> TimelineView:
    """A TimelineView shown at `width`×`height`, in `axis_mode` (None: its own rule), holding `timeline`."""
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    if axis_mode is not None:
        view.set_axis_mode(axis_mode)  # type: ignore[arg-type]
    if timeline is not None:
        view.set_timeline(timeline)
    return view


def data_to_viewport(view: TimelineView, epoch: float, row: float) -> QPoint:
    """Viewport pixel of time `epoch` (seconds) at row coordinate `row` (an event's centre is row + 0.5)."""
    scene = view.timeline_scene
    point = scene.vb.mapViewToScene(QPointF(epoch - scene.drawing.origin, row))
    return view.mapFromScene(point)


def viewport_to_data(view: TimelineView, pos: QPoint) -> tuple[float, float]:
    """Epoch seconds and row coordinate under a viewport pixel."""
    scene = view.timeline_scene
    p = scene.vb.mapSceneToView(view.mapToScene(pos))
    return p.x() + scene.drawing.origin, p.y()


def click_at(qtbot: QtBot, view: TimelineView, pos: QPoint, button: Qt.MouseButton = LEFT) -> None:
    """A press and release at a viewport pixel, as a person clicks."""
    qtbot.mouseClick(view.viewport(), button, pos=pos)


def click_event(qtbot: QtBot, view: TimelineView, event_id: str) -> QPoint:
    """Click an event's marker (or a bar's visible middle); returns where it clicked."""
    pos = view.event_position(event_id)
    assert view.viewport().rect().contains(pos), f"{event_id} is not in view at {pos}"
    click_at(qtbot, view, pos)
    return pos


def click_data(qtbot: QtBot, view: TimelineView, epoch: float, row: float) -> QPoint:
    """Click at a data point; returns the viewport pixel."""
    pos = data_to_viewport(view, epoch, row)
    click_at(qtbot, view, pos)
    return pos


def wheel_at(view: TimelineView, pos: QPoint, steps: int = 1) -> None:
    """Turn the wheel `steps` notches (positive: away from the person, which zooms in) at a pixel."""
    viewport = view.viewport()
    event = QWheelEvent(
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def hover(view: QGraphicsView, pos: QPoint) -> None:
    """Move the pointer, no button held, to `pos` on the view's viewport (a real move event)."""
    viewport = view.viewport()
    point = QPointF(pos)
    move = QMouseEvent(
        QEvent.Type.MouseMove, point, viewport.mapToGlobal(point), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, move)


def drag(qtbot: QtBot, view: QGraphicsView, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press at `start`, move with the left button held in a few steps, release at `end`.

    `view` is any QGraphicsView (the timeline or the overview); the events go to its viewport.
    """
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    for t in np.linspace(0.0, 1.0, steps + 1)[1:]:
        pos = QPointF(start) + (QPointF(end) - QPointF(start)) * float(t)
        # QTest's mouseMove does not carry the held button; pyqtgraph needs it to see a drag.
        move = QMouseEvent(
            QEvent.Type.MouseMove, pos, viewport.mapToGlobal(pos), Qt.MouseButton.NoButton, LEFT,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, move)
    qtbot.mouseRelease(viewport, LEFT, pos=end)


def open_window(qtbot: QtBot, path: str | Path | None = None) -> MainWindow:
    """A shown, active 1400×800 main window on `path` (default: the shipped dataset)."""
    window = desktop.create_window(path)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    # Pointer and key events go to the active window.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
