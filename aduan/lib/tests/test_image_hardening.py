"""Uploaded images, the hostile cases: disguised types, hidden metadata and payloads, bombs."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from aduan.lib import images

MARKS = (b"KAMERA-UJI", b"KOMENTAR-UJI", b"ICC-UJI", b"MUATAN-UJI", b"TEKS-UJI", b"XMP-UJI")


def picture(fmt: str, size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(out, fmt, **save)
    return out.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "KAMERA-UJI"
    # GPSInfo: 6°10'S 106°49'E, roughly central Jakarta.
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    return exif


ICC = b"\x00" * 128 + b"ICC-UJI"


def assert_only_pixels(content: bytes) -> None:
    for mark in MARKS:
        assert mark not in content, mark
    reopened = Image.open(io.BytesIO(content))
    assert not reopened.getexif()
    assert "icc_profile" not in reopened.info
    assert "comment" not in reopened.info


def test_a_png_named_like_a_jpeg_is_judged_by_its_content() -> None:
    upload = SimpleUploadedFile("foto.jpg", picture("PNG"), content_type="image/jpeg")
    clean = images.clean_image(upload)
    assert clean.content_type == "image/png"
    assert Image.open(io.BytesIO(clean.content)).format == "PNG"


def test_a_jpeg_loses_gps_exif_comments_profile_and_anything_after_the_image() -> None:
    data = picture("JPEG", exif=gps_exif(), comment=b"KOMENTAR-UJI", icc_profile=ICC)
    data += b"MUATAN-UJI <?php system($_GET['c']); ?>"
    clean = images.clean_image(data)
    assert clean.content_type == "image/jpeg"
    assert_only_pixels(clean.content)


def test_a_png_loses_text_chunks_exif_and_profile() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "TEKS-UJI")
    info.add_itxt("XML:com.adobe.xmp", "XMP-UJI")
    data = picture("PNG", pnginfo=info, exif=gps_exif(), icc_profile=ICC) + b"MUATAN-UJI"
    assert_only_pixels(images.clean_image(data).content)


def test_a_webp_loses_exif_xmp_and_profile() -> None:
    data = picture("WEBP", exif=gps_exif(), icc_profile=ICC, xmp=b"XMP-UJI")
    assert_only_pixels(images.clean_image(data).content)


def _bomb_png(width: int, height: int) -> bytes:
    """A real, complete 1-bit PNG of width×height black pixels: a few kilobytes on disk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_without_being_decoded() -> None:
    bomb = _bomb_png(20_000, 20_000)  # 400 megapixels
    assert len(bomb) < 200_000
    started = time.monotonic()
    with pytest.raises(images.ImageRejected, match="megapiksel"):
        images.clean_image(bomb)
    assert time.monotonic() - started < 1.0


def test_a_file_of_10_5_mb_is_refused_before_decoding() -> None:
    data = picture("JPEG") + b"\x00" * (10 * 1024 * 1024 + 512 * 1024)
    upload = SimpleUploadedFile("besar.jpg", data, content_type="image/jpeg")
    with pytest.raises(images.ImageRejected, match="10 MB"):
        images.clean_image(upload)


def test_a_gif_is_refused_with_a_message_naming_the_accepted_types() -> None:
    with pytest.raises(images.ImageRejected, match="JPEG, PNG, atau WebP"):
        images.clean_image(picture("GIF"))


def test_a_truncated_jpeg_is_refused_with_a_message() -> None:
    data = picture("JPEG", size=(400, 300))
    with pytest.raises(images.ImageRejected, match="rusak"):
        images.clean_image(data[: len(data) // 2])


def test_a_large_photo_is_scaled_to_1600_px_on_its_long_side() -> None:
    clean = images.clean_image(picture("JPEG", size=(4000, 3000)))
    assert (clean.width, clean.height) == (1600, 1200)
    assert Image.open(io.BytesIO(clean.content)).size == (1600, 1200)


def test_an_upload_is_read_from_its_start_even_after_a_form_peeked_at_it() -> None:
    upload = SimpleUploadedFile("foto.png", picture("PNG"), content_type="image/png")
    upload.read(10)
    assert images.clean_image(upload).content_type == "image/png"
