"""What a finished operation means for each image of its batch (wesog-api.md B.5, B.7).

An image is confirmed only when its operation finished and no error names it. An error names
an image when ``str(errors[].id)`` is one of the batch's IDs, else when it is a valid index into
the batch; any other error concerns the whole request, and then nothing unnamed is confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wesog_desktop.domain.records import Operation, OperationError


@dataclass(slots=True)
class Outcome:
    """The fate of every image of one batch."""

    confirmed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """{image id: the server's message}"""
    unknown: list[str] = field(default_factory=list)
    """Images whose fate cannot be told: their edits stay pending."""
    request_errors: list[str] = field(default_factory=list)
    """Messages of errors that name no image of the batch."""

    def add_failure(self, image_id: str, message: str) -> None:
        previous = self.failed.get(image_id)
        self.failed[image_id] = message if not previous or previous == message else f"{previous}; {message}"


def error_target(error: OperationError, batch_ids: Sequence[str], id_set: frozenset[str] | set[str]) -> str | None:
    """The image an error names (B.5), or None when it concerns the whole request."""
    if error.id is None:
        return None
    as_text = str(error.id)
    if as_text in id_set:
        return as_text
    index: int | None = None
    if isinstance(error.id, int) and not isinstance(error.id, bool):
        index = error.id
    elif as_text.isdigit():
        index = int(as_text)
    if index is not None and 0 <= index < len(batch_ids):
        return batch_ids[index]
    return None


def settle(batch_ids: Sequence[str], operation: Operation) -> Outcome:
    """Sort the images of a batch by what its operation says about them.

    Not finished: every image is unknown. Finished: named images failed with their messages;
    the rest are confirmed, unless an error concerns the whole request or the operation counts
    more failures than its errors name (then they are failed with that message, or unknown).
    """
    outcome = Outcome()
    if not operation.finished:
        outcome.unknown = list(batch_ids)
        return outcome
    id_set = set(batch_ids)
    for error in operation.errors:
        target = error_target(error, batch_ids, id_set)
        message = error.msg or "refused without a reason"
        if target is None:
            outcome.request_errors.append(message if error.id is None else f"{message} (element {error.id})")
        else:
            outcome.add_failure(target, message)
    rest = [i for i in batch_ids if i not in outcome.failed]
    if outcome.request_errors:
        whole = "The request failed: " + "; ".join(outcome.request_errors)
        for image_id in rest:
            outcome.failed[image_id] = whole
    elif operation.num_bad > len(outcome.failed):
        outcome.unknown = rest
    else:
        outcome.confirmed = rest
    return outcome


def refused(batch_ids: Iterable[str], message: str) -> Outcome:
    """The whole request was refused before it became an operation (a 422): all failed."""
    outcome = Outcome(request_errors=[message])
    for image_id in batch_ids:
        outcome.failed[image_id] = message
    return outcome


def lost(batch_ids: Iterable[str]) -> Outcome:
    """The operation could not be followed to its end: every image stays pending."""
    return Outcome(unknown=list(batch_ids))
