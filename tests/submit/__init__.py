"""Submitting only what changed: PATCH bodies, outcomes, conflicts, the submitter, the UI, the CLI."""
