"""Command line: `summit-timeline [open] [FILE]`, `validate`, `export`, `convert`; exit codes."""

from desktop.cli.main import main

__all__ = ["main"]
