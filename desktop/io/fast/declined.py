"""The one way the fast path says a file is not for it, and why."""

from __future__ import annotations

import sys


class FastPathDeclined(Exception):
    """The fast path hands this file to the careful reader; `reason` says why (for the log)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Digits as "9", everything else as a space: a run of digits becomes one plain substring search.
_DIGITS_ONLY = bytes(0x39 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))


def decline_unreadable(value: bytes) -> None:
    """FastPathDeclined if the careful reader would refuse `value`, data msgspec skipped unread.

    msgspec passes over people's own `x-…` values without looking inside, so two refusals of
    the careful reader's must be looked for here: bytes that are not UTF-8, and an integer
    longer than Python will convert (sys.get_int_max_str_digits). Any digit run that long
    declines, even in a string: the careful reader then gives the one verdict.
    """
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        raise FastPathDeclined("own x-… data is not UTF-8") from None
    limit = sys.get_int_max_str_digits()
    if limit and len(value) > limit and b"9" * (limit + 1) in value.translate(_DIGITS_ONLY):
        raise FastPathDeclined(f"own x-… data has a number of more than {limit:,} digits")
