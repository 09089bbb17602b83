"""A database connection lost while the session is saved: 503 and a retry, never a 400."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, OperationalError
from django.test import Client

from aduan.testing import City

pytestmark = pytest.mark.django_db


def lose_the_database_on_session_save(monkeypatch: Any) -> None:
    def lost(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", lost)


def test_a_lost_connection_while_saving_an_existing_session_answers_503(
    city: City, monkeypatch: Any
) -> None:
    client = Client()
    assert client.post("/aduan/baru/", {"classification": "complaint"}).status_code == 302
    lose_the_database_on_session_save(monkeypatch)
    answer = client.post("/aduan/baru/", {"classification": "aspiration"})
    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert "Layanan terganggu sebentar" in answer.content.decode()
    assert "Ini bukan kesalahan Anda" in answer.content.decode()


def test_a_lost_connection_while_creating_a_session_answers_503(
    city: City, monkeypatch: Any
) -> None:
    lose_the_database_on_session_save(monkeypatch)
    answer = Client(raise_request_exception=False).post(
        "/aduan/baru/", {"classification": "complaint"}
    )
    assert answer.status_code == 503


def test_a_session_deleted_meanwhile_is_still_a_400(city: City, monkeypatch: Any) -> None:
    client = Client(raise_request_exception=False)
    assert client.post("/aduan/baru/", {"classification": "complaint"}).status_code == 302

    def deleted(*args: Any, **kwargs: Any) -> None:
        # What Django's forced update says when the row went away (signed out elsewhere).
        raise DatabaseError("Forced update did not affect any rows.")

    monkeypatch.setattr(Session, "save", deleted)
    answer = client.post("/aduan/baru/", {"classification": "aspiration"})
    assert answer.status_code == 400
