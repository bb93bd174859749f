"""Command line: `summit-timeline [open] [FILE]`, `validate FILE`, `export [FILE] -o OUT.png`, `convert IN -o OUT`.

`validate`, `export` and `convert` take `--groups FILE` alike: the groups of a vis-timeline items file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.cli.convert import add_convert_arguments, run_convert
from desktop.cli.export import add_export_arguments, run_export
from desktop.cli.new import add_new_arguments, run_new
from desktop.cli.support import EXIT_BAD_INPUT, EXIT_OK, add_groups_argument, groups_path, say
from desktop.cli.system_libs import install_hint, missing_libraries, uses_xcb
from desktop.io.jsonfile import TimelineError
from desktop.io.open import open_timeline
from desktop.io.printable import escape_controls
from desktop.version import __version__

COMMANDS = ("open", "validate", "export", "convert", "new")


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message, never a usage dump on stderr spam."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Report a bad argument in one line and exit 2."""
        self.exit(EXIT_BAD_INPUT, escape_controls(f"{self.prog}: error: {message}") + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its sub-commands."""
    parser = _Parser(prog="summit-timeline", description="News events on a zoomable timeline.")
    parser.add_argument("--version", action="version", version=f"summit-timeline {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    opener = sub.add_parser("open", help="open the timeline window (the default command)")
    opener.add_argument("file", nargs="?", help="events file (default: the summit dataset)")
    validate = sub.add_parser("validate", help="check an events file and list every problem")
    validate.add_argument("file", help="timeline file (our events JSON, TimelineJS, vis-timeline, Timeline, CSV)")
    add_groups_argument(validate)
    add_export_arguments(sub.add_parser("export", help="write the timeline as a PNG image; needs no display"))
    add_convert_arguments(sub.add_parser(
        "convert", help="write a timeline as our JSON, CSV or TimelineJS JSON (--to timelinejs)"))
    add_new_arguments(sub.add_parser("new", help="start a timeline from an article: one paragraph per line"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        args_list.insert(0, "open")
    args = build_parser().parse_args(args_list)
    if args.command == "validate":
        return validate(args.file, groups_path(args))
    if args.command == "export":
        return run_export(args)
    if args.command == "convert":
        return run_convert(args)
    if args.command == "new":
        return run_new(args)
    return open_window(args.file)


def validate(path: str, groups: Path | None = None) -> int:
    """Print `OK: …` or every problem of the file (any format we open; vis items with `groups`), one per line."""
    try:
        timeline = open_timeline(path, groups=groups)
    except TimelineError as exc:
        for problem in exc.problems:
            say(problem, err=True)
        return EXIT_BAD_INPUT
    for problem in timeline.problems:
        say(problem, err=True)
    if timeline.problems:
        say(f"{len(timeline.problems)} problem(s); the rest opens: {timeline.summary()}", err=True)
        return EXIT_BAD_INPUT
    say(f"OK: {timeline.summary()}")
    return EXIT_OK


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_window(path: str | None) -> int:
    """Show the main window on `path` (or the default dataset) until it is closed."""
    if not _has_display():
        print(
            "summit-timeline: no display to open a window on (DISPLAY is not set); "
            "`summit-timeline export -o timeline.png` works without one",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if uses_xcb():
        # Before QApplication: Qt aborts on a missing xcb library, naming one that may be installed.
        missing = missing_libraries()
        if missing:
            print(install_hint(missing), file=sys.stderr)
            return EXIT_BAD_INPUT
    # Imported here, not at the top: the window needs Qt (a second to load), which the
    # other commands and `--help` do without.
    from desktop.app.application import run_app

    return run_app(path)
