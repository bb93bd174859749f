"""What the importers and writers of other formats agree on, so a timeline written out reads back the same."""

from __future__ import annotations

from urllib.parse import urlparse

# The lane eras go in: TimelineJS and Timeline eras are imported into it, and written back as eras from it.
ERAS_LANE_ID = "eras"
ERAS_LANE_TITLE = "Eras"


def is_url(value: str) -> bool:
    """True for an http(s) address without spaces."""
    parts = urlparse(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in value)
