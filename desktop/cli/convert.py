"""`summit-timeline convert IN -o OUT`: any timeline we open, written as our JSON, CSV or TimelineJS JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.support import Refused, open_or_refuse, run_refusable, say
from desktop.io.targets import TargetError, check_target
from desktop.io.writers import EXTENSIONS, FORMATS, WriteError, atomic_write, encode_pieces, format_for_path

PROG = "summit-timeline convert"




def add_convert_arguments(parser: argparse.ArgumentParser) -> None:
    """The `convert` sub-command's arguments."""
    parser.add_argument("input", metavar="IN", help="timeline file in any format this app opens")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="file to write: .json (our format) or .csv, unless --to says otherwise")
    parser.add_argument("--to", choices=FORMATS, dest="to",
                        help="json: our events format v1; csv: one row per event; timelinejs: TimelineJS3 JSON "
                             "to publish on the web (default: from OUT's extension)")


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
    try:
        check_target(output, suffixes=suffixes, inputs=[source])
    except TargetError as exc:
        raise Refused(f"-o {exc}") from None
    timeline = open_or_refuse(source)
    for problem in timeline.problems:
        say(f"{PROG}: warning: {problem}", err=True)
    if timeline.problems:
        say(f"{PROG}: warning: {len(timeline.problems)} problem(s) in {source}; converted what opened: "
            f"{timeline.summary()}", err=True)
    try:
        atomic_write(output, encode_pieces(timeline, kind))
    except WriteError as exc:
        raise Refused(str(exc)) from None
    return output.resolve()
