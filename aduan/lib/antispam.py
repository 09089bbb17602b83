"""Keeping scripts out of public forms without third-party services or tracking.

Three checks, each cheap for a person and costly for a script:

- a honeypot: a field people never see (``hidden``) and scripts fill in;
- a minimum fill time: a signed time stamp from when the form (or the multi-page report) began;
  a person needs more than a few seconds, a script posts at once;
- an optional proof-of-work (``ADUAN_POW_BITS`` > 0, off by default): the browser finds a
  number whose SHA-256 with a signed, single-use challenge starts with that many zero bits
  (about 2**bits hashes: a second for a phone, a real cost for a script sending thousands).
  Without JavaScript the person pays in time instead: the form is accepted once the challenge
  is ``ADUAN_POW_FALLBACK_SECONDS`` old.

A form gets all three with `SpamGuardMixin` and ``{% include "includes/spam_guard.html" %}``
inside its <form>. A multi-page flow keeps time.time() in its server-side draft and asks
`report_too_fast(started)` when the last page is sent; a proof-of-work on that last page takes
``{% include "includes/pow_fields.html" %}`` with ``pow_challenge`` in the context and
`pow_error(challenge, solution)` on POST.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

HONEYPOT_FIELD = "website"
STAMP_SALT = "aduan.antispam.stamp"
POW_SALT = "aduan.antispam.pow"
MIN_FILL_SECONDS = 3
MIN_REPORT_SECONDS = 8
# A form left open longer than this is stale: ask to send it again rather than trust the stamp.
MAX_FORM_AGE = 24 * 3600


def min_fill_seconds() -> int:
    return int(getattr(settings, "ADUAN_MIN_FILL_SECONDS", MIN_FILL_SECONDS))


def min_report_seconds() -> int:
    """The least time a person takes for the whole multi-page report (setting, default 8 s)."""
    return int(getattr(settings, "ADUAN_MIN_REPORT_SECONDS", MIN_REPORT_SECONDS))


def report_too_fast(started: float | None) -> bool:
    """Whether a multi-page report begun at `started` (time.time(), kept server-side) came too fast."""
    if started is None:
        return False
    return time.time() - float(started) < min_report_seconds()


def pow_bits() -> int:
    return int(getattr(settings, "ADUAN_POW_BITS", 0))


def pow_fallback_seconds() -> int:
    return int(getattr(settings, "ADUAN_POW_FALLBACK_SECONDS", 30))


def honeypot_tripped(data: Any) -> bool:
    return bool(str(data.get(HONEYPOT_FIELD, "") or "").strip())


def issue_stamp() -> str:
    """A signed record of 'now', to be sent back with the form."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


def stamp_age(stamp: str) -> float | None:
    """Seconds since the stamp was issued; None when it is missing, forged or too old."""
    try:
        issued = float(signing.loads(stamp or "", salt=STAMP_SALT, max_age=MAX_FORM_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - issued


def timing_error(stamp: str) -> str | None:
    """The message for a form sent too fast, too late or without a valid stamp; None if fine."""
    age = stamp_age(stamp)
    if age is None:
        return _("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi.")
    if age < min_fill_seconds():
        return _("Formulir terkirim terlalu cepat. Periksa isian Anda, lalu kirim lagi.")
    return None


def issue_challenge() -> str:
    """A signed, random proof-of-work challenge (also valid as a time stamp)."""
    return signing.dumps({"n": secrets.token_urlsafe(12), "t": time.time()}, salt=POW_SALT)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        bits += 8 - byte.bit_length()
        break
    return bits


def solves(challenge: str, solution: str, bits: int) -> bool:
    digest = hashlib.sha256(f"{challenge}:{solution}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def pow_error(challenge: str, solution: str) -> str | None:
    """Check the proof-of-work (or the no-JavaScript waiting time); None when the form may pass."""
    return check_pow(challenge, solution)[0]


def check_pow(challenge: str, solution: str) -> tuple[str | None, bool]:
    """(message or None, whether the challenge is spent and the form needs a new one)."""
    bits = pow_bits()
    if bits <= 0:
        return None, False
    try:
        payload = signing.loads(challenge or "", salt=POW_SALT, max_age=MAX_FORM_AGE)
        issued = float(payload["t"])
        nonce = str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _("Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu kirim lagi."), True
    solution = (solution or "").strip()
    if solution:
        if len(solution) > 20 or not solves(challenge, solution, bits):
            return _("Pemeriksaan keamanan gagal. Silakan kirim lagi."), True
    else:
        wait = pow_fallback_seconds() - (time.time() - issued)
        if wait > 0:
            # The same challenge stays on the form: the waiting time already spent counts.
            return _(
                "Pemeriksaan keamanan belum selesai. Tunggu %(seconds)d detik, lalu kirim lagi."
            ) % {"seconds": int(wait) + 1}, False
    # Single use: a solved challenge cannot be replayed for a second submission.
    if not cache.add(f"pow:{nonce}", 1, MAX_FORM_AGE + 60):
        return _("Formulir ini sudah pernah dikirim. Silakan kirim lagi."), True
    return None, False


class SpamGuardMixin(forms.Form):
    """Adds the honeypot, the time stamp and the proof-of-work to a form and checks them in clean().

    Render with ``{% include "includes/spam_guard.html" with form=form %}`` inside the <form>.
    A tripped check is a non-field error whose message tells a person what to do.
    """

    website = forms.CharField(required=False, label=_("Jangan diisi"))
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)
    pow_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    pow_solution = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_started", issue_stamp())
            self.initial.setdefault("pow_challenge", issue_challenge())

    @property
    def pow_bits(self) -> int:
        return pow_bits()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if honeypot_tripped(cleaned):
            raise forms.ValidationError(
                _(
                    "Formulir tidak dapat diterima. Kosongkan kolom 'Jangan diisi', lalu kirim lagi."
                ),
                code="honeypot",
            )
        if self.errors:
            # The form goes back to the person anyway; keep the challenge unspent for the retry.
            return cleaned
        stamp = cleaned.get("form_started", "")
        problem, spent = timing_error(stamp), False
        if problem is None:
            problem, spent = check_pow(
                cleaned.get("pow_challenge", ""), cleaned.get("pow_solution", "")
            )
        if problem:
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
            if stamp_age(stamp) is None:
                data[self.add_prefix("form_started")] = issue_stamp()
            if spent:
                data[self.add_prefix("pow_challenge")] = issue_challenge()
            data[self.add_prefix("pow_solution")] = ""
            self.data = data
            raise forms.ValidationError(problem, code="spam_guard")
        return cleaned
