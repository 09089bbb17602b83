"""Similar complaints while reporting (aduan.complaints.similar.find) and its page fragment."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from aduan.complaints import similar
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, submit

# These tests are about what the public pages do with public complaints; when a complaint becomes
# public is test_publishing.py's subject.
pytestmark = pytest.mark.usefixtures("published_as_sent")

# A pin in Kota Tangerang; 0.0018° of latitude is about 200 m, 0.0027° about 300 m.
LAT, LON = Decimal("-6.178300"), Decimal("106.631900")


def _at(city: City, north: str = "0", east: str = "0", **overrides: object) -> Complaint:
    return submit(
        city,
        latitude=LAT + Decimal(north),
        longitude=LON + Decimal(east),
        **overrides,
    )


def _titles(found: list[Complaint]) -> list[str]:
    return [c.title for c in found]


def test_the_haversine_distance_is_right() -> None:
    metres = similar.distance_metres(-6.1783, 106.6319, -6.1783 + 0.0018, 106.6319)
    assert 199 < metres < 201


def test_a_complaint_200_m_away_is_similar_and_one_300_m_away_is_not(city: City) -> None:
    _at(city, north="0.0018", title="Dekat")
    _at(city, east="0.0027", title="Jauh")

    found = similar.find(category=city.road, latitude=LAT, longitude=LON)

    assert _titles(found) == ["Dekat"]
    assert 190 < found[0].distance < 210  # type: ignore[attr-defined]


def test_another_category_is_not_similar(city: City) -> None:
    _at(city, north="0.0005", title="Sampah", category=city.rubbish)

    assert similar.find(category=city.road, latitude=LAT, longitude=LON) == []
    assert _titles(similar.find(category=city.rubbish, latitude=LAT, longitude=LON)) == ["Sampah"]


def test_a_complaint_older_than_30_days_is_not_similar(city: City) -> None:
    old = _at(city, north="0.0005", title="Lama")
    Complaint.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    _at(city, north="0.0005", title="Baru")

    assert _titles(similar.find(category=city.road, latitude=LAT, longitude=LON)) == ["Baru"]


def test_without_a_pin_the_same_kelurahan_counts(city: City) -> None:
    submit(city, title="Sukarasa", area=city.kelurahan)
    submit(city, title="Sukasari", area=city.kelurahan_2)

    found = similar.find(category=city.road, area=city.kelurahan)

    assert _titles(found) == ["Sukarasa"]
    assert similar.find(category=city.road) == []


def test_rahasia_closed_and_merged_complaints_are_never_similar(city: City) -> None:
    _at(city, north="0.0001", title="Rahasia", is_confidential=True)
    closed = complaint_in(city, Status.REJECTED, latitude=LAT, longitude=LON, title="Ditolak")
    merged = complaint_in(city, Status.MERGED, latitude=LAT, longitude=LON, title="Digabung")
    assert closed.status == Status.REJECTED and merged.status == Status.MERGED
    # complaint_in(MERGED) also files the survivor, an open complaint with the default title.

    titles = _titles(similar.find(category=city.road, latitude=LAT, longitude=LON))

    assert "Rahasia" not in titles and "Ditolak" not in titles and "Digabung" not in titles


def test_newest_first_and_at_most_five(city: City) -> None:
    for n in range(7):
        _at(city, north=f"0.000{n}", title=f"Aduan {n}")

    found = similar.find(category=city.road, latitude=LAT, longitude=LON)

    assert _titles(found) == ["Aduan 6", "Aduan 5", "Aduan 4", "Aduan 3", "Aduan 2"]


def test_the_desk_can_pass_its_own_queryset_and_leave_out_the_complaint_itself(
    city: City,
) -> None:
    secret = _at(city, north="0.0001", title="Rahasia", is_confidential=True)
    itself = _at(city, title="Ini")

    found = similar.find(
        category=city.road,
        latitude=LAT,
        longitude=LON,
        queryset=Complaint.objects.all(),
        exclude=itself,
    )

    assert _titles(found) == [secret.title]


def test_the_fragment_lists_title_area_status_support_and_a_dukung_button(city: City) -> None:
    complaint = _at(city, north="0.0010", title="Lubang di Jl. Merdeka")
    request = RequestFactory().get("/lapor/lokasi/")

    html = render_to_string(
        "public/similar.html",
        {"similar_complaints": similar.find(category=city.road, latitude=LAT, longitude=LON)},
        request=request,
    )

    assert "Lubang di Jl. Merdeka" in html
    assert "Sukarasa" in html
    assert "Belum Terverifikasi" in html
    assert "0 dukungan" in html
    assert f"/dukung/{complaint.tracking_code}/" in html
    assert 'name="ikuti" value="1"' in html
    assert "Dukung ini saja" in html
    assert "Siti" not in html  # never the reporter's name


def test_the_fragment_renders_nothing_without_similar_complaints() -> None:
    html = render_to_string("public/similar.html", {"similar_complaints": []})
    assert html.strip() == ""


def test_similar_for_draft_reads_category_and_pin_or_kelurahan_from_the_draft(city: City) -> None:
    from aduan.public import archive
    from aduan.public.draft import SESSION_KEY

    near = _at(city, north="0.0010", title="Dekat pin")
    request = RequestFactory().get("/")
    request.session = {}  # type: ignore[assignment]

    assert archive.similar_for_draft(request) == []  # no category yet
    request.session[SESSION_KEY] = {
        "category": city.road.pk,
        "latitude": str(LAT),
        "longitude": str(LON),
    }
    assert archive.similar_for_draft(request) == [near]
    request.session[SESSION_KEY] = {"category": city.road.pk, "area": city.kelurahan_2.code}
    assert archive.similar_for_draft(request) == []
    request.session[SESSION_KEY] = {
        "category": city.road.pk,
        "latitude": "x",
        "area": city.kelurahan.code,
    }
    assert archive.similar_for_draft(request) == [near]


def test_the_photo_step_of_the_report_shows_similar_complaints_to_support_instead(
    city: City,
) -> None:
    from django.test import Client

    from aduan.public.draft import SESSION_KEY

    near = _at(city, north="0.0010", title="Lubang dekat sekolah")
    client = Client()
    session = client.session
    session[SESSION_KEY] = {
        "token": "t",
        "photos": [],
        "classification": "complaint",
        "category": city.road.pk,
        "title": "Jalan rusak",
        "description": "Berlubang.",
        "area": city.kelurahan.code,
        "latitude": str(LAT),
        "longitude": str(LON),
    }
    session.save()

    html = client.get("/aduan/baru/foto/").content.decode()

    assert "Mungkin sudah ada yang melaporkan ini" in html
    assert "Lubang dekat sekolah" in html and f"/dukung/{near.tracking_code}/" in html
