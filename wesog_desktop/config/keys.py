"""The API key of each connection: in the OS keyring, or in memory until the app quits.

The key is stored under service ``wesog-desktop`` with the connection's base URL as the user
name. Only a keyring that keeps secrets encrypted counts: the fail and null backends and every
``keyrings.alt`` file backend (plain text, or a password prompt on stdin) are treated as "no
secure keyring". Then the key comes from ``$WESOG_API_KEY`` or is held in memory for this run,
and ``status_message`` says so. The key is never written to a file by this app, and every key
that passes through here is registered with the log redactor.
"""

from __future__ import annotations

import contextlib
import logging
import os

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from wesog_desktop.config.logging_setup import register_secret

log = logging.getLogger(__name__)

SERVICE = "wesog-desktop"
ENV_KEY = "WESOG_API_KEY"
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def is_secure_backend(backend: KeyringBackend) -> bool:
    """True when ``backend`` keeps secrets out of plain files (a chainer: any of its backends)."""
    backends = getattr(backend, "backends", None)
    if isinstance(backends, list):
        return any(is_secure_backend(b) for b in backends)
    module = type(backend).__module__
    return not module.startswith(_INSECURE_MODULES)


def _backend_name(backend: KeyringBackend) -> str:
    return getattr(backend, "name", None) or type(backend).__name__


class KeyStore:
    """Finds and keeps the API key of each base URL."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}
        self._backend = keyring.get_keyring()
        self.secure_backend = is_secure_backend(self._backend)
        self._broken: str | None = None
        register_secret(os.environ.get(ENV_KEY))

    @property
    def status_message(self) -> str:
        """One sentence for the settings dialog about where keys are kept."""
        if self.secure_backend and not self._broken:
            return f"API keys are kept in the system keyring ({_backend_name(self._backend)})."
        why = self._broken or "no secure system keyring is available"
        return (f"Keys cannot be saved: {why}. A key you enter is kept in memory until Wesog Desktop "
                f"quits; to avoid typing it every time, set {ENV_KEY} in the environment.")

    def get(self, base_url: str) -> str | None:
        """The key for ``base_url``: this run's, then the keyring's, then ``$WESOG_API_KEY``."""
        key = self._memory.get(base_url)
        if key is None and self._usable():
            try:
                key = self._backend.get_password(SERVICE, base_url)
            except KeyringError as exc:
                self._give_up(exc)
        if key is None:
            key = os.environ.get(ENV_KEY) or None
        register_secret(key)
        return key

    def set(self, base_url: str, key: str, remember: bool) -> bool:
        """Use ``key`` for ``base_url``; with ``remember``, keep it in the keyring.

        Returns True when the key is stored securely for later runs. Without ``remember`` any
        key the keyring held for this URL is removed.
        """
        register_secret(key)
        self._memory[base_url] = key
        if not self._usable():
            return False
        try:
            if remember:
                self._backend.set_password(SERVICE, base_url, key)
                return True
            self._delete(base_url)
        except KeyringError as exc:
            self._give_up(exc)
        return False

    def forget(self, base_url: str) -> None:
        """Remove the key of ``base_url`` from memory and from the keyring."""
        self._memory.pop(base_url, None)
        if self._usable():
            try:
                self._delete(base_url)
            except KeyringError as exc:
                self._give_up(exc)

    def _usable(self) -> bool:
        return self.secure_backend and self._broken is None

    def _delete(self, base_url: str) -> None:
        with contextlib.suppress(PasswordDeleteError):  # nothing stored: already forgotten
            self._backend.delete_password(SERVICE, base_url)

    def _give_up(self, exc: KeyringError) -> None:
        self._broken = f"the system keyring failed ({type(exc).__name__})"
        log.warning("keyring %s failed: %s; keys stay in memory for this run",
                    _backend_name(self._backend), type(exc).__name__)
