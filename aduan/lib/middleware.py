"""Request-wide protections: security response headers, no NUL characters in input, and the
time limits of staff sessions."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# Session keys written at staff sign-in (aduan/staff/auth_views.py).
STAFF_STARTED = "aduan_staff_started"
STAFF_LAST_SEEN = "aduan_staff_last_seen"
# Writing the session on every request would cost a database write per page; a minute of
# slack on the idle clock is harmless.
LAST_SEEN_RESOLUTION = 60

PRIVATE_PREFIXES = ("/staf/", "/admin/")

PERMISSIONS_POLICY = (
    ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "usb",
            "xr-spatial-tracking",
        )
    )
    + ", geolocation=(self)"
)


def content_security_policy() -> str:
    """The policy for every response: only our own scripts and styles, never inline ones."""
    images = ["'self'", "data:"]
    tile_url = getattr(settings, "ADUAN_MAP_TILE_URL", "")
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        # Tile URLs are templates like https://{s}.tile.example/{z}/{x}/{y}.png; allow the host.
        host = urlsplit(tile_url).netloc.replace("{s}", "*")
        if parts.scheme in {"http", "https"} and host:
            images.append(f"{parts.scheme}://{host}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy everywhere and forbids caching of staff and admin pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path.startswith(PRIVATE_PREFIXES):
            # Pages with complaints and identities must not stay in shared or back-button caches.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response


NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_nul(data: QueryDict) -> QueryDict | None:
    """A copy of `data` with NUL characters taken out of keys and values; None if it had none."""
    if not any(NUL in key or any(NUL in v for v in values) for key, values in data.lists()):
        return None
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(key.replace(NUL, ""), [v.replace(NUL, "") for v in values])
    clean._mutable = False
    return clean


class NulCharacterMiddleware:
    """Keeps NUL characters away from every view and query, before anything reads the request.

    No person types NUL; it comes from scripts, or invisibly with text pasted from another
    program. PostgreSQL can neither store nor compare text containing it, so it would fail a query
    with a server error. Here, once for the whole site:

    - a path with NUL (a tracking code, a token) is refused with a 400 page saying why;
    - query strings and form fields lose the character, so a search or a pasted description
      still works, as the person sees it;
    - a cookie containing NUL is dropped, as if it had not been sent.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            reason = _(
                "Alamat halaman berisi karakter NUL (kode 0) yang tidak dapat kami proses. "
                "Periksa alamatnya, atau buka lagi tautan aslinya."
            )
            return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason}))
        for name in [k for k, v in request.COOKIES.items() if NUL in k or NUL in v]:
            del request.COOKIES[name]
        query = _without_nul(request.GET)
        if query is not None:
            request.GET = query  # type: ignore[assignment]  # read-only only in the stubs
            request.META["QUERY_STRING"] = query.urlencode()
        if request.method == "POST" and request.content_type in FORM_TYPES:
            form = _without_nul(request.POST)
            if form is not None:
                request.POST = form  # type: ignore[assignment]
            for files in request.FILES.lists():
                for upload in files[1]:
                    upload.name = (upload.name or "").replace(NUL, "")
        return self.get_response(request)


def start_staff_session(request: HttpRequest) -> None:
    """Start the idle and absolute clocks of a staff session (called at staff sign-in)."""
    now = int(time.time())
    request.session[STAFF_STARTED] = now
    request.session[STAFF_LAST_SEEN] = now


def is_staff_session(request: HttpRequest) -> bool:
    return STAFF_STARTED in request.session


class StaffSessionMiddleware:
    """Ends staff sessions after idle and absolute time limits, and keeps the admin behind 2FA.

    Must come after the authentication, OTP and messages middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        started = session.get(STAFF_STARTED)
        if started is not None:
            now = int(time.time())
            last_seen = int(session.get(STAFF_LAST_SEEN, started))
            idle = now - last_seen > settings.ADUAN_STAFF_IDLE_TIMEOUT
            expired = now - int(started) > settings.ADUAN_STAFF_ABSOLUTE_TIMEOUT
            if idle or expired:
                logout(request)
                messages.info(
                    request,
                    _("Sesi Anda berakhir karena tidak aktif. Silakan masuk kembali.")
                    if idle
                    else _(
                        "Sesi Anda berakhir karena sudah %(hours)d jam sejak masuk. "
                        "Silakan masuk kembali."
                    )
                    % {"hours": settings.ADUAN_STAFF_ABSOLUTE_TIMEOUT // 3600},
                )
                if request.path.startswith(PRIVATE_PREFIXES):
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                session[STAFF_LAST_SEEN] = now
        if request.path.startswith("/admin/") and not self._admin_allowed(request):
            # The admin's own login form knows nothing of 2FA; send everyone through ours.
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _admin_allowed(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        verified = getattr(user, "is_verified", None)
        return bool(is_staff_session(request) and verified is not None and verified())
