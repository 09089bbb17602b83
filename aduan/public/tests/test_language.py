"""Bahasa Indonesia by default, English on request, dates in local time and Indonesian format."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in

pytestmark = pytest.mark.django_db


def test_pages_are_in_indonesian_by_default_even_for_an_english_browser(
    client: Any, city: City
) -> None:
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="id">' in page
    assert "Buat Aduan" in page


def test_the_language_switch_works_without_javascript(client: Any, city: City) -> None:
    page = client.get("/aduan/baru/").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'name="language" value="en"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/aduan/baru/"})
    assert response["Location"] == "/aduan/baru/"
    english = client.get("/aduan/baru/").content.decode()
    assert '<html lang="en">' in english
    assert "What kind of report is it?" in english
    assert 'name="language" value="id"' in english


def test_dates_are_local_time_in_indonesian_format(client: Any, city: City) -> None:
    complaint = complaint_in(city, Status.ROUTED)
    # 23:30 UTC on 16 August is already 17 August in Jakarta.
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=datetime(2026, 8, 16, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    page = client.get(f"/lacak/{complaint.tracking_code}/").content.decode()
    assert "17 Agustus 2026, 06.30 WIB" in page
