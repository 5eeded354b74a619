"""Wesog Desktop: a desktop editor for the metadata of images stored in Wesog."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wesog-desktop")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"
