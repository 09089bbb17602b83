"""Development channel: appends each message to settings.ADUAN_NOTIFY_FILE instead of sending it."""

from __future__ import annotations

import fcntl
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from aduan.notifications.render import Message


class FileChannel:
    def send(self, message: Message) -> None:
        path = Path(settings.ADUAN_NOTIFY_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        block = (
            f"=== {timezone.now().isoformat()} {message.channel} to {message.to or message.user_id}\n"
            f"Key: {message.idempotency_key}\n"
            f"Subject: {message.subject}\n\n{message.text}\n"
        )
        with path.open("a", encoding="utf-8") as handle:
            # Several workers may append at once; a lock keeps each block whole.
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(block)

    def close(self) -> None:
        return None
