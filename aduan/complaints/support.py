"""The "dukung" (+1) action: a citizen supports a public complaint, once per person or browser.

In the style of actions.py: keyword-only arguments, the actor as `by=`, one transaction, an audit
entry. It does not change the complaint's status, so it writes no timeline entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import User
from aduan.audit.log import record
from aduan.complaints.errors import InvalidInput
from aduan.complaints.models import Complaint, Follower, Reporter, Support
from aduan.complaints.states import FINAL
from aduan.lib.crypto import blind_lookup


@dataclass(frozen=True)
class Contact:
    """Where a supporter without an account wants news of the complaint (from their draft)."""

    email: str = ""
    phone: str = ""
    phone_channel: str = "whatsapp"
    language: str = "id"

    def __bool__(self) -> bool:
        return bool(self.email or self.phone)


@dataclass(frozen=True)
class Outcome:
    counted: bool  # False: this person or browser had already supported it
    followed: bool  # True: they now receive its public events
    support_count: int


def has_supported(complaint: Complaint, *, user: Any, browser_key: str = "") -> bool:
    condition = _who(user, browser_key)
    return condition is not None and complaint.supports.filter(condition).exists()


def supported_ids(complaint_ids: list[int], *, user: Any, browser_key: str = "") -> set[int]:
    """Which of these complaints this person or browser has supported (one query for a list)."""
    condition = _who(user, browser_key)
    if condition is None or not complaint_ids:
        return set()
    return set(
        Support.objects.filter(condition, complaint_id__in=complaint_ids).values_list(
            "complaint_id", flat=True
        )
    )


def _who(user: Any, browser_key: str) -> Q | None:
    """Rows of this account or this browser; user may be AnonymousUser or None."""
    condition: Q | None = None
    if user is not None and user.is_authenticated:
        condition = Q(user=user)
    if browser_key:
        condition = (
            condition | Q(browser_key=browser_key) if condition else Q(browser_key=browser_key)
        )
    return condition


@transaction.atomic
def support_complaint(
    complaint: Complaint,
    *,
    by: User | None,
    browser_key: str = "",
    follow: bool = False,
    contact: Contact | None = None,
    ip: str | None = None,
) -> Outcome:
    """Add one support to a public, unfinished complaint; with follow=True also follow it.

    A signed-in person follows as their account; a visitor follows through contact details, if
    they gave any. Supporting twice (same account, or same browser) counts once but still follows.
    """
    if by is not None and not by.is_authenticated:
        by = None
    if by is None and not browser_key:
        raise InvalidInput(_("Dukungan tidak dapat dicatat. Aktifkan cookie lalu coba lagi."))
    # The row lock makes two clicks at the same moment count once.
    locked = (
        Complaint.objects.public().select_for_update(of=("self",)).filter(pk=complaint.pk).first()
    )
    if locked is None:
        raise InvalidInput(_("Aduan ini tidak dapat didukung."))
    if locked.status in FINAL:
        raise InvalidInput(_("Aduan ini sudah ditutup, jadi tidak dapat didukung lagi."))
    now = timezone.now()

    counted = False
    if not has_supported(locked, user=by, browser_key=browser_key):
        try:
            with transaction.atomic():
                Support.objects.create(
                    complaint=locked, user=by, browser_key=browser_key, created_at=now
                )
        except IntegrityError:
            pass  # recorded by a concurrent request of the same person
        else:
            Complaint.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
            counted = True

    followed = False
    if follow:
        followed = _follow(locked, by=by, contact=contact, now=now)

    support_count = Complaint.objects.values_list("support_count", flat=True).get(pk=locked.pk)
    complaint.support_count = support_count
    if counted or followed:
        record(
            actor=by if by is not None else "browser",
            action="complaint.support",
            obj=locked,
            after={"support_count": support_count, "counted": counted, "followed": followed},
            ip=ip,
        )
    return Outcome(counted=counted, followed=followed, support_count=support_count)


def _follow(
    complaint: Complaint, *, by: User | None, contact: Contact | None, now: datetime
) -> bool:
    if by is not None:
        follower, created = Follower.objects.get_or_create(
            complaint=complaint,
            user=by,
            defaults={"source": Follower.Source.SUPPORT, "notify": True, "created_at": now},
        )
        if not created and not follower.notify:
            follower.notify = True
            follower.save(update_fields=["notify"])
        return True
    if not contact:
        return False
    # Identity is encrypted; equal contacts are found through the blind indexes.
    same = Q(pk__in=[])
    if contact.email:
        same |= blind_lookup(Reporter, "email", contact.email)
    if contact.phone:
        same |= blind_lookup(Reporter, "phone", contact.phone)
    if complaint.followers.filter(reporter__in=Reporter.objects.filter(same)).exists():
        return True
    reporter = Reporter.objects.create(
        email=contact.email,
        phone=contact.phone,
        phone_channel=contact.phone_channel,
        language=contact.language,
        created_at=now,
    )
    Follower.objects.create(
        complaint=complaint,
        reporter=reporter,
        source=Follower.Source.SUPPORT,
        notify=True,
        created_at=now,
    )
    return True
