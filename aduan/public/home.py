"""The home page, the privacy notice, and the photos of published complaints."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from aduan.agencies.models import Category
from aduan.complaints.models import Attachment, Complaint
from aduan.lib import images
from aduan.lib.serving import serve_attachment
from aduan.public.forms import TrackForm
from aduan.public.pages import page
from aduan.public.reporter import actor_for

RECENT = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    groups: dict[str, list[Category]] = {}
    for category in Category.objects.filter(is_active=True).order_by("group", "sort_order", "name"):
        groups.setdefault(category.group, []).append(category)
    recent = (
        Complaint.objects.public()
        .select_related("category", "area")
        .order_by("-created_at")[:RECENT]
    )
    return page(
        request,
        "public/home.html",
        {"groups": groups, "recent": recent, "track_form": TrackForm()},
    )


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return page(request, "public/privacy.html", {"version": settings.ADUAN_PRIVACY_NOTICE_VERSION})


def _public_attachment(request: HttpRequest, pk: int) -> Attachment:
    """Public photos of published complaints (ComplaintQuerySet.published); anything else is 404.

    The reporter (secret link or own account) also sees the photos of their own complaint before it
    is published, and those they sent but kept from the public; never staff-internal ones.
    """
    item = get_object_or_404(
        Attachment.objects.select_related("complaint", "complaint__reporter", "timeline_entry"),
        pk=pk,
    )
    if item.is_public and Complaint.objects.published().filter(pk=item.complaint_id).exists():
        return item
    entry = item.timeline_entry
    shown_to_reporter = item.is_public or (entry is not None and entry.is_public)
    if shown_to_reporter and actor_for(request, item.complaint) is not None:
        return item
    raise Http404("No public photo")


def _file_response(content_type: str, body: object) -> FileResponse:
    response = FileResponse(body, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Private: a complaint made rahasia later must not linger in shared caches.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    return serve_attachment(_public_attachment(request, pk), max_age=3600)


@require_GET
def attachment_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    item = _public_attachment(request, pk)
    key = f"aduan:thumb:{item.pk}"
    small = cache.get(key)
    if small is None:
        try:
            with item.file.open("rb") as fh:
                small = images.thumbnail(fh.read())
        except OSError:
            raise Http404("The file is missing") from None
        cache.set(key, small, 86400)
    return _file_response("image/jpeg", io.BytesIO(small))
