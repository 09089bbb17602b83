"""Turning uploaded files into clean images: checked type, size and pixel limits, EXIF removed.

Every photo a citizen or officer uploads passes through `clean_image`: the content (not the name
or the browser's claim) must be JPEG, PNG or WebP; the file at most 10 MB and the picture at most
40 megapixels (a small file can unpack into gigabytes); it is turned upright by its EXIF
orientation, scaled to at most 1600 px and re-encoded, which drops EXIF (including GPS) and
anything hidden after the image data.

Every form that takes photos uses one field, `PhotosField`: it refuses more photos than
`settings.ADUAN_MAX_PHOTOS` in one sending and hands the form clean images, or an error that says
which file was refused and why.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

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
# The file name extension of each type a clean image can have.
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@dataclass(frozen=True)
class CleanImage:
    """An image that was decoded and re-encoded by `clean_image`: no EXIF, no payload."""

    content: bytes
    content_type: str
    width: int
    height: int
    # What the photo shows, for whoever stores it ("photo", or "before"/"after" a repair).
    kind: str = "photo"


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


# ---------------------------------------------------------------------------------------------
# The one upload field of every form that takes photos

ACCEPT = "image/jpeg,image/png,image/webp"


def photo_limit() -> int:
    """How many photos one sending may carry (ADUAN_MAX_PHOTOS), in every form alike."""
    return int(settings.ADUAN_MAX_PHOTOS)


def check_count(count: int, *, room: int | None = None) -> None:
    """Refuse more photos than the limit (or than `room`, what a draft can still take)."""
    limit = photo_limit()
    allowed = limit if room is None else max(0, min(room, limit))
    if count <= allowed:
        return
    if allowed < limit:
        message = _("Paling banyak %(max)d foto. Anda masih dapat menambah %(room)d foto.") % {
            "max": limit,
            "room": allowed,
        }
    else:
        message = _(
            "Paling banyak %(max)d foto sekali kirim; Anda memilih %(count)d. Kurangi fotonya "
            "lalu kirim lagi."
        ) % {"max": limit, "count": count}
    raise ValidationError(message, code="too_many_photos")


def _hint() -> str:
    return _("JPEG, PNG, atau WebP, paling besar 10 MB per foto, paling banyak %(max)d foto.") % {
        "max": photo_limit()
    }


# Read at render time, so the hint follows the setting.
photo_hint = lazy(_hint, str)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Zero or more photos in one field; `clean` returns them as CleanImages.

    The count is checked before any file is decoded. `room` (set on a bound form's field) lowers
    the limit for a form that adds to photos already kept, like the report's draft.
    """

    def __init__(self, *, kind: str = "photo", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("help_text", photo_hint())
        super().__init__(**kwargs)
        self.kind = kind
        self.room: int | None = None

    def clean(self, data: Any, initial: Any = None) -> list[CleanImage]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        check_count(len(files), room=self.room)
        return clean_uploads(files, kind=self.kind)


def clean_uploads(files: Sequence[Any], *, kind: str = "photo") -> list[CleanImage]:
    """Clean every file; a ValidationError names each file refused and why."""
    cleaned, errors = [], []
    for upload in files:
        name = str(getattr(upload, "name", "") or _("berkas"))[:80]
        if not hasattr(upload, "read"):
            errors.append(ValidationError(_("%(name)s: bukan berkas.") % {"name": name}))
            continue
        if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
            # Said before anything is read: the upload's own size is enough.
            message = _("%(name)s terlalu besar. Ukuran paling besar 10 MB per foto.")
            errors.append(ValidationError(message % {"name": name}))
            continue
        try:
            cleaned.append(clean_image(upload, kind=kind))
        except ImageRejected as exc:
            errors.append(ValidationError(f"{name}: {exc.message}"))
    if errors:
        raise ValidationError(errors)
    return cleaned
