"""Keyring stand-ins: an in-memory "OS keyring" and one that fails like a vanished Secret Service."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class BrokenKeyring(MemoryKeyring):
    """A keyring that exists but fails (a locked or vanished Secret Service)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("D-Bus went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("D-Bus went away")
