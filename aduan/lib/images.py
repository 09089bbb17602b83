"""Turning an uploaded file into a clean image: checked type, size and pixel limits, EXIF removed.

Every photo a citizen or officer uploads passes through `clean_image`: the content (not the name
or the browser's claim) must be JPEG, PNG or WebP; the file at most 10 MB and the picture at most
40 megapixels (a small file can unpack into gigabytes); it is turned upright by its EXIF
orientation, scaled to at most 1600 px and re-encoded, which drops EXIF (including GPS) and
anything hidden after the image data.
"""

from __future__ import annotations

import io
import warnings
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from aduan.complaints.attachments import CleanImage

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
THUMB_SIDE = 320

# Magic numbers of the accepted formats, checked before Pillow sees the file.
_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class ImageRejected(ValueError):
    """The upload is not an acceptable image; the message says why, for the person uploading."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff(head: bytes) -> str | None:
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _read(upload: bytes | IO[bytes]) -> bytes:
    if not isinstance(upload, bytes) and hasattr(upload, "seek"):
        upload.seek(0)  # a form may already have peeked at it
    data = upload if isinstance(upload, bytes) else upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(_("Foto terlalu besar. Ukuran paling besar 10 MB per foto."))
    if not data:
        raise ImageRejected(_("Berkas kosong. Pilih foto lain."))
    return data


def clean_image(upload: bytes | IO[bytes], *, kind: str = "photo") -> CleanImage:
    data = _read(upload)
    declared = sniff(data[:16])
    if declared is None:
        raise ImageRejected(_("Berkas ini bukan foto JPEG, PNG, atau WebP."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(io.BytesIO(data), formats=[declared])
            # The header gives the size before any pixel is decoded.
            if image.width * image.height > MAX_PIXELS:
                raise ImageRejected(
                    _("Ukuran gambar terlalu besar (lebih dari 40 megapiksel). Kirim foto biasa.")
                )
            if declared == "JPEG":
                # Decode big JPEGs at a reduced scale: less memory, same result after resizing.
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(
            _("Ukuran gambar terlalu besar (lebih dari 40 megapiksel). Kirim foto biasa.")
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected(_("Foto ini rusak atau tidak dapat dibaca. Pilih foto lain.")) from exc
    image = ImageOps.exif_transpose(image) or image
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    content = _encode(image, declared)
    return CleanImage(content, _MIME[declared], image.width, image.height, kind)


def _encode(image: Image.Image, fmt: str) -> bytes:
    # Pillow copies `info` (JPEG comments, ICC profiles, EXIF) into converted images and writes
    # some of it back when saving; an empty `info` means only pixels leave this function.
    image = image.copy()
    image.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    elif fmt == "PNG":
        mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        image.convert(mode).save(out, "PNG", optimize=True)
    else:
        mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        image.convert(mode).save(out, "WEBP", quality=80)
    return out.getvalue()


def thumbnail(content: bytes, side: int = THUMB_SIDE) -> bytes:
    """A small JPEG of an already clean image, for previews that must stay light."""
    image: Image.Image = Image.open(io.BytesIO(content), formats=["JPEG", "PNG", "WEBP"])
    image.thumbnail((side, side))
    if image.mode in ("RGBA", "LA", "P", "PA"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=70, optimize=True)
    return out.getvalue()
