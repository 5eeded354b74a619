"""Editors by field kind, shared by the table's delegate and the side panel's form."""
