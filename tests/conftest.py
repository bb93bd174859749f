"""Shared test set-up: Qt runs offscreen in every test process."""

from __future__ import annotations

import os

# Before any Qt import: tests never need (or use) a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
