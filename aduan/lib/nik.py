"""The Indonesian NIK (Nomor Induk Kependudukan): a structural check and the masked display.

A NIK is checked for shape only (DESIGN §6): 16 digits, a plausible region prefix, a birth date
(DDMMYY, with 40 added to the day for women) and a non-zero serial. It is never used as a key.
"""

from __future__ import annotations

import re
from datetime import date

# Kemendagri province codes (the first two digits of every region code).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53}
    | {61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)
_DIGITS = re.compile(r"^\d{16}$")


def clean(text: str) -> str:
    """Drop the spaces, dots and dashes people type between groups of digits."""
    return re.sub(r"[\s.\-]", "", text or "")


def _birth_date_plausible(day: int, month: int, year: int) -> bool:
    # The century is not part of the NIK: accept a date valid in either 19YY or 20YY.
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def is_valid(nik: str) -> bool:
    nik = clean(nik)
    if not _DIGITS.match(nik):
        return False
    province, regency, district = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    if province not in PROVINCES or regency == 0 or district == 0:
        return False
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    if not _birth_date_plausible(day, month, year):
        return False
    return int(nik[12:16]) != 0


def mask(nik: str) -> str:
    """3671********0001: enough for the citizen to recognise their own number, not to copy it."""
    nik = clean(nik)
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 8 + nik[12:]
