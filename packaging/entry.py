"""PyInstaller entry point. PySide6 is imported before pydantic on purpose (RECIPES.md §7)."""

import sys

import PySide6.QtCore  # noqa: F401  (must come first in a frozen build)

from wesog_desktop.app import main

sys.exit(main())
