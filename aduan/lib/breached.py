"""Password rule against passwords known from data breaches, through a k-anonymity range service.

Only the first five hexadecimal characters of the password's SHA-1 leave the server; the service
answers with every known hash suffix under that prefix (and their counts), and the comparison
happens here. The service is the Pwned Passwords range API or anything that answers the same way
(an institution may host a copy for servers without internet access). It is off unless
ADUAN_BREACHED_PASSWORDS_URL is set.

When the service cannot be reached in time the password is accepted and a warning is logged: a
third party's outage must not stop officers from changing a password, and the other validators
still apply.
"""

from __future__ import annotations

import hashlib
import logging
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)
PREFIX_LENGTH = 5


def times_breached(password: str, *, url: str, timeout: float) -> int | None:
    """How often the password appears in known breaches (0: never), or None if unknown."""
    digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
    prefix, suffix = digest[:PREFIX_LENGTH], digest[PREFIX_LENGTH:]
    request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting, http or https)
        url.rstrip("/") + "/" + prefix,
        headers={"Add-Padding": "true", "User-Agent": "Aduan password check"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(4 * 1024 * 1024).decode("ascii", errors="replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        logger.warning("breached-password service unreachable, password not checked: %s", exc)
        return None
    for line in body.splitlines():
        found, _sep, count = line.strip().partition(":")
        if found.upper() == suffix:
            try:
                return int(count)
            except ValueError:
                return 1
    return 0


class BreachedPasswordValidator:
    """Refuse a password that the range service knows from a breach (padding entries count 0)."""

    def validate(self, password: str, user: Any = None) -> None:
        url = getattr(settings, "ADUAN_BREACHED_PASSWORDS_URL", "")
        if not url:
            return
        timeout = float(getattr(settings, "ADUAN_BREACHED_PASSWORDS_TIMEOUT", 3))
        count = times_breached(password, url=url, timeout=timeout)
        if count:
            raise ValidationError(
                ngettext(
                    "Kata sandi ini sudah pernah bocor dari situs lain (tercatat %(count)d kali) "
                    "dan dicoba penyerang lebih dulu. Pilih kata sandi lain.",
                    "Kata sandi ini sudah pernah bocor dari situs lain (tercatat %(count)d kali) "
                    "dan dicoba penyerang lebih dulu. Pilih kata sandi lain.",
                    count,
                )
                % {"count": count},
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Kata sandi yang pernah bocor dari situs lain tidak dapat dipakai.")
