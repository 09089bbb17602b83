"""The "dukung" (+1) action and its button: once per account or browser, counted, rate limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from aduan.audit.models import AuditEntry
from aduan.complaints import support
from aduan.complaints.errors import InvalidInput
from aduan.complaints.models import Complaint, Follower
from aduan.complaints.states import Status
from aduan.public import archive
from aduan.public.draft import SESSION_KEY
from aduan.testing import City, complaint_in, submit

# These tests are about what the public pages do with public complaints; when a complaint becomes
# public is test_publishing.py's subject.
pytestmark = pytest.mark.usefixtures("published_as_sent")


def _count(complaint: Complaint) -> int:
    return Complaint.objects.get(pk=complaint.pk).support_count


def _dukung(client: Client, complaint: Complaint, **data: str) -> Any:
    return client.post(f"/dukung/{complaint.tracking_code}/", {"next": "/arsip/", **data})


# --- the action -----------------------------------------------------------------------------


def test_a_signed_in_citizen_supports_once(city: City) -> None:
    complaint = submit(city)

    first = support.support_complaint(complaint, by=city.citizen)
    second = support.support_complaint(complaint, by=city.citizen)

    assert (first.counted, first.support_count) == (True, 1)
    assert (second.counted, second.support_count) == (False, 1)
    assert _count(complaint) == 1


def test_a_browser_supports_once_and_another_browser_counts_again(city: City) -> None:
    complaint = submit(city)

    support.support_complaint(complaint, by=None, browser_key="a" * 32)
    support.support_complaint(complaint, by=None, browser_key="a" * 32)
    support.support_complaint(complaint, by=None, browser_key="b" * 32)

    assert _count(complaint) == 2


def test_the_same_browser_after_signing_in_does_not_count_twice(city: City) -> None:
    complaint = submit(city)
    support.support_complaint(complaint, by=None, browser_key="a" * 32)

    outcome = support.support_complaint(complaint, by=city.citizen, browser_key="a" * 32)

    assert not outcome.counted
    assert _count(complaint) == 1


def test_following_as_an_account_or_with_draft_contact_details(city: City) -> None:
    complaint = submit(city)

    support.support_complaint(complaint, by=city.citizen, follow=True)
    support.support_complaint(
        complaint,
        by=None,
        browser_key="c" * 32,
        follow=True,
        contact=support.Contact(email="budi@example.test"),
    )
    # The same contact from another browser does not make a second follower.
    support.support_complaint(
        complaint,
        by=None,
        browser_key="d" * 32,
        follow=True,
        contact=support.Contact(email="BUDI@example.test"),
    )

    supporters = complaint.followers.filter(source=Follower.Source.SUPPORT)
    assert supporters.count() == 2
    assert supporters.filter(user=city.citizen, notify=True).exists()
    reporter = supporters.get(reporter__isnull=False).reporter
    assert reporter is not None and reporter.email == "budi@example.test"


def test_without_contact_details_a_visitor_supports_but_does_not_follow(city: City) -> None:
    complaint = submit(city)

    outcome = support.support_complaint(complaint, by=None, browser_key="e" * 32, follow=True)

    assert outcome.counted and not outcome.followed


def test_rahasia_merged_and_closed_complaints_cannot_be_supported(city: City) -> None:
    secret = submit(city, is_confidential=True)
    merged = complaint_in(city, Status.MERGED)
    closed = complaint_in(city, Status.CLOSED)

    for complaint in (secret, merged, closed):
        with pytest.raises(InvalidInput):
            support.support_complaint(complaint, by=city.citizen)
        assert _count(complaint) == 0


def test_supporting_is_audited(city: City) -> None:
    complaint = submit(city)

    support.support_complaint(complaint, by=city.citizen)

    entry = AuditEntry.objects.filter(action="complaint.support").get()
    assert entry.after["support_count"] == 1


# --- the button -----------------------------------------------------------------------------


def test_the_button_counts_once_per_browser_and_sets_a_private_cookie(city: City) -> None:
    complaint = submit(city)
    client = Client()

    first = _dukung(client, complaint)
    _dukung(client, complaint)

    assert first.status_code == 302 and first["Location"] == "/arsip/"
    cookie = first.cookies[archive.BROWSER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert _count(complaint) == 1
    page = client.get("/arsip/")
    assert "Anda sudah mendukung aduan" in page.content.decode()


def test_the_button_counts_once_per_signed_in_citizen_across_browsers_and_follows(
    city: City,
) -> None:
    complaint = submit(city)
    phone, laptop = Client(), Client()
    phone.force_login(city.citizen)
    laptop.force_login(city.citizen)

    _dukung(phone, complaint)
    _dukung(laptop, complaint)

    assert _count(complaint) == 1
    assert complaint.followers.filter(user=city.citizen, source=Follower.Source.SUPPORT).exists()
    assert complaint.title in phone.get("/akun/aduan-saya/").content.decode()


def test_the_archive_shows_the_count_and_who_already_supported(city: City) -> None:
    complaint = submit(city)
    support.support_complaint(complaint, by=None, browser_key="f" * 32)
    client = Client()

    before = client.get("/arsip/").content.decode()
    _dukung(client, complaint)
    after = client.get("/arsip/").content.decode()

    assert "1 dukungan" in before and f"/dukung/{complaint.tracking_code}/" in before
    assert "Anda sudah mendukung" in after and "2" in after


def test_the_button_needs_post_and_a_csrf_token(city: City) -> None:
    complaint = submit(city)
    strict = Client(enforce_csrf_checks=True)

    assert strict.get(f"/dukung/{complaint.tracking_code}/").status_code == 405
    assert strict.post(f"/dukung/{complaint.tracking_code}/").status_code == 403
    assert _count(complaint) == 0


def test_rahasia_complaints_are_not_found_and_unknown_codes_are_404(city: City) -> None:
    secret = submit(city, is_confidential=True)
    client = Client()

    assert _dukung(client, secret).status_code == 404
    assert client.post("/dukung/ADU-XXX-XXX-XXX/").status_code == 404


def test_supports_from_one_ip_are_rate_limited(city: City) -> None:
    complaint = submit(city)

    statuses = []
    for _ in range(archive.SUPPORTS_PER_IP_PER_HOUR + 1):
        statuses.append(_dukung(Client(), complaint).status_code)

    assert statuses[:-1] == [302] * archive.SUPPORTS_PER_IP_PER_HOUR
    assert statuses[-1] == 429
    assert _count(complaint) == archive.SUPPORTS_PER_IP_PER_HOUR


def test_an_outside_next_address_is_ignored(city: City) -> None:
    complaint = submit(city)

    response = _dukung(Client(), complaint, next="https://evil.example/")

    assert response["Location"] == f"/lacak/{complaint.tracking_code}/"


def test_dukung_ini_saja_follows_with_the_contact_details_of_the_draft(city: City) -> None:
    complaint = submit(city)
    client = Client()
    session = client.session
    session[SESSION_KEY] = {"token": "t", "photos": [], "email": "rina@example.test"}
    session.save()

    response = client.post(f"/dukung/{complaint.tracking_code}/", {"ikuti": "1"})

    assert response["Location"] == f"/lacak/{complaint.tracking_code}/"
    follower = complaint.followers.get(source=Follower.Source.SUPPORT)
    assert follower.reporter is not None and follower.reporter.email == "rina@example.test"
    assert follower.notify
    assert _count(complaint) == 1


def test_a_closed_complaint_shows_the_count_without_a_button(city: City) -> None:
    closed = complaint_in(city, Status.CLOSED)

    page = Client().get("/arsip/").content.decode()

    assert closed.title in page
    assert f"/dukung/{closed.tracking_code}/" not in page


def test_the_support_button_tag_knows_whether_this_visitor_supported(city: City) -> None:
    from django.template import engines
    from django.test import RequestFactory

    complaint = submit(city)
    template = engines["django"].from_string(
        "{% load support_tags %}{% support_button complaint %}"
    )
    request = RequestFactory().get(f"/lacak/{complaint.tracking_code}/")
    request.user = city.citizen
    request.COOKIES[archive.BROWSER_COOKIE] = "g" * 32

    before = template.render({"complaint": complaint}, request)
    support.support_complaint(complaint, by=None, browser_key="g" * 32)
    after = template.render({"complaint": complaint}, request)

    assert f'action="/dukung/{complaint.tracking_code}/"' in before
    assert f'value="/lacak/{complaint.tracking_code}/"' in before
    assert "Anda sudah mendukung" in after and "<form" not in after


def test_the_tracking_page_has_the_dukung_button_except_for_rahasia(city: City) -> None:
    public = submit(city)
    secret = submit(city, is_confidential=True)

    shown = Client().get(f"/lacak/{public.tracking_code}/").content.decode()
    hidden = Client().get(f"/lacak/{secret.tracking_code}/").content.decode()

    assert f'action="/dukung/{public.tracking_code}/"' in shown
    assert "/dukung/" not in hidden
