"""`python -m desktop` runs the command line, as `summit-timeline` does."""

from desktop.cli.main import main

raise SystemExit(main())
