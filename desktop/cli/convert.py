"""`summit-timeline convert IN -o OUT`: any timeline we open, written as ours, CSV, TimelineJS or vis; losses said."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.support import Refused, add_groups_argument, groups_path, open_or_refuse, run_refusable, say
from desktop.io.targets import TargetError, check_target
from desktop.io.writers import (
    EXTENSIONS,
    FORMATS,
    Losses,
    WriteError,
    atomic_write,
    encode,
    encode_pieces,
    format_for_path,
)

PROG = "summit-timeline convert"


def add_convert_arguments(parser: argparse.ArgumentParser) -> None:
    """The `convert` sub-command's arguments."""
    parser.add_argument("input", metavar="IN", help="timeline file in any format this app opens")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="file to write: .json (our format) or .csv, unless --to says otherwise")
    parser.add_argument("--to", choices=FORMATS, dest="to",
                        help="json: our events format v1; csv: one row per event (more citations on rows below); "
                             "timelinejs: TimelineJS3 JSON to publish on the web; timelinejs-csv: TimelineJS's "
                             "spreadsheet columns, to edit in a spreadsheet; vis: vis-timeline items and groups "
                             "(default: from OUT's extension)")
    add_groups_argument(parser)
    parser.add_argument("--strict", action="store_true",
                        help="refuse to write anything if the format cannot keep all of the timeline (exit 2)")


def run_convert(args: argparse.Namespace) -> int:
    """Read IN, write OUT atomically; one line on stderr and exit 2 for anything refused."""
    return run_refusable(PROG, _convert, args)


def _convert(args: argparse.Namespace) -> Path:
    source, output = Path(args.input), Path(args.output).expanduser()
    kind = args.to or format_for_path(output)
    if kind is None:
        raise Refused(f"-o {args.output}: cannot tell the format from the name; end it in .json or .csv, "
                       f"or give --to {{{','.join(FORMATS)}}}")
    # The same shared check as `export`: a regular file or nothing yet (after links), never the input,
    # and a name read for its format says the same once its links are followed.
    suffixes = () if args.to else tuple(ext for ext, k in EXTENSIONS.items() if k == kind)
    groups = groups_path(args)
    try:
        check_target(output, suffixes=suffixes, inputs=[source, *([groups] if groups else [])])
    except TargetError as exc:
        raise Refused(f"-o {exc}") from None
    timeline = open_or_refuse(source, groups=groups)
    for problem in timeline.problems:
        say(f"{PROG}: warning: {problem}", err=True)
    if timeline.problems:
        say(f"{PROG}: warning: {len(timeline.problems)} problem(s) in {source}; converted what opened: "
            f"{timeline.summary()}", err=True)
    losses = Losses()
    try:
        if args.strict:
            # Encoded whole first: what is lost is known only at the end, and nothing may be written then.
            data = encode(timeline, kind, losses)
            if losses:
                raise Refused(f"--strict: {kind} cannot keep all of {source.name}: " + "; ".join(losses.lines()))
            atomic_write(output, data)
        else:
            atomic_write(output, encode_pieces(timeline, kind, losses))
    except WriteError as exc:
        raise Refused(str(exc)) from None
    for line in losses.lines():
        say(f"{PROG}: lost: {line}", err=True)
    return output.resolve()
