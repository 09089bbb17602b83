"""The public archive page /arsip/: what is listed, filters, search box and paging."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.public import archive
from aduan.testing import City, complaint_in, submit

# These tests are about what the public pages do with public complaints; when a complaint becomes
# public is test_publishing.py's subject.
pytestmark = pytest.mark.usefixtures("published_as_sent")


def _page(client: Client | None = None, **params: str) -> str:
    response = (client or Client()).get("/arsip/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_public_complaints_linking_to_their_tracking_page(city: City) -> None:
    complaint = submit(city, title="Lampu jalan mati di Gang Kelinci")

    html = _page()

    assert "Lampu jalan mati di Gang Kelinci" in html
    assert f'href="/lacak/{complaint.tracking_code}/"' in html
    assert "Sukarasa" in html and "Jalan Rusak" in html and "Belum Terverifikasi" in html


def test_rahasia_complaints_never_appear_not_even_when_searched(city: City) -> None:
    submit(city, title="Pungutan liar di loket", is_confidential=True)
    submit(city, title="Oknum minta uang", category=city.bribe)  # sensitive: rahasia by default

    assert "Pungutan liar" not in _page()
    assert "Pungutan liar" not in _page(q="pungutan liar")
    assert "Oknum" not in _page(q="oknum")
    assert "Pungutan Liar" not in _page()  # a sensitive category is not even a filter choice


def test_merged_complaints_are_not_listed(city: City) -> None:
    complaint_in(city, Status.MERGED, title="Duplikat jalan berlubang")

    html = _page()

    assert "Duplikat jalan berlubang" not in html
    assert "Jalan berlubang di depan SDN 3" in html  # the survivor is


def test_rejected_reports_are_never_listed_whatever_the_reason(city: City) -> None:
    spam = submit(city, title="Beli obat murah di sini")
    actions.reject_complaint(spam, by=city.verifier, reason="spam")
    elsewhere = submit(city, title="Jalan tol rusak")
    actions.reject_complaint(elsewhere, by=city.verifier, reason="out_of_scope")

    html = _page()

    assert "Beli obat murah" not in html
    assert "Jalan tol rusak" not in html
    assert "Ditolak" not in html  # not even offered as a status filter


def test_no_reporter_name_or_contact_is_shown(city: City) -> None:
    submit(city)
    submit(city, is_anonymous=True, title="Aduan anonim")

    html = _page()

    assert "Aduan anonim" in html
    for private in ("Siti", "Aminah", "081234567890", "siti@example.test"):
        assert private not in html


def test_filters_by_category_area_status_agency_and_date(city: City) -> None:
    submit(city, title="Jalan A di Sukarasa")
    submit(city, title="Sampah B di Sukasari", category=city.rubbish, area=city.kelurahan_2)
    routed = complaint_in(city, Status.ROUTED, title="Jalan C diteruskan")
    old = submit(city, title="Jalan D lama")
    Complaint.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))

    assert "Sampah B" in _page(kategori="sampah-menumpuk")
    assert "Jalan A" not in _page(kategori="sampah-menumpuk")
    assert "Sampah B" in _page(kelurahan="36.71.01.1002")
    assert "Jalan A" not in _page(kelurahan="36.71.01.1002")
    both = _page(kecamatan="36.71.01")
    assert "Jalan A" in both and "Sampah B" in both
    assert "Jalan C" in _page(status="belum-ditindaklanjuti")
    assert "Jalan A" not in _page(status="belum-ditindaklanjuti")
    assert routed.agency is not None
    assert "Jalan C" in _page(instansi=routed.agency.code)
    assert "Sampah B" not in _page(instansi=routed.agency.code)
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert "Jalan D" not in _page(dari=since)
    assert "Jalan A" in _page(dari=since)
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    recent = _page(sampai=until)
    assert "Jalan D" in recent and "Jalan A" not in recent


def test_bad_filter_values_are_explained_not_a_server_error(city: City) -> None:
    submit(city)

    html = _page(kategori="tidak-ada", dari="kemarin", sampai="2020-01-01", status="<script>")

    assert "Ada yang perlu diperbaiki" in html
    assert "<script>" not in html
    assert "Jalan berlubang di depan SDN 3" in html  # the list still shows


def test_an_end_date_before_the_start_date_is_refused(city: City) -> None:
    html = _page(dari="2026-05-10", sampai="2026-05-01")

    assert "Tanggal akhir harus sama dengan atau sesudah tanggal awal." in html


def test_the_search_box_finds_words(city: City) -> None:
    submit(city, title="Lampu jalan mati", description="Gelap.")
    submit(city, title="Sampah di sungai", description="Bau.")

    html = _page(q="lampu")

    assert "Lampu jalan mati" in html and "Sampah di sungai" not in html
    assert "1 aduan" in html


def test_hostile_searches_show_a_message_not_an_error(city: City) -> None:
    submit(city)
    for query in ['"', "AND OR", "*", ")(", "NEAR(jalan", "a" * 500, "\x00jalan"]:
        response = Client().get("/arsip/", {"q": query})
        assert response.status_code == 200, query

    html = _page(q=")(")
    assert "Kata kunci tidak berisi kata yang bisa dicari" in html


def test_the_cursor_pages_through_everything_once(city: City) -> None:
    total = archive.PAGE_SIZE * 2 + 3
    now = timezone.now()
    for n in range(total):
        c = submit(city, title=f"Aduan nomor {n:02d}")
        # Several complaints share a timestamp: the id breaks the tie.
        Complaint.objects.filter(pk=c.pk).update(created_at=now - timedelta(minutes=n // 2))

    client, seen, url, pages = Client(), [], "/arsip/", 0
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [c.title for c in page.items]
        url = page.next_url
        pages += 1

    assert pages == 3
    # Newest first; within one timestamp the later (higher) id first; nothing twice, nothing lost.
    order = sorted(range(total), key=lambda n: (n // 2, -n))
    assert seen == [f"Aduan nomor {n:02d}" for n in order]


def test_next_links_keep_the_filters(city: City) -> None:
    for n in range(archive.PAGE_SIZE + 1):
        submit(city, title=f"Sampah {n}", category=city.rubbish)

    response = Client().get("/arsip/", {"kategori": "sampah-menumpuk"})
    next_url = response.context["page"].next_url

    assert "kategori=sampah-menumpuk" in next_url and "setelah=" in next_url
    assert "Sampah 0" in Client().get(next_url).content.decode()


def test_search_results_page_by_number(city: City) -> None:
    for n in range(archive.PAGE_SIZE + 2):
        submit(city, title=f"Banjir {n}", description="Air naik.")

    first = Client().get("/arsip/", {"q": "banjir"})
    second = Client().get(first.context["page"].next_url)

    assert len(first.context["page"].items) == archive.PAGE_SIZE
    assert len(second.context["page"].items) == 2
    assert second.context["page"].next_url is None


def test_a_tampered_cursor_starts_from_the_top(city: City) -> None:
    submit(city)
    for cursor in ("abc", "99999999999999999999-1", "-1-1", "1-"):
        assert "Jalan berlubang" in _page(setelah=cursor)


def test_the_count_stops_at_the_cap(city: City, monkeypatch: object) -> None:
    monkeypatch.setattr(archive, "COUNT_CAP", 3)  # type: ignore[attr-defined]
    for _ in range(5):
        submit(city)

    assert "Lebih dari 3 aduan" in _page()


def test_the_handling_agency_is_shown_never_an_officer(city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    actions.post_update(c, by=city.officer_a, message="Survei lokasi.", public=True)

    html = _page()

    assert "Ditangani Dinas PUPR" in html
    assert "Petugas A" not in html


def test_the_archive_speaks_english_when_asked(city: City) -> None:
    submit(city)
    client = Client()
    client.cookies["django_language"] = "en"

    html = _page(client)

    assert '<html lang="en">' in html
    assert "Complaint archive" in html and "1 complaint" in html and "Support" in html
