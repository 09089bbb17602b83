"""Indonesian telephone numbers: what people type ("0812-3456 7890") to one form, +628123456789."""

from __future__ import annotations

import re

# National significant numbers are 8 to 12 digits long (mobile numbers start with 8).
_NATIONAL = re.compile(r"^[1-9]\d{7,11}$")


def normalise(text: str) -> str | None:
    """The number in +62 form, or None if it cannot be an Indonesian number."""
    raw = (text or "").strip()
    compact = re.sub(r"[\s.\-()/]", "", raw)
    if compact.startswith("+"):
        if not compact.startswith("+62"):
            return None
        national = compact[3:]
    elif compact.startswith("62"):
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        national = compact
    if not _NATIONAL.match(national):
        return None
    return "+62" + national


def is_mobile(number: str) -> bool:
    """Whether a normalised number can receive WhatsApp or SMS (mobile numbers start +628)."""
    return number.startswith("+628")
