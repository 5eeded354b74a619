"""Which Wesog base URLs the app may send an API key to.

The key travels in a header on every request, so it only leaves over ``https://``; plain
``http://`` is allowed to this machine only (the local emulator), where nothing can listen in.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})


def is_loopback(host: str) -> bool:
    """True for ``localhost``, ``127.0.0.0/8`` and ``::1`` (brackets of an IPv6 host allowed)."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def check_api_url(url: str) -> str | None:
    """The reason ``url`` is refused as the Wesog base URL, or None when the key may go there."""
    text = url.strip()
    if not text:
        return "the address is empty"
    try:
        parts = urlsplit(text)
        host, _port = parts.hostname, parts.port  # .port raises ValueError when it is not a number
    except ValueError as exc:
        return f"the address is not a valid URL ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        return "the address must start with https://"
    if not host:
        return "the address has no host name"
    if parts.username is not None or parts.password is not None:
        return "the address must not contain a user name or password"
    if parts.query or parts.fragment:
        return "the address must not contain a query (?) or fragment (#)"
    if scheme == "http" and not is_loopback(host):
        return f"http:// would send the API key unencrypted to {host}; use https://"
    return None
