"""The site speaks Bahasa Indonesia until the visitor picks another language with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IndonesianFirstMiddleware:
    """Ignore the browser's Accept-Language, so only the language switch (cookie) changes it
    (except on the JSON API, whose clients ask for a language on purpose).

    Many phones in Indonesia are set to English; their owners still expect a government site in
    Bahasa Indonesia, with English one click away. Placed just before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Programs calling the JSON API say which language they want, and get it.
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
