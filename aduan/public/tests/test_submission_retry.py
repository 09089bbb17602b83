"""Sending a report again after a failed try: it works at once, whatever the failure was."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from aduan.complaints.models import Complaint
from aduan.public import finish
from aduan.public.tests.conftest import fill_report, send
from aduan.testing import City

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def browser_client() -> Client:
    # A browser sees the 500 page; it does not get a Python exception.
    return Client(raise_request_exception=False)


def failing(times: int, monkeypatch: Any) -> list[int]:
    """Make the next `times` submissions fail as a lost database connection would."""
    calls: list[int] = []
    real = finish._submit

    def flaky(*args: Any, **kwargs: Any) -> Complaint:
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(finish, "_submit", flaky)
    return calls


def test_a_retry_right_after_a_server_error_saves_the_report(
    browser_client: Client, city: City, monkeypatch: Any
) -> None:
    failing(1, monkeypatch)
    fill_report(browser_client, city)
    assert send(browser_client).status_code == 500
    assert not Complaint.objects.exists()
    again = send(browser_client)
    assert again.status_code == 302, again.content.decode()[:500]
    assert Complaint.objects.count() == 1


def test_retries_after_failures_never_run_into_the_rate_limit(
    browser_client: Client, city: City, monkeypatch: Any
) -> None:
    failing(finish.SUBMIT_LIMIT + 2, monkeypatch)
    fill_report(browser_client, city)
    for _ in range(finish.SUBMIT_LIMIT + 2):
        assert send(browser_client).status_code == 500
    answer = send(browser_client)
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert Complaint.objects.count() == 1


def test_a_retry_does_not_let_one_network_send_more_reports(
    client: Client, city: City, settings: Any
) -> None:
    for _ in range(finish.SUBMIT_LIMIT):
        fill_report(client, city)
        assert send(client).status_code == 302
    fill_report(client, city)
    assert send(client).status_code == 429
    assert send(client).status_code == 429, "a refused report is not let through on retry"
    assert Complaint.objects.count() == finish.SUBMIT_LIMIT


def test_a_report_saved_whose_answer_was_lost_is_not_saved_twice(
    client: Client, city: City
) -> None:
    fill_report(client, city)
    token = client.session["aduan_draft"]["token"]
    draft = dict(client.session["aduan_draft"])
    first = send(client)
    assert first.status_code == 302
    # The browser never got the answer and kept its old session: it sends the same report again.
    session = client.session
    session["aduan_draft"] = draft
    session["aduan_submitted"] = {}
    session.save()
    again = client.post("/aduan/baru/periksa/", {"token": token, "website": ""})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Complaint.objects.count() == 1
