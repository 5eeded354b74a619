"""The parts of the thumbnail service that need no server: disk budget, hostile headers, icons."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QPixmap

from wesog_desktop.services.thumbnail_cache import ThumbnailDiskCache
from wesog_desktop.services.thumbnail_decoder import ThumbnailError, decode_thumbnail, encode_thumbnail
from wesog_desktop.services.thumbnails import ThumbnailService


def test_the_disk_cache_stays_within_its_budget_dropping_the_least_recently_used(tmp_path: Path) -> None:
    disk = ThumbnailDiskCache(tmp_path, variant="test", budget=450)
    urls = [f"https://example.org/{n}.jpg" for n in range(5)]
    for n, url in enumerate(urls[:4]):
        disk.write(url, bytes([n]) * 100)
        os.utime(disk.path(url), (1000 + n, 1000 + n))  # written long ago, in this order
    assert disk.read(urls[0]) == bytes([0]) * 100  # looked at just now: no longer the oldest

    disk.write(urls[4], b"\x04" * 100)  # 500 bytes > 450: the oldest go until 90 % is left

    assert disk.read(urls[1]) is None
    assert [disk.read(u) is not None for u in (urls[0], urls[2], urls[3], urls[4])] == [True] * 4
    assert disk.total_bytes() == 400
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.name.startswith(".")]  # no partial files


def test_the_disk_cache_keeps_urls_apart_and_survives_a_new_instance(tmp_path: Path) -> None:
    ThumbnailDiskCache(tmp_path, variant="box256").write("https://a.example/x.jpg", b"one")
    again = ThumbnailDiskCache(tmp_path, variant="box256")
    assert again.read("https://a.example/x.jpg") == b"one"
    assert again.read("https://a.example/y.jpg") is None
    assert ThumbnailDiskCache(tmp_path, variant="box128").read("https://a.example/x.jpg") is None


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_from_its_header(qapp: object) -> None:
    bomb = _encoded(Image.new("1", (20_000, 20_000)), "PNG")  # 400 megapixels in about 50 KB
    assert len(bomb) < 100_000
    with pytest.raises(ThumbnailError, match="20000 × 20000 pixels is more than the 40,000,000 allowed"):
        decode_thumbnail(bomb, 256, 40_000_000)


def test_decoding_fits_the_box_keeps_the_colour_and_survives_a_round_trip(qapp: object) -> None:
    photo = _encoded(Image.new("RGB", (1200, 800), (200, 40, 60)), "JPEG")
    image = decode_thumbnail(photo, 256, 40_000_000)
    assert (image.width(), image.height()) in {(256, 170), (256, 171)}
    again = decode_thumbnail(encode_thumbnail(image), 256, 40_000_000)
    colour = QColor(again.pixel(128, 85))
    assert abs(colour.red() - 200) < 8 and abs(colour.green() - 40) < 8 and abs(colour.blue() - 60) < 8
    small = decode_thumbnail(_encoded(Image.new("RGB", (40, 30), (0, 0, 255)), "PNG"), 256, 40_000_000)
    assert (small.width(), small.height()) == (40, 30)  # never enlarged


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "BMP"])
def test_gif_webp_and_bmp_thumbnails_are_read_by_their_signature(qapp: object, fmt: str) -> None:
    image = decode_thumbnail(_encoded(Image.new("RGB", (600, 300), (10, 200, 30)), fmt), 256, 40_000_000)
    assert (image.width(), image.height()) == (256, 128)


@pytest.mark.parametrize("data", [b"", b"<html>not found</html>", b"\xff\xd8\xff\xe0" + b"\x00" * 10])
@pytest.mark.qt_log_ignore("Corrupt JPEG data", "JPEG datastream contains no image", extend=True)
def test_bytes_that_are_no_image_are_refused(qapp: object, data: bytes) -> None:
    with pytest.raises(ThumbnailError):
        decode_thumbnail(data, 256, 40_000_000)


def _colour_at(pixmap: QPixmap, x: int, y: int) -> QColor:
    return QColor(pixmap.toImage().pixel(x, y))


async def _never(url: str) -> bytes:
    raise AssertionError(f"no fetch expected: {url}")


def test_placeholder_is_calm_grey_and_the_failed_icon_clearly_red(qapp: object, tmp_path: Path) -> None:
    service = ThumbnailService(_never, tmp_path)
    placeholder, failed = service.placeholder(48), service.failed_icon(48)
    assert (placeholder.width(), placeholder.height()) == (48, 48) == (failed.width(), failed.height())

    calm = _colour_at(placeholder, 4, 4)
    assert max(calm.red(), calm.green(), calm.blue()) - min(calm.red(), calm.green(), calm.blue()) < 12
    glyph = {_colour_at(placeholder, x, y).rgb() for x in range(48) for y in range(48)}
    assert len(glyph) > 2, "a faint picture glyph is drawn"

    reds = [_colour_at(failed, x, y) for x in range(48) for y in range(48)]
    assert any(c.red() - max(c.green(), c.blue()) > 60 for c in reds), "a muted red glyph is drawn"
    assert service.placeholder(48).cacheKey() == placeholder.cacheKey()  # drawn once per size
    assert service.failed_icon(96).width() == 96
