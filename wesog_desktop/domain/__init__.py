"""Qt-free, HTTP-free logic: the field registry, records, edits, diffs, CSV."""
