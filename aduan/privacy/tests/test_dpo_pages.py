"""The DPO's pages under /staf/privasi/: only the DPO; access log, requests with the 3×24 h clock, breaches."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aduan.complaints.models import Reporter
from aduan.privacy.identity import reveal
from aduan.privacy.models import Breach, DataSubjectRequest, IdentityAccess
from aduan.testing import City, staff_login, submit

PAGES = [
    "staff:privacy",
    "staff:privacy_access",
    "staff:privacy_requests",
    "staff:privacy_breaches",
]


@pytest.fixture
def dpo(client: Client, city: City) -> Client:
    staff_login(client, city.dpo)
    return client


@pytest.mark.parametrize(
    "persona", ["verifier", "officer_a", "officer_b", "supervisor_a", "leadership", "administrator"]
)
def test_staff_other_than_the_dpo_are_refused(client: Client, city: City, persona: str) -> None:
    staff_login(client, city.personas[persona])

    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "Pejabat Pelindungan Data" in response.content.decode()


def test_citizens_and_outsiders_do_not_get_in(client: Client, city: City) -> None:
    assert client.get(reverse("staff:privacy")).status_code == 302
    client.force_login(city.citizen)
    assert client.get(reverse("staff:privacy")).status_code == 403


def test_the_dpo_sees_every_page_uncached(dpo: Client) -> None:
    for name in PAGES:
        response = dpo.get(reverse(name))
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"]


def test_the_access_log_lists_who_opened_which_identity_and_why(dpo: Client, city: City) -> None:
    complaint = submit(city)
    reveal(city.verifier, complaint, "Konfirmasi titik lokasi", ip="10.1.2.3")
    other = submit(city)
    reveal(city.dpo, other, "Pemeriksaan rutin")

    page = dpo.get(reverse("staff:privacy_access")).content.decode()
    assert complaint.tracking_code in page and "Konfirmasi titik lokasi" in page
    assert "verifikator" in page and "10.1.2.3" in page

    filtered = dpo.get(reverse("staff:privacy_access"), {"user": city.verifier.pk}).content.decode()
    assert complaint.tracking_code in filtered
    assert other.tracking_code not in filtered

    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = dpo.get(reverse("staff:privacy_access"), {"date_from": tomorrow}).content.decode()
    assert complaint.tracking_code not in later


def _new_request(dpo: Client, kind: str, **extra: str) -> DataSubjectRequest:
    response = dpo.post(
        reverse("staff:privacy_requests"),
        {
            "kind": kind,
            "requester_name": "Siti Aminah",
            "requester_email": "SITI@example.test",
            **extra,
        },
    )
    assert response.status_code == 302
    return DataSubjectRequest.objects.latest("pk")


def test_a_request_gets_a_three_day_clock_and_finds_the_reporter(dpo: Client, city: City) -> None:
    complaint = submit(city)
    submit(city, reporter=None)

    dsr = _new_request(dpo, "access")

    assert dsr.due_at - dsr.received_at == timedelta(hours=72)
    page = dpo.get(reverse("staff:privacy_request", args=[dsr.pk])).content.decode()
    assert f"Pelapor #{complaint.reporter_id}" in page
    assert "1 aduan" in page


def test_a_request_without_any_contact_is_refused_with_a_message(dpo: Client) -> None:
    response = dpo.post(
        reverse("staff:privacy_requests"), {"kind": "access", "requester_name": "Tanpa Kontak"}
    )

    assert response.status_code == 400
    assert "Isi email, telepon atau NIK" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_an_access_request_exports_json_and_logs_the_export(dpo: Client, city: City) -> None:
    complaint = submit(city)
    dsr = _new_request(dpo, "access")

    response = dpo.post(reverse("staff:privacy_request_export", args=[dsr.pk]))

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    person = data["people"][0]
    assert person["identity"]["name"] == "Siti Aminah"
    assert person["complaints"][0]["tracking_code"] == complaint.tracking_code
    access = IdentityAccess.objects.get(kind="export")
    assert (access.user, access.reporter_id) == (city.dpo, complaint.reporter_id)


def test_a_deletion_request_anonymises_the_reporter_but_keeps_the_complaint(
    dpo: Client, city: City
) -> None:
    complaint = submit(city)
    dsr = _new_request(dpo, "deletion")

    dpo.post(reverse("staff:privacy_request_anonymise", args=[dsr.pk]))

    reporter = Reporter.objects.get(complaints=complaint)
    assert reporter.anonymised_at is not None
    assert reporter.identity()["email"] == ""
    assert complaint.__class__.objects.filter(pk=complaint.pk).exists()
    assert IdentityAccess.objects.filter(kind="anonymisation").count() == 1


def test_a_correction_request_changes_one_field(dpo: Client, city: City) -> None:
    complaint = submit(city)
    dsr = _new_request(dpo, "correction")

    dpo.post(
        reverse("staff:privacy_request_correct", args=[dsr.pk]),
        {"reporter": complaint.reporter_id, "field": "name", "value": "Siti Aminah Rahma"},
    )

    assert Reporter.objects.get(complaints=complaint).name == "Siti Aminah Rahma"
    assert IdentityAccess.objects.get(kind="correction").fields == ["name"]


def test_closing_a_request_records_the_outcome_and_lateness(dpo: Client, city: City) -> None:
    dsr = _new_request(dpo, "access")
    DataSubjectRequest.objects.filter(pk=dsr.pk).update(
        received_at=timezone.now() - timedelta(hours=80),
        due_at=timezone.now() - timedelta(hours=8),
    )
    listing = dpo.get(reverse("staff:privacy_requests")).content.decode()
    assert "terlambat" in listing

    dpo.post(
        reverse("staff:privacy_request_close", args=[dsr.pk]),
        {"decision": "completed", "outcome": "Salinan data dikirim lewat email."},
    )

    dsr.refresh_from_db()
    assert (dsr.status, dsr.handled_by) == ("completed", city.dpo)
    assert dsr.is_overdue


def test_a_breach_has_a_three_day_notification_clock(dpo: Client) -> None:
    discovered = timezone.localtime() - timedelta(hours=80)
    response = dpo.post(
        reverse("staff:privacy_breaches"),
        {
            "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M"),
            "description": "Laptop petugas berisi ekspor hilang.",
            "affected_count": "12",
        },
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert breach.due_at - breach.discovered_at == timedelta(hours=72)
    assert breach.is_overdue
    assert "terlambat" in dpo.get(reverse("staff:privacy_breaches")).content.decode()

    dpo.post(
        reverse("staff:privacy_breach", args=[breach.pk]),
        {
            "notified_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "notified_to": "Subjek data dan lembaga PDP",
        },
    )

    breach.refresh_from_db()
    assert breach.notified_at is not None and breach.notified_to.startswith("Subjek data")


def test_only_the_dpo_has_the_menu_link(client: Client, city: City) -> None:
    staff_login(client, city.dpo)
    assert 'href="/staf/privasi/"' in client.get(reverse("staff:home")).content.decode()

    staff_login(client, city.verifier)
    assert 'href="/staf/privasi/"' not in client.get(reverse("staff:home")).content.decode()
