"""Turning an outbox row into a message: subject, text and html from templates/notifications/<name>/.

Citizens' messages carry a per-complaint unsubscribe link, and the complaint's reporter alone gets
the secret tracking link and the links to answer, confirm or dispute; other followers get a public
tracking link (the `for_reporter` flag of every citizen template). Staff messages link to the
staff console; a password reset carries its link, made as it is rendered. Messages are in Bahasa Indonesia, or English when the
recipient chose it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from aduan.accounts import signup
from aduan.agencies.models import Step
from aduan.complaints.models import Follower, RejectReason
from aduan.lib.signing import reporter_token, unsubscribe_token
from aduan.notifications import audience
from aduan.notifications.models import ChannelKind, Outbox


@dataclass(frozen=True)
class Message:
    """What a channel sends: one rendered message to one address."""

    channel: str
    to: str
    subject: str
    text: str
    html: str
    link: str
    idempotency_key: str
    user_id: int | None = None
    complaint_id: int | None = None
    unsubscribe_link: str = ""

    @property
    def short_text(self) -> str:
        """For SMS: the subject (it names the tracking code) and the link."""
        return f"{self.subject} {self.link}".strip()


def tracking_link(code: str) -> str:
    """The reporter's secret link to follow a complaint without an account."""
    return f"{settings.ADUAN_BASE_URL}/lacak/{code}/?kunci={quote(reporter_token(code))}"


def public_link(code: str) -> str:
    """The tracking page anyone may open: no key, so no power to act on the complaint."""
    return f"{settings.ADUAN_BASE_URL}/lacak/{code}/"


def staff_link(code: str) -> str:
    return f"{settings.ADUAN_BASE_URL}/staf/aduan/{code}/"


def password_reset_link(user: Any) -> str:
    """A staff member's link to set a new password, made now: valid PASSWORD_RESET_TIMEOUT from
    the moment the message is rendered for sending, and never stored."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("staff:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.ADUAN_BASE_URL}{path}"


def unsubscribe_link(follower_id: int) -> str:
    return f"{settings.ADUAN_BASE_URL}/berhenti/{unsubscribe_token(follower_id)}/"


def is_for_staff(row: Outbox) -> bool:
    """Citizens' messages are queued per follower (notify_followers); everything else is staff's,
    except the messages about an account that answer a sign-up (aduan/accounts/signup.py)."""
    return "follower_id" not in row.context and row.template not in ACCOUNT_TEMPLATES


ACCOUNT_TEMPLATES = (signup.NEW_ACCOUNT, signup.ALREADY_REGISTERED)


def _account_links(row: Outbox) -> dict[str, str]:
    """The links of a message that answers a sign-up, made now: the row itself holds none.

    A new contact gets the link that finishes the account; the owner of an existing one gets the
    sign-in page and a way to choose a new password (a one-time link for a citizen; the staff
    reset page, which also asks for the second factor, for staff).
    """
    base = settings.ADUAN_BASE_URL
    if row.template == signup.NEW_ACCOUNT:
        token = signup.finishing_token(
            row.context.get("kind", ""), row.recipient, sent=row.created_at, message_id=row.pk
        )
        return {"link": f"{base}/akun/daftar/lanjut/{quote(token)}/"}
    if row.context.get("staff"):
        signin = f"{base}/staf/masuk/"
        return {"link": signin, "signin_link": signin, "reset_link": f"{base}/staf/lupa-sandi/"}
    signin = f"{base}/akun/masuk/"
    user = row.recipient_user
    if user is None or not user.is_active:
        return {"link": signin, "signin_link": signin, "reset_link": ""}
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset = f"{base}/akun/sandi-baru/{uid}/{default_token_generator.make_token(user)}/"
    # A short message (SMS) carries one link: the way back in, whether or not they remember.
    return {"link": reset, "signin_link": signin, "reset_link": reset}


def _follower(row: Outbox) -> Follower | None:
    follower_id = row.context.get("follower_id")
    if not isinstance(follower_id, int):
        return None
    return Follower.objects.select_related("reporter").filter(pk=follower_id).first()


def _survivor_hidden(complaint: Any, follower: Follower | None) -> bool:
    """A rahasia complaint that this one was merged into is named to its own reporter only."""
    if complaint.merged_into_id is None:
        return False
    survivor = complaint.merged_into
    if not survivor.is_confidential:
        return False
    return follower is None or not audience.is_reporter(
        follower, survivor, audience.reporter_account(survivor)
    )


def context_for(row: Outbox) -> dict[str, Any]:
    complaint = row.complaint
    context: dict[str, Any] = {
        **row.context,
        "complaint": complaint,
        "institution_name": settings.ADUAN_INSTITUTION_NAME,
        "base_url": settings.ADUAN_BASE_URL,
        "for_staff": is_for_staff(row),
        "for_reporter": False,
        "recipient_user": row.recipient_user,
    }
    if row.context.get("reason") in RejectReason.values:
        context["reason_label"] = RejectReason(row.context["reason"]).label
    if row.context.get("step") in Step.values:
        context["step_label"] = Step(row.context["step"]).label
    link = ""
    if row.template in ACCOUNT_TEMPLATES:
        links = _account_links(row)
        context.update(
            links,
            valid_hours=signup.LINK_HOURS,
            reset_minutes=settings.PASSWORD_RESET_TIMEOUT // 60,
        )
        link = links["link"]
    elif complaint is not None:
        code = complaint.tracking_code
        context["code"] = code
        if context["for_staff"]:
            link = staff_link(code)
        else:
            # Decided from the follower row as it is now, never from what the row was queued with.
            follower = _follower(row)
            for_reporter = follower is not None and audience.is_reporter(
                follower, complaint, audience.reporter_account(complaint)
            )
            context["for_reporter"] = for_reporter
            if for_reporter:
                link = tracking_link(code)
                token = quote(reporter_token(code))
                base = f"{settings.ADUAN_BASE_URL}/lacak/{code}"
                context["confirm_link"] = f"{base}/konfirmasi/?kunci={token}"
                context["dispute_link"] = f"{base}/sanggah/?kunci={token}"
                context["answer_link"] = f"{base}/jawab/?kunci={token}"
            else:
                link = public_link(code)
                # Whatever the row was queued with, no action link reaches anyone else.
                context.update(confirm_link="", dispute_link="", answer_link="")
            if _survivor_hidden(complaint, follower):
                context["into"] = ""
    elif row.template == "password_reset" and row.recipient_user is not None:
        context["reset_link"] = password_reset_link(row.recipient_user)
        context["valid_minutes"] = settings.PASSWORD_RESET_TIMEOUT // 60
    elif context["for_staff"]:
        link = f"{settings.ADUAN_BASE_URL}/staf/"
    context["link"] = link
    follower_id = row.context.get("follower_id")
    context["unsubscribe_link"] = unsubscribe_link(follower_id) if follower_id else ""
    return context


def render(row: Outbox) -> Message:
    """Render the row's template trio in the recipient's language."""
    language = row.language if row.language in {"id", "en"} else settings.LANGUAGE_CODE
    context = context_for(row)
    base = f"notifications/{row.template}"
    with translation.override(language):
        context["LANGUAGE_CODE"] = language
        subject = " ".join(render_to_string(f"{base}/subject.txt", context).split())
        raw = str(render_to_string(f"{base}/body.txt", context))
        # Optional paragraphs leave blank lines behind; keep at most one between paragraphs.
        text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", raw).strip() + "\n"
        html = render_to_string(f"{base}/body.html", context)
    return Message(
        channel=row.channel,
        to=row.recipient,
        subject=subject,
        text=text,
        html=html,
        link=context["link"],
        idempotency_key=row.idempotency_key,
        user_id=row.recipient_user_id,
        complaint_id=row.complaint_id,
        unsubscribe_link=context["unsubscribe_link"],
    )


__all__ = ["ChannelKind", "Message", "render"]
