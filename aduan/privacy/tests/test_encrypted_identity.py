"""Reporter identity and outbox recipients are encrypted at rest; failures are loud, never garbage."""

from __future__ import annotations

import base64
import os

import pytest
from django.db import connection
from django.test import override_settings

from aduan.complaints import actions
from aduan.complaints.models import Complaint, Reporter
from aduan.lib.crypto import DecryptionError, blind_lookup, encrypt_existing_rows
from aduan.notifications.models import Outbox
from aduan.testing import City, complaint_in, submit

NAME = "Zulkarnaen Purbasari"
NIK = "3671011204890007"
PHONE = "0813-7777-4242"
EMAIL = "Zulkarnaen.Rahasia@Example.test"
ADDRESS = "Gang Kenari Tersembunyi 77"
REFERENCE = "https://x.example/zulkar_sembunyi/status/4242"
ORIGINAL = "Selamat pagi, saya warga Gang Kenari, lampu jalan mati sudah seminggu."
PLAINTEXTS = [
    NAME,
    "Zulkarnaen",
    NIK,
    "081377774242",
    "+6281377774242",
    "6281377774242",
    "7777-4242",
    EMAIL,
    EMAIL.lower(),
    "zulkarnaen.rahasia",
    ADDRESS,
    "Kenari Tersembunyi",
    "zulkar_sembunyi",
    "lampu jalan mati sudah seminggu",
]


def _reporter() -> actions.ReporterDetails:
    return actions.ReporterDetails(
        name=NAME,
        nik=NIK,
        phone=PHONE,
        email=EMAIL,
        address=ADDRESS,
        channel_reference=REFERENCE,
        original_message=ORIGINAL,
    )


def _reporter_of(complaint: Complaint) -> Reporter:
    return Reporter.objects.get(complaints=complaint)


def _raw_rows() -> list[str]:
    """Every row of every table, as text, read past the ORM."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                dump.append(f"{table}: " + " | ".join(str(value) for value in row))
    return dump


def test_no_plaintext_identity_anywhere_in_the_raw_database(city: City) -> None:
    first = complaint_in(city, "in_progress", reporter=_reporter())
    second = submit(city, category=city.bribe, reporter=_reporter())
    actions.verify_complaint(second, by=city.verifier, target=city.agency_b)
    assert Outbox.objects.filter(complaint=first).exists()  # notifications were queued to them

    dump = _raw_rows()

    assert len(dump) > 50
    leaks = [
        (secret, row) for row in dump for secret in PLAINTEXTS if secret.lower() in row.lower()
    ]
    assert leaks == []


def test_the_application_still_reads_the_identity_back(city: City) -> None:
    complaint = submit(city, reporter=_reporter())

    reporter = _reporter_of(complaint)

    assert reporter.identity() == {
        "name": NAME,
        "nik": NIK,
        "phone": PHONE,
        "email": EMAIL,
        "address": ADDRESS,
        "channel_reference": REFERENCE,
        "original_message": ORIGINAL,
    }
    recipients = {o.recipient for o in Outbox.objects.filter(complaint=complaint)}
    assert {EMAIL, PHONE} <= recipients


def test_a_tampered_ciphertext_is_a_clear_error(city: City) -> None:
    complaint = submit(city, reporter=_reporter())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM complaints_reporter WHERE id = %s", [complaint.reporter_id]
        )
        token = cursor.fetchone()[0]
        body = bytearray(base64.urlsafe_b64decode(token.split(":", 2)[2]))
        body[-1] ^= 1
        tampered = ":".join(token.split(":", 2)[:2]) + ":" + base64.urlsafe_b64encode(body).decode()
        cursor.execute(
            "UPDATE complaints_reporter SET name = %s WHERE id = %s",
            [tampered, complaint.reporter_id],
        )

    reporter = _reporter_of(complaint)

    with pytest.raises(DecryptionError, match=r"complaints\.reporter\.name.*altered value"):
        reporter.identity()
    assert reporter.email == EMAIL  # the other fields are unharmed


def test_a_value_copied_into_another_column_does_not_decrypt(city: City) -> None:
    complaint = submit(city, reporter=_reporter())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_reporter SET address = name WHERE id = %s", [complaint.reporter_id]
        )

    reporter = _reporter_of(complaint)

    assert reporter.name == NAME
    with pytest.raises(DecryptionError, match=r"complaints\.reporter\.address"):
        reporter.address  # noqa: B018


def test_a_wrong_key_is_a_clear_error_not_garbage(city: City, settings: object) -> None:
    complaint = submit(city, reporter=_reporter())
    settings.ADUAN_ENCRYPTION_KEYS = {"dev": os.urandom(32)}  # type: ignore[attr-defined]

    reporter = _reporter_of(complaint)

    with pytest.raises(DecryptionError, match="wrong key"):
        reporter.identity()


def test_a_missing_key_names_the_key_id(city: City, settings: object) -> None:
    complaint = submit(city, reporter=_reporter())
    settings.ADUAN_ENCRYPTION_KEYS = {"k9": os.urandom(32)}  # type: ignore[attr-defined]

    reporter = _reporter_of(complaint)

    with pytest.raises(DecryptionError, match="'dev', which is not in ADUAN_ENCRYPTION_KEYS"):
        reporter.name  # noqa: B018


def test_a_row_loads_and_saves_without_touching_its_identity(city: City) -> None:
    complaint = submit(city, reporter=_reporter())
    with override_settings(ADUAN_ENCRYPTION_KEYS={"k9": os.urandom(32)}):
        reporter = _reporter_of(complaint)
        reporter.language = "en"
        reporter.save()

    reporter = _reporter_of(complaint)
    assert (reporter.language, reporter.identity()["name"]) == ("en", NAME)


def test_blind_indexes_find_a_reporter_by_phone_email_or_nik_in_any_format(city: City) -> None:
    complaint = submit(city, reporter=_reporter())
    submit(city)  # someone else

    def found(field: str, value: str) -> list[int]:
        return list(
            Reporter.objects.filter(blind_lookup(Reporter, field, value)).values_list(
                "pk", flat=True
            )
        )

    assert found("phone", "+62 813 7777 4242") == [complaint.reporter_id]
    assert found("phone", "6281377774242") == [complaint.reporter_id]
    assert found("email", "  zulkarnaen.rahasia@example.TEST ") == [complaint.reporter_id]
    assert found("nik", "3671 0112 0489 0007") == [complaint.reporter_id]
    assert found("phone", "081377774243") == []
    assert found("email", "") == []


def test_an_encrypted_field_refuses_a_plaintext_search(city: City) -> None:
    submit(city, reporter=_reporter())

    with pytest.raises(TypeError, match="blind index"):
        list(Reporter.objects.filter(email=EMAIL))
    assert Reporter.objects.filter(nik="").count() == 0


def test_the_data_migration_encrypts_rows_that_held_plaintext(city: City) -> None:
    complaint = submit(city, reporter=_reporter())
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_reporter SET name = %s, phone = %s, phone_index = '' WHERE id = %s",
            ["Plain Name", "0812 1111 2222", complaint.reporter_id],
        )
    contexts = {c: f"complaints.reporter.{c}" for c in ("name", "nik", "phone", "email", "address")}

    encrypt_existing_rows(
        connection, "complaints_reporter", contexts, {"phone_index": ("phone", "phone")}
    )
    encrypt_existing_rows(connection, "complaints_reporter", contexts)  # a rerun is harmless

    reporter = _reporter_of(complaint)
    assert (reporter.name, reporter.phone, reporter.email) == (
        "Plain Name",
        "0812 1111 2222",
        EMAIL,
    )
    assert Reporter.objects.filter(blind_lookup(Reporter, "phone", "+6281211112222")).count() == 1
    assert "Plain Name" not in "\n".join(_raw_rows())
