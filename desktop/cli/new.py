"""`summit-timeline new ARTICLE.txt -o OUT.json`: a plain-text article becomes a timeline with it as its source."""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path

from desktop.cli.support import Refused, run_refusable
from desktop.io.article_text import readable_title, timeline_from_article
from desktop.io.targets import TargetError, check_target
from desktop.io.writers import WriteError, atomic_write, encode_pieces
from desktop.model.document import DocumentError

PROG = "summit-timeline new"
MAX_ARTICLE_BYTES = 64 * 1024 * 1024  # a long article is a few hundred kB; more is not one


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    """The `new` sub-command's arguments."""
    parser.add_argument("article", metavar="ARTICLE", help="the article as UTF-8 text, one paragraph per line")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="the events file to create (.json); an existing file is never replaced")
    parser.add_argument("--title", help="the source's and the timeline's title (default: from the file name)")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="when the article was published (any precision)")
    parser.add_argument("--publisher", help="who published the article")


def run_new(args: argparse.Namespace) -> int:
    """Write the new timeline; print its path and exit 0, or one line on stderr and exit 2."""
    return run_refusable(PROG, _new, args)


def _read_article(path: Path) -> str:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise Refused(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"{path}: is not a regular file; give a text file, one paragraph per line")
    if info.st_size > MAX_ARTICLE_BYTES:
        raise Refused(f"{path}: is larger than {MAX_ARTICLE_BYTES // 2**20} MiB, too large for an article")
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise Refused(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise Refused(f"{path}: is not UTF-8 text (byte {exc.start}); save the article as UTF-8") from None


def _new(args: argparse.Namespace) -> Path:
    article, output = Path(args.article), Path(args.output).expanduser()
    try:
        target = check_target(output, suffixes=(".json",), inputs=[article])
    except TargetError as exc:
        raise Refused(f"-o {exc}") from None
    if os.path.lexists(target) or os.path.lexists(output):
        raise Refused(f"-o {args.output}: already exists; `new` never replaces a file, so give a new name")
    text = _read_article(article)
    title = args.title if args.title is not None else readable_title(article)
    try:
        timeline = timeline_from_article(text, title=title, published=args.published, publisher=args.publisher)
    except DocumentError as exc:
        raise Refused(f"{article}: {exc}") from None
    try:
        atomic_write(target, encode_pieces(timeline, "json"))
    except WriteError as exc:
        raise Refused(str(exc)) from None
    return target
