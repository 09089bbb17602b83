"""Each staff page runs a bounded number of queries, whatever the number of complaints."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aduan.complaints import actions
from aduan.complaints.attachments import attach
from aduan.complaints.models import Complaint
from aduan.testing import City, photo, staff_login, submit

QUEUE_QUERIES = 25
COMPLAINT_QUERIES = 30


def _grow(city: City, n: int) -> None:
    for i in range(n):
        c = submit(city, title=f"Jalan rusak nomor {i}")
        if i % 3 == 0:
            c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
        if i % 6 == 0:
            c = actions.accept_complaint(c, by=city.officer_a)
            actions.post_update(c, by=city.officer_a, message=f"Tindak lanjut {i}")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _case(city: City) -> Complaint:
    c = submit(city)
    c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    c = actions.accept_complaint(c, by=city.officer_a)
    attach(c, [photo(), photo()])
    return c


def test_queue_pages_run_the_same_queries_for_5_and_30_complaints(
    client: Client, city: City, django_assert_max_num_queries: object
) -> None:
    pages = [
        (city.verifier, "baru"),
        (city.verifier, "semua"),
        (city.officer_a, "masuk"),
        (city.officer_a, "proses"),
    ]
    _grow(city, 5)
    counts = {}
    for user, slug in pages:
        staff_login(client, user)
        counts[(user.pk, slug)] = _count(client, reverse("staff:queue", args=[slug]))
    _grow(city, 25)
    for user, slug in pages:
        staff_login(client, user)
        url = reverse("staff:queue", args=[slug])
        with django_assert_max_num_queries(QUEUE_QUERIES):  # type: ignore[operator]
            many = _count(client, url)
        assert many == counts[(user.pk, slug)], f"{slug} grows with the data"


def test_the_complaint_page_runs_the_same_queries_for_5_and_30_complaints(
    client: Client, city: City, django_assert_max_num_queries: object
) -> None:
    case = _case(city)
    actions.post_update(case, by=city.officer_a, message="Satu", photos=[photo()])
    _grow(city, 5)
    results = {}
    for user in (city.verifier, city.officer_a):
        staff_login(client, user)
        results[user.pk] = _count(client, reverse("staff:complaint", args=[case.tracking_code]))
    _grow(city, 25)
    for _ in range(10):
        case.refresh_from_db()
        actions.post_update(case, by=city.officer_a, message="Lagi", photos=[photo()])
    for user in (city.verifier, city.officer_a):
        staff_login(client, user)
        with django_assert_max_num_queries(COMPLAINT_QUERIES):  # type: ignore[operator]
            many = _count(client, reverse("staff:complaint", args=[case.tracking_code]))
        assert many == results[user.pk], "the complaint page grows with its timeline"
