"""An administrator without the identity permission reads no reporter or citizen identity in the admin.

The test fills every kind of row that can carry identity (reporter records, citizen accounts,
outbox rows and their failed attempts, audit entries with a citizen's IP, a desk intake with the
sender's number), then walks every change list and change page of the Django admin as that
administrator and searches the pages for each piece of identity.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.complaints import actions
from aduan.complaints.channels import Channel
from aduan.complaints.models import Follower
from aduan.notifications.channels import PermanentFailure
from aduan.notifications.models import DeliveryAttempt, Outbox
from aduan.testing import City, staff_login, submit

# The cast's citizen account (aduan/testing.py).
CITIZEN_EMAIL = "warga@example.test"
CITIZEN_PHONE = "+6281211112222"
CITIZEN_IP = "203.0.113.45"
REPORTER: dict[str, Any] = {
    "name": "Siti Aminah",
    "nik": "3671014501900001",
    "phone": "081234567890",
    "email": "siti@example.test",
    "address": "Jl. Kenanga Nomor 7 RT 03",
}
DESK_SENDER = "Budi Hartono"
DESK_NUMBER = "085711112222"

# What must not be readable: every piece of identity, in the forms it may be written in.
SECRETS = [
    REPORTER["name"],
    REPORTER["nik"],
    REPORTER["email"],
    "1234567890",  # the reporter's number in any prefix form (0812…, +62812…, 62812…)
    REPORTER["address"],
    CITIZEN_EMAIL,
    CITIZEN_PHONE[3:],
    "Warga Kota",  # the citizen account's name
    CITIZEN_IP,
    DESK_SENDER,
    DESK_NUMBER[1:],
]


def _fill(city: City) -> None:
    reporter = actions.ReporterDetails(**REPORTER)
    web = submit(city, reporter=reporter, ip=CITIZEN_IP)
    own = submit(
        city,
        by=city.citizen,
        title="Lampu jalan mati di gang kami",
        reporter=actions.ReporterDetails(
            name="Warga Kota", email=CITIZEN_EMAIL, phone=CITIZEN_PHONE, user=city.citizen
        ),
        ip=CITIZEN_IP,
    )
    submit(
        city,
        by=city.verifier,
        title="Sampah di bantaran kali",
        channel=Channel.WHATSAPP,
        is_anonymous=True,
        reporter=actions.ReporterDetails(
            name=DESK_SENDER,
            phone=DESK_NUMBER,
            channel_reference=f"WA dari {DESK_NUMBER}",
            original_message=f"Assalamualaikum, saya {DESK_SENDER}, sampah menumpuk di kali.",
        ),
    )
    Follower.objects.create(complaint=web, user=city.citizen, source=Follower.Source.SUPPORT)
    actions.verify_complaint(web, by=city.verifier, target=city.agency_a)
    actions.verify_complaint(own, by=city.verifier, target=city.agency_a)
    refused = PermanentFailure(f"penerima ditolak: 550 5.1.1 <{REPORTER['email']}> unknown user")
    for row in Outbox.objects.exclude(recipient=""):
        DeliveryAttempt.objects.create(outbox=row, worker="uji", ok=False, error=refused.reason)
        Outbox.objects.filter(pk=row.pk).update(
            status=Outbox.Status.FAILED, last_error=refused.reason
        )


def _pages() -> list[str]:
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        for obj in model._default_manager.order_by("pk")[:50]:
            for view in ("change", "history"):
                urls.append(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
                )
    return urls


@pytest.fixture
def admin_without_identity(client: Client, city: City) -> Client:
    User.objects.filter(pk=city.administrator.pk).update(is_superuser=True)
    assert not city.administrator.memberships.filter(can_view_identity=True).exists()
    staff_login(client, User.objects.get(pk=city.administrator.pk))
    return client


def test_an_administrator_without_the_identity_permission_reads_no_identity_in_the_admin(
    admin_without_identity: Client, city: City
) -> None:
    _fill(city)
    assert Outbox.objects.exclude(recipient="").count() >= 3

    urls = _pages()
    assert len(urls) > 60
    leaks = []
    for url in urls:
        response = admin_without_identity.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaks += [(url, secret) for secret in SECRETS if secret in body]

    assert leaks == [], "\n".join(f"{u} {s}" for u, s in leaks)


def test_the_outbox_page_says_where_the_message_went_without_the_address(
    admin_without_identity: Client, city: City
) -> None:
    submit(city, reporter=actions.ReporterDetails(**REPORTER))
    row = Outbox.objects.exclude(recipient="").first()
    assert row is not None

    page = admin_without_identity.get(
        reverse("admin:notifications_outbox_change", args=[row.pk])
    ).content.decode()

    assert "disimpan terenkripsi, tidak ditampilkan" in page
    assert REPORTER["email"] not in page
