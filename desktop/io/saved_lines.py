"""What earlier versions of an events file held, so an undone edit is saved as the file had it. No Qt here.

A save maps the file afresh (`SavedText.of(text, after=previous)`); `Earlier.after` compares the two
maps once, in linear time: an event whose text changed or that left the file keeps its earlier texts
by id, and its place among the ids of every version (`order`); a top-level member keeps its earlier
texts by key, and a member a save added is remembered as added. When an undo brings back what a
version held, that version's own bytes are written again, in their place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from desktop.io.checks import Checker
from desktop.io.json_layout import DECODER, TextMap

__all__ = ["Earlier", "loaded_items", "same_json"]


@dataclass(frozen=True)
class Earlier:
    """The texts earlier versions of a file held that the current one does not, and where."""

    events: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id → its earlier texts, oldest first
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # key → its value's earlier texts
    order: tuple[str, ...] = ()  # every id of every version, each version's order kept; () when none left
    added: frozenset[str] = frozenset()  # top-level keys a save added to the file

    @classmethod
    def after(cls, old: TextMap, earlier: Earlier, new: TextMap) -> Earlier:
        """What `new` (the file as `old` was saved into) remembers: `earlier` and whatever `old` held differently."""
        events = {k: list(v) for k, v in earlier.events.items()}
        for ident, i in old.ids.items():
            j = new.ids.get(ident)
            if j is None or not _same_span(old, old.starts[i], old.ends[i], new, new.starts[j], new.ends[j]):
                _remember(events, ident, old.text[old.starts[i]:old.ends[i]])
        members = {k: list(v) for k, v in earlier.members.items()}
        now = {m.key: m for m in new.members}
        for m in old.members:
            n = now.get(m.key)
            if m.key != "events" and (n is None or not _same_span(old, m.value_start, m.value_end,
                                                                  new, n.value_start, n.value_end)):
                _remember(members, m.key, old.text[m.value_start:m.value_end])
        gone = any(ident not in new.ids for ident in events)
        order = _merged(earlier.order or tuple(old.ids), tuple(new.ids)) if gone else ()
        added = earlier.added | (now.keys() - {m.key for m in old.members})
        return cls({k: tuple(v) for k, v in events.items()}, {k: tuple(v) for k, v in members.items()}, order,
                   frozenset(added))

    def places(self, ids: Mapping[str, int], wanted: set[str]) -> dict[int, list[str]]:
        """Where each of `wanted` (ids the file no longer holds) goes back: before element j, by j."""
        out: dict[int, list[str]] = {}
        j = 0
        for ident in self.order:
            at = ids.get(ident)
            if at is not None:
                j = at + 1  # after the nearest earlier id the file still holds
            elif ident in wanted:
                out.setdefault(j, []).append(ident)
        return out

    def event_text(self, ident: str, fits: Callable[[object], bool]) -> str | None:
        """The latest earlier text of event `ident` whose value `fits`; None when none does."""
        return next((t for t in reversed(self.events.get(ident, ())) if fits(DECODER.raw_decode(t)[0])), None)

    def member_text(self, key: str, value: object) -> str | None:
        """The latest earlier text of member `key` that held `value` exactly; None when none did."""
        return next((t for t in reversed(self.members.get(key, ())) if same_json(DECODER.raw_decode(t)[0], value)),
                    None)


def same_json(a: object, b: object) -> bool:
    """Whether two JSON values are written the same: equal, with the same types and key order."""
    return a == b and json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def loaded_items(items: object, read: Callable[[list, Checker], Mapping[str, object]]) -> set[int]:
    """Which elements of a `lanes` or `sources` list the loader reads (`read`: its `read_lanes`/`read_sources`)."""
    if not isinstance(items, list):
        return set()
    accepted, seen, out = read(items, Checker("", True)), set(), set()
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str):
            if ident in accepted and ident not in seen:  # of items with one id, the loader reads the first
                out.add(i)
            seen.add(ident)
    return out


def _same_span(a: TextMap, a_start: int, a_end: int, b: TextMap, b_start: int, b_end: int) -> bool:
    return a_end - a_start == b_end - b_start and b.text.startswith(a.text[a_start:a_end], b_start)


def _remember(texts: dict[str, list[str]], key: str, text: str) -> None:
    kept = texts.setdefault(key, [])
    if text in kept:
        kept.remove(text)
    kept.append(text)


def _merged(old: Sequence[str], new: Sequence[str]) -> tuple[str, ...]:
    """`new`, with the ids only `old` holds put back after the id that came before them there."""
    present = set(new)
    follow: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for ident in old:
        if ident in present:
            anchor = ident
        else:
            follow.setdefault(anchor, []).append(ident)
    out = list(follow.get(None, ()))
    for ident in new:
        out.append(ident)
        out += follow.get(ident, ())
    return tuple(out)
