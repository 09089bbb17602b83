"""Every error answer on an /api/v1/ address in the API's one shape (problem details)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from aduan.api import problems

PREFIX = "/api/v1/"


class ProblemMiddleware:
    """Errors raised inside the API are shaped by its handlers; this catches the rest (an address
    the URL map does not know, a method an endpoint does not take, a middleware's refusal)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PREFIX) and not request.path.startswith(PREFIX + "referensi"):
            return problems.rewrite(request, response)
        return response
