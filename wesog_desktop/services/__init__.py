"""Async orchestration on the Qt loop: loading, thumbnails, submitting, the journal."""
