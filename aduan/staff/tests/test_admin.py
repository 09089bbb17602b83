"""The Django admin is pleasant and safe: lists with filters and search, units inline, audit read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.audit.models import AuditEntry
from aduan.complaints.models import Complaint, ResponseTemplate
from aduan.testing import City, staff_login, submit


@pytest.fixture
def admin_client_2fa(client: Client, city: City) -> Client:
    root = User.objects.create_superuser("root", "root@example.test", "kata-sandi-uji-123")
    staff_login(client, root)
    return client


def _changelists() -> list[str]:
    names = []
    for model in admin.site._registry:
        if model._meta.app_label in {"accounts", "agencies", "complaints", "audit"}:
            names.append(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return names


def test_every_list_opens_with_search_and_filters(admin_client_2fa: Client, city: City) -> None:
    submit(city)
    names = _changelists()
    assert len(names) >= 10
    for name in names:
        response = admin_client_2fa.get(reverse(name), {"q": "a"})
        assert response.status_code == 200, name


def test_an_agency_shows_its_units_inline(admin_client_2fa: Client, city: City) -> None:
    url = reverse("admin:agencies_agency_change", args=[city.agency_a.pk])
    html = admin_client_2fa.get(url).content.decode()
    assert "Bidang Bina Marga" in html


def test_audit_entries_cannot_be_added_changed_or_deleted(
    admin_client_2fa: Client, city: City
) -> None:
    c = submit(city)
    entry = AuditEntry.objects.filter(object_id=str(c.pk)).first()
    assert entry is not None
    assert admin_client_2fa.get(reverse("admin:audit_auditentry_add")).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client_2fa.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    admin_client_2fa.post(change, {"reason": "diubah"})
    entry.refresh_from_db()
    assert entry.reason != "diubah"
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_complaints_are_read_only_in_the_admin(admin_client_2fa: Client, city: City) -> None:
    c = submit(city)
    assert admin_client_2fa.get(reverse("admin:complaints_complaint_add")).status_code == 403
    change = reverse("admin:complaints_complaint_change", args=[c.pk])
    response = admin_client_2fa.get(change)
    assert response.status_code == 200
    assert "Siti Aminah" not in response.content.decode()
    admin_client_2fa.post(change, {"title": "diubah"})
    assert Complaint.objects.get(pk=c.pk).title != "diubah"


def test_administrators_edit_response_templates(admin_client_2fa: Client, city: City) -> None:
    response = admin_client_2fa.post(
        reverse("admin:complaints_responsetemplate_add"),
        {
            "title": "Jadwal perbaikan",
            "body": "Perbaikan dijadwalkan minggu ini.",
            "category": city.road.pk,
            "status": "in_progress",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ResponseTemplate.objects.filter(title="Jadwal perbaikan").exists()
