"""Data subject rights (UU 27/2022): find a person's records, export them, correct them, anonymise them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from aduan.accounts import citizens
from aduan.accounts.models import User
from aduan.audit.log import citizen_entries, erase_addresses, record
from aduan.complaints.models import Complaint, Follower, Reporter
from aduan.complaints.states import FINAL
from aduan.lib.crypto import blind_lookup
from aduan.notifications.models import Outbox
from aduan.privacy.identity import log_access
from aduan.privacy.models import RESPONSE_WINDOW, DataSubjectRequest, IdentityAccess

EXPORT_FORMAT = "aduan-data-subject-export/1"


def due_from(received_at: datetime) -> datetime:
    return received_at + RESPONSE_WINDOW


def find_reporters(*, email: str = "", phone: str = "", nik: str = "") -> list[Reporter]:
    """Reporter records matching any given contact exactly (after normalisation), via blind indexes."""
    q = Q(pk__in=[])
    if email:
        q |= blind_lookup(Reporter, "email", email)
    if phone:
        q |= blind_lookup(Reporter, "phone", phone)
    if nik:
        q |= blind_lookup(Reporter, "nik", nik)
    return list(Reporter.objects.filter(q).order_by("pk"))


def find_accounts(*, email: str = "", phone: str = "") -> list[User]:
    """Citizen accounts whose encrypted email or phone matches exactly (blind indexes)."""
    q = Q(pk__in=[])
    if email:
        q |= blind_lookup(User, "citizen_email", email)
    if phone:
        q |= blind_lookup(User, "citizen_phone", phone)
    return list(User.objects.filter(q, is_citizen=True).order_by("pk"))


def accounts_for(request: DataSubjectRequest) -> list[User]:
    return find_accounts(email=request.requester_email, phone=request.requester_phone)


def reporters_for(request: DataSubjectRequest) -> list[Reporter]:
    """Reporter records matching the requester's contacts, and those of their citizen accounts."""
    found = find_reporters(
        email=request.requester_email, phone=request.requester_phone, nik=request.requester_nik
    )
    accounts = accounts_for(request)
    if accounts:
        known = {r.pk for r in found}
        found += [r for r in Reporter.objects.filter(user__in=accounts) if r.pk not in known]
        found.sort(key=lambda r: r.pk)
    return found


ACCOUNT_FIELDS = ("citizen_name", "citizen_email", "citizen_phone")


def export_account(user: User) -> dict[str, Any]:
    """A citizen account's own data (decrypted): raises DecryptionError, never shows garbage."""
    return {
        "reference": user.username,
        "name": user.citizen_name,
        "email": user.citizen_email,
        "phone": user.citizen_phone,
        "language": user.language,
        "is_active": user.is_active,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "supported": [
            f.complaint.tracking_code
            for f in Follower.objects.filter(user=user).select_related("complaint")
        ],
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_data(reporters: list[Reporter], accounts: list[User] | None = None) -> dict[str, Any]:
    """Everything held about these reporter records and accounts, as plain JSON-ready data."""
    people = []
    for reporter in reporters:
        complaints = Complaint.objects.filter(
            Q(reporter=reporter) | Q(followers__reporter=reporter)
        ).distinct()
        people.append(
            {
                "reporter_id": reporter.pk,
                "identity": reporter.identity(),
                "language": reporter.language,
                "phone_channel": reporter.phone_channel,
                "created_at": _iso(reporter.created_at),
                "anonymised_at": _iso(reporter.anonymised_at),
                "consents": [
                    {
                        "notice_version": c.notice_version,
                        "channel": c.channel,
                        "given_at": _iso(c.given_at),
                    }
                    for c in reporter.consents.order_by("given_at")
                ],
                "complaints": [
                    {
                        "tracking_code": c.tracking_code,
                        "role": "reporter" if c.reporter_id == reporter.pk else "follower",
                        "title": c.title,
                        "description": c.description,
                        "address": c.address,
                        "status": c.status,
                        "created_at": _iso(c.created_at),
                        "closed_at": _iso(c.closed_at),
                        "timeline": [
                            {
                                "kind": e.kind,
                                "at": _iso(e.created_at),
                                "by": e.author_label,
                                "message": e.message,
                            }
                            for e in c.timeline.filter(is_public=True)
                        ],
                        "messages_sent": [
                            {
                                "channel": o.channel,
                                "template": o.template,
                                "status": o.status,
                                "created_at": _iso(o.created_at),
                            }
                            for o in c.outbox.filter(
                                context__follower_id__in=list(
                                    reporter.follows.values_list("pk", flat=True)
                                )
                            ).order_by("created_at")
                        ],
                    }
                    for c in complaints.order_by("created_at")
                ],
            }
        )
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "accounts": [export_account(user) for user in accounts or []],
        "people": people,
    }


@transaction.atomic
def export_for_request(
    request: DataSubjectRequest, *, by: Any, ip: str | None = None
) -> tuple[str, int]:
    """The JSON export for an access request, logged as an export of each reporter record."""
    reporters = reporters_for(request)
    accounts = accounts_for(request)
    payload = export_data(reporters, accounts)
    for reporter in reporters:
        log_access(
            user=by,
            reason=f"Permintaan subjek data PSD-{request.pk}",
            kind=IdentityAccess.Kind.EXPORT,
            reporter=reporter,
            fields=list(Reporter.IDENTITY_FIELDS),
            ip=ip,
        )
    for account in accounts:
        log_access(
            user=by,
            reason=f"Permintaan subjek data PSD-{request.pk}",
            kind=IdentityAccess.Kind.EXPORT,
            account=account,
            fields=list(ACCOUNT_FIELDS),
            ip=ip,
        )
    if request.status == DataSubjectRequest.Status.RECEIVED:
        request.status = DataSubjectRequest.Status.IN_PROGRESS
        request.handled_by = by
        request.save(update_fields=["status", "handled_by"])
    return json.dumps(payload, ensure_ascii=False, indent=2), len(reporters)


@transaction.atomic
def receive_request(
    *, by: Any, fields: dict[str, Any], received_at: datetime, ip: str | None = None
) -> DataSubjectRequest:
    """Record a data subject request; the answer is due 3×24 h after it was received."""
    request = DataSubjectRequest.objects.create(
        **fields, received_at=received_at, due_at=due_from(received_at)
    )
    record(
        actor=by,
        action="privacy.request_received",
        obj=request,
        after={"kind": request.kind, "due_at": request.due_at.isoformat()},
        ip=ip,
    )
    return request


@transaction.atomic
def close_request(
    request: DataSubjectRequest, *, by: Any, decision: str, outcome: str, ip: str | None = None
) -> DataSubjectRequest:
    """Close a request with the DPO's decision and outcome, recording whether it was late."""
    request.status = decision
    request.outcome = outcome
    request.handled_by = by
    request.handled_at = timezone.now()
    request.save()
    record(
        actor=by,
        action="privacy.request_closed",
        obj=request,
        after={"status": request.status, "overdue": request.is_overdue},
        ip=ip,
    )
    return request


@transaction.atomic
def correct(
    reporter: Reporter,
    *,
    by: Any,
    reason: str,
    changes: dict[str, str],
    ip: str | None = None,
) -> Reporter:
    """Apply a correction of identity fields; the log names the fields, never the values."""
    locked = Reporter.objects.select_for_update().get(pk=reporter.pk)
    changed = []
    for field, value in changes.items():
        if field not in Reporter.IDENTITY_FIELDS:
            raise ValueError(field)
        if getattr(locked, field) != value:
            setattr(locked, field, value)
            changed.append(field)
    if changed:
        locked.save()
        log_access(
            user=by,
            reason=reason,
            kind=IdentityAccess.Kind.CORRECTION,
            reporter=locked,
            fields=changed,
            ip=ip,
        )
    return locked


def _silence_followers(follows: Any) -> None:
    """Stop these followers' news and blank every outbox row addressed through them.

    Every row is blanked, whatever its address: after a correction, older rows hold the old one.
    """
    follower_ids = list(follows.values_list("pk", flat=True))
    Follower.objects.filter(pk__in=follower_ids).update(notify=False)
    for row in Outbox.objects.filter(context__follower_id__in=follower_ids):
        if row.status == Outbox.Status.PENDING:
            row.status = Outbox.Status.SKIPPED
        row.recipient = ""
        row.save(update_fields=["recipient", "status"])


@transaction.atomic
def anonymise(
    reporter: Reporter, *, by: Any, reason: str, ip: str | None = None, now: datetime | None = None
) -> bool:
    """Remove the reporter's identity for good; the complaints stay, without anyone behind them.

    Returns False if it was already anonymised. Works even when a stored value no longer
    decrypts: the values are overwritten, not read (contacts in the outbox are then cleared by row).
    """
    locked = Reporter.objects.select_for_update().get(pk=reporter.pk)
    if locked.anonymised_at is not None:
        return False
    _silence_followers(locked.follows.all())
    for field in Reporter.IDENTITY_FIELDS:
        setattr(locked, field, "")
    locked.user = None
    locked.anonymised_at = now or timezone.now()
    locked.save()
    log_access(
        user=by,
        reason=reason,
        kind=IdentityAccess.Kind.ANONYMISATION,
        reporter=locked,
        fields=list(Reporter.IDENTITY_FIELDS),
        ip=ip,
    )
    return True


@transaction.atomic
def erase_account(account: User, *, by: Any, reason: str, ip: str | None = None) -> bool:
    """Erase a citizen account's name and contact and close it (the opaque reference stays).

    Returns False if it was already erased. Messages to it stop and lose their address.
    """
    locked = User.objects.select_for_update().get(pk=account.pk)
    if not locked.is_citizen:
        raise ValueError("only citizen accounts are erased here")
    if not locked.is_active and not (
        locked.citizen_email_index or locked.citizen_phone_index or locked.citizen_name
    ):
        return False
    _silence_followers(Follower.objects.filter(user=locked))
    # Messages to the account itself (its sign-up, "someone tried to sign up with your address").
    for row in Outbox.objects.filter(recipient_user=locked):
        if row.status == Outbox.Status.PENDING:
            row.status = Outbox.Status.SKIPPED
        row.recipient = ""
        row.save(update_fields=["recipient", "status"])
    citizens.erase_account(locked)
    log_access(
        user=by,
        reason=reason,
        kind=IdentityAccess.Kind.ANONYMISATION,
        account=locked,
        fields=list(ACCOUNT_FIELDS),
        ip=ip,
    )
    return True


@transaction.atomic
def erase_for_request(
    request: DataSubjectRequest, *, by: Any, ip: str | None = None
) -> tuple[int, int, int]:
    """A deletion request carried out: reporters anonymised, accounts erased, and the citizen's
    IP addresses removed from the audit log (its chain still verifies).

    Returns (reporter records anonymised, accounts erased, audit addresses erased).
    """
    reason = f"Permintaan penghapusan PSD-{request.pk}"
    reporters = reporters_for(request)
    accounts = accounts_for(request)
    complaint_ids = list(
        Complaint.objects.filter(reporter__in=reporters).values_list("pk", flat=True)
    )
    anonymised = sum(anonymise(r, by=by, reason=reason, ip=ip) for r in reporters)
    erased = sum(erase_account(a, by=by, reason=reason, ip=ip) for a in accounts)
    addresses = erase_addresses(citizen_entries(users=accounts, complaint_ids=complaint_ids))
    record(
        actor=by,
        action="privacy.erased",
        obj=request,
        after={"reporters": anonymised, "accounts": erased, "audit_addresses": addresses},
        ip=ip,
    )
    return anonymised, erased, addresses


def expired_reporters(now: datetime | None = None) -> Any:
    """Reporters whose every complaint closed more than ADUAN_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ADUAN_RETENTION_DAYS)
    recent_or_open = Complaint.objects.filter(
        Q(closed_at__gte=cutoff) | Q(closed_at__isnull=True) | ~Q(status__in=FINAL)
    )
    return (
        Reporter.objects.filter(anonymised_at__isnull=True, complaints__closed_at__lt=cutoff)
        .exclude(complaints__in=recent_or_open)
        .distinct()
    )


def anonymise_expired(now: datetime | None = None, batch_size: int = 200) -> int:
    """The retention rule, run daily by the worker: anonymise identities past the retention time."""
    now = now or timezone.now()
    count = 0
    reason = f"Retensi: {settings.ADUAN_RETENTION_DAYS} hari setelah aduan ditutup"
    while True:
        batch = list(expired_reporters(now)[:batch_size])
        if not batch:
            break
        for reporter in batch:
            if anonymise(reporter, by="retention", reason=reason, now=now):
                count += 1
    if count:
        with transaction.atomic():
            record(
                actor="retention",
                action="privacy.anonymise_expired",
                after={"reporters": count, "retention_days": settings.ADUAN_RETENTION_DAYS},
            )
    return count
