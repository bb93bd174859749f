"""Per-event column arrays for layout and drawing, and the one place their rules are stated. No Qt here.

Every path that makes columns feeds `build_columns` the same per-event facts: the bulk loader
from its arrays, the others from `Event` objects through `event_facts`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.model.dates import Precision
from desktop.model.records import Event

# The facts `build_columns` takes, in its parameters' order (and `event_facts`' columns).
FACTS = ("begin", "finish", "lane", "is_range", "precision", "approximate", "cited")


@dataclass(frozen=True, slots=True)
class Columns:
    """Per-event arrays in timeline order, for layout and drawing without Python loops."""

    begin: np.ndarray  # float64 epoch seconds
    finish: np.ndarray  # float64 epoch seconds, exclusive
    anchor: np.ndarray  # float64 epoch seconds
    lane: np.ndarray  # int32 index into Timeline.lanes
    is_range: np.ndarray  # bool
    coarse: np.ndarray  # bool: point event of month or year precision
    approximate: np.ndarray  # bool
    cited: np.ndarray  # bool: has at least one citation
    timed: np.ndarray  # bool: the start has a time of day (minute or second precision); zones move these
    # What layout derives from these arrays alone (sub-rows, a running maximum), kept exactly
    # as long as they are: costly at a million events, and never stale or mistaken for another's.
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


def build_columns(begin: np.ndarray, finish: np.ndarray, lane: np.ndarray, is_range: np.ndarray,
                  precision: np.ndarray, approximate: np.ndarray, cited: np.ndarray) -> Columns:
    """Columns from per-event facts in timeline order (the start's `Precision` in `precision`)."""
    begin = np.ascontiguousarray(begin, np.float64)
    finish = np.ascontiguousarray(finish, np.float64)
    is_range = np.asarray(is_range, bool)
    precision = np.asarray(precision)
    return Columns(
        begin=begin,
        finish=finish,
        anchor=(begin + finish) / 2,  # the middle of the whole span: where a marker sits
        lane=np.asarray(lane, np.int32),
        is_range=is_range,
        coarse=~is_range & (precision <= int(Precision.MONTH)),
        approximate=np.asarray(approximate, bool),
        cited=np.asarray(cited, bool),
        timed=precision >= int(Precision.MINUTE),
    )


def event_facts(events: Iterable[Event], lane_of: Mapping[str, int]) -> np.ndarray:
    """A float64 row of FACTS per event, ready for `build_columns(*table.T)`."""
    # One pass while freshly made events are still in cache; a pass per column over a
    # million scattered objects costs several times more. The precision as a plain int:
    # numpy reads an IntEnum several times slower.
    rows = [
        (e.start.begin, (e.end or e.start).end, lane_of[e.lane], e.end is not None, int(e.start.precision),
         e.approximate, bool(e.citations))
        for e in events
    ]
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FACTS))
