"""Attachments leave the server as inert images: exact type, no sniffing, sandboxed, not cached."""

from __future__ import annotations

import pytest
from django.http import Http404

from aduan.complaints.attachments import attach
from aduan.lib.serving import serve_attachment
from aduan.testing import City, photo, submit


def test_an_attachment_is_sent_with_its_stored_type_and_safe_headers(city: City) -> None:
    (stored,) = attach(submit(city), [photo()])
    response = serve_attachment(stored)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="lampiran-{stored.pk}.png"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[arg-type]


def test_public_pages_may_let_the_browser_keep_it_briefly(city: City) -> None:
    (stored,) = attach(submit(city), [photo()])
    assert serve_attachment(stored, max_age=300)["Cache-Control"] == "private, max-age=300"


def test_a_stored_file_of_an_unexpected_type_is_not_served(city: City) -> None:
    (stored,) = attach(submit(city), [photo()])
    stored.content_type = "text/html"
    with pytest.raises(Http404):
        serve_attachment(stored)


def test_a_file_missing_from_storage_is_a_404_not_an_error(city: City) -> None:
    (stored,) = attach(submit(city), [photo()])
    stored.file.storage.delete(stored.file.name)
    with pytest.raises(Http404):
        serve_attachment(stored)
