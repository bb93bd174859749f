"""What a conversion could not keep: one line per kind, with a count, for standard error and `--strict`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Losses:
    """Counts of what a writer dropped or changed, by kind, in the order first met."""

    counts: dict[str, int] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, count: int, words: str) -> None:
        """`count` more of `kind` lost; `words` says how (\"events written as exact\")."""
        if count <= 0:
            return
        self.counts[kind] = self.counts.get(kind, 0) + count
        self.words.setdefault(kind, words)

    def lines(self) -> list[str]:
        """`approximate: 15 events written as exact`, one per kind."""
        return [f"{kind}: {count:,} {self.words[kind]}" for kind, count in self.counts.items()]

    def __bool__(self) -> bool:
        return bool(self.counts)


__all__ = ["Losses"]
