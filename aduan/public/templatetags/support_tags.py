"""{% support_button complaint %}: the "dukung" button for any page, knowing if this visitor supported."""

from __future__ import annotations

from typing import Any

from django import template

from aduan.complaints.models import Complaint
from aduan.public.archive import supported_here

register = template.Library()


@register.inclusion_tag("public/archive_support.html", takes_context=True)
def support_button(context: dict[str, Any], complaint: Complaint, next: str = "") -> dict[str, Any]:
    request = context["request"]
    return {
        "complaint": complaint,
        "supported": supported_here(request, complaint),
        "next": next or request.get_full_path(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
