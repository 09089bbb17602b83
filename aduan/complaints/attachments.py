"""Storing already-cleaned images as attachments of a complaint, under random names."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from aduan.complaints.models import Attachment, Complaint, TimelineEntry

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@dataclass(frozen=True)
class CleanImage:
    """An image that was decoded and re-encoded (lib/images.py): no EXIF, no payload."""

    content: bytes
    content_type: str
    width: int
    height: int
    kind: str = Attachment.Kind.PHOTO


def attach(
    complaint: Complaint,
    images: Sequence[CleanImage],
    *,
    entry: TimelineEntry | None = None,
    by: Any = None,
    is_public: bool = True,
) -> list[Attachment]:
    saved = []
    for image in images:
        if image.content_type not in EXTENSIONS:
            raise ValueError(f"unsupported image type {image.content_type}")
        attachment = Attachment(
            complaint=complaint,
            timeline_entry=entry,
            kind=image.kind,
            content_type=image.content_type,
            size=len(image.content),
            width=image.width,
            height=image.height,
            is_public=is_public,
            uploaded_by=by if getattr(by, "pk", None) else None,
        )
        name = f"{secrets.token_urlsafe(18)}.{EXTENSIONS[image.content_type]}"
        attachment.file.save(name, ContentFile(image.content), save=False)
        attachment.save()
        saved.append(attachment)
    return saved
