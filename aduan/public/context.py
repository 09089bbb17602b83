"""Template context shared by every page: the institution's name and the emergency number."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "institution_name": settings.ADUAN_INSTITUTION_NAME,
        "emergency_number": settings.ADUAN_EMERGENCY_NUMBER,
    }
