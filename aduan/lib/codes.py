"""Tracking codes: short, unguessable, easy to read aloud and to type on a phone."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: nothing a citizen could confuse when reading a code aloud or typing it.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "ADU"
GROUPS = 3
GROUP_SIZE = 3
# 9 symbols of 31 = 44.6 bits of randomness.
CODE_RE = re.compile(rf"^{PREFIX}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}$")
MAX_LENGTH = len(PREFIX) + GROUPS * (GROUP_SIZE + 1)


def new_code() -> str:
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS)]
    return "-".join([PREFIX, *groups])


def normalise(text: str) -> str | None:
    """Turn what a person typed ("adu 7kq 39x hmp") into a code, or None if it cannot be one."""
    compact = re.sub(r"[\s\-_.]", "", text or "").upper()
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in compact):
        return None
    parts = [compact[i : i + GROUP_SIZE] for i in range(0, len(compact), GROUP_SIZE)]
    return "-".join([PREFIX, *parts])
