"""The model: records, the Timeline, dates, search, view state. No Qt, no I/O."""
