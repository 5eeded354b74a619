"""Thumbnails served by the emulator: one generated JPEG per image, and a few hostile files.

``GET /thumbs/{image_id}.jpg`` (with ``--generated-thumbnails``) is a 160x120 JPEG filled with
the image's own colour (``thumbnail_colour``) with its ID written on it. For the tests of a
client's defences there are also ``/thumbs/_huge.jpg`` (a PNG that claims 30000x30000 pixels:
a decompression bomb of about 100 KB), ``/thumbs/_oversize.jpg`` (a JPEG padded past 5 MB) and
``/thumbs/_broken.jpg`` (not an image at all). Thumbnail requests need no API key.
"""

from __future__ import annotations

import functools
import hashlib
import io
import struct
import zlib
from collections import OrderedDict

from PIL import Image, ImageDraw, ImageFont
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from wesog_desktop.emulator.store import Catalog

THUMB_SIZE = (160, 120)
CACHE_SIZE = 5000
HUGE_SIDE = 30_000
OVERSIZE_BYTES = 6 * 1024 * 1024
BROKEN = b"<html><body>This is not an image.</body></html>\n"
_CACHE_HEADERS = {"cache-control": "public, max-age=3600"}


def thumbnail_colour(image_id: str) -> tuple[int, int, int]:
    """The background colour of an image's generated thumbnail (mid-tones, never black or white)."""
    digest = hashlib.sha1(image_id.encode("utf-8")).digest()
    return (40 + digest[0] % 176, 40 + digest[1] % 176, 40 + digest[2] % 176)


def render_thumbnail(image_id: str) -> bytes:
    """A JPEG of the image's colour with its ID written in the middle."""
    colour = thumbnail_colour(image_id)
    image = Image.new("RGB", THUMB_SIZE, colour)
    draw = ImageDraw.Draw(image)
    font = _font()
    red, green, blue = colour
    ink = (0, 0, 0) if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else (255, 255, 255)
    left, top, right, bottom = draw.textbbox((0, 0), image_id, font=font)
    x = (THUMB_SIZE[0] - (right - left)) / 2 - left
    y = (THUMB_SIZE[1] - (bottom - top)) / 2 - top
    draw.text((x, y), image_id, fill=ink, font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@functools.cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=18)


class ThumbnailCache:
    """Generated thumbnails, the most recently served ``size`` of them kept in memory."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._jpegs: OrderedDict[str, bytes] = OrderedDict()

    def get(self, image_id: str) -> bytes:
        jpeg = self._jpegs.get(image_id)
        if jpeg is None:
            jpeg = self._jpegs[image_id] = render_thumbnail(image_id)
            if len(self._jpegs) > self.size:
                self._jpegs.popitem(last=False)
        else:
            self._jpegs.move_to_end(image_id)
        return jpeg


@functools.cache
def huge_png() -> bytes:
    """A valid 1-bit PNG of HUGE_SIDE x HUGE_SIDE zero pixels: about 100 KB, 112 MB unpacked."""
    row = bytes(1 + (HUGE_SIDE + 7) // 8)  # filter byte, then the packed pixels
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(HUGE_SIDE)) + packer.flush()
    header = struct.pack(">IIBBBBB", HUGE_SIDE, HUGE_SIDE, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def oversize_jpeg() -> bytes:
    """A valid JPEG followed by padding up to OVERSIZE_BYTES (decoders stop at its end)."""
    jpeg = render_thumbnail("_oversize")
    return jpeg + bytes(OVERSIZE_BYTES - len(jpeg))


def thumbnail_routes(catalog: Catalog, cache: ThumbnailCache | None) -> list[Route]:
    """``GET /thumbs/{name}``; generated thumbnails only when ``cache`` is given."""

    async def thumbnail(request: Request) -> Response:
        name: str = request.path_params["name"]
        if name == "_huge.jpg":
            return Response(await run_in_threadpool(huge_png), media_type="image/png")
        if name == "_oversize.jpg":
            return Response(oversize_jpeg(), media_type="image/jpeg")
        if name == "_broken.jpg":
            return Response(BROKEN, media_type="image/jpeg")
        image_id = name.removesuffix(".jpg")
        if cache is None or not name.endswith(".jpg") or image_id not in catalog:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        return Response(cache.get(image_id), media_type="image/jpeg", headers=_CACHE_HEADERS)

    return [Route("/thumbs/{name}", thumbnail, methods=["GET"])]
