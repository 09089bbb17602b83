"""What a person sees when an address does not exist or the server fails: plain Indonesian, a way on."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_a_helpful_page_in_the_site_layout(client: Client) -> None:
    response = client.get("/aduan-yang-tidak-ada/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Halaman tidak ditemukan</h1>" in page
    assert 'href="/lacak/"' in page
    assert '<a class="skip-link" href="#main">' in page


@pytest.mark.parametrize(
    ("view", "status", "heading"),
    [
        (defaults.server_error, 500, "Maaf, terjadi gangguan"),
        (defaults.bad_request, 400, "Permintaan tidak dapat diproses"),
    ],
)
def test_failures_get_a_page_that_needs_nothing_but_the_template(
    view: object, status: int, heading: str
) -> None:
    request = RequestFactory().get("/")
    response = view(request) if status == 500 else view(request, Exception())  # type: ignore[operator]
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert '<html lang="id">' in page and "Ke halaman utama" in page
