"""Corpus tests open windows: each gets settings of its own (see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_settings(isolated_settings: Path) -> Path:
    """Every test here runs with isolated QSettings."""
    return isolated_settings
