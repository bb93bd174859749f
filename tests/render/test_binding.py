"""Guards against Qt binding releases known to crash this app."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsRectItem


def test_void_calls_do_not_leak_none_references() -> None:
    """PySide6 6.12.0 on CPython 3.11 drops a None reference per void call, then aborts."""
    point, item = QPointF(), QGraphicsRectItem()
    before = sys.getrefcount(None)
    for i in range(3000):
        point.setX(float(i))
        item.setPos(point)
        item.setTransform(QTransform())
    # A leak of one reference per call would show as ~9000; allow for unrelated noise.
    assert abs(sys.getrefcount(None) - before) < 100
