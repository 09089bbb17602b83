"""Sending a stored attachment to the browser with headers that keep it an inert image.

Only call this after the access check (staff: aduan.complaints.access; public: the complaint is
public and not rahasia). Usage::

    from aduan.lib.serving import serve_attachment
    return serve_attachment(attachment)
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404

from aduan.lib.images import EXTENSIONS


def serve_attachment(attachment: Any, *, max_age: int = 0) -> FileResponse:
    """Stream `attachment.file` as the image type it was stored with, and nothing else.

    The browser is told the exact type and not to guess another (nosniff); a sandboxing policy
    means that even a mislabelled file could run no script; other sites may not embed it; caches
    between the user and us may not keep it (private). 404 when the file is gone from storage.
    """
    content_type = str(attachment.content_type)
    if content_type not in EXTENSIONS:
        # Everything stored was re-encoded as one of these types; anything else is not served.
        raise Http404("Attachment has an unexpected type")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing from storage") from None
    response = FileResponse(handle, content_type=content_type)
    filename = f"lampiran-{int(attachment.pk)}.{EXTENSIONS[content_type]}"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = f"private, max-age={max_age}" if max_age else "private, no-store"
    return response
