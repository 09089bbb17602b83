"""Turning an outbox row into a message: subject, text and html from templates/notifications/<name>/.

Citizens' messages carry the secret tracking link and a per-complaint unsubscribe link; staff
messages link to the staff console. Messages are in Bahasa Indonesia, or English when the
recipient chose it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from aduan.agencies.models import Step
from aduan.complaints.models import RejectReason
from aduan.lib.signing import reporter_token, unsubscribe_token
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


def staff_link(code: str) -> str:
    return f"{settings.ADUAN_BASE_URL}/staf/aduan/{code}/"


def unsubscribe_link(follower_id: int) -> str:
    return f"{settings.ADUAN_BASE_URL}/berhenti/{unsubscribe_token(follower_id)}/"


def is_for_staff(row: Outbox) -> bool:
    """Citizens' messages are queued per follower (notify_followers); everything else is staff's."""
    return "follower_id" not in row.context


def context_for(row: Outbox) -> dict[str, Any]:
    complaint = row.complaint
    context: dict[str, Any] = {
        **row.context,
        "complaint": complaint,
        "institution_name": settings.ADUAN_INSTITUTION_NAME,
        "base_url": settings.ADUAN_BASE_URL,
        "for_staff": is_for_staff(row),
        "recipient_user": row.recipient_user,
    }
    if row.context.get("reason") in RejectReason.values:
        context["reason_label"] = RejectReason(row.context["reason"]).label
    if row.context.get("step") in Step.values:
        context["step_label"] = Step(row.context["step"]).label
    link = ""
    if complaint is not None:
        code = complaint.tracking_code
        context["code"] = code
        if context["for_staff"]:
            link = staff_link(code)
        else:
            link = tracking_link(code)
            token = quote(reporter_token(code))
            base = f"{settings.ADUAN_BASE_URL}/lacak/{code}"
            context["confirm_link"] = f"{base}/konfirmasi/?kunci={token}"
            context["dispute_link"] = f"{base}/sanggah/?kunci={token}"
            context["answer_link"] = f"{base}/jawab/?kunci={token}"
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
