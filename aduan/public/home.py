"""The home page, the privacy notice, and public photos of public complaints."""

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


def _public_attachment(pk: int) -> Attachment:
    """Only public photos of complaints that may appear in public; anything else is 404."""
    return get_object_or_404(
        Attachment.objects.select_related("complaint"),
        pk=pk,
        is_public=True,
        complaint__is_confidential=False,
        complaint__in=Complaint.objects.public(),
    )


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
    return serve_attachment(_public_attachment(pk), max_age=3600)


@require_GET
def attachment_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    item = _public_attachment(pk)
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
