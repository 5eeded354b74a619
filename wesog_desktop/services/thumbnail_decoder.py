"""Turning downloaded bytes into a small, safe thumbnail image, and back into bytes for the disk.

These functions run on worker threads. They only create plain value objects (QImage, QByteArray,
QImageReader) and one parentless QBuffer that lives and dies inside the call, so nothing with
timers or parents is ever collected off its thread (RECIPES.md trap 5).

A hostile file is refused from its header alone: the reader reports the dimensions before any
pixel is decoded, so a decompression bomb (a tiny file claiming 50,000 × 50,000 pixels) is
rejected without allocating it; Qt's allocation limit stands behind that check.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

BYTES_PER_PIXEL = 4
JPEG_QUALITY = 88
SIGNATURES = ((b"\xff\xd8\xff", b"jpeg"), (b"\x89PNG\r\n\x1a\n", b"png"), (b"GIF87a", b"gif"),
              (b"GIF89a", b"gif"), (b"BM", b"bmp"))


class ThumbnailError(Exception):
    """A thumbnail could not be made; the message says why, for the log."""


def allocation_limit_mb(max_pixels: int) -> int:
    """The Qt allocation limit (MB) that fits an image of ``max_pixels`` at 32 bits a pixel."""
    return max_pixels * BYTES_PER_PIXEL // (1024 * 1024) + 1


def fitted(size: QSize, box: int) -> QSize:
    """``size`` shrunk to fit a ``box`` × ``box`` square, keeping its aspect; never enlarged."""
    if size.width() <= box and size.height() <= box:
        return QSize(size)
    return size.scaled(box, box, Qt.AspectRatioMode.KeepAspectRatio).expandedTo(QSize(1, 1))


def image_format(data: bytes) -> bytes | None:
    """The format named by the first bytes of ``data`` (JPEG, PNG, GIF, WebP, BMP), or None.

    The reader is then told the format instead of probing every plugin: the SVG probe connects
    a QTextStream to the buffer, and a signal connection made on a worker thread that holds the
    GIL can deadlock with the GUI thread disconnecting a Python slot (seen as a frozen window).
    """
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return b"webp"
    return next((fmt for magic, fmt in SIGNATURES if data.startswith(magic)), None)


def decode_thumbnail(data: bytes, box: int, max_pixels: int) -> QImage:
    """The image in ``data``, scaled smoothly to fit ``box`` × ``box``.

    Raises ``ThumbnailError`` for bytes that are no image, an image over ``max_pixels`` (checked
    before decoding) or one Qt cannot decode within the allocation limit.
    """
    fmt = image_format(data)
    if fmt is None:
        raise ThumbnailError("not a JPEG, PNG, GIF, WebP or BMP image")
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        reader = QImageReader(buffer, QByteArray(fmt))
        reader.setAutoDetectImageFormat(False)
        reader.setAllocationLimit(allocation_limit_mb(max_pixels))
        if not reader.canRead():
            raise ThumbnailError("not an image Qt can read")
        size = reader.size()
        if not size.isValid() or size.isEmpty():
            raise ThumbnailError("the image does not say how large it is")
        pixels = size.width() * size.height()
        if pixels > max_pixels:
            raise ThumbnailError(f"{size.width()} × {size.height()} pixels is more than "
                                 f"the {max_pixels:,} allowed")
        # JPEG decodes straight at a fraction of its size, then Qt finishes with a smooth scale.
        reader.setScaledSize(fitted(size, box))
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            raise ThumbnailError(f"could not decode the image: {reader.errorString()}")
    finally:
        buffer.close()
    if image.width() > box or image.height() > box:  # an EXIF rotation can swap the sides
        image = image.scaled(box, box, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def encode_thumbnail(image: QImage) -> bytes:
    """``image`` as a small file: JPEG when it is opaque, PNG when it has transparency."""
    fmt = b"PNG" if image.hasAlphaChannel() else b"JPEG"
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        if not image.save(buffer, fmt.decode(), -1 if fmt == b"PNG" else JPEG_QUALITY):
            raise ThumbnailError(f"could not encode the thumbnail as {fmt.decode()}")
        return bytes(buffer.data().data())
    finally:
        buffer.close()
