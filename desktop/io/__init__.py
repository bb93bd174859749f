"""Reading and writing files: the format, the careful and fast readers, importers, writers. No Qt."""
