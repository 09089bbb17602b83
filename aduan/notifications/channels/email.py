"""Email over SMTP with Django's backend: a text and an html part, one connection per batch."""

from __future__ import annotations

import contextlib
import smtplib
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email

from aduan.notifications.channels import PermanentFailure, TemporaryFailure
from aduan.notifications.render import Message


def message_id(key: str) -> str:
    """A Message-ID derived from the outbox row, so a re-sent copy can be recognised as the same."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "aduan.invalid"
    return f"<{key}@{domain}>"


class EmailChannel:
    def __init__(self) -> None:
        self._connection: Any = None

    def _open(self) -> Any:
        if self._connection is None:
            connection = get_connection(
                "django.core.mail.backends.smtp.EmailBackend", fail_silently=False
            )
            connection.open()
            self._connection = connection
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            # The server may already have gone away; nothing left to close politely then.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.close()
            self._connection = None

    def send(self, message: Message) -> None:
        try:
            validate_email(message.to)
        except ValidationError:
            raise PermanentFailure(f"alamat email tidak valid: {message.to!r}") from None
        headers = {"Message-ID": message_id(message.idempotency_key)}
        if message.unsubscribe_link:
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_link}>"
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers=headers,
        )
        email.attach_alternative(message.html, "text/html")
        reused = self._connection is not None
        try:
            self._send_classified(email)
        except TemporaryFailure as exc:
            # A connection kept from the last batch may have timed out on the server; one fresh
            # connection before counting it as a failed attempt.
            if not (reused and isinstance(exc.__cause__, smtplib.SMTPServerDisconnected)):
                raise
            self._send_classified(email)

    def _send(self, email: EmailMultiAlternatives) -> None:
        try:
            connection = self._open()
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TemporaryFailure(f"server SMTP tidak dapat dihubungi: {exc}") from exc
        email.connection = connection
        connection.send_messages([email])

    def _send_classified(self, email: EmailMultiAlternatives) -> None:
        try:
            self._send(email)
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            codes = [code for code, _msg in exc.recipients.values()]
            detail = "; ".join(f"{code} {msg!r}" for code, msg in exc.recipients.values())
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure(f"penerima ditolak: {detail}") from exc
            raise TemporaryFailure(f"penerima ditolak sementara: {detail}") from exc
        except smtplib.SMTPDataError as exc:
            self.close()
            if exc.smtp_code >= 500:
                raise PermanentFailure(
                    f"pesan ditolak: {exc.smtp_code} {exc.smtp_error!r}"
                ) from exc
            raise TemporaryFailure(f"pesan ditunda: {exc.smtp_code} {exc.smtp_error!r}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise TemporaryFailure(f"SMTP: {exc}") from exc
