"""The site speaks Bahasa Indonesia until the visitor picks another language with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IndonesianFirstMiddleware:
    """Ignore the browser's Accept-Language, so only the language switch (cookie) changes it.

    Many phones in Indonesia are set to English; their owners still expect a government site in
    Bahasa Indonesia, with English one click away. Placed just before LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
