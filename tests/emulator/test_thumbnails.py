"""Generated thumbnails, and the hostile images that a client must survive."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image

from wesog_desktop.emulator.thumbnails import thumbnail_colour

from .helpers import Emulator, api


@pytest.fixture(scope="module")
def anon(emu: Emulator) -> Iterator[httpx.Client]:
    """Thumbnails need no key."""
    with api(emu, key=False) as c:
        yield c


def close_to(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("image_id", ["A00001", "A00002", "A00150"])
def test_each_thumbnail_is_a_jpeg_of_its_own_colour(anon: httpx.Client, image_id: str) -> None:
    r = anon.get(f"/thumbs/{image_id}.jpg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(r.content))
    assert image.format == "JPEG" and image.size == (160, 120)
    rgb = image.convert("RGB")
    for corner in ((3, 3), (156, 3), (3, 116), (156, 116)):
        assert close_to(rgb.getpixel(corner), thumbnail_colour(image_id))
    middle_row = [rgb.getpixel((x, 60)) for x in range(20, 140)]
    assert any(not close_to(p, thumbnail_colour(image_id), 60) for p in middle_row)  # the ID is written


def test_ids_get_distinct_colours_and_the_same_bytes_twice(anon: httpx.Client) -> None:
    colours = {thumbnail_colour(f"A{n:05d}") for n in range(1, 101)}
    assert len(colours) > 90
    assert anon.get("/thumbs/A00003.jpg").content == anon.get("/thumbs/A00003.jpg").content


def test_reads_point_the_thumbnail_url_at_the_emulator(emu: Emulator) -> None:
    with api(emu) as c:
        rec = c.get("/imgs/A00004").json()
        assert rec["url_img_thumbnail"] == f"{emu.url}/thumbs/A00004.jpg"
        assert c.get(rec["url_img_thumbnail"]).status_code == 200


def test_unknown_images_have_no_thumbnail(anon: httpx.Client) -> None:
    assert anon.get("/thumbs/NOPE.jpg").status_code == 404
    assert anon.get("/thumbs/A00001.png").status_code == 404


def test_the_huge_image_is_a_decompression_bomb(anon: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    r = anon.get("/thumbs/_huge.jpg")
    assert r.status_code == 200 and len(r.content) < 200_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(r.content))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    image = Image.open(io.BytesIO(r.content))  # reads the header only
    assert (image.format, image.size) == ("PNG", (30_000, 30_000))


def test_the_oversize_image_is_more_than_five_megabytes(anon: httpx.Client) -> None:
    r = anon.get("/thumbs/_oversize.jpg")
    assert r.status_code == 200 and int(r.headers["content-length"]) == len(r.content) > 5 * 1024 * 1024
    assert Image.open(io.BytesIO(r.content)).format == "JPEG"


def test_the_broken_image_is_not_an_image(anon: httpx.Client) -> None:
    r = anon.get("/thumbs/_broken.jpg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    with pytest.raises(Image.UnidentifiedImageError):
        Image.open(io.BytesIO(r.content))


def test_thumbnails_are_not_logged(emu: Emulator, anon: httpx.Client) -> None:
    anon.delete("/_emulator/requests")
    anon.get("/thumbs/A00005.jpg")
    assert anon.get("/_emulator/requests").json() == []
