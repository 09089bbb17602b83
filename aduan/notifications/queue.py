"""Queueing messages as outbox rows inside the caller's transaction; the worker delivers them."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from aduan.notifications import audience
from aduan.notifications.models import ChannelKind, Outbox


def enqueue(
    *,
    channel: str,
    template: str,
    recipient: str = "",
    recipient_user: Any = None,
    complaint: Any = None,
    context: dict[str, Any] | None = None,
    language: str = "id",
) -> Outbox:
    if not transaction.get_connection().in_atomic_block:
        # A message written outside the change's transaction could be sent for a change that
        # rolled back, or lost for one that committed.
        raise RuntimeError("enqueue() must be called inside the transaction of the change")
    return Outbox.objects.create(
        channel=channel,
        template=template,
        recipient=recipient,
        recipient_user=recipient_user,
        complaint=complaint,
        context=context or {},
        language=language,
        idempotency_key=uuid.uuid4().hex,
    )


def notify_followers(complaint: Any, template: str, context: dict[str, Any] | None = None) -> int:
    """One message per contact of every follower who still wants news of this complaint.

    Followers who are not its reporter get no message of a rahasia complaint and none of the
    messages meant for the reporter only (aduan/notifications/audience.py); what they do get is
    rendered without the reporter's secret and action links.
    """
    account = audience.reporter_account(complaint)
    followers = [
        follower
        for follower in complaint.followers.filter(notify=True)
        .select_related("reporter", "user")
        .order_by("pk")
        if audience.may_hear(follower, complaint, template, account)
    ]
    # The reporter first: an address that also follows as a supporter gets the reporter's message.
    followers.sort(key=lambda follower: not audience.is_reporter(follower, complaint, account))
    count = 0
    queued: set[tuple[str, str]] = set()
    for follower in followers:
        reporter = follower.reporter
        language = reporter.language if reporter else getattr(follower.user, "language", "id")
        contacts: list[tuple[str, str]] = []
        if reporter is not None:
            if reporter.email:
                contacts.append((ChannelKind.EMAIL, reporter.email))
            if reporter.phone:
                contacts.append((reporter.phone_channel or ChannelKind.SMS, reporter.phone))
        elif follower.user is not None and follower.user.address_for_email:
            contacts.append((ChannelKind.EMAIL, follower.user.address_for_email))
        for channel, address in contacts:
            if (channel, address.casefold()) in queued:
                continue
            queued.add((channel, address.casefold()))
            enqueue(
                channel=channel,
                template=template,
                recipient=address,
                complaint=complaint,
                context={**(context or {}), "follower_id": follower.pk},
                language=language,
            )
            count += 1
    return count


def notify_staff(
    users: Any, template: str, complaint: Any = None, context: dict[str, Any] | None = None
) -> int:
    """An in-app notification (and an email where the user has an address) for each user."""
    count = 0
    for user in users:
        enqueue(
            channel=ChannelKind.INAPP,
            template=template,
            recipient_user=user,
            complaint=complaint,
            context=context or {},
            language=user.language,
        )
        count += 1
        if user.email:
            enqueue(
                channel=ChannelKind.EMAIL,
                template=template,
                recipient=user.email,
                recipient_user=user,
                complaint=complaint,
                context=context or {},
                language=user.language,
            )
            count += 1
    return count


def notify_password_reset(user: Any) -> Outbox:
    """A staff member's link to set a new password, by email only.

    The link's token is made when the message is rendered (render.py), so no secret waits in the
    outbox, and it is valid for PASSWORD_RESET_TIMEOUT from the moment the message is sent.
    """
    return enqueue(
        channel=ChannelKind.EMAIL,
        template="password_reset",
        recipient=user.email,
        recipient_user=user,
        language=user.language,
    )
