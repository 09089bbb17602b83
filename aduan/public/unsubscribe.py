"""The per-complaint unsubscribe page linked from every citizen message (/berhenti/<token>/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from aduan.complaints.models import Follower
from aduan.lib.signing import check_unsubscribe_token


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (mail scanners follow links); only the POST unsubscribes."""
    follower_id = check_unsubscribe_token(token)
    follower = (
        Follower.objects.select_related("complaint").filter(pk=follower_id).first()
        if follower_id is not None
        else None
    )
    if follower is None:
        return render(request, "public/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        if follower.notify:
            Follower.objects.filter(pk=follower.pk).update(notify=False)
        done = True
    return render(
        request,
        "public/unsubscribe.html",
        {"code": follower.complaint.tracking_code, "done": done or not follower.notify},
    )
