"""What can go wrong talking to Wesog, each with a message a photo editor can act on.

``str(exc)`` is that message; the attributes carry the details for code and logs. No message
ever contains the API key.
"""

from __future__ import annotations

from typing import Any

EXCERPT_CHARS = 200


def excerpt(body: bytes | str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a response body on one line, for a message."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class WesogError(Exception):
    """Base of every error the client raises."""


class UnsafeURL(WesogError):
    """The base URL was refused before anything was sent (see ``domain.urls.check_api_url``)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"Refusing the Wesog address {url!r}: {reason}.")
        self.url = url
        self.reason = reason


class KeyRefused(WesogError):
    """401 or 403: the key is wrong, expired or lacks the right. Never retried."""

    def __init__(self, status: int) -> None:
        super().__init__(f"Wesog refused the API key (HTTP {status}). Check the key in the settings.")
        self.status = status


class RequestRejected(WesogError):
    """422: Wesog found the request invalid; ``detail`` is a string or a list of {loc, msg, type}."""

    def __init__(self, detail: Any) -> None:
        super().__init__(f"Wesog rejected the request: {describe_detail(detail)}")
        self.detail = detail


class ServerUnavailable(WesogError):
    """429, 502, 503, 504 or a network failure, still there after every retry."""

    def __init__(self, tries: int, cause: str) -> None:
        word = "try" if tries == 1 else "tries"
        super().__init__(f"Wesog is not reachable right now ({cause}, {tries} {word}). "
                         "Nothing was lost; try again in a few minutes.")
        self.tries = tries
        self.cause = cause


class OperationNotFound(WesogError):
    """404 on ``GET /ops/{id}``: Wesog no longer knows the operation."""

    def __init__(self, op_id: int) -> None:
        super().__init__(f"Wesog does not know operation {op_id}; "
                         "its edits stay pending and can be submitted again.")
        self.op_id = op_id


class ImageNotFound(WesogError):
    """404 on ``GET /imgs/{id}``."""

    def __init__(self, image_id: str) -> None:
        super().__init__(f"Image {image_id} does not exist in Wesog.")
        self.image_id = image_id


class UnexpectedResponse(WesogError):
    """Any other status, or a body that is not the JSON expected."""

    def __init__(self, status: int, body: bytes | str, problem: str = "") -> None:
        what = problem or f"an unexpected HTTP {status}"
        shown = excerpt(body)
        super().__init__(f"Wesog answered with {what} (HTTP {status}): {shown or '(empty body)'}")
        self.status = status
        self.body_excerpt = shown


class FetchFailed(WesogError):
    """A thumbnail or other file could not be downloaded."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"Could not download {url}: {reason}.")
        self.url = url
        self.reason = reason


class TooLarge(FetchFailed):
    """A download went past its size limit and was stopped."""

    def __init__(self, url: str, max_bytes: int) -> None:
        super().__init__(url, f"larger than {max_bytes:,} bytes")
        self.max_bytes = max_bytes


def describe_detail(detail: Any) -> str:
    """A FastAPI ``detail`` as readable text: ``body.0.date: invalid date; title: too long``."""
    if isinstance(detail, str):
        return detail
    if isinstance(detail, dict):
        detail = [detail]
    if not isinstance(detail, list) or not detail:
        return excerpt(str(detail)) if detail else "no reason given"
    parts = []
    for item in detail:
        if isinstance(item, dict):
            loc = item.get("loc")
            where = ".".join(str(p) for p in loc) if isinstance(loc, list | tuple) else str(loc or "")
            msg = str(item.get("msg") or item.get("type") or "invalid")
            parts.append(f"{where}: {msg}" if where else msg)
        else:
            parts.append(str(item))
    return excerpt("; ".join(parts), 600)
