"""One request to Wesog with the retries of wesog-api.md B.11, its answer as parsed JSON.

Retried with exponential backoff and jitter, honouring ``Retry-After``: 429, 502, 503, 504,
connect and read timeouts and dropped connections (every Wesog call we make is a read or an
idempotent PATCH, so a retry is safe), and a 200 whose body is not JSON (a couple of times).
Not retried: 401/403 (``KeyRefused``), 422 (``RequestRejected``), any other status
(``UnexpectedResponse``), any other transport failure (``ServerUnavailable`` after one try). Only method, path and status are logged, at DEBUG: never the key.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic_core import from_json

from wesog_desktop.api.errors import (
    KeyRefused,
    RequestRejected,
    ServerUnavailable,
    UnexpectedResponse,
    WesogError,
    excerpt,
)

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
RETRY_ERRORS: tuple[type[Exception], ...] = (httpx.TimeoutException, httpx.NetworkError,
                                             httpx.RemoteProtocolError)
MALFORMED_RETRIES = 2
MAX_RETRY_AFTER = 120.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry. ``jitter()`` returns a number in [0, 1)."""

    max_retries: int = 4
    backoff: float = 0.5
    max_delay: float = 30.0
    jitter: Callable[[], float] = field(default=random.random)

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0 for the first).

        Half of ``backoff * 2**retry`` (capped at ``max_delay``) plus a random part of the other
        half; never less than what the server asked for with ``Retry-After``.
        """
        base = min(self.max_delay, self.backoff * 2**retry)
        wait = base * (0.5 + 0.5 * self.jitter())
        if retry_after is not None:
            wait = max(wait, min(retry_after, MAX_RETRY_AFTER))
        return wait


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds: a number of seconds or an HTTP date; None when absent or odd."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds) if seconds == seconds else None  # NaN is no answer


def error_for(response: httpx.Response, not_found: Callable[[], WesogError] | None = None) -> WesogError:
    """The exception for a final non-2xx answer."""
    status = response.status_code
    if status in (401, 403):
        return KeyRefused(status)
    if status == 422:
        try:
            detail = json.loads(response.content).get("detail")
        except (ValueError, AttributeError):
            detail = excerpt(response.content)
        return RequestRejected(detail)
    if status == 404 and not_found is not None:
        return not_found()
    return UnexpectedResponse(status, response.content)


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.ConnectTimeout | httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    return "the connection dropped"


async def send_json(
    http: httpx.AsyncClient,
    method: str,
    path: str,
    *,
    policy: RetryPolicy,
    sleep: Sleep,
    params: dict[str, Any] | None = None,
    body: Any = None,
    not_found: Callable[[], WesogError] | None = None,
) -> tuple[int, Any]:
    """Send ``method path`` until it succeeds or the retries run out: (status, parsed JSON)."""
    tries = malformed = 0
    while True:
        tries += 1
        retry_after: float | None = None
        try:
            response = await http.request(method, path, params=params, json=body)
        except RETRY_ERRORS as exc:
            cause = _describe(exc)
            log.debug("%s %s failed: %s", method, path, type(exc).__name__)
        except httpx.HTTPError as exc:  # a proxy, TLS or protocol failure that a retry will not cure
            log.debug("%s %s failed: %s", method, path, type(exc).__name__)
            raise ServerUnavailable(tries, type(exc).__name__) from exc
        else:
            status = response.status_code
            log.debug("%s %s -> %d", method, path, status)
            if 200 <= status < 300:
                try:
                    # pydantic-core parses faster than json.loads and hands out one string object
                    # per repeated value (keywords, authors...): a 70,000-image catalog takes half
                    # the memory
                    return status, from_json(response.content, cache_strings="all")
                except ValueError:
                    malformed += 1
                    if malformed > MALFORMED_RETRIES or tries > policy.max_retries:
                        raise UnexpectedResponse(status, response.content, "a body that is not JSON") from None
                    cause = "a body that is not JSON"
            elif status in RETRY_STATUSES:
                cause = f"HTTP {status}"
                retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            else:
                raise error_for(response, not_found)
        if tries > policy.max_retries:
            raise ServerUnavailable(tries, cause)
        await sleep(policy.delay(tries - 1, retry_after))
