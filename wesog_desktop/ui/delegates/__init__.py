"""Delegates of the image table: the field editors and the preview/state column."""
