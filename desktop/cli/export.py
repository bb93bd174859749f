"""`summit-timeline export`: the timeline as PNG, SVG, PDF or a one-file web page, with or without a display."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

import numpy as np

from desktop.cli.support import Refused, add_groups_argument, groups_path, open_or_refuse, run_refusable, say
from desktop.io.resources import default_events_path
from desktop.io.targets import TargetError, check_target
from desktop.layout.axis_map import AXIS_MODES
from desktop.layout.time_zone import range_side
from desktop.model.dates import DateError, PartialDate, parse_date
from desktop.model.search import SearchIndex
from desktop.model.timeline import Timeline
from desktop.model.view_state import ViewSnapshot
from desktop.model.zones import ZoneError, check_zone, default_zone
from desktop.render.request import DEFAULT_SCALE, LEGENDS, THEMES, ExportRequest

DEFAULT_WIDTH = 1600
PROG = "summit-timeline export"
# render.export's MAX_SIDE_PX and MAX_PIXELS, spelled out so `--help` need not import Qt (a test keeps them equal).
SIZE_LIMITS = "at most 20,000 px a side and 100 megapixels in all; larger is refused, not attempted"
# render.export's FORMATS, spelled out for the same reason (a test keeps them equal).
SUFFIXES = (".png", ".svg", ".pdf", ".html")


def _pixels(text: str) -> int:
    """argparse type: a whole, positive number of pixels (the upper limit is checked later)."""
    try:
        value = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of pixels, not {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of pixels, not {value}")
    return value


def _scale(text: str) -> float:
    """argparse type: a finite, positive number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number such as 1 or 2, not {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text!r}")
    return value


def _date(text: str) -> PartialDate:
    """argparse type: a date in one of the events file's forms."""
    try:
        return parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The `export` sub-command's arguments."""
    parser.add_argument("file", nargs="?", help="events file (default: the summit dataset)")
    add_groups_argument(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="file to write; its extension picks the format: .png, .svg, .pdf, or .html "
                             "(one self-contained web page: click an event to read its paragraphs)")
    parser.add_argument("--width", type=_pixels, default=DEFAULT_WIDTH, metavar="PX",
                        help=f"image width in pixels (default {DEFAULT_WIDTH}; {SIZE_LIMITS})")
    parser.add_argument("--height", type=_pixels, metavar="PX",
                        help=f"image height in pixels (default: enough for every lane's rows; {SIZE_LIMITS})")
    parser.add_argument("--scale", type=_scale, default=None, metavar="N",
                        help="image pixels per layout pixel (default 2: laid out as a window of half the "
                             "width, drawn at double density for high-DPI screens and print)")
    parser.add_argument("--from", dest="start", type=_date, metavar="DATE",
                        help="start of the time shown (e.g. 2019-02-26; default: fit all events)")
    parser.add_argument("--to", dest="end", type=_date, metavar="DATE",
                        help="end of the time shown; a day or month means its whole period")
    parser.add_argument("--lane", dest="lanes", action="extend", nargs="+", metavar="ID",
                        help="show only these lanes (ids from the events file)")
    parser.add_argument("--match", metavar="TEXT", help="dim the events that do not match this search")
    parser.add_argument("--title", help="title at the top (default: the file's title; \"\" for none)")
    parser.add_argument("--subtitle", help="line under the title (default: the range drawn, e.g. "
                                           "\"2016 – 1 March 2019 · 20 events\", and any filter; \"\" for none)")
    parser.add_argument("--credit", help="line at the bottom (default: the sources' publisher or title and "
                                         "date; \"\" for none)")
    parser.add_argument("--legend", choices=LEGENDS, default="lanes",
                        help="lanes: a swatch per lane (default); full: also what each mark means; none")
    parser.add_argument("--theme", choices=THEMES, default="light",
                        help="light (default) or dark: the text colour suits the page behind it")
    parser.add_argument("--transparent", action="store_true",
                        help="no background at all, plot included, to place the picture on a page of your "
                             "colour; pair with --theme dark on dark pages (default: the theme's opaque page)")
    parser.add_argument("--axis", choices=AXIS_MODES, default=None,
                        help="time axis: 'compressed' shrinks long empty stretches into narrow breaks (default: "
                             "compressed when such gaps cover most of the span, else linear)")
    parser.add_argument("--tz", metavar="ZONE", default=None,
                        help="time zone of the axis: an IANA name such as Asia/Ho_Chi_Minh, UTC, or UTC+07:00 "
                             "(default: the file's `timezone`, else the one offset its times are written in, else UTC)")


def use_offscreen_platform() -> None:
    """Draw without a window system unless one was asked for (QT_QPA_PLATFORM)."""
    # On X11/Wayland systems the export never needs the display: offscreen works in a
    # plain terminal, cannot abort on a stale DISPLAY, and renders at 96 dpi on every
    # machine, so the same command gives the same image. macOS and Windows always
    # have their native platform, so they keep it.
    if not os.environ.get("QT_QPA_PLATFORM") and sys.platform not in ("win32", "darwin"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run_export(args: argparse.Namespace) -> int:
    """Validate, render and write; one line on stderr and exit 2 for anything refused."""
    return run_refusable(PROG, _export, args)


def _check_output(text: str, inputs: list[Path]) -> Path:
    """The output path, if it names a format and a file we may create in place of what is there (no input)."""
    path = Path(text).expanduser()
    if path.suffix.lower() not in SUFFIXES and not path.is_dir():
        raise Refused(f"-o {text}: the output must be a file name ending in {', '.join(SUFFIXES)}")
    try:
        # Shared with `convert`: through links, a regular file or nothing yet, so named, not an input.
        check_target(path, suffixes=SUFFIXES, inputs=inputs)
    except TargetError as exc:
        raise Refused(f"-o {exc}") from None
    return path.resolve()


def _export(args: argparse.Namespace) -> Path:
    source = Path(args.file) if args.file else default_events_path()
    groups = groups_path(args)
    output = _check_output(args.output, [source, *([groups] if groups else [])])
    if args.tz is not None:
        try:
            check_zone(args.tz)
        except ZoneError as exc:
            raise Refused(f"--tz: {exc}") from None
    start = args.start.begin if args.start is not None else None
    end = args.end.end if args.end is not None else None
    if start is not None and end is not None and start >= end:
        raise Refused(f"--from {args.start.text} is not before --to {args.end.text}")
    timeline = open_or_refuse(source, groups=groups)
    if timeline.problems:
        say(f"{PROG}: warning: {source}: {len(timeline.problems)} problem(s), those items are left out; "
            "`summit-timeline validate` lists them", err=True)
    zone = args.tz or default_zone(timeline)
    # A date without a time is a calendar date in the axis's zone; a time with an offset is an instant.
    start = range_side(args.start, zone, end=False) if args.start is not None else None
    end = range_side(args.end, zone, end=True) if args.end is not None else None
    hidden = _hidden_lanes(timeline, args.lanes)
    match = None
    if args.match is not None:
        match = SearchIndex(timeline).match(args.match)
    _check_events(timeline, hidden, match, args)

    view = ViewSnapshot(hidden_lanes=frozenset(timeline.lanes[i].id for i in hidden), query=args.match or "",
                        match=match)
    request = ExportRequest(timeline, view, start=start, end=end, width=args.width, height=args.height,
                            scale=args.scale if args.scale is not None else DEFAULT_SCALE,
                            transparent=args.transparent, source_name=source.name, source_path=str(source),
                            axis=args.axis, zone=args.tz, title=args.title, subtitle=args.subtitle,
                            credit=args.credit, legend=args.legend, theme=args.theme)

    use_offscreen_platform()
    # Imported here, not at the top: Qt takes a second to load, and `--help` and the
    # argument checks above need none of it.
    from PySide6.QtWidgets import QApplication

    from desktop.render.export import ExportError, check_size, export_file
    from desktop.render.fonts import use_bundled_fonts

    try:
        # Sizes first: an impossible one is refused before Qt starts.
        check_size(request.width, request.height, request.scale)
        if QApplication.instance() is None:
            app = QApplication([sys.argv[0] or "summit-timeline"])
            # The bundled fonts only: the same command draws the same picture on every machine.
            # (Only in an application of its own: a host's fonts are the host's.)
            use_bundled_fonts(app, exclusive=True)
        export_file(request, output)
    except ExportError as exc:
        raise Refused(str(exc)) from None
    return output


def _hidden_lanes(timeline: Timeline, lanes: list[str] | None) -> frozenset[int]:
    """Indices of the lanes not named by --lane (none hidden without it)."""
    if not lanes:
        return frozenset()
    unknown = [lane for lane in dict.fromkeys(lanes) if lane not in timeline.lane_index]
    if unknown:
        valid = ", ".join(lane.id for lane in timeline.lanes)
        raise Refused(f"--lane {unknown[0]}: no such lane; the lanes are: {valid}")
    wanted = {timeline.lane_index[lane] for lane in lanes}
    return frozenset(i for i in range(len(timeline.lanes)) if i not in wanted)


def _check_events(timeline: Timeline, hidden: frozenset[int], match: np.ndarray | None,
                  args: argparse.Namespace) -> None:
    """Refuse an image with nothing in it: no (matching) event of a shown lane in the range."""
    cols = timeline.columns
    start = args.start.begin if args.start is not None else -math.inf
    end = args.end.end if args.end is not None else math.inf
    inside = (cols.finish > start) & (cols.begin < end) & ~np.isin(cols.lane, list(hidden))
    if match is not None:
        inside &= match
    if inside.any():
        return
    where = _range_words(args)
    lanes = f" in lane(s) {', '.join(dict.fromkeys(args.lanes))}" if args.lanes else ""
    if not timeline.events:
        raise Refused(f"{args.file or 'the events file'} has no events to draw")
    if match is not None:
        raise Refused(f"no events match “{args.match}”{where}{lanes}")
    raise Refused(f"no events{where}{lanes}")


def _range_words(args: argparse.Namespace) -> str:
    if args.start is not None and args.end is not None:
        return f" between {args.start.text} and {args.end.text}"
    if args.start is not None:
        return f" from {args.start.text} on"
    if args.end is not None:
        return f" up to {args.end.text}"
    return ""
