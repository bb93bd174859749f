"""The fast reader: msgspec-decoded chunks checked in bulk, events kept as their bytes. No Qt."""
