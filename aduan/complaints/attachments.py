"""Storing already-cleaned images as attachments of a complaint, under random names."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile

from aduan.complaints.models import Attachment, Complaint, TimelineEntry
from aduan.lib.images import EXTENSIONS, CleanImage

__all__ = ["EXTENSIONS", "CleanImage", "attach"]


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
        if image.kind not in Attachment.Kind.values:
            raise ValueError(f"unknown attachment kind {image.kind}")
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
