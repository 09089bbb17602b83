"""Turning uploaded photos into clean images (no EXIF, re-encoded) for the actions, or a form error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aduan.complaints.attachments import CleanImage

MAX_PHOTOS = 5


def _cleaner() -> Any:
    """The shared image cleaner (aduan/lib/images.py), when it is installed."""
    try:
        from aduan.lib.images import clean_image
    except ImportError:
        return None
    return clean_image


def photos_supported() -> bool:
    return _cleaner() is not None


def clean_photos(files: Sequence[Any], kind: str = "photo") -> list[CleanImage]:
    """Clean every uploaded file; raise ValidationError with a message for the first bad one."""
    if not files:
        return []
    cleaner = _cleaner()
    if cleaner is None:
        raise ValidationError(_("Unggah foto belum tersedia di server ini."))
    if len(files) > MAX_PHOTOS:
        raise ValidationError(_("Paling banyak %(n)d foto sekali kirim.") % {"n": MAX_PHOTOS})
    cleaned = []
    for upload in files:
        try:
            cleaned.append(cleaner(upload, kind=kind))
        except ValueError as exc:
            message = getattr(exc, "message", str(exc))
            raise ValidationError(f"{upload.name}: {message}") from exc
    return cleaned
