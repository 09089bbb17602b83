"""Retention: reporter identity is anonymised ADUAN_RETENTION_DAYS after the complaint closed."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from aduan.complaints.models import Complaint, Reporter
from aduan.lib.crypto import blind_lookup
from aduan.notifications.models import Outbox
from aduan.privacy.models import IdentityAccess
from aduan.testing import City, complaint_in, submit


def _closed_days_ago(complaint: Complaint, days: int) -> None:
    Complaint.objects.filter(pk=complaint.pk).update(
        closed_at=timezone.now() - timedelta(days=days)
    )


def test_it_anonymises_reporters_of_complaints_closed_long_ago(
    city: City, settings: object
) -> None:
    settings.ADUAN_RETENTION_DAYS = 365  # type: ignore[attr-defined]
    old = complaint_in(city, "closed")
    _closed_days_ago(old, 400)
    out = StringIO()

    call_command("anonymise_expired", stdout=out)

    reporter = Reporter.objects.get(complaints=old)
    assert reporter.identity() == dict.fromkeys(Reporter.IDENTITY_FIELDS, "")
    assert reporter.anonymised_at is not None
    assert not Reporter.objects.filter(
        blind_lookup(Reporter, "email", "siti@example.test")
    ).exists()
    assert Complaint.objects.get(pk=old.pk).title == old.title  # the complaint itself stays
    assert "1 reporter identities anonymised (retention 365 days" in out.getvalue()
    assert IdentityAccess.objects.get().kind == "anonymisation"
    assert all(o.recipient == "" for o in Outbox.objects.filter(complaint=old, recipient_user=None))


def test_it_keeps_recently_closed_and_open_complaints(city: City, settings: object) -> None:
    settings.ADUAN_RETENTION_DAYS = 365  # type: ignore[attr-defined]
    recent = complaint_in(city, "closed")
    _closed_days_ago(recent, 100)
    still_open = submit(city)
    Complaint.objects.filter(pk=still_open.pk).update(
        created_at=timezone.now() - timedelta(days=900)
    )

    call_command("anonymise_expired", stdout=StringIO())

    assert Reporter.objects.get(complaints=recent).name == "Siti Aminah"
    assert Reporter.objects.get(complaints=still_open).name == "Siti Aminah"
    assert not IdentityAccess.objects.exists()


def test_a_second_run_does_nothing_more(city: City, settings: object) -> None:
    settings.ADUAN_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    old = complaint_in(city, "rejected")
    _closed_days_ago(old, 31)
    call_command("anonymise_expired", stdout=StringIO())
    out = StringIO()

    call_command("anonymise_expired", stdout=out)

    assert out.getvalue().startswith("0 reporter identities anonymised")
    assert IdentityAccess.objects.count() == 1


def test_the_worker_runs_the_retention_rule_once_a_day(city: City, settings: object) -> None:
    from aduan.notifications.jobs import run_due_jobs

    settings.ADUAN_RETENTION_DAYS = 30  # type: ignore[attr-defined]
    first = complaint_in(city, "closed")
    _closed_days_ago(first, 45)

    run_due_jobs()
    second = complaint_in(city, "rejected")
    _closed_days_ago(second, 45)
    run_due_jobs()  # the same day: the slot is taken

    assert Reporter.objects.get(complaints=first).anonymised_at is not None
    assert Reporter.objects.get(complaints=second).anonymised_at is None
    run_due_jobs(timezone.now() + timedelta(days=1))
    assert Reporter.objects.get(complaints=second).anonymised_at is not None
