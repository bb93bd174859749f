"""The one way the fast path says a file is not for it, and why."""

from __future__ import annotations


class FastPathDeclined(Exception):
    """The fast path hands this file to the careful reader; `reason` says why (for the log)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
