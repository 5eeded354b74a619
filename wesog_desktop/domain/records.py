"""Wire shapes of Wesog: the image as read, the PATCH item, the operation and its errors.

Reads are tolerant (unknown keys are dropped, nullable times accepted, ``errors[].id`` may be
an int or a string); writes are strict (a date leaves as ``YYYY-MM-DD``, nothing read-only is
ever sent). Inside the app an image is a plain ``Record``: a dict from field name to value
with the key ``"id"``, holding only the fields that are set, which keeps 70,000 rows small.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wesog_desktop.domain import fields as F

Record = dict[str, Any]
"""One image inside the app: ``{"id": ..., <field>: <value>, ...}``; absent means null."""


def record_from_wire(obj: dict[str, Any]) -> Record:
    """A read record (``image_id`` or ``id``) as a ``Record``: known fields only, nulls dropped.

    This is the hot path of loading 70,000 images, so it is plain Python, not a model. A
    headline equal to the title shares its string (the API client's JSON parser already shares
    repeated values such as keywords).
    """
    image_id = obj.get("image_id", obj.get("id"))
    if image_id is None:
        raise ValueError("a record without image_id")
    rec: Record = {"id": str(image_id)}
    by_name = F.BY_NAME
    for key, value in obj.items():
        if value is not None and key in by_name and key != "id":
            rec[key] = value
    title = rec.get("title")
    if title is not None and rec.get("headline") == title:
        rec["headline"] = title
    return rec


class ImageRead(BaseModel):
    """An image as ``GET /imgs`` and ``GET /imgs/{id}`` return it."""

    model_config = ConfigDict(extra="ignore")

    image_id: str
    src: str | None = None
    url_img_watermark: str | None = None
    url_img_thumbnail: str | None = None
    title: str | None = None
    headline: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    ai_generated: bool | None = None
    model_release: bool | None = None
    property_release: bool | None = None
    nsfw: bool | None = None
    status: str | None = None
    date: str | None = None
    location: str | None = None
    city: str | None = None
    country: str | None = None
    event: str | None = None
    author: str | None = None
    provider: str | None = None
    shot: str | None = None
    scene: str | None = None
    technique: str | None = None
    medium: str | None = None
    keywords: list[str] | None = None
    categories: list[str] | None = None
    collections: list[str] | None = None
    height: int | None = None
    width: int | None = None
    n_faces: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _id_alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and "image_id" not in data and "id" in data:
            data = {**data, "image_id": data["id"]}
        return data

    @field_validator("image_id", mode="before")
    @classmethod
    def _id_as_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v

    def to_record(self) -> Record:
        data = self.model_dump(exclude_none=True)
        data["id"] = data.pop("image_id")
        return data


class ImagePatch(BaseModel):
    """One item of a ``PATCH /imgs`` body: ``id`` plus the changed fields only.

    Build it with ``ImagePatch.of(id, changes)``; ``body()`` gives the JSON object, where a
    field set to ``None`` is sent as ``null`` (a clear, see wesog-api.md B.2) and a field that
    was not given is not sent at all.
    """

    model_config = ConfigDict(extra="forbid")

    id: str
    changes: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> ImagePatch:
        for name, value in self.changes.items():
            self.changes[name] = F.sendable(name, value)
        return self

    @classmethod
    def of(cls, image_id: str, changes: dict[str, Any]) -> ImagePatch:
        return cls(id=image_id, changes=dict(changes))

    def body(self) -> dict[str, Any]:
        return {"id": self.id, **self.changes}


class OperationError(BaseModel):
    """One failed element: ``id`` is an image ID or a batch index (wesog-api.md B.5)."""

    model_config = ConfigDict(extra="ignore")

    id: int | str | None = None
    msg: str = ""

    @field_validator("msg", mode="before")
    @classmethod
    def _msg_text(cls, v: Any) -> Any:
        return "" if v is None else (v if isinstance(v, str) else str(v))


class Operation(BaseModel):
    """A write operation as ``GET /ops/{id}`` (or a ``wait=true`` write) returns it."""

    model_config = ConfigDict(extra="ignore")

    op_id: int | None = None
    method: str | None = None
    resource: str | None = None
    num_total: int = 0
    num_good: int = 0
    num_bad: int = 0
    is_started: bool = False
    is_finished: bool = False
    all_good: bool | None = None
    do_wait: bool | None = None
    do_urgent: bool | None = None
    do_strict: bool | None = None
    idle_ms: int | None = None
    exec_ms: int | None = None
    created_at: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    errors: list[OperationError] = Field(default_factory=list)

    @field_validator("num_total", "num_good", "num_bad", mode="before")
    @classmethod
    def _count(cls, v: Any) -> Any:
        return 0 if v is None else v

    @field_validator("is_started", "is_finished", mode="before")
    @classmethod
    def _flag(cls, v: Any) -> Any:
        return False if v is None else v

    @field_validator("errors", mode="before")
    @classmethod
    def _errors(cls, v: Any) -> Any:
        return [] if v is None else v

    @property
    def finished(self) -> bool:
        """Finished per wesog-api.md B.10: ``is_finished`` or a non-empty ``finished_at``."""
        return self.is_finished or bool(self.finished_at)

    @property
    def state(self) -> str:
        if self.finished:
            return "finished"
        return "running" if self.is_started else "queued"
