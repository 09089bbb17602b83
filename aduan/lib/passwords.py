"""Password rule against guessable, context-specific words (the institution, the system, roles)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words an attacker tries first against a government complaint system (ASVS 6.1.2 / 6.2.11).
CONTEXT_WORDS = (
    "aduan",
    "pengaduan",
    "lapor",
    "laporan",
    "sp4n",
    "pemkot",
    "pemkab",
    "pemprov",
    "pemda",
    "pemerintah",
    "dinas",
    "kota",
    "kabupaten",
    "kecamatan",
    "kelurahan",
    "petugas",
    "verifikator",
    "pimpinan",
    "admin",
    "administrator",
    "operator",
    "sandi",
    "katasandi",
    "password",
    "rahasia",
    "indonesia",
    "merdeka",
    "bismillah",
)


def context_words() -> list[str]:
    words = set(CONTEXT_WORDS)
    institution = str(getattr(settings, "ADUAN_INSTITUTION_NAME", ""))
    words.update(w for w in re.findall(r"[a-z0-9]+", institution.lower()) if len(w) >= 4)
    host = re.sub(r"^https?://", "", str(getattr(settings, "ADUAN_BASE_URL", ""))).split("/")[0]
    words.update(w for w in re.findall(r"[a-z0-9]+", host.lower()) if len(w) >= 4)
    # Longest first, so that "pengaduan" is removed whole rather than leaving "peng".
    return sorted(words, key=len, reverse=True)


class ContextWordsValidator:
    """Refuse passwords that are little more than context words, digits and symbols.

    "Aduan2026!" or "PemkotTangerang1" fall; a long passphrase that happens to contain "kota"
    does not, because enough of it is left once the context words are taken out.
    """

    def __init__(self, min_remaining: int = 6) -> None:
        self.min_remaining = min_remaining

    def validate(self, password: str, user: Any = None) -> None:
        rest = password.lower()
        for word in context_words():
            rest = rest.replace(word, "")
        letters = re.sub(r"[^a-z]", "", rest)
        if len(letters) < self.min_remaining:
            raise ValidationError(
                _(
                    "Kata sandi ini mudah ditebak: jangan dibangun dari nama instansi, nama "
                    "sistem, peran, atau kata seperti 'aduan' dan 'sandi' ditambah angka."
                ),
                code="password_context_words",
            )

    def get_help_text(self) -> str:
        return _("Jangan memakai nama instansi, nama sistem, atau peran sebagai kata sandi.")
