"""Importing a CSV or Excel table of image metadata, Qt-free.

The import dialog's path::

    table = read_table(path)                          # detect and parse (TableReadError)
    mapping = saved.find(table.columns) or suggest_mapping(table)
    mapping.set_target(column, field)                 # the user's edits, then
    complete_mapping(table, mapping)                  # separators of newly mapped list columns
    preview = build_preview(table, mapping, current)  # what would change, and what is wrong
    edits = preview.changes()                         # {id: {field: value}} as pending edits
    saved.save(mapping)                               # offered again for the same headers

``read_table`` and ``build_preview`` take ``progress`` and ``cancelled`` callbacks so that they
can run off the GUI thread.
"""

from wesog_desktop.domain.table_import.cells import DateOrder, ListMode, neutralise, unneutralise
from wesog_desktop.domain.table_import.errors import CancelCheck, Cancelled, Progress, TableReadError
from wesog_desktop.domain.table_import.mapping import (
    BlankPolicy,
    ColumnMapping,
    complete_mapping,
    find_column,
    suggest_mapping,
)
from wesog_desktop.domain.table_import.names import TARGETS, field_for
from wesog_desktop.domain.table_import.preview import (
    CurrentLookup,
    Finding,
    ImportPreview,
    build_preview,
)
from wesog_desktop.domain.table_import.reading import Detection, Table, read_table
from wesog_desktop.domain.table_import.saved import SavedMappings, load_mapping, signature

__all__ = [
    "TARGETS",
    "BlankPolicy",
    "CancelCheck",
    "Cancelled",
    "ColumnMapping",
    "CurrentLookup",
    "DateOrder",
    "Detection",
    "Finding",
    "ImportPreview",
    "ListMode",
    "Progress",
    "SavedMappings",
    "Table",
    "TableReadError",
    "build_preview",
    "complete_mapping",
    "field_for",
    "find_column",
    "load_mapping",
    "neutralise",
    "read_table",
    "signature",
    "suggest_mapping",
    "unneutralise",
]
