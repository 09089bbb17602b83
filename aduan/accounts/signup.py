"""Citizen sign-up that never says whether an email or phone already has an account.

Whoever types a contact on the sign-up page gets the same answer ("check your email or phone"),
and the message decides: a new contact gets a link to finish the account (choose a password),
the owner of an existing account (citizen or staff) is told that someone tried to sign up with
their address, with a link to sign in or to choose a new password. Only the person who reads
that address can go further, so the page tells a stranger nothing and no account is opened in
someone else's name.

A finishing link carries the contact encrypted (never readable in a URL or a log), with the time
it was sent; it is built when the message is sent, so the outbox row holds no usable link.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from aduan.accounts import citizens
from aduan.accounts.models import User
from aduan.lib import crypto

# How long a link to finish signing up works.
LINK_HOURS = 24
_CONTEXT = "accounts.signup"

NEW_ACCOUNT = "account_signup"
ALREADY_REGISTERED = "account_exists"


def existing_account(kind: str, value: str) -> User | None:
    """The account, citizen or staff, that this email or phone already belongs to."""
    citizen = citizens.find_citizen(kind, value)
    if citizen is not None or kind != "email":
        return citizen
    return User.objects.filter(is_citizen=False, email__iexact=value).order_by("pk").first()


def request_sign_up(kind: str, value: str, *, language: str) -> None:
    """Queue the one message this contact gets for a sign-up: finish it, or "you already have one"."""
    from aduan.notifications.models import ChannelKind
    from aduan.notifications.queue import enqueue

    channel = ChannelKind.EMAIL if kind == "email" else ChannelKind.SMS
    with transaction.atomic():
        account = existing_account(kind, value)
        if account is None:
            enqueue(
                channel=channel,
                template=NEW_ACCOUNT,
                recipient=value,
                context={"kind": kind},
                language=language,
            )
            return
        enqueue(
            channel=channel,
            template=ALREADY_REGISTERED,
            recipient=value,
            recipient_user=account,
            # Staff are pointed to the staff pages (their reset also asks for the second factor).
            context={"staff": not account.is_citizen},
            language=account.language or language,
        )


def finishing_token(kind: str, value: str, *, sent: datetime | float, message_id: int) -> str:
    """The token of a link that finishes a sign-up for this contact.

    sent: when the message was queued (the link works LINK_HOURS from then); message_id: its
    outbox row, which the new account then owns, so that erasing the account erases it too.
    """
    moment = sent.timestamp() if isinstance(sent, datetime) else float(sent)
    plain = json.dumps([int(moment), kind[0], value, message_id], separators=(",", ":"))
    # "v1:key:base64=" becomes "v1.key.base64": nothing in it needs escaping in a link.
    version, key_id, body = crypto.encrypt(plain, _CONTEXT).split(":", 2)
    return f"{version}.{key_id}.{body.rstrip('=')}"


@dataclass(frozen=True)
class PendingSignUp:
    kind: str
    value: str
    message_id: int


def read_token(token: str) -> PendingSignUp | None:
    """The contact a finishing link was sent to, or None for a damaged, foreign or expired link."""
    version, _, rest = token.partition(".")
    key_id, _, body = rest.rpartition(".")
    sealed = f"{version}:{key_id}:{body}{'=' * (-len(body) % 4)}"
    try:
        sent, initial, value, message_id = json.loads(crypto.decrypt(sealed, _CONTEXT))
    except (crypto.DecryptionError, ValueError, TypeError):
        return None
    kind = {"e": "email", "p": "phone"}.get(initial)
    if kind is None or not isinstance(value, str) or not value:
        return None
    if not isinstance(sent, int) or not 0 <= time.time() - sent <= LINK_HOURS * 3600:
        return None
    return PendingSignUp(kind, value, int(message_id))


def create_account(pending: PendingSignUp, *, name: str, password: str, language: str) -> User:
    """Open the account a finishing link was sent for; IntegrityError if the contact has one now."""
    from aduan.notifications.models import Outbox

    with transaction.atomic():
        user = citizens.create_citizen(
            email=pending.value if pending.kind == "email" else "",
            phone=pending.value if pending.kind == "phone" else "",
            name=name,
            password=password,
            language=language,
        )
        Outbox.objects.filter(
            pk=pending.message_id, template=NEW_ACCOUNT, recipient_user__isnull=True
        ).update(recipient_user=user)
    return user
