"""Typed settings, user paths and the API key in the OS keyring."""
