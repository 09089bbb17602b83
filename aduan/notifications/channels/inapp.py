"""In-app notifications for staff: a Notification row per message, at most one per outbox row."""

from __future__ import annotations

from aduan.notifications.channels import PermanentFailure
from aduan.notifications.models import Notification
from aduan.notifications.render import Message


class InAppChannel:
    def send(self, message: Message) -> None:
        if message.user_id is None:
            raise PermanentFailure("in-app message without a recipient user")
        # Keyed by the outbox row, so a row delivered again after a crash is not shown twice.
        Notification.objects.get_or_create(
            key=message.idempotency_key,
            defaults={
                "user_id": message.user_id,
                "title": message.subject[:200],
                "body": message.text,
                "link": message.link[:300],
                "complaint_id": message.complaint_id,
            },
        )

    def close(self) -> None:
        return None
