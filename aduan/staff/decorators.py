"""The gate in front of every staff page: a signed-in person with at least one staff role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from aduan.complaints.access import scope_of

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Staff pages only: anonymous visitors go to the staff sign-in; citizens get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not scope_of(request.user).is_staff:
            raise PermissionDenied("Halaman ini hanya untuk petugas.")
        return view(request, *args, **kwargs)

    return wrapper
