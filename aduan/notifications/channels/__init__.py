"""The one small interface every channel implements, and the choice of channel for an outbox row.

A channel's send() returns when the message was handed over, raises TemporaryFailure when trying
again later may help (server down, timeout, 5xx) and PermanentFailure when it cannot (malformed
address, recipient refused): the worker retries only the first.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

from aduan.lib import redact
from aduan.notifications.models import ChannelKind
from aduan.notifications.render import Message


class DeliveryError(Exception):
    permanent = False

    def __init__(self, reason: str) -> None:
        # The reason is stored with the attempt and shown in the admin: servers often quote the
        # recipient ("550 <siti@…> unknown"), which is personal data, so it is blanked here.
        reason = redact.contacts(reason)
        super().__init__(reason)
        self.reason = reason[:500]


class TemporaryFailure(DeliveryError):
    """Try again later: nothing says the message cannot be delivered."""


class PermanentFailure(DeliveryError):
    """Do not try again: the address or the message itself is refused."""

    permanent = True


class Channel(Protocol):
    def send(self, message: Message) -> None: ...

    def close(self) -> None: ...


class Channels:
    """The channels one worker uses, built once so connections can be reused across a batch."""

    def __init__(self) -> None:
        self._open: dict[str, Channel] = {}

    def for_kind(self, kind: str) -> Channel:
        channel = self._open.get(kind)
        if channel is None:
            channel = build(kind)
            self._open[kind] = channel
        return channel

    def close(self) -> None:
        for channel in self._open.values():
            channel.close()
        self._open.clear()


def build(kind: str) -> Channel:
    from aduan.notifications.channels.email import EmailChannel
    from aduan.notifications.channels.file import FileChannel
    from aduan.notifications.channels.gateway import GatewayChannel
    from aduan.notifications.channels.inapp import InAppChannel

    if kind == ChannelKind.INAPP:
        return InAppChannel()
    if kind == ChannelKind.EMAIL:
        return EmailChannel() if settings.ADUAN_EMAIL_CHANNEL == "smtp" else FileChannel()
    if kind == ChannelKind.SMS:
        if settings.ADUAN_SMS_GATEWAY_URL:
            return GatewayChannel(
                url=settings.ADUAN_SMS_GATEWAY_URL,
                token=settings.ADUAN_SMS_GATEWAY_TOKEN,
                payload=settings.ADUAN_SMS_GATEWAY_PAYLOAD,
                short=True,
            )
        return FileChannel()
    if kind == ChannelKind.WHATSAPP:
        if settings.ADUAN_WHATSAPP_GATEWAY_URL:
            return GatewayChannel(
                url=settings.ADUAN_WHATSAPP_GATEWAY_URL,
                token=settings.ADUAN_WHATSAPP_GATEWAY_TOKEN,
                payload=settings.ADUAN_WHATSAPP_GATEWAY_PAYLOAD,
                short=False,
            )
        return FileChannel()
    raise PermanentFailure(f"unknown channel {kind!r}")
