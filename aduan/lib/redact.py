"""Blanking email addresses and phone numbers out of free text that operators read (errors, logs)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A number starting with +, 0 or 62 and eight or more digits, maybe with spaces, dots or dashes.
PHONE = re.compile(r"(?:\+|\b0|\b62)\d?(?:[ .\-]?\d){6,}")


def contacts(text: str) -> str:
    """The text with every email address and phone-like number replaced by a marker."""
    return PHONE.sub("[nomor]", EMAIL.sub("[alamat]", text or ""))
