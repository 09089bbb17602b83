"""SMS and WhatsApp through an HTTP gateway: URL, token and a JSON payload template from settings.

The payload template is JSON whose string values may hold the placeholders {to}, {text},
{subject}, {link} and {key}; values are substituted after parsing, so a message cannot break the
JSON. The idempotency key travels in the payload ({key}) and in the Idempotency-Key header, so a
gateway that honours either sends a message re-tried after a crash only once.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings

from aduan.notifications.channels import PermanentFailure, TemporaryFailure
from aduan.notifications.render import Message

PLACEHOLDERS = ("to", "text", "subject", "link", "key")


def fill(template: Any, values: dict[str, str]) -> Any:
    if isinstance(template, str):
        for name in PLACEHOLDERS:
            template = template.replace("{" + name + "}", values[name])
        return template
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(value, values) for key, value in template.items()}
    return template


class GatewayChannel:
    def __init__(self, *, url: str, token: str, payload: str, short: bool) -> None:
        self.url = url
        self.token = token
        self.template = json.loads(payload)
        self.short = short

    def close(self) -> None:
        return None

    def send(self, message: Message) -> None:
        digits = message.to.replace("+", "").replace(" ", "").replace("-", "")
        if not digits.isdigit() or not 8 <= len(digits) <= 15:
            raise PermanentFailure(f"nomor telepon tidak valid: {message.to!r}")
        values = {
            "to": message.to,
            "text": message.short_text if self.short else message.text,
            "subject": message.subject,
            "link": message.link,
            "key": message.idempotency_key,
        }
        body = json.dumps(fill(self.template, values)).encode()
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": message.idempotency_key,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=settings.ADUAN_GATEWAY_TIMEOUT) as reply:  # noqa: S310
                reply.read(4096)
        except urllib.error.HTTPError as exc:
            status = exc.code
            if status in (408, 425, 429) or status >= 500:
                raise TemporaryFailure(f"gateway menjawab {status}") from exc
            raise PermanentFailure(f"gateway menolak pesan: {status}") from exc
        except TimeoutError as exc:
            raise TemporaryFailure(
                f"gateway tidak menjawab dalam {settings.ADUAN_GATEWAY_TIMEOUT} detik"
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise TemporaryFailure(f"gateway tidak dapat dihubungi: {exc}") from exc
