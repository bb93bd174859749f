"""The one place that finds files shipped with the app (dataset, schema, icons)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]


def _locate(packaged: str, in_checkout: str) -> Path:
    """Find a shipped file in the installed wheel, else in the source checkout."""
    # A wheel carries data/ and resources/ inside the package (see pyproject's
    # force-include); an editable install or a checkout has them at the root.
    candidate = Path(str(resources.files("desktop").joinpath(packaged)))
    if candidate.exists():
        return candidate
    return _ROOT / in_checkout


def default_events_path() -> Path:
    """Path of the default timeline, the 2018–2019 summit dataset."""
    return _locate("_data/events.json", "data/events.json")


def resource_path(name: str) -> Path:
    """Path of a file under resources/ (schema, icons, style sheet)."""
    return _locate(f"_resources/{name}", f"resources/{name}")
