"""Database sessions that tell a lost database from a deleted session: the first answers 503.

Django's database session store reads any database error while saving as "the session was
deleted meanwhile" and the middleware answers 400 Bad Request, which tells a citizen their
request was wrong when the server was at fault. Here a lost connection is what it is: the
service is unavailable for a moment, try again (503 with Retry-After).
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER = 30


class SessionStoreUnavailable(Exception):
    """The session could not be saved because the database could not be reached."""


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as exc:
            if isinstance(exc.__context__, (OperationalError, InterfaceError)):
                raise SessionStoreUnavailable(str(exc.__context__)) from exc.__context__
            raise
        except (OperationalError, InterfaceError) as exc:
            raise SessionStoreUnavailable(str(exc)) from exc


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except SessionStoreUnavailable:
            return service_unavailable(request)


def service_unavailable(request: HttpRequest, **context: Any) -> HttpResponse:
    response = HttpResponse(render_to_string("503.html", context, request=request), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
