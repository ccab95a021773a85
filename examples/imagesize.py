"""What is in an uploaded file: PNG, JPEG and GIF sizes read from their headers.

The seed decoded uploads with OpenCV; the ``upload`` exercise only reports the
format and size, which the first bytes of these three formats tell.  Standard
library only, and shared by the raw, kit and Flask forms: this is the
exercise's own logic, not what a framework does for you.
"""

from __future__ import annotations

from typing import Any

__all__ = ["gif_size", "image_info", "jpeg_size", "png_size"]


def png_size(data: bytes) -> tuple[int, int] | None:
    # signature, then the IHDR chunk: length, b"IHDR", width, height (big-endian)
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def gif_size(data: bytes) -> tuple[int, int] | None:
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 10:
        return None
    return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")


# SOF0..SOF15 carry the frame's size; C4 (DHT), C8 (JPG) and CC (DAC) share the range.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the markers from SOI to the first start-of-frame; its header has the size."""
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return None
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= len(data):
            return None
        marker = data[pos]
        pos += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # TEM, RSTn: no length
            continue
        if marker in (0x00, 0xD8, 0xD9, 0xDA):  # not a marker, SOI, EOI, SOS: no frame
            return None
        if pos + 2 > len(data):
            return None
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2:
            return None
        if marker in _SOF:
            # length (2), sample precision (1), height (2), width (2)
            if pos + 7 > len(data):
                return None
            height = int.from_bytes(data[pos + 3 : pos + 5], "big")
            width = int.from_bytes(data[pos + 5 : pos + 7], "big")
            return width, height
        pos += length
    return None


def image_info(data: bytes) -> dict[str, Any] | None:
    for kind, size_of in (("png", png_size), ("jpeg", jpeg_size), ("gif", gif_size)):
        size = size_of(data)
        if size is not None:
            return {"format": kind, "width": size[0], "height": size[1]}
    return None
