"""Windows, models, delegates and dialogs."""
