"""File text made safe to print: control characters written as escapes. No Qt here.

A terminal acts on some characters instead of showing them (ESC starts a sequence that can
recolour, erase or move the cursor; CR returns to the start of the line), and bidi overrides
reorder what follows, so a file could make `validate` print a fake green "OK". Every string
from a file that reaches a terminal (or a one-line list of problems) goes through
`escape_controls` first. Ordinary non-ASCII text ("Hanoi – 북미회담") is kept as it is.
"""

from __future__ import annotations

import re

# C0 and C1 controls (ESC, CR, BEL, …) and DEL, the line and paragraph separators, bidi
# embeddings, overrides, isolates and marks, and lone surrogates (undecodable bytes of a
# file name, which also cannot be encoded for output).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: object) -> str:
    """`str(text)` with every control, separator and bidi character written as a `\\x..`/`\\u....` escape."""
    return _UNSAFE.sub(_escaped, str(text))
