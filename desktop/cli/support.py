"""What the sub-commands share: exit codes, `--groups`, the one-line refusal and terminal-safe printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.io.printable import escape_controls
from desktop.model.timeline import Timeline

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def say(text: object, *, err: bool = False) -> None:
    """Print one line, file text in it escaped so a file cannot move the cursor or fake a result."""
    print(escape_controls(text), file=sys.stderr if err else sys.stdout)


def add_groups_argument(parser: argparse.ArgumentParser) -> None:
    """`--groups FILE`: the vis-timeline groups of the input, for every command that opens one."""
    parser.add_argument("--groups", metavar="FILE",
                        help="a vis-timeline groups file for the input (default: the input's NAME.groups.json, "
                             "if there is one)")


def groups_path(args: argparse.Namespace) -> Path | None:
    """The groups file `--groups` names, or None."""
    return Path(args.groups).expanduser() if args.groups else None


class Refused(Exception):
    """A bad argument or file found after parsing; the message is the one line to print."""


def open_or_refuse(source: Path, groups: Path | None = None) -> Timeline:
    """Open any supported file (a vis items file with `groups`), or refuse with its first problem in one line."""
    try:
        return open_timeline(source, groups=groups)
    except TimelineError as exc:
        more = len(exc.problems) - 1
        tail = f" (and {more} more; `summit-timeline validate` lists them all)" if more > 0 else ""
        raise Refused(f"{exc.problems[0]}{tail}") from None


def run_refusable(prog: str, action: Callable[[argparse.Namespace], Path], args: argparse.Namespace) -> int:
    """Run a command that writes a file: print its path and exit 0, or one line on stderr and exit 2."""
    try:
        path = action(args)
    except Refused as exc:
        say(f"{prog}: error: {exc}", err=True)
        return EXIT_BAD_INPUT
    say(path)
    return EXIT_OK
