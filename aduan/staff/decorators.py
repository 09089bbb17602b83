"""The gate in front of every staff page: a signed-in person with a staff role and a verified 2FA."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from aduan.complaints.access import scope_of
from aduan.lib.middleware import is_staff_session

View = Callable[..., HttpResponse]


def is_verified(user: Any) -> bool:
    """Signed in with a second factor in this session (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def second_factor_url(request: HttpRequest, next_url: str) -> str:
    """Where a password-signed-in staff member goes next: set up 2FA, or enter a code."""
    name = "staff:2fa_verify" if user_has_device(request.user) else "staff:2fa_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def staff_required(view: View) -> View:
    """Staff pages only.

    Anonymous visitors, and staff signed in anywhere but the staff sign-in, go to the staff
    sign-in; citizens get 403; staff who have not set up or entered their second factor go to
    the 2FA pages first, so no complaint is ever shown on the strength of a password alone.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not scope_of(user).is_staff:
            raise PermissionDenied("Halaman ini hanya untuk petugas.")
        if not is_staff_session(request):
            # Signed in elsewhere (e.g. the citizens' sign-in): the staff clocks never started.
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not is_verified(user):
            return HttpResponseRedirect(second_factor_url(request, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper
