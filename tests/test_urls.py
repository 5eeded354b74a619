"""The API key only goes to https:// addresses, or to http:// on this machine."""

from __future__ import annotations

import pytest

from wesog_desktop.domain.urls import check_api_url, is_loopback


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]",
                                  "::ffff:127.0.0.1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["api.wesog.com", "10.0.0.1", "192.168.1.5", "::2", "0.0.0.0",
                                  "localhost.evil.com", "128.0.0.1", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("url", [
    "https://api.wesog.com",
    "https://api.wesog.com/",
    "https://api.wesog.com:8443/v1",
    "HTTPS://API.WESOG.COM",
    "http://127.0.0.1:8765",
    "http://localhost:8765/",
    "http://[::1]:8765",
    "  https://api.wesog.com  ",
])
def test_accepted_urls(url: str) -> None:
    assert check_api_url(url) is None


@pytest.mark.parametrize(("url", "reason_part"), [
    ("", "empty"),
    ("http://api.wesog.com", "unencrypted"),
    ("http://192.168.1.10:8765", "unencrypted"),
    ("http://localhost.evil.com", "unencrypted"),
    ("ftp://api.wesog.com", "https://"),
    ("api.wesog.com", "https://"),
    ("https://", "no host"),
    ("https://user:pw@api.wesog.com", "user name"),
    ("https://api.wesog.com/?key=1", "query"),
    ("https://api.wesog.com:notaport", "not a valid URL"),
])
def test_refused_urls_say_why(url: str, reason_part: str) -> None:
    reason = check_api_url(url)
    assert reason is not None
    assert reason_part in reason
