"""Uploaded images: only real JPEG/PNG/WebP, bounded in bytes and pixels, upright, without EXIF."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from aduan.lib import images


def encoded(fmt: str, size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 90)).save(out, fmt, **save)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG claiming a huge size: what a decompression bomb looks like to the server."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("fmt", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_it_accepts_jpeg_png_and_webp(fmt: str, mime: str) -> None:
    clean = images.clean_image(encoded(fmt))
    assert clean.content_type == mime
    assert (clean.width, clean.height) == (40, 30)


def test_it_removes_exif_including_gps() -> None:
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0)}
    clean = images.clean_image(encoded("JPEG", exif=exif))
    assert b"KameraUji" not in clean.content
    assert not Image.open(io.BytesIO(clean.content)).getexif()


def test_it_turns_a_photo_upright_by_its_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise
    clean = images.clean_image(encoded("JPEG", size=(40, 30), exif=exif))
    assert (clean.width, clean.height) == (30, 40)


def test_it_scales_large_photos_to_1600_px() -> None:
    clean = images.clean_image(encoded("JPEG", size=(3200, 1000)))
    assert (clean.width, clean.height) == (1600, 500)


def test_it_rejects_a_file_that_is_not_an_image() -> None:
    with pytest.raises(images.ImageRejected, match="bukan foto"):
        images.clean_image(b"%PDF-1.4 not a photo at all")


def test_it_rejects_a_gif_even_though_it_is_an_image() -> None:
    with pytest.raises(images.ImageRejected):
        images.clean_image(encoded("GIF"))


def test_it_rejects_a_decompression_bomb_before_decoding_it() -> None:
    with pytest.raises(images.ImageRejected, match="megapiksel"):
        images.clean_image(png_header_only(50_000, 50_000))


def test_it_rejects_a_file_over_10_mb() -> None:
    with pytest.raises(images.ImageRejected, match="10 MB"):
        images.clean_image(b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024))


def test_it_rejects_a_truncated_image() -> None:
    with pytest.raises(images.ImageRejected, match="rusak"):
        images.clean_image(encoded("PNG")[:60])


def test_it_drops_bytes_hidden_after_the_image() -> None:
    clean = images.clean_image(encoded("PNG") + b"<script>alert(1)</script>")
    assert b"<script>" not in clean.content


def test_thumbnails_are_small_jpegs() -> None:
    clean = images.clean_image(encoded("PNG", size=(1200, 900)))
    thumb = Image.open(io.BytesIO(images.thumbnail(clean.content)))
    assert thumb.format == "JPEG"
    assert max(thumb.size) == images.THUMB_SIDE
