"""After a deletion request (UU 27/2022) nothing of that citizen is readable, and the audit verifies.

A citizen with an account reports, follows another complaint and gets messages (one of them
refused by the mail server, which quoted the address); the DPO carries out a deletion request.
Then every table is read raw, every encrypted value is decrypted as the application would, and
none of the citizen's name, email, phone or IP address is found anywhere.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.complaints import actions
from aduan.complaints.models import Follower
from aduan.lib.crypto import EncryptedTextField
from aduan.notifications.channels import PermanentFailure
from aduan.notifications.models import DeliveryAttempt, Outbox
from aduan.privacy.models import DataSubjectRequest
from aduan.testing import City, sign_up, staff_login, submit

NAME = "Rina Wulandari"
EMAIL = "rina.wulandari@example.test"
PHONE = "081398765432"
CITIZEN_IP = "203.0.113.45"
PASSWORD = "kebun-mangga-di-depan-rumah"
TRACES = ["Rina", "Wulandari", EMAIL, "98765432", CITIZEN_IP]


def _citizen(city: City) -> User:
    client = Client(REMOTE_ADDR=CITIZEN_IP)
    sign_up(client, EMAIL, name=NAME, password=PASSWORD)
    citizen = User.objects.get(pk=client.session["_auth_user_id"])
    mine = submit(
        city,
        by=citizen,
        reporter=actions.ReporterDetails(name=NAME, email=EMAIL, phone=PHONE, user=citizen),
        ip=CITIZEN_IP,
    )
    other = submit(city, title="Got mampet di Jalan Melati")
    Follower.objects.create(complaint=other, user=citizen, source=Follower.Source.SUPPORT)
    actions.verify_complaint(mine, by=city.verifier, target=city.agency_a)
    actions.verify_complaint(other, by=city.verifier, target=city.agency_a)
    refused = PermanentFailure(f"penerima ditolak: 550 5.1.1 <{EMAIL}> unknown user")
    for row in Outbox.objects.filter(complaint=mine):
        DeliveryAttempt.objects.create(outbox=row, worker="uji", ok=False, error=refused.reason)
    return citizen


def _raw_database() -> str:
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            lines += [f"{table}: " + " | ".join(str(v) for v in row) for row in cursor.fetchall()]
    return "\n".join(lines)


def _decrypted_values() -> str:
    """Every encrypted value the application can read, except the DPO's record of the request
    itself (the requester's own details, kept as proof that the request was answered)."""
    values = []
    for model in apps.get_models():
        if model is DataSubjectRequest:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        for obj in model._default_manager.all() if fields else []:
            values += [f"{model._meta.label}.{f.name}: {getattr(obj, f.name)}" for f in fields]
    return "\n".join(values)


@pytest.fixture
def dpo(client: Client, city: City) -> Client:
    staff_login(client, city.dpo)
    return client


def test_after_a_deletion_request_nothing_of_the_citizen_is_readable_and_the_audit_verifies(
    dpo: Client, city: City
) -> None:
    citizen = _citizen(city)
    before = _raw_database() + _decrypted_values()
    assert EMAIL in before and CITIZEN_IP in before  # the test can see them while they exist
    dpo.post(
        reverse("staff:privacy_requests"),
        {"kind": "deletion", "requester_name": NAME, "requester_email": EMAIL.upper()},
    )
    dsr = DataSubjectRequest.objects.latest("pk")

    dpo.post(reverse("staff:privacy_request_anonymise", args=[dsr.pk]))

    readable = _raw_database() + "\n" + _decrypted_values()
    found = [(trace, line) for trace in TRACES for line in readable.splitlines() if trace in line]
    assert found == [], "\n".join(f"{t}: {line[:200]}" for t, line in found)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "Audit log intact" in out.getvalue()
    gone = Client().post("/akun/masuk/", {"contact": EMAIL, "password": PASSWORD})
    assert "_auth_user_id" not in gone.wsgi_request.session
    assert User.objects.filter(pk=citizen.pk).exists()  # the reference still resolves


def test_the_dpo_page_lists_the_citizen_account_found_by_the_request(
    dpo: Client, city: City
) -> None:
    citizen = _citizen(city)
    dpo.post(
        reverse("staff:privacy_requests"),
        {"kind": "access", "requester_name": NAME, "requester_email": EMAIL},
    )
    dsr = DataSubjectRequest.objects.latest("pk")

    page = dpo.get(reverse("staff:privacy_request", args=[dsr.pk])).content.decode()
    export = dpo.post(reverse("staff:privacy_request_export", args=[dsr.pk])).content.decode()

    assert f"Akun warga {citizen.username}" in page
    assert EMAIL in export and NAME in export and citizen.username in export


def test_erasing_a_request_that_is_not_a_deletion_changes_nothing(dpo: Client, city: City) -> None:
    citizen = _citizen(city)
    dpo.post(
        reverse("staff:privacy_requests"),
        {"kind": "access", "requester_name": NAME, "requester_email": EMAIL},
    )
    dsr = DataSubjectRequest.objects.latest("pk")

    response = dpo.post(reverse("staff:privacy_request_anonymise", args=[dsr.pk]), follow=True)

    assert "Hanya permintaan penghapusan yang masih terbuka" in response.content.decode()
    assert User.objects.get(pk=citizen.pk).is_active
