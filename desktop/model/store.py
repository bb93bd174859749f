"""How a timeline holds its events: the `EventStore` protocol and the plain tuple store. No Qt here.

A timeline read by the fast path keeps its events as their JSON bytes (`io.fast.store.RawEvents`);
one made from `Event` objects keeps them in an `EventTuple`. Callers see the same methods either
way, so the few that only need titles, ids or searchable words never make whole events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, overload

from desktop.model.records import Event


class EventStore(Protocol):
    """A timeline's events in timeline order, with cheap access to the parts callers read most."""

    @property
    def titles(self) -> Sequence[str]:
        """Each event's title, by position."""
        ...

    def __len__(self) -> int: ...

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Event]: ...

    def __iter__(self) -> Iterator[Event]: ...

    def id_at(self, index: int) -> str:
        """The id of event `index`."""
        ...

    def search_fields(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Title, summary and tags of each event, in order."""
        ...


class EventTuple(tuple[Event, ...]):
    """Events held as `Event` objects: a tuple, equal to any tuple of the same events."""

    __slots__ = ()

    @property
    def titles(self) -> list[str]:
        """Each event's title, by position."""
        return [e.title for e in self]

    def id_at(self, index: int) -> str:
        """The id of event `index`."""
        return self[index].id

    def search_fields(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Title, summary and tags of each event, in order."""
        return ((e.title, e.summary, e.tags) for e in self)
